"""Abuse the real window: start/stop cycling, bad files through the menus, no network, a failing slot."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from lstm_studio.app import MainWindow


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    """A shown, loaded main window over the bundled mini-MNIST (an empty data folder)."""
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path / "no-mnist-here"))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.session.is_ready, timeout=60_000)
    return win


def buttons(win) -> tuple[QPushButton, QPushButton, QPushButton]:
    return tuple(win.findChild(QPushButton, name) for name in ("trainButton", "pauseButton", "stopButton"))


def endless_tiny_run(tab) -> None:
    """A 1 x 8 model on batches of 32 for 50 epochs: only Stop ends it, and every batch is quick."""
    controls = tab.controls
    controls.layers.setValue(1)
    controls.hidden_size.setValue(8)
    controls.batch_size.setValue(32)
    controls.batches_per_epoch.setValue(0)
    controls.epochs.setValue(50)
    controls.learning_rate.setValue(1e-3)
    controls.threads.setValue(1)
    controls.probe_every.setValue(0)
    controls.device.setCurrentIndex(controls.device.findData("cpu"))


def click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# --- start / pause / resume / stop, 50 times ----------------------------------------------------
def test_fifty_start_pause_resume_stop_cycles(window, qtbot) -> None:
    """Clicks land at every moment of a run: before the worker has built its trainer, while it sends
    snapshots, while paused. Each cycle must end "stopped" with the buttons back to idle."""
    tab = window.train_tab
    endless_tiny_run(tab)
    train, pause, stop = buttons(window)
    threads_before = threading.active_count()
    results = []
    tab.controller.finished.connect(results.append)
    for cycle in range(50):
        click(qtbot, train)
        assert not train.isEnabled() and stop.isEnabled() and pause.isEnabled()
        if cycle % 3 == 1:  # let the worker get going: its first snapshot has reached the window
            qtbot.waitUntil(lambda: tab._latest is not None, timeout=10_000)
        click(qtbot, pause)
        assert pause.text() == "Resume" and tab.controller.is_paused
        if cycle % 3 == 2:  # the window shows that the run is paused
            qtbot.waitUntil(lambda: tab.status.state_label.text() == "Paused", timeout=10_000)
        click(qtbot, pause)
        assert pause.text() == "Pause" and not tab.controller.is_paused
        if cycle % 5 == 4:  # stop while paused, too
            click(qtbot, pause)
        click(qtbot, stop)
        qtbot.waitUntil(lambda: len(results) == cycle + 1 and train.isEnabled(), timeout=10_000)
        assert not stop.isEnabled() and not pause.isEnabled() and pause.text() == "Pause"
        assert not window.session.is_training and not tab.controller.is_running
    assert [r.status for r in results] == ["stopped"] * 50
    assert "Stopped" in tab.message.text() and "Stopped" in tab.status.state_label.text()
    assert window.session.model.config.hidden_size == 8  # the last run's weights are the current model
    assert all(np.isfinite(p.detach().numpy()).all() for p in window.session.model.parameters())
    # Helper threads (probe traces, inspector jobs) end by themselves; no QThread is left.
    qtbot.waitUntil(lambda: threading.active_count() <= threads_before, timeout=10_000)
    assert tab.controller._thread is None and tab.controller._worker is None
