"""The trainer: learns, is deterministic, obeys pause/resume/stop from another thread, survives divergence."""
from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest
import torch

from lstm_studio.training import Trainer, TrainConfig, probe_indices

TINY = dict(hidden_size=16, num_layers=1, batch_size=32, device="cpu", probe_size=4)


def test_a_few_hundred_steps_lower_the_loss(tiny_digits, torch_threads) -> None:
    trainer = Trainer(TrainConfig(**TINY, epochs=15, learning_rate=3e-3, probe_every=0,
                                  snapshot_interval_s=0.0), tiny_digits)
    losses: list[float] = []
    result = trainer.run(on_snapshot=lambda s: losses.append(s.loss))
    assert result.status == "finished" and result.steps == 15 * 20 >= 200
    finite = [value for value in losses if math.isfinite(value)]
    assert np.mean(finite[-20:]) < np.mean(finite[:20]) - 0.3
    assert result.test_accuracy is not None and result.test_accuracy > 0.3
    assert len(result.epochs) == 15 and result.samples_per_s > 0
    assert result.weights is not None and set(result.weights) == set(trainer.model.state_dict())


def test_seeded_runs_are_identical(tiny_digits, torch_threads) -> None:
    config = TrainConfig(**TINY, epochs=1, limit_batches=5, augment=True, seed=7)
    first, second = Trainer(config, tiny_digits), Trainer(config, tiny_digits)
    first.run()
    second.run()
    for a, b in zip(first.model.parameters(), second.model.parameters()):
        assert torch.equal(a, b)


def test_snapshots_are_throttled_and_carry_gate_traces(tiny_digits, torch_threads) -> None:
    snapshots = []
    config = TrainConfig(**TINY, epochs=1, limit_batches=12, probe_every=3, snapshot_interval_s=0.0)
    Trainer(config, tiny_digits).run(on_snapshot=snapshots.append)
    traced_steps = sorted({s.trace_step for s in snapshots})
    assert traced_steps == [0, 3, 6, 9, 12]
    last = snapshots[-1]
    assert last.trace.forget_gate.shape == (1, 4, 28, 16)
    assert list(last.probe_labels) == [0, 1, 2, 3]
    assert last.test_accuracy is not None and last.progress == 1.0
    with pytest.raises(ValueError):
        last.trace.hidden_state[...] = 0

    rare = []
    Trainer(TrainConfig(**TINY, epochs=1, limit_batches=12, snapshot_interval_s=3600), tiny_digits).run(rare.append)
    assert len(rare) == 2  # the first one and the one after the epoch: the interval holds back the rest


def test_probe_batch_is_class_balanced() -> None:
    labels = np.array([3, 1, 0, 1, 2, 0, 3, 2, 4, 4, 0])
    picked = probe_indices(labels, 6)
    assert list(labels[picked]) == [0, 1, 2, 3, 4, 0]


