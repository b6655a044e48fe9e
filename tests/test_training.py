"""The trainer: learns, is deterministic, obeys pause/resume/stop from another thread, survives divergence."""
from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest
import torch

from lstm_studio.tasks import DigitsTask, probe_indices
from lstm_studio.training import Trainer, TrainConfig

TINY = dict(hidden_size=16, num_layers=1, batch_size=32, device="cpu", probe_size=4)


def test_a_few_hundred_steps_lower_the_loss(tiny_digits, torch_threads) -> None:
    trainer = Trainer(TrainConfig(**TINY, epochs=15, learning_rate=3e-3, probe_every=0,
                                  snapshot_interval_s=0.0), DigitsTask(tiny_digits))
    losses: list[float] = []
    result = trainer.run(on_snapshot=lambda s: losses.append(s.loss))
    assert result.status == "finished" and result.steps == 15 * 20 >= 200
    finite = [value for value in losses if math.isfinite(value)]
    assert np.mean(finite[-20:]) < np.mean(finite[:20]) - 0.3
    assert result.test_metric is not None and result.test_metric > 0.3
    assert len(result.epochs) == 15 and result.samples_per_s > 0
    assert result.weights is not None and set(result.weights) == set(trainer.model.state_dict())


def test_seeded_runs_are_identical(tiny_digits, torch_threads) -> None:
    config = TrainConfig(**TINY, epochs=1, limit_batches=5, augment=True, seed=7)
    first, second = Trainer(config, DigitsTask(tiny_digits)), Trainer(config, DigitsTask(tiny_digits))
    first.run()
    second.run()
    for a, b in zip(first.model.parameters(), second.model.parameters()):
        assert torch.equal(a, b)


def test_snapshots_are_throttled_and_carry_gate_traces(tiny_digits, torch_threads) -> None:
    snapshots = []
    config = TrainConfig(**TINY, epochs=1, limit_batches=12, probe_every=3, snapshot_interval_s=0.0)
    Trainer(config, DigitsTask(tiny_digits)).run(on_snapshot=snapshots.append)
    traced_steps = sorted({s.trace_step for s in snapshots})
    assert traced_steps == [0, 3, 6, 9, 12]
    last = snapshots[-1]
    assert last.trace.forget_gate.shape == (1, 4, 28, 16)
    assert list(last.probe_labels) == [0, 1, 2, 3]
    assert last.test_metric is not None and last.progress == 1.0
    with pytest.raises(ValueError):
        last.trace.hidden_state[...] = 0

    rare = []
    Trainer(TrainConfig(**TINY, epochs=1, limit_batches=12, snapshot_interval_s=3600), DigitsTask(tiny_digits)).run(rare.append)
    assert len(rare) == 2  # the first one and the one after the epoch: the interval holds back the rest


