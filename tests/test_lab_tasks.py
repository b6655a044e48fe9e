"""The generated tasks of the lab: their data, the baseline a model that learned nothing scores, probes."""
from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from lstm_studio.models import SequenceModel
from lstm_studio.tasks import ADDING_BASELINE, AddingTask, CopyTask, MarkedProbe, TemporalOrderTask, copy_baseline
from lstm_studio.tasks._temporal_order import CLASSES, END, START, X, relevant_steps
from lstm_studio.training import Trainer, TrainConfig

pytestmark = pytest.mark.usefixtures("torch_threads")


def _draw(task, count: int, seed: int = 0):
    return task.draw(count, torch.Generator().manual_seed(seed))


def _constant_model(task, bias: torch.Tensor) -> SequenceModel:
    """A model whose head ignores the sequence and always outputs ``bias`` (a model that learned nothing)."""
    model = SequenceModel(task.model_config(hidden_size=4, num_layers=1))
    with torch.no_grad():
        model.head.weight.zero_()
        model.head.bias.copy_(bias)
    return model.eval()


# --- the adding problem -------------------------------------------------------------------------
def test_adding_marks_one_value_in_each_half_and_the_target_is_their_sum():
    task = AddingTask(40)
    drawn = _draw(task, 500)
    values, markers = drawn.data[..., 0], drawn.data[..., 1]
    assert drawn.data.shape == (500, 40, 2) and drawn.targets.shape == (500, 1)
    assert torch.equal(markers.sum(dim=1), torch.full((500,), 2.0))
    first, second = drawn.marks[:, 0], drawn.marks[:, 1]
    assert bool((first < 20).all()) and bool((second >= 20).all())
    assert torch.equal(markers.argmax(dim=1), first)  # the marks name the marked steps
    torch.testing.assert_close(drawn.targets[:, 0], (values * markers).sum(dim=1))
    assert 0.0 <= float(values.min()) and float(values.max()) < 1.0


def test_predicting_the_mean_sum_scores_the_adding_baseline():
    """Always answering the training targets' mean gives MSE ≈ Var(U1 + U2) = 1/6 on the held-out set."""
    task = AddingTask(30, test_size=4000)
    mean = float(_draw(task, 20_000, seed=1).targets.mean())
    assert mean == pytest.approx(1.0, abs=0.02)
    evaluation = task.evaluate(_constant_model(task, torch.tensor([mean])), batch_size=700)
    assert task.baseline == ADDING_BASELINE == pytest.approx(0.1667, abs=1e-4)
    assert evaluation.metric == pytest.approx(1 / 6, abs=0.012) and evaluation.count == 4000


# --- temporal order ------------------------------------------------------------------------------
def test_temporal_order_hides_two_relevant_symbols_in_their_ranges():
    task = TemporalOrderTask(100)
    drawn = _draw(task, 400)
    tokens = drawn.data.long()
    assert drawn.data.dtype == torch.uint8 and tokens.shape == (400, 100)
    assert bool((tokens[:, 0] == START).all()) and bool((tokens[:, -1] == END).all())
    relevant = tokens >= X
    assert torch.equal(relevant.sum(dim=1), torch.full((400,), 2))
    (low1, high1), (low2, high2) = relevant_steps(100)
    assert (low1, high1, low2, high2) == (10, 20, 50, 60)  # the paper's ranges at T = 100
    first, second = drawn.marks[:, 0], drawn.marks[:, 1]
    assert bool(((first >= low1) & (first <= high1) & (second >= low2) & (second <= high2)).all())
    which = tokens.gather(1, drawn.marks) - X  # 0: X, 1: Y
    assert torch.equal(drawn.targets, which[:, 0] * 2 + which[:, 1])
    assert set(drawn.targets.tolist()) == {0, 1, 2, 3}
    assert bool((tokens[~relevant & (torch.arange(100) > 0) & (torch.arange(100) < 99)] < 4).all())


def test_the_relevant_ranges_stay_apart_at_the_shortest_length():
    (low1, high1), (low2, high2) = relevant_steps(10)
    assert 1 <= low1 <= high1 < low2 <= high2 <= 8


def test_a_constant_guess_scores_chance_on_temporal_order():
    task = TemporalOrderTask(20, test_size=4000)
    inputs = task.encode(task.test_set().data[:3])
    assert inputs.shape == (3, 20, 8) and torch.equal(inputs.sum(dim=-1), torch.ones(3, 20))
    evaluation = task.evaluate(_constant_model(task, torch.tensor([5.0, 0.0, 0.0, 0.0])))
    assert task.baseline == 0.25 and evaluation.metric == pytest.approx(0.25, abs=0.025)


