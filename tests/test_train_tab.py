"""The Train tab: live panels while a tiny model trains, pause/resume/stop, divergence, probes, data."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from lstm_studio.app import MainWindow

SIGMOID = ("f", "i", "o")
TANH = ("g", "h")


def tiny(tab, hidden: int = 8, layers: int = 1, batches: int = 6, epochs: int = 1, lr: float = 3e-3,
         scratch: bool = True) -> None:
    """Settings for a run that takes a second or so: a tiny model on a slice of the data, from random
    weights (``scratch``) or continuing the current model when it has this shape."""
    controls = tab.controls
    (controls.scratch_radio if scratch else controls.continue_radio).setChecked(True)
    controls.layers.setValue(layers)
    controls.hidden_size.setValue(hidden)
    controls.batch_size.setValue(32)
    controls.batches_per_epoch.setValue(batches)
    controls.epochs.setValue(epochs)
    controls.learning_rate.setValue(lr)
    controls.threads.setValue(1)
    controls.probe_every.setValue(1)
    controls.device.setCurrentIndex(controls.device.findData("cpu"))


def points(curve) -> int:
    x, _ = curve.getData()
    return 0 if x is None else len(x)


def buttons(win) -> tuple[QPushButton, QPushButton, QPushButton]:
    return tuple(win.findChild(QPushButton, name) for name in ("trainButton", "pauseButton", "stopButton"))


def test_training_fills_heatmaps_curves_and_status(window, qtbot) -> None:
    tab = window.train_tab
    tiny(tab, hidden=8, layers=2, batches=40, epochs=2)
    lengths: list[int] = []  # points in the loss curve, sampled while the run goes on

    def run_over() -> bool:
        lengths.append(points(tab.curves.loss_curve))
        return not tab.controller.is_running

    with qtbot.waitSignal(tab.controller.finished, timeout=60_000) as finished:
        tab.start_training()
        tab.controller.set_paused(True)  # the run starts held: nothing learnt yet
        train, pause, stop = buttons(window)
        assert not train.isEnabled() and stop.isEnabled() and pause.text() == "Resume"
        qtbot.waitUntil(lambda: tab.status.state_label.text() == "Paused", timeout=30_000)
        assert points(tab.curves.loss_curve) == 0
        tab.controller.set_paused(False)
        qtbot.waitUntil(run_over, timeout=60_000)
    result = finished.args[0]
    assert result.status == "finished" and result.steps == 80
    qtbot.waitUntil(lambda: not tab._frame_timer.isActive())
    # Heatmaps: units x timesteps per layer and field, within their fixed colour levels.
    for layer in range(2):
        for name in SIGMOID + TANH + ("c",):
            item = tab.gates.heatmaps[(layer, name)]
            assert item.image.shape == (8, 28) and item.image.dtype == np.float32
            assert np.isfinite(item.image).all()
            assert tuple(item.levels) == ((0.0, 1.0) if name in SIGMOID else (-1.0, 1.0))
        for name in SIGMOID:
            values = tab.gates.heatmaps[(layer, name)].image
            assert values.min() >= 0.0 and values.max() <= 1.0 and values.std() > 0
        for name in TANH:
            values = tab.gates.heatmaps[(layer, name)].image
            assert values.min() >= -1.0 and values.max() <= 1.0
    # Curves grew while training and hold the finished run; the test accuracy of both epochs is shown.
    x, loss = tab.curves.loss_curve.getData()
    assert len(set(lengths)) >= 3 and lengths == sorted(lengths)  # it grew, frame by frame
    assert len(x) == tab.history.train.size and x[-1] == 80 * 32
    assert np.all(np.diff(x) > 0) and np.isfinite(loss).all()
    test_x, test_accuracy = tab.curves.test_curve.getData()
    assert len(test_x) == 2 and 0 <= test_accuracy.min() and test_accuracy.max() <= 100
    sat_x, sat_high = tab.saturation.curves[1]["f"][0].getData()
    assert len(sat_x) >= 2 and 0 <= sat_high.min() and sat_high.max() <= 100
    # The digit beside the heatmaps is the chosen probe digit; the status bar reports the run.
    assert tab.gates.digit_item.image.shape == (28, 28)
    assert tab.status.progress.value() == 100
    assert "Finished" in tab.status.state_label.text()
    # The trained weights are now the session's model, so Draw and Inspect use them.
    assert window.session.model.config.hidden_size == 8 and window.session.model.config.num_layers == 2
    assert "trained" in window.session.model_source and not window.session.is_training
    assert "Finished" in tab.message.text()
    train, pause, stop = buttons(window)
    assert train.isEnabled() and not stop.isEnabled() and not pause.isEnabled()


def test_pause_resume_and_stop(window, qtbot, monkeypatch, tmp_path) -> None:
    tab = window.train_tab
    tiny(tab, hidden=8, batches=0, epochs=50)  # minutes of work: only Stop ends it
    train, pause, stop = buttons(window)
    tab.start_training()
    assert window.session.is_training
    qtbot.waitUntil(lambda: tab.history.train.size >= 3, timeout=30_000)
    pause.click()
    assert pause.text() == "Resume" and tab.controller.is_paused
    qtbot.wait(300)  # a snapshot already under way may still arrive
    seen = tab.history.train.size
    qtbot.wait(600)  # unpaused, this would bring about ten more snapshots
    assert tab.history.train.size == seen
    # Saving while training writes the run's latest weights (a 1 x 8 model, not the bundled one).
    path = tmp_path / "mid-run.pt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    tab.save_action.trigger()
    from lstm_studio.io import load_checkpoint

    saved = load_checkpoint(path)
    assert saved.config.hidden_size == 8 and "while training" in saved.metrics["note"]
    pause.click()
    assert pause.text() == "Pause"
    qtbot.waitUntil(lambda: tab.history.train.size > seen + 2, timeout=10_000)
    with qtbot.waitSignal(tab.controller.finished, timeout=10_000) as finished:
        stop.click()
    assert finished.args[0].status == "stopped" and finished.args[0].steps > 0
    assert train.isEnabled() and not stop.isEnabled() and not window.session.is_training
    assert "Stopped" in tab.message.text() and window.session.model.config.hidden_size == 8


def test_a_second_run_continues_the_model_and_its_curves(window, qtbot) -> None:
    tab = window.train_tab
    tiny(tab, hidden=8, batches=5)
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000):
        tab.start_training()
    tab.controls.continue_radio.setChecked(True)
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000):
        tab.start_training()
    assert tab.history.run_starts == [0.0, pytest.approx(5 * 32)]
    # The curves are drawn by the ~30 Hz frame timer, so the second run's points appear a frame later.
    qtbot.waitUntil(lambda: tab.curves.loss_curve.getData()[0].max() > 5 * 32, timeout=5_000)
    assert "continues" in tab.message.text() or "Finished" in tab.message.text()
    assert tab.session.model_source == "trained in this session"


def test_divergence_shows_the_reason_and_keeps_the_model(window, qtbot) -> None:
    tab = window.train_tab
    before = window.session.model
    tiny(tab, hidden=128, layers=2, batches=20, lr=10.0, scratch=False)  # the bundled model's shape: continues it
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000) as finished:
        tab.start_training()
    diverged = finished.args[0]
    assert diverged.status == "diverged"
    text = tab.message.text()
    assert "diverged" in text and "learning rate" in text and "10" in text
    assert "Diverged" in tab.status.state_label.text()
    assert window.session.model is before and window.session.model_source == "bundled model"
    # The weights stay finite: the session's model, and the run's last healthy weights too.
    assert all(np.isfinite(p.detach().numpy()).all() for p in window.session.model.parameters())
    assert all(np.isfinite(array).all() for array in diverged.weights.values())
    train, _, stop = buttons(window)
    assert train.isEnabled() and not stop.isEnabled()
    tab.controls.learning_rate.setValue(1e-3)  # and the app is still usable
    tiny(tab, batches=3)
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000) as finished:
        tab.start_training()
    assert finished.args[0].status == "finished" and finished.args[0].steps == 3
    assert "trained" in window.session.model_source and window.session.model.config.hidden_size == 8
    assert all(np.isfinite(p.detach().numpy()).all() for p in window.session.model.parameters())


def test_choosing_a_probe_digit_shows_it_and_its_gates(window, qtbot) -> None:
    tab = window.train_tab
    digits = window.session.digits
    from lstm_studio.tasks import probe_indices

    probe = probe_indices(digits.test_labels, 16)
    qtbot.waitUntil(lambda: tab.gates.digit_item.image is not None)
    tab.probe_picker.buttons[3].click()
    qtbot.waitUntil(lambda: tab.panels.drawn_probe == 3)
    expected = digits.test_images[probe[3]].astype(np.float32) / 255
    assert np.allclose(tab.gates.digit_item.image, expected, atol=1e-6)
    assert "probe #4" in tab.gates_title.text()
    # Between runs the heatmaps show the bundled model's gates: 2 layers x 128 units.
    assert tab.gates.heatmaps[(1, "f")].image.shape == (128, 28)
    # The bundled model reads these digits right: the frames say so.
    assert tab.probe_picker.correct_count() >= 14


def test_hovering_a_heatmap_reads_the_value_out(window, qtbot) -> None:
    tab = window.train_tab
    tab.gates.resize(1000, 500)
    qtbot.waitUntil(lambda: (0, "f") in tab.gates.values)
    plot = tab.gates.plots[(0, "f")]
    scene_point = plot.vb.mapViewToScene(QPointF(5.5, 7.5))  # the 6th column: timestep 6, as Inspect says
    tab.gates.scene().sigMouseMoved.emit(scene_point)
    value = tab.gates.values[(0, "f")][7, 5]
    text = tab.readout.text()
    assert "forget gate" in text and "unit 7" in text and "t = 6:" in text
    assert f"{value:+.3f}" in text and "keeps" in text
    assert tab.gates.row_marker.isVisible() and tab.gates.row_marker.value() == pytest.approx(5.5)  # image row 6
    # The timestep axis reads 1..28 too, under the bottom layer's heatmaps.
    ticks = tab.gates.plots[(1, "h")].getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == ["1", "7", "14", "21", "28"]


def test_changing_the_shape_warns_and_new_model_resets(window, qtbot) -> None:
    tab = window.train_tab
    tiny(tab, hidden=16, batches=2)  # 1 x 16: not the bundled model's shape
    assert tab.shape_hint.text() == ""  # from scratch, the shape is the new model's: nothing to warn about
    tab.controls.continue_radio.setChecked(True)
    assert "fresh weights" in tab.shape_hint.text() and "LSTM of 1 × 16" in tab.shape_hint.text()
    tab.new_model_action.trigger()
    assert window.session.model.config.hidden_size == 16
    assert "untrained" in window.session.model_source and tab.shape_hint.text() == ""
    assert "LSTM Studio" in window.windowTitle()
    # Training it says so, rather than "continues from the current model".
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000):
        tab.start_training()
        assert tab.message.text() == "Training the new model from its random start…"
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000):
        tab.start_training()
        assert tab.message.text() == "Training continues from the current model (trained in this session)…"


def test_train_pressed_while_loading_starts_once_loaded(qtbot, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path))
    win = MainWindow()
    qtbot.addWidget(win)
    tab = win.train_tab
    assert not win.session.is_ready
    tiny(tab, batches=2)
    tab.train_action.trigger()
    train, _, stop = buttons(win)
    assert not train.isEnabled() and stop.isEnabled()
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000) as finished:
        pass
    assert finished.args[0].status == "finished"


def test_mini_mnist_notice_and_offline_download_failure(window, qtbot, monkeypatch) -> None:
    tab = window.train_tab
    assert tab.notice_banner.isVisible() and "mini-MNIST" in tab.notice_banner.text()
    assert tab.download_button.isVisible() and "mini-mnist" in tab.data_label.text()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[1:3]))
    tab.download_action.trigger()  # LSTM_STUDIO_OFFLINE=1 (conftest): fails at once
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    title, text = shown[0]
    assert title == "Download failed" and "offline" in text and "\n" not in text
    assert not tab.downloader.is_running and tab.download_action.isEnabled()
    assert window.session.digits.source == "mini-mnist"


def test_from_scratch_is_the_default_and_the_bundled_model_comes_back(window, qtbot) -> None:
    """A newcomer's Train starts from random weights (curves at chance, something to watch learn);
    the Model box takes them back to the bundled model."""
    tab = window.train_tab
    assert tab.controls.from_scratch and window.session.model_source == "bundled model"
    assert not tab.bundled_button.isEnabled()  # already the bundled model
    tiny(tab, hidden=8, batches=3)
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000) as finished:
        tab.start_training()
        assert "from scratch" in tab.message.text() and "random weights" in tab.message.text()
        assert tab.live_note.isVisible() and "Save" in tab.live_note.text()
    assert finished.args[0].status == "finished"
    assert window.session.model_source == "trained in this session" and window.session.model.config.hidden_size == 8
    assert tab.bundled_button.isEnabled() and not tab.live_note.isVisible()
    tab.bundled_button.click()
    assert window.session.model_source == "bundled model" and window.session.model.config.hidden_size == 128
    assert not tab.bundled_button.isEnabled()


def test_every_view_follows_the_live_snapshot_and_save_writes_it(window, qtbot, monkeypatch, tmp_path) -> None:
    """While a run trains, Draw, Inspect and Save use the session's one snapshot and say its step."""
    import torch

    from lstm_studio.app.draw import replay_strokes
    from lstm_studio.io import load_checkpoint
    from lstm_studio.tasks import images_to_sequence

    session, draw, inspect = window.session, window.draw_tab, window.inspect_tab
    window.tabs.setCurrentWidget(draw)
    side = min(draw.canvas.width(), draw.canvas.height())
    replay_strokes(draw.canvas, [[(0.5 * side, 0.15 * side), (0.52 * side, 0.5 * side), (0.5 * side, 0.85 * side)]])
    assert draw.prediction is not None and session.current_input.name == "drawing"
    window.tabs.setCurrentWidget(inspect)  # it shows the drawing Draw published
    tab = window.train_tab
    tiny(tab, hidden=8, batches=0, epochs=50)  # runs until stopped
    tab.start_training()
    qtbot.waitUntil(lambda: session.snapshot.is_live and session.snapshot.step > 0, timeout=30_000)
    tab.controller.set_paused(True)
    qtbot.wait(400)  # a snapshot already under way may still arrive
    snapshot = session.snapshot
    qtbot.waitUntil(lambda: inspect.traced_version == snapshot.version, timeout=10_000)
    expected = snapshot.build_model().predict_proba(
        images_to_sequence(torch.from_numpy(session.current_input.image.copy())[None]))[0].numpy()
    np.testing.assert_allclose(draw.prediction.probs, expected, atol=1e-6)
    np.testing.assert_allclose(inspect.trace.probs_per_step[0, -1], expected, atol=1e-6)
    step = f"weights after step {snapshot.step:,}"
    assert step in draw.source_label.text() and step in inspect.input_title.text() and step in tab.model_label.text()
    qtbot.waitUntil(lambda: inspect.evaluated_version == snapshot.version, timeout=30_000)
    assert step in inspect.confusion.summary.text()
    inspect.start_saturation(32)
    qtbot.waitUntil(lambda: inspect.saturation.result is not None and inspect.saturation.button.isEnabled(),
                    timeout=30_000)
    assert step in inspect.saturation.status.text()
    # Save writes exactly these weights, and the file says which step they are from.
    path = tmp_path / "live.pt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    tab.save_action.trigger()
    saved = load_checkpoint(path)
    assert sorted(saved.state_dict) == sorted(snapshot.weights)
    for name, array in snapshot.weights.items():
        assert torch.equal(saved.state_dict[name], torch.from_numpy(np.array(array))), name
    assert saved.metrics["step"] == snapshot.step and step in saved.metrics["note"]
    with qtbot.waitSignal(tab.controller.finished, timeout=10_000):
        tab.stop_training()


def test_the_form_comes_back_as_the_user_left_it(qtbot, monkeypatch, tmp_path) -> None:
    """Remembered choices survive the start-up model: the bundled LSTM does not overwrite a saved GRU form."""
    from lstm_studio.app.shell import open_settings

    settings = open_settings()  # the test's own INI file (conftest)
    for key, value in (("train/cell", "gru"), ("train/layers", 1), ("train/hidden_size", 24),
                       ("train/from_scratch", False)):
        settings.setValue(key, value)
    settings.sync()
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.session.is_ready, timeout=60_000)
    controls = win.train_tab.controls
    assert controls.shape() == ("gru", 1, 24) and not controls.from_scratch
    assert controls.cell.itemData(controls.cell.currentIndex(), Qt.ItemDataRole.ToolTipRole).startswith("GRU")
    assert "not this shape" in win.train_tab.shape_hint.text() and "GRU of 1 × 24" in win.train_tab.shape_hint.text()
    win.close()
