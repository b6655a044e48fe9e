"""The lab's runner: same batches for every cell, gradients through time, held-out scores, stop and pause."""
from __future__ import annotations

import subprocess
import sys
import threading

import numpy as np
import pytest
import torch
from torch import nn

from lstm_studio import cells as engine_cells
from lstm_studio.lab import (CELL_LABELS, CellSpec, LabConfig, LabError, LabRunner, parse_cells,
                             parse_forget_biases, task_info)
from lstm_studio.lab._cell_run import CellRun
from lstm_studio.lab._cells import FORGET_BIAS_CELLS
from lstm_studio.tasks import AddingTask

pytestmark = pytest.mark.usefixtures("torch_threads")
FUSED = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


def tiny(**changes) -> LabConfig:
    values = dict(task="adding", length=12, steps=20, hidden_size=8, batch_size=16, test_size=64, eval_every=5,
                  probe_size=4, probe_interval_s=0.0)
    return LabConfig(**(values | changes))


class RecordingAdding(AddingTask):
    """The adding problem, noting which model got which training batch."""

    def __init__(self, length: int) -> None:
        super().__init__(length, test_size=64)
        self.calls: list[tuple[str, torch.Tensor]] = []

    def forward(self, model, x):  # noqa: ANN001
        self.calls.append((f"{model.config.cell}/{model.config.forget_bias}", x))
        return model(x)


def test_every_cell_gets_the_very_same_batches_in_the_same_order():
    config = tiny(cells=parse_cells("rnn,gru,lstm", (None, 1.0)), steps=6)
    task = RecordingAdding(12)
    LabRunner(config, task=task).run()
    names = ["rnn/None", "gru/None", "lstm/None", "lstm/1.0"]
    assert [name for name, _ in task.calls] == names * 6
    generator = torch.Generator().manual_seed(config.seed)
    for step in range(6):
        batch = task.calls[step * 4:(step + 1) * 4]
        assert all(x is batch[0][1] for _, x in batch)  # one tensor object, fed to every model
        expected, _ = AddingTask(12).batch(step, 16, generator)  # the seed's stream, drawn once per step
        assert torch.equal(batch[0][1], expected)


def test_a_cells_result_does_not_depend_on_the_others_beside_it():
    alone = LabRunner(tiny(cells=(CellSpec("lstm"),))).run()
    together = LabRunner(tiny(cells=parse_cells("rnn,lstm"))).run()
    np.testing.assert_array_equal(alone.cells[0].train_loss, together.cells[1].train_loss)
    assert alone.cells[0].final == together.cells[1].final


def test_forget_bias_one_changes_only_the_forget_gate_bias():
    config = tiny(cells=parse_cells("lstm", (None, 1.0)))
    task = AddingTask(12)
    info = task_info(config, task)
    plain, biased = (CellRun(spec, task, info, config, torch.device("cpu")) for spec in config.cells)
    for (name, a), (_, b) in zip(plain.model.named_parameters(), biased.model.named_parameters()):
        if name.startswith("lstm.bias"):
            forget = slice(8, 16)
            assert torch.all(b[forget] == (1.0 if "ih" in name else 0.0))
            assert torch.equal(torch.cat([a[:8], a[16:]]), torch.cat([b[:8], b[16:]]))
        else:
            assert torch.equal(a, b)