# --- copy memory ---------------------------------------------------------------------------------
def test_copy_asks_for_the_ten_symbols_after_the_delimiter():
    task = CopyTask(15)
    drawn = _draw(task, 64)
    tokens, targets = drawn.data.long(), drawn.targets
    assert tokens.shape == targets.shape == (64, 35) and task.num_steps == 35
    symbols = tokens[:, :10]
    assert bool(((symbols >= 1) & (symbols <= 8)).all())
    assert bool((tokens[:, 10:24] == 0).all()) and bool((tokens[:, 24] == 9).all())  # T - 1 blanks, delimiter
    assert bool((tokens[:, 25:] == 0).all())
    assert bool((targets[:, :25] == 0).all()) and torch.equal(targets[:, 25:], symbols)
    assert drawn.marks[0].tolist() == list(range(10)) + [24]


def test_the_best_memoryless_guess_scores_the_copy_baseline():
    """Per step, the symbol frequencies of the training data (no memory of the input) give
    cross-entropy ≈ 10·ln 8 / (T + 20) on the held-out set."""
    task = CopyTask(30, test_size=2000)
    train = _draw(task, 20_000, seed=3).targets
    counts = F.one_hot(train, task.output_size).float().sum(dim=0) + 1e-3  # [T + 20, classes]
    log_probs = torch.log(counts / counts.sum(dim=-1, keepdim=True))
    test = task.test_set().targets
    total, count = task.batch_score(log_probs.expand(len(test), -1, -1), test)
    assert task.baseline == pytest.approx(copy_baseline(30)) == pytest.approx(10 * math.log(8) / 50)
    assert total / count == pytest.approx(task.baseline, rel=0.02)
    assert task.solved_threshold == pytest.approx(0.1 * task.baseline)


# --- shared behaviour ----------------------------------------------------------------------------
@pytest.mark.parametrize("task", [AddingTask(12), TemporalOrderTask(12), CopyTask(4)], ids=lambda t: t.name)
def test_batches_come_from_the_generator_and_the_test_set_and_probes_are_fixed(task):
    first = task.batch(0, 8, torch.Generator().manual_seed(5))
    again = task.batch(7, 8, torch.Generator().manual_seed(5))
    other = task.batch(0, 8, torch.Generator().manual_seed(6))
    assert torch.equal(first[0], again[0]) and torch.equal(first[1], again[1])
    assert not torch.equal(first[0], other[0])
    assert first[0].dtype == torch.float32 and first[0].shape[:2] == (8, task.num_steps)
    fresh = type(task)(task.length)  # another instance draws the very same held-out set and probes
    assert torch.equal(task.test_set().data, fresh.test_set().data)
    probe, probe_again = task.probe(4), fresh.probe(4)
    assert isinstance(probe, MarkedProbe) and torch.equal(probe.x, probe_again.x)
    assert len(probe.marks) == len(probe.mark_names) == len(probe.names) == 4
    assert all(0 <= t < task.num_steps for row in probe.marks for t in row)
    assert not torch.equal(task.test_set().data[:4], task.draw(4, torch.Generator().manual_seed(0)).data)


def test_probe_names_say_where_the_marks_are():
    probe = TemporalOrderTask(30).probe(3)
    for name, marks, symbols in zip(probe.names, probe.marks, probe.mark_names):
        assert name.startswith(symbols[0] + symbols[1]) and name.split(":")[0] in CLASSES
        assert f"step {marks[0] + 1}" in name and f"step {marks[1] + 1}" in name
    assert AddingTask(10).probe(1).mark_names == (("marker", "marker"),)


@pytest.mark.parametrize("make,message", [(lambda: TemporalOrderTask(9), "10..5000"),
                                          (lambda: AddingTask(0), "2..5000"),
                                          (lambda: CopyTask(10_000), "1..5000"),
                                          (lambda: AddingTask(2.5), "whole number"),
                                          (lambda: AddingTask(10, test_size=0), "test set")])
def test_bad_lengths_and_sizes_are_refused_in_one_line(make, message):
    with pytest.raises(ValueError, match=message) as caught:
        make()
    assert "\n" not in str(caught.value)


def test_the_trainer_runs_a_generated_task_by_fixed_epochs_of_steps():
    task = AddingTask(8, test_size=64, steps_per_epoch=5)
    config = TrainConfig(cell="gru", hidden_size=6, num_layers=1, dropout=0.0, batch_size=16, epochs=2,
                         probe_size=2, test_batch_size=64)
    result = Trainer(config, task).run()
    assert result.status == "finished" and result.steps == 10 and len(result.epochs) == 2
    assert result.metric_name == "mse" and 0 < result.test_metric < 5
