"""The Train tab's pieces on their own: history buffers, saturation shares, texts, the form, the worker."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt

from lstm_studio.app.train import (GrowingBuffer, TrainControls, TrainingController, TrainingHistory,
                                   TrainingRequest, compact_count, describe_result, format_duration, planned_samples,
                                   saturation_fractions, step_ticks)
from lstm_studio.cells import CELL_DESCRIPTIONS, CELLS, FORGET_BIAS_CELLS, Trace


def snapshot(samples: int, loss: float = 1.0, accuracy: float = 0.5, trace=None, trace_step: int = -1):
    return SimpleNamespace(samples_seen=samples, loss=loss, metric=accuracy, trace=trace, trace_step=trace_step)


def trace_of(forget: np.ndarray) -> Trace:
    """A trace whose forget gate is ``forget`` [layers, batch, T, H]; the other gates sit at 0.5."""
    half = np.full_like(forget, 0.5)
    return Trace("lstm", {"i": half, "f": forget, "g": half * 0, "o": half, "c": half * 0, "h": half * 0})


def test_growing_buffer_keeps_every_row_across_growth() -> None:
    buffer = GrowingBuffer(2, capacity=2)
    for k in range(5):
        buffer.append((k, 10 * k))
    assert buffer.size == 5 and buffer.column(1).tolist() == [0, 10, 20, 30, 40]


def test_saturation_fractions_count_shut_and_open_gates_per_layer() -> None:
    forget = np.zeros((2, 1, 4, 5), dtype=np.float32) + 0.5
    forget[0, :, :2] = 0.95   # layer 1: half the values open (> 0.9)
    forget[1, :, :1] = 0.05   # layer 2: a quarter shut (< 0.1)
    gates, shares = saturation_fractions(trace_of(forget))
    assert gates == ("f", "i", "o") and shares.shape == (2, 3, 2)
    assert shares[0, 0].tolist() == [0.0, 0.5] and shares[1, 0].tolist() == [0.25, 0.0]
    assert shares[:, 1:].max() == 0.0  # i and o sit at 0.5


def test_saturation_follows_the_cells_gates() -> None:
    update = np.full((1, 2, 4, 3), 0.5, dtype=np.float32)
    update[..., :2, :] = 0.97  # the update gate keeps the hidden state on half the steps
    half = np.full_like(update, 0.5)
    gates, shares = saturation_fractions(Trace("gru", {"r": half, "z": update, "n": half * 0, "h": half * 0}))
    assert gates == ("z", "r") and shares[0, 0].tolist() == [0.0, 0.5] and shares[0, 1].tolist() == [0.0, 0.0]
    gates, shares = saturation_fractions(Trace("rnn", {"h": half * 0}))
    assert gates == () and shares.shape == (1, 0, 2)  # a plain RNN has no gates


def test_history_continues_runs_and_separates_what_changed() -> None:
    history = TrainingHistory()
    history.start_run(planned_samples=256)
    assert history.x_range == (0.0, 256)
    history.add_snapshot(snapshot(0, loss=float("nan")))  # the step-0 snapshot has no loss yet
    assert history.train.size == 0
    trace = trace_of(np.full((1, 2, 3, 4), 0.95, dtype=np.float32))
    saturation_before = history.saturation_version
    assert history.add_snapshot(snapshot(128, trace=trace, trace_step=4))
    assert not history.add_snapshot(snapshot(256, trace=trace, trace_step=4))  # same trace again
    assert history.saturation_version == saturation_before + 1 and history.train.size == 2
    history.start_run(planned_samples=100)  # a second run continues the curves
    history.add_snapshot(snapshot(64))
    assert history.train.column(0).tolist() == [128, 256, 320] and history.run_starts == [0.0, 256]
    x, shares = history.saturation_series()
    assert x.tolist() == [128] and shares.shape == (1, 1, 3, 2) and shares[0, 0, 0, 1] == 1.0
    smoothed = history.train.column(3)
    assert smoothed[0] == pytest.approx(1.0) and np.isfinite(smoothed).all()
    history.clear()
    assert history.train.size == 0 and history.saturation is None


def test_texts_for_people() -> None:
    assert compact_count(950) == "950" and compact_count(1500) == "1.5k" and compact_count(2_000_000) == "2M"
    assert format_duration(75) == "1:15" and format_duration(3725) == "1:02:05"
    assert format_duration(float("nan")) == "–"
    config = SimpleNamespace(batch_size=128, limit_batches=None, epochs=2)
    assert planned_samples(config, SimpleNamespace(train_labels=np.zeros(1000))) == 2000
    config.limit_batches = 3
    assert planned_samples(config, SimpleNamespace(train_labels=np.zeros(1000))) == 2 * 384
    diverged = SimpleNamespace(status="diverged", test_metric=None, samples_per_s=10.0, steps=3,
                               epochs_completed=0, diverged_at_step=3, weights_step=2,
                               reason="the loss became nan at step 3")
    text, kind, headline = describe_result(diverged, learning_rate=10.0)
    assert kind == "error" and "diverged" in headline
    assert text == ("Training diverged: the loss became nan at step 3. The model was left as it was before this "
                    "run; lower the learning rate (it was 10) and train again.")


def test_timesteps_are_numbered_from_one() -> None:
    """The Train heatmaps' axis reads 1..T like every other view: column t (1-based) centred at t - 0.5."""
    assert step_ticks(28) == [(0.5, "1"), (6.5, "7"), (13.5, "14"), (20.5, "21"), (27.5, "28")]
    assert [label for _, label in step_ticks(196)] == ["1", "49", "98", "147", "196"]