def _reference_norms(model, x: torch.Tensor, loss_of) -> np.ndarray:  # noqa: ANN001
    """‖∂L/∂h_t‖ averaged over the batch by autograd through a fused one-layer module holding the
    model's weights: h_t is made a leaf and fed to the rest of the sequence."""
    cell = model.cell
    fused = FUSED[cell.kind](cell.input_size, cell.hidden_size, batch_first=True)
    for name, value in cell.layer_weights(0).items():
        getattr(fused, f"{name}_l0").data.copy_(value.detach())
    norms = []
    for t in range(x.shape[1]):
        with torch.no_grad():
            _, state = fused(x[:, :t + 1])
        lstm = isinstance(state, tuple)
        leaf = (state[0] if lstm else state).clone().requires_grad_(True)
        last = leaf[0]
        if t + 1 < x.shape[1]:
            last = fused(x[:, t + 1:], (leaf, state[1]) if lstm else leaf)[0][:, -1]
        (gradient,) = torch.autograd.grad(loss_of(model.head(last)), leaf)
        norms.append(float(gradient[0].norm(dim=-1).mean()))
    return np.array(norms)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_the_gradient_reaching_each_step_equals_autograd_through_the_fused_module(kind):
    config = tiny(cells=(CellSpec(kind),), steps=3)
    task = AddingTask(12)
    info = task_info(config, task)
    run = CellRun(config.cells[0], task, info, config, torch.device("cpu"))
    generator = torch.Generator().manual_seed(0)
    for step in range(3):
        run.train_step(*task.batch(step, 16, generator))
    probe = task.probe(4)
    grads = [p.grad.clone() for p in run.model.parameters()]
    run.probe(probe.x, probe.targets)
    reference = _reference_norms(run.model, probe.x, lambda out: task.loss(out, probe.targets))
    assert run.gradient.shape == (1, 12) and run.gradient_step == 3
    np.testing.assert_allclose(run.gradient[0], reference, rtol=2e-3, atol=1e-12)
    assert all(torch.equal(g, p.grad) for g, p in zip(grads, run.model.parameters()))  # training's own untouched
    assert run.trace.cell == kind and run.trace.h.shape == (1, 4, 12, 8)


def test_held_out_scores_come_every_eval_every_steps_and_solved_is_the_first_good_one():
    result = LabRunner(tiny(task="temporal_order", length=10, steps=40, eval_every=10,
                            cells=parse_cells("gru,lstm", (1.0,)), learning_rate=2e-2)).run()
    assert result.status == "finished" and result.step == 40
    for cell in result.cells:
        assert cell.test_steps.tolist() == [0, 10, 20, 30, 40] and cell.final == cell.latest_test
        good = [int(s) for s, v in zip(cell.test_steps, cell.test_metric) if v >= 0.95]
        assert cell.solved_at_step == (good[0] if good else None)
        assert len(cell.train_loss) == 40 and np.isfinite(cell.train_loss).all()
        assert cell.gradient is not None and cell.trace is not None and cell.trace_step == 40
    assert result.task.metric.name == "accuracy" and result.task.baseline == 0.25
    payload = result.to_dict()
    assert [r["cell"] for r in payload["results"]] == ["gru", "lstm"]
    assert payload["results"][1]["forget_bias"] == 1.0 and payload["results"][1]["label"] == "LSTM, forget bias 1"


def test_snapshots_are_read_only_and_keep_their_values_while_training_goes_on():
    snapshots = []
    LabRunner(tiny(steps=12, snapshot_interval_s=0.0)).run(snapshots.append)
    early = next(s for s in snapshots if s.step == 4)
    cell = early.cells[0]
    assert len(cell.train_loss) == 4 and not cell.train_loss.flags.writeable
    with pytest.raises(ValueError):
        cell.train_loss[0] = 0.0
    final = snapshots[-1].cells[0]
    np.testing.assert_array_equal(cell.train_loss, final.train_loss[:4])


def test_stop_from_another_thread_ends_the_run_scored_where_it_stopped():
    runner = LabRunner(tiny(steps=100_000, cells=parse_cells("rnn,lstm")))
    going = threading.Event()
    results = []

    def on_snapshot(snapshot) -> None:  # noqa: ANN001
        if snapshot.step >= 3:
            going.set()

    thread = threading.Thread(target=lambda: results.append(runner.run(on_snapshot)), name="lab-test")
    thread.start()
    assert going.wait(120)
    runner.stop("enough")
    thread.join(60)
    assert not thread.is_alive()
    (result,) = results
    assert result.status == "stopped" and result.reason == "enough" and 3 <= result.step < 100_000
    for cell in result.cells:
        assert cell.status == "stopped" and cell.final is not None and int(cell.test_steps[-1]) == result.step


def test_pause_holds_the_run_between_steps_until_resumed():
    runner = LabRunner(tiny(steps=30))
    seen = []
    paused = threading.Event()

    def on_snapshot(snapshot) -> None:  # noqa: ANN001
        seen.append(snapshot)
        if snapshot.step >= 2 and not runner.is_paused and not paused.is_set():
            runner.pause()
            paused.set()

    thread = threading.Thread(target=lambda: runner.run(on_snapshot), name="lab-pause-test")
    thread.start()
    assert paused.wait(120)
    thread.join(0.5)
    assert thread.is_alive() and seen[-1].status == "paused"
    held_at = seen[-1].step
    runner.resume()
    thread.join(120)
    assert not thread.is_alive() and seen[-1].step == 30 and held_at < 30


