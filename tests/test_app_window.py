"""The main window: start-up, checkpoints, settings, About, shortcuts, closing mid-run, the real entry point."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from lstm_studio.app import MainWindow

ROOT = Path(__file__).resolve().parents[1]
HARMLESS = ("propagateSizeHints",)  # the offscreen platform says this about every window


def qt_warnings(qtlog) -> list[str]:
    return [record.message for record in qtlog.records
            if record.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
            and not any(text in record.message for text in HARMLESS)]


def weights_of(model) -> dict[str, np.ndarray]:
    return {name: tensor.detach().numpy().copy() for name, tensor in model.state_dict().items()}


def test_window_opens_with_buttons_and_the_bundled_model(qtbot, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert "LSTM Studio" in win.windowTitle()
    train, pause, stop = (win.findChild(QPushButton, name) for name in ("trainButton", "pauseButton", "stopButton"))
    assert train.isEnabled() and not stop.isEnabled() and not pause.isEnabled()
    assert "Loading" in win.loading_label.text()  # while torch loads in the background
    qtbot.waitUntil(lambda: win.session.is_ready, timeout=60_000)
    assert win.session.model_source == "bundled model" and win.session.data_dir == str(tmp_path)
    assert "bundled model" in win.windowTitle() and "Ready" in win.loading_label.text()
    assert "97" in win.train_tab.model_label.text() or "accuracy" in win.train_tab.model_label.text()
    assert [win.tabs.tabText(k) for k in range(3)] == ["Draw", "Train", "Inspect"]
    assert not win.windowIcon().isNull() and 128 in [size.width() for size in win.windowIcon().availableSizes()]


def test_a_corrupt_checkpoint_is_refused_and_the_app_keeps_working(window, qtbot, monkeypatch, tmp_path) -> None:
    bad = tmp_path / "broken.pt"
    bad.write_bytes(b"PK\x03\x04 this is not a checkpoint" * 10)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(bad), ""))
    model, before = window.session.model, weights_of(window.session.model)
    window.train_tab.open_action.trigger()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Cannot open model" and "broken.pt" in text and "\n" not in text
    assert window.session.model is model and window.session.model_source == "bundled model"
    assert all(np.array_equal(before[k], v) for k, v in weights_of(model).items())
    window.train_tab.controls.hidden_size.setValue(8)  # still usable: a fresh model trains
    window.train_tab.controls.layers.setValue(1)
    window.train_tab.controls.batches_per_epoch.setValue(2)
    with qtbot.waitSignal(window.train_tab.controller.finished, timeout=60_000) as finished:
        window.train_tab.train_action.trigger()
    assert finished.args[0].status == "finished"


def test_save_and_open_round_trip(window, monkeypatch, tmp_path) -> None:
    tab = window.train_tab
    tab.controls.hidden_size.setValue(12)
    tab.new_model_action.trigger()
    saved = weights_of(window.session.model)
    path = tmp_path / "sub" / "mine.pt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    tab.save_action.trigger()
    assert path.is_file() and not list(path.parent.glob(".*tmp"))  # written atomically, no leftovers
    tab.files.load_bundled()
    assert window.session.model.config.hidden_size == 128
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    tab.open_action.trigger()
    assert window.session.model_source == "checkpoint mine.pt"
    assert window.session.model.config.hidden_size == 12 and tab.controls.hidden_size.value() == 12
    assert all(np.array_equal(saved[k], v) for k, v in weights_of(window.session.model).items())
    assert "mine.pt" in window.windowTitle()


def test_closing_while_training_stops_the_worker_cleanly(window, qtbot, qtlog) -> None:
    tab = window.train_tab
    tab.controls.hidden_size.setValue(8)
    tab.controls.layers.setValue(1)
    tab.controls.epochs.setValue(100)
    tab.start_training()
    qtbot.waitUntil(lambda: tab.history.train.size >= 2, timeout=30_000)
    thread = tab.controller._thread
    assert thread is not None and thread.isRunning()
    window.close()
    assert not thread.isRunning() and not tab.controller.is_running
    assert not window.session.is_training and not tab._frame_timer.isActive()
    assert qt_warnings(qtlog) == []


def test_quitting_the_app_without_closing_stops_training(window, qtbot) -> None:
    tab = window.train_tab
    tab.controls.hidden_size.setValue(8)
    tab.controls.epochs.setValue(100)
    tab.start_training()
    qtbot.waitUntil(lambda: tab.history.train.size >= 1, timeout=30_000)
    thread = tab.controller._thread
    window._on_about_to_quit()  # what QApplication.aboutToQuit triggers
    assert not thread.isRunning() and not tab.controller.is_running


def test_settings_and_layout_persist(qtbot, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path))
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.session.is_ready, timeout=60_000)
    controls = first.train_tab.controls
    controls.learning_rate.setValue(0.005)
    controls.epochs.setValue(3)
    controls.batch_size.setValue(64)
    controls.augment.setChecked(True)
    first.train_tab.probe_picker.buttons[5].click()
    first.tabs.setCurrentIndex(2)
    first.train_tab.splitter.setSizes([200, 500])
    top, bottom = first.train_tab.splitter.sizes()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    controls = second.train_tab.controls
    assert controls.learning_rate.value() == pytest.approx(0.005) and controls.epochs.value() == 3
    assert controls.batch_size.value() == 64 and controls.augment.isChecked()
    assert second.tabs.currentIndex() == 2
    second.show()
    restored_top, restored_bottom = second.train_tab.splitter.sizes()  # the offscreen screen may be smaller
    assert restored_top / (restored_top + restored_bottom) == pytest.approx(top / (top + bottom), abs=0.02)
    qtbot.waitUntil(lambda: second.session.is_ready, timeout=60_000)
    assert second.train_tab.probe_picker.selected == 5
    assert Path(os.environ["LSTM_STUDIO_SETTINGS"]).is_file()  # the test's own file, not the user's


def test_about_names_versions_and_device(window, monkeypatch) -> None:
    text = window.about_text()
    for piece in ("LSTM Studio 0.", "Python", f"PyTorch {torch.__version__}", "PySide6", "pyqtgraph", "cpu"):
        assert piece in text
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, body: shown.append(title))
    window.show_about()
    assert shown == ["About LSTM Studio"]


def test_main_actions_have_shortcuts_and_tooltips(window) -> None:
    tab = window.train_tab
    keys = {action: [s.toString() for s in action.shortcuts()] for action in
            (tab.train_action, tab.pause_action, tab.stop_action, tab.open_action, tab.save_action,
             tab.new_model_action)}
    assert "F5" in keys[tab.train_action] and "Ctrl+O" in keys[tab.open_action]
    assert "Ctrl+S" in keys[tab.save_action] and "Ctrl+N" in keys[tab.new_model_action]
    assert "Esc" not in keys[tab.stop_action]  # Esc clears the drawing in the Draw tab
    for widget in tab.controls.findChildren(QPushButton) + [
            tab.train_button, tab.pause_button, tab.stop_button, tab.controls.layers, tab.controls.hidden_size,
            tab.controls.learning_rate, tab.controls.batch_size, tab.controls.epochs, tab.controls.dropout,
            tab.controls.probe_every, tab.controls.device, tab.controls.threads]:
        assert widget.toolTip(), widget.objectName()


def test_app_modules_do_not_import_torch() -> None:
    code = ("import sys, lstm_studio.app, lstm_studio.app.train, lstm_studio.app.inspect, lstm_studio.app.draw; "
            "print(sorted(m for m in ('torch', 'torchvision', 'lstm_studio.training', 'lstm_studio.models') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_python_dash_m_opens_the_window_and_quits_by_itself(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LSTM_STUDIO_QUIT_AFTER_MS": "200",
           "LSTM_STUDIO_DATA": str(tmp_path), "LSTM_STUDIO_SETTINGS": str(tmp_path / "settings.ini")}
    out = subprocess.run([sys.executable, "-m", "lstm_studio"], capture_output=True, text=True, timeout=180,
                         env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "window visible after" in out.stdout and "'LSTM Studio" in out.stdout
    assert "ready (bundled model)" in out.stdout
    assert "QThread" not in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "settings.ini").is_file()


def test_a_failed_load_is_reported_without_blocking(qtbot, monkeypatch, tmp_path) -> None:
    """If the model cannot load, the window says so in a non-blocking dialog and stays alive."""
    from PySide6.QtWidgets import QMessageBox

    from lstm_studio.app import MainWindow
    from lstm_studio.io import _bundled

    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path))
    monkeypatch.setattr(_bundled, "BUNDLED_MODEL", "missing-model.pt")
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.session.load_failed, timeout=30000) as failed:
        window.show()
    assert "missing-model.pt" in failed.args[0]
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(QMessageBox)), timeout=5000)
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert "missing-model.pt" in box.text() and not window.session.is_ready
    box.close()