def test_learning_rate_steps_through_one_two_five(qtbot) -> None:
    controls = TrainControls()
    qtbot.addWidget(controls)
    controls.learning_rate.setValue(1e-3)
    controls.learning_rate.stepBy(1)
    assert controls.learning_rate.value() == pytest.approx(2e-3)
    controls.learning_rate.stepBy(-2)
    assert controls.learning_rate.value() == pytest.approx(5e-4)
    assert controls.learning_rate.text() == "0.0005"
    controls.batch_size.setValue(64)
    controls.batch_size.stepBy(1)
    assert controls.batch_size.value() == 128
    controls.layers.setValue(1)
    assert not controls.dropout.isEnabled() and controls.config_values()["dropout"] == 0.0
    controls.threads.setValue(0)
    controls.probe_every.setValue(0)
    values = controls.config_values()
    assert values["num_threads"] is None and values["probe_every"] is None and values["limit_batches"] is None
    assert controls.threads.text() == "auto" and controls.batches_per_epoch.text() == "all"


def test_the_probe_tooltip_states_the_trainers_budget(qtbot) -> None:
    from lstm_studio.training import TrainConfig

    controls = TrainControls()
    qtbot.addWidget(controls)
    assert f"at most {TrainConfig().probe_budget:.0%} of training time" in controls.probe_every.toolTip()


def test_worker_reports_the_runs_thread_count_not_its_own(qtbot, tiny_digits) -> None:
    """The cap is applied in the training thread; the device line reports that cap."""
    from lstm_studio.training import TrainConfig

    controller = TrainingController()
    devices = []
    controller.device_chosen.connect(devices.append)
    for threads in (1, 3):
        request = TrainingRequest(TrainConfig(hidden_size=8, num_layers=1, device="cpu", num_threads=threads,
                                              limit_batches=1, test_batch_size=200), tiny_digits)
        with qtbot.waitSignal(controller.finished, timeout=60_000):
            controller.start(request)
    assert devices == ["cpu (1 thread)", "cpu (3 threads)"]


def test_the_form_offers_every_cell_and_a_forget_bias_only_where_there_is_a_forget_gate(qtbot) -> None:
    controls = TrainControls()
    qtbot.addWidget(controls)
    controls.set_cells({kind: CELL_DESCRIPTIONS[kind] for kind in CELLS}, FORGET_BIAS_CELLS)
    kinds = [controls.cell.itemData(k) for k in range(controls.cell.count())]
    assert kinds == list(CELLS)
    tips = [controls.cell.itemData(k, Qt.ItemDataRole.ToolTipRole) for k in range(controls.cell.count())]
    assert tips == [CELL_DESCRIPTIONS[kind] for kind in CELLS]
    controls.forget_bias.setCurrentIndex(controls.forget_bias.findData(1.0))
    for kind in CELLS:
        controls.cell.setCurrentIndex(controls.cell.findData(kind))
        values = controls.config_values()
        assert values["cell"] == kind and controls.forget_bias.isEnabled() == (kind in FORGET_BIAS_CELLS)
        assert values["forget_bias"] == (1.0 if kind in FORGET_BIAS_CELLS else None)
    # A newcomer starts from scratch (random weights: something to watch learn).
    assert controls.from_scratch and controls.scratch_radio.isChecked()


def test_the_form_is_remembered(qtbot, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    controls = TrainControls()
    qtbot.addWidget(controls)
    controls.restore(settings)  # nothing saved yet: the defaults
    assert controls.from_scratch and controls.shape() == ("lstm", 2, 128)
    controls.cell.setCurrentIndex(controls.cell.findData("gru"))
    controls.hidden_size.setValue(24)
    controls.continue_radio.setChecked(True)
    controls.save(settings)
    again = TrainControls()
    qtbot.addWidget(again)
    again.restore(settings)
    assert again.shape() == ("gru", 2, 24) and not again.from_scratch
    assert not again.forget_bias.isEnabled()  # a GRU has no forget gate


def test_worker_reports_failures_as_one_line(qtbot, tiny_digits) -> None:
    from lstm_studio.training import TrainConfig

    controller = TrainingController()
    failures = []
    controller.failed.connect(failures.append)
    request = TrainingRequest(TrainConfig(hidden_size=8, num_layers=1, device="no-such-device"), tiny_digits)
    with qtbot.waitSignal(controller.finished, timeout=30_000) as finished:
        controller.start(request)
    assert finished.args[0] is None and not controller.is_running
    assert len(failures) == 1 and "no-such-device" in failures[0] and "\n" not in failures[0]