class NaNForGru(AddingTask):
    def forward(self, model, x):  # noqa: ANN001
        outputs = model(x)
        return outputs * float("nan") if model.config.cell == "gru" else outputs


def test_a_diverging_cell_stops_alone_and_says_why():
    from lstm_studio.lab import judge

    result = LabRunner(tiny(steps=8, cells=parse_cells("gru,lstm")), task=NaNForGru(12, test_size=64)).run()
    gru, lstm = result.cells
    assert gru.status == "diverged" and gru.steps == 0 and "nan" in gru.reason and gru.final is None
    assert lstm.status == "finished" and lstm.steps == 8
    verdict = judge(gru, result.task)
    assert verdict.kind == "diverged" and "lower learning rate" in verdict.advice


def test_sequential_mnist_runs_by_rows_or_pixel_chunks(tiny_digits):
    for length, chunk in ((28, 28), (196, 4)):
        config = tiny(task="seq_mnist", length=length, steps=2, eval_every=2, test_size=50,
                      cells=(CellSpec("rnn"),))
        runner = LabRunner(config, digits=tiny_digits)
        assert runner.task.chunk == chunk and runner.data_source == "tiny"
        result = runner.run()
        assert result.task.baseline == 0.1 and result.task.solved_threshold == 0.9
        assert result.cells[0].gradient.shape == (1, length) and result.task.marks == ()
    with pytest.raises(LabError, match="divide 784"):
        tiny(task="seq_mnist", length=100)


def test_the_settings_know_the_tasks_lengths_without_loading_them():
    from lstm_studio.lab._config import MAX_LENGTH, MIN_LENGTHS, _task_class
    from lstm_studio.tasks._synthetic import MAX_LENGTH as TASKS_MAX

    assert MAX_LENGTH == TASKS_MAX
    assert all(_task_class(name).min_length == minimum for name, minimum in MIN_LENGTHS.items())


def test_cell_names_follow_the_engine_and_people():
    assert tuple(CELL_LABELS) == tuple(engine_cells.CELLS)
    assert FORGET_BIAS_CELLS == engine_cells.FORGET_BIAS_CELLS
    labels = [spec.label for spec in parse_cells("rnn,gru,lstm,lstm-fb1,lstm_no_forget")]
    assert labels == ["RNN", "GRU", "LSTM", "LSTM, forget bias 1", "LSTM without forget gate (1997)"]
    specs = parse_cells("rnn,lstm,lstm_peephole", parse_forget_biases("default,1"))
    assert [s.key for s in specs] == ["rnn", "lstm", "lstm-fb1", "lstm_peephole", "lstm_peephole-fb1"]


@pytest.mark.parametrize("make,message", [
    (lambda: parse_cells("rnn,transformer"), "unknown cell 'transformer'"),
    (lambda: parse_cells(" , "), "no cells"),
    (lambda: CellSpec("gru", 1.0), "no forget gate"),
    (lambda: parse_forget_biases("one"), "use a number or 'default'"),
    (lambda: LabConfig(task="sorting"), "unknown task"),
    (lambda: LabConfig(task="temporal_order", length=5), "10..5000"),
    (lambda: LabConfig(steps=0), "steps must be"),
    (lambda: LabConfig(cells=(CellSpec("rnn"), CellSpec("rnn"))), "listed twice"),
    (lambda: LabConfig(learning_rate=-1.0), "learning rate")])
def test_bad_settings_are_refused_in_one_line(make, message):
    with pytest.raises(LabError, match=message) as caught:
        make()
    assert "\n" not in str(caught.value)


def test_the_lab_imports_no_qt_and_its_settings_import_no_torch():
    code = ("import sys; sys.modules['PySide6'] = None; sys.modules['pyqtgraph'] = None\n"
            "from lstm_studio.lab import LabConfig, LabCache, judge, parse_cells\n"
            "LabConfig(cells=parse_cells('rnn,lstm-fb1'))\n"
            "assert 'torch' not in sys.modules, 'settings pulled in torch'\n"
            "from lstm_studio.lab import LabRunner, Sweep\n"
            "import lstm_studio.cli._lab\n"
            "assert not any(m.startswith(('PySide6', 'pyqtgraph')) and sys.modules[m] for m in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