def _wait_until(condition, timeout: float = 30.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_pause_resume_and_stop_from_another_thread(tiny_digits, torch_threads) -> None:
    """Training runs in a worker thread; this (the test's) thread pauses, resumes and stops it."""
    trainer = Trainer(TrainConfig(**TINY, epochs=50, snapshot_interval_s=0.0, probe_every=0), tiny_digits)
    steps: list[int] = []  # appended by the worker thread: one snapshot per batch
    results = []
    worker = threading.Thread(target=lambda: results.append(trainer.run(lambda s: steps.append(s.step))))
    worker.start()
    _wait_until(lambda: steps and steps[-1] >= 5)
    trainer.pause()
    seen = steps[-1]
    time.sleep(0.3)  # the batch in progress may finish; then the worker waits
    frozen = steps[-1]
    assert seen <= frozen <= seen + 1 and trainer.is_paused
    time.sleep(0.4)
    assert steps[-1] == frozen and worker.is_alive(), "training went on while paused"
    trainer.resume()
    _wait_until(lambda: steps[-1] >= frozen + 10)  # it carries on from where it paused
    trainer.stop()
    worker.join(10)
    assert not worker.is_alive()
    assert results[0].status == "stopped" and frozen + 10 <= results[0].steps < 50 * 20


def test_stop_during_the_end_of_epoch_test_pass_ends_the_run_there(tiny_digits, torch_threads) -> None:
    """Stop (or a closing window) in the middle of a test pass ends the run between two test batches,
    without waiting for the rest of the pass."""
    config = TrainConfig(**TINY, epochs=3, limit_batches=4, snapshot_interval_s=0.0, probe_every=0,
                         test_batch_size=20)  # 200 test digits: ten test batches per pass
    trainer = Trainer(config, tiny_digits)
    test_batches: list[int] = []

    def count_test_batch(module, inputs, output) -> None:  # noqa: ANN001
        if not module.training:  # the test pass runs the model in eval mode
            test_batches.append(len(inputs[0]))
            if len(test_batches) == 10 + 2:  # the second pass's second batch has run
                trainer.stop("closing")

    trainer.model.register_forward_hook(count_test_batch)
    epochs: list[int] = []
    result = trainer.run(on_epoch=lambda report: epochs.append(report.epoch))
    assert result.status == "stopped" and result.reason == "closing"
    assert len(test_batches) == 12 and set(test_batches) == {20}  # no third batch in the second pass
    assert epochs == [1] and len(result.epochs) == 1 and result.steps == 8  # no 2nd report, no 3rd epoch
    assert trainer.model.training is False and result.weights is not None


def test_evaluate_asks_before_each_batch_whether_to_stop(tiny_digits, torch_threads) -> None:
    from lstm_studio.models import LSTMClassifier, ModelConfig
    from lstm_studio.training import EvaluationInterrupted, evaluate

    model = LSTMClassifier(ModelConfig(hidden_size=8, num_layers=1)).train()
    images, labels = torch.tensor(tiny_digits.test_images), torch.tensor(tiny_digits.test_labels).long()
    asked: list[int] = []
    with pytest.raises(EvaluationInterrupted):
        evaluate(model, images, labels, batch_size=50, should_stop=lambda: asked.append(1) or len(asked) > 2)
    assert len(asked) == 3 and model.training  # two batches ran, the third was refused; the mode is restored
    accuracy, _, predicted = evaluate(model, images, labels, batch_size=50, should_stop=lambda: False)
    assert len(predicted) == 200 and 0.0 <= accuracy <= 1.0


def test_divergence_stops_with_a_reason_and_finite_weights(tiny_digits, torch_threads) -> None:
    config = TrainConfig(**TINY, epochs=3, learning_rate=10.0, probe_every=0)
    trainer = Trainer(config, tiny_digits)
    result = trainer.run()
    assert result.status == "diverged"
    assert "learning rate (10) is probably too high" in result.reason and "weights are kept" not in result.reason
    assert f"at step {result.diverged_at_step}" in result.reason and result.diverged_at_step == result.steps
    assert 0 <= result.weights_step <= result.diverged_at_step  # the last healthy step's weights
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    healthy = Trainer(TrainConfig(**TINY, epochs=1, limit_batches=3, probe_every=0), tiny_digits).run()
    assert healthy.diverged_at_step is None and healthy.weights_step == healthy.steps == 3


def test_training_continues_from_given_weights(tiny_digits, torch_threads) -> None:
    first = Trainer(TrainConfig(**TINY, epochs=1, limit_batches=3), tiny_digits)
    first.run()
    start = {k: v.clone() for k, v in first.model.state_dict().items()}
    second = Trainer(TrainConfig(**TINY, epochs=1, limit_batches=1, learning_rate=1e-9), tiny_digits, first.model)
    second.run()
    for name, tensor in second.model.state_dict().items():
        torch.testing.assert_close(tensor, start[name], atol=1e-6, rtol=0)


def test_unknown_device_is_a_clear_error(tiny_digits) -> None:
    with pytest.raises(ValueError, match="not available|unknown device"):
        Trainer(TrainConfig(**{**TINY, "device": "cuda:7" if not torch.cuda.is_available() else "tpu"}), tiny_digits)