class _BusyMachine:
    """Clocks of a training thread that other processes keep off the core: every look at the wall
    clock finds a second gone, while CPU time moves only with this run's own work."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def perf_counter(self) -> float:
        self.wall += 1.0
        return self.wall

    def thread_time(self) -> float:
        return self.cpu


def test_gate_probes_keep_to_their_budget_of_cpu_time_on_a_busy_machine(tiny_digits, monkeypatch,
                                                                       torch_threads) -> None:
    """A batch costs 1 ms of CPU and a probe 1 ms: at a 2% budget, probes come 50 batches apart."""
    from lstm_studio.data import DigitSet
    from lstm_studio.training import _trainer

    clock = _BusyMachine()
    monkeypatch.setattr(_trainer, "time", clock)
    many = DigitSet(np.tile(tiny_digits.train_images, (7, 1, 1)), np.tile(tiny_digits.train_labels, 7),
                    tiny_digits.test_images, tiny_digits.test_labels, "tiny x 7")

    class TimedDigits(DigitsTask):
        def batch(self, index, batch_size, generator):
            clock.cpu += 0.001
            return super().batch(index, batch_size, generator)

    trainer = Trainer(TrainConfig(**TINY, epochs=1, limit_batches=130, probe_budget=0.02,
                                  weights_interval_s=0), TimedDigits(many))
    trace = trainer.model.trace
    monkeypatch.setattr(trainer.model, "trace", lambda x: (setattr(clock, "cpu", clock.cpu + 0.001), trace(x))[1])
    snapshots = []
    trainer.run(on_snapshot=snapshots.append)
    probed = sorted({s.trace_step for s in snapshots})
    assert probed[0] == 0 and probed[-1] == 130  # at the start, and after the epoch
    between = probed[1:-1]
    assert len(between) == 2 and all(47 <= b - a <= 53 for a, b in zip(probed, between))


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
    trainer = Trainer(TrainConfig(**TINY, epochs=50, snapshot_interval_s=0.0, probe_every=0), DigitsTask(tiny_digits))
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
    trainer = Trainer(config, DigitsTask(tiny_digits))
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
    from lstm_studio.models import ModelConfig, SequenceModel
    from lstm_studio.tasks import EvaluationInterrupted

    model = SequenceModel(ModelConfig(hidden_size=8, num_layers=1)).train()
    task = DigitsTask(tiny_digits)
    asked: list[int] = []
    with pytest.raises(EvaluationInterrupted):
        task.evaluate(model, batch_size=50, should_stop=lambda: asked.append(1) or len(asked) > 2)
    assert len(asked) == 3 and model.training  # two batches ran, the third was refused; the mode is restored
    evaluation = task.evaluate(model, batch_size=50, should_stop=lambda: False, keep_predictions=True)
    assert len(evaluation.predictions) == evaluation.count == 200 and 0.0 <= evaluation.metric <= 1.0


def test_divergence_stops_with_a_reason_and_finite_weights(tiny_digits, torch_threads) -> None:
    config = TrainConfig(**TINY, epochs=3, learning_rate=10.0, probe_every=0)
    trainer = Trainer(config, DigitsTask(tiny_digits))
    result = trainer.run()
    assert result.status == "diverged" and result.diverged_at_step == result.steps + 1
    assert result.reason.startswith("the loss") and f"at step {result.diverged_at_step}" in result.reason
    assert "learning rate" not in result.reason  # advice is the caller's: the app and the CLI give it
    assert 0 <= result.weights_step < result.diverged_at_step  # the last healthy step's weights
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    healthy = Trainer(TrainConfig(**TINY, epochs=1, limit_batches=3, probe_every=0), DigitsTask(tiny_digits)).run()
    assert healthy.diverged_at_step is None and healthy.weights_step == healthy.steps == 3


def test_training_continues_from_given_weights(tiny_digits, torch_threads) -> None:
    first = Trainer(TrainConfig(**TINY, epochs=1, limit_batches=3), DigitsTask(tiny_digits))
    first.run()
    start = {k: v.clone() for k, v in first.model.state_dict().items()}
    second = Trainer(TrainConfig(**TINY, epochs=1, limit_batches=1, learning_rate=1e-9), DigitsTask(tiny_digits), first.model)
    second.run()
    for name, tensor in second.model.state_dict().items():
        torch.testing.assert_close(tensor, start[name], atol=1e-6, rtol=0)


def test_unknown_device_is_a_clear_error(tiny_digits) -> None:
    with pytest.raises(ValueError, match="not available|unknown device"):
        Trainer(TrainConfig(**{**TINY, "device": "cuda:7" if not torch.cuda.is_available() else "tpu"}), DigitsTask(tiny_digits))


@pytest.mark.parametrize("cell", ["gru", "rnn", "lstm_peephole", "lstm_no_forget"])
def test_every_cell_trains_on_digits_and_traces_its_own_gates(cell: str, tiny_digits, torch_threads) -> None:
    snapshots = []
    config = TrainConfig(**TINY, cell=cell, epochs=2, learning_rate=3e-3, probe_every=5, snapshot_interval_s=0.0)
    result = Trainer(config, DigitsTask(tiny_digits)).run(snapshots.append)
    expected = {"gru": ("r", "z", "n", "h"), "rnn": ("h",), "lstm_peephole": tuple("ifgoch"),
                "lstm_no_forget": tuple("igoch")}[cell]
    assert result.status == "finished" and snapshots[-1].trace.names == expected
    assert set(result.weights) == {f"{cell}.{k}" for k in _cell_parameter_names(cell)} | {"head.weight", "head.bias"}
    assert result.test_metric is not None and result.test_metric > 0.12


def _cell_parameter_names(cell: str) -> set[str]:
    from lstm_studio.cells import parameter_shapes

    return set(parameter_shapes(cell, 28, 16, 1))


def test_pixel_sequences_are_784_over_chunk_steps(tiny_digits, torch_threads) -> None:
    task = DigitsTask(tiny_digits, layout="pixels", chunk=16)
    snapshots = []
    Trainer(TrainConfig(**TINY, epochs=1, limit_batches=2, probe_every=1, snapshot_interval_s=0.0), task).run(
        snapshots.append)
    assert snapshots[-1].trace.h.shape == (1, 4, 49, 16)
    np.testing.assert_array_equal(snapshots[-1].trace.inputs[0].reshape(28, 28),
                                  tiny_digits.test_images[probe_indices(tiny_digits.test_labels, 4)[0]] / np.float32(255))
