"""Abuse the real window: start/stop cycling, bad files through the menus, no network, a failing slot."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from lstm_studio.app import MainWindow


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
        if cycle % 3 == 1:  # let the worker get going: a snapshot after its first steps is in the window
            qtbot.waitUntil(lambda: tab._latest is not None and tab._latest.step > 0, timeout=10_000)
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
    assert all(r.steps > 0 for r in results[1::3])
    assert "Stopped" in tab.message.text() and "Stopped" in tab.status.state_label.text()
    assert window.session.model.config.hidden_size == 8  # the last run's weights are the current model
    assert all(np.isfinite(p.detach().numpy()).all() for p in window.session.model.parameters())
    # Helper threads (probe traces, inspector jobs) end by themselves; no QThread is left.
    qtbot.waitUntil(lambda: threading.active_count() <= threads_before, timeout=10_000)
    assert tab.controller._thread is None and tab.controller._worker is None
    # And once more, closing the window while the run is paused: the worker ends with it.
    click(qtbot, train)
    click(qtbot, pause)
    qtbot.waitUntil(lambda: tab.status.state_label.text() == "Paused", timeout=10_000)
    thread = tab.controller._thread
    window.close()
    assert not thread.isRunning() and not tab.controller.is_running and not window.session.is_training


# --- bad model files through File > Open model… -----------------------------------------------------
class _Exploit:
    """A pickle that, if ever unpickled, creates a marker file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _write_bad_checkpoint(case: str, path, marker) -> None:  # noqa: ANN001
    import torch

    from lstm_studio.io import FORMAT, save_checkpoint

    from lstm_studio.models import SequenceModel, ModelConfig

    model = SequenceModel(ModelConfig(hidden_size=8, num_layers=1))
    state, config = model.state_dict(), model.config.to_dict()
    if case == "hostile":
        torch.save({"format": FORMAT, "config": config, "state_dict": state, "payload": _Exploit(str(marker))}, path)
    elif case == "truncated":
        save_checkpoint(path, model)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "text":
        path.write_text("hello, I am a shopping list, not a checkpoint", encoding="utf-8")
    elif case == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    elif case == "other-format":
        torch.save({"format": "someone-else/3", "config": config, "state_dict": state}, path)
    elif case == "wrong-size-weights":  # the config says 9 units, the weights are for 8
        torch.save({"format": FORMAT, "config": config | {"hidden_size": 9}, "state_dict": state}, path)
    elif case == "wrong-size-input":  # a valid model, but for rows of 20 pixels and 5 classes
        save_checkpoint(path, SequenceModel(ModelConfig(input_size=20, hidden_size=4, num_layers=1, output_size=5)))


# Open model… reads every format: another program's dict of an LSTM state_dict ("other-format") and a model
# reading 20 values per step ("wrong-size-input") now open (the second in Inspect, which asks for a sequence:
# tests/test_byo_app.py); everything else is still refused in one line.
@pytest.mark.parametrize("case, expected", [
    ("hostile", "refused"), ("truncated", "truncated"), ("empty", "empty"), ("text", "unrecognised format"),
    ("png", "unrecognised format"), ("wrong-size-weights", "shape"),
])
def test_bad_checkpoints_get_one_line_and_change_nothing(window, qtbot, monkeypatch, tmp_path, case,
                                                         expected) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    path, marker = tmp_path / f"{case}.pt", tmp_path / "pwned"
    _write_bad_checkpoint(case, path, marker)
    content = path.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    session, tab = window.session, window.train_tab
    model, title = session.model, window.windowTitle()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    changes = []
    session.model_changed.connect(changes.append)
    tab.open_action.trigger()
    assert len(shown) == 1, shown
    dialog_title, text = shown[0]
    assert dialog_title == "Cannot open model" and expected in text and "\n" not in text
    assert path.name in text and "Traceback" not in text
    assert not changes and session.model is model and session.model_source == "bundled model"
    assert all((before[k] == v).all() for k, v in model.state_dict().items())
    assert window.windowTitle() == title and path.read_bytes() == content
    assert not marker.exists(), "the hostile pickle ran"
    assert tab.train_action.isEnabled() and tab.open_action.isEnabled()


# --- saving a checkpoint where it cannot go ----------------------------------------------------------
def _read_only_folder(folder, monkeypatch) -> None:  # noqa: ANN001
    """Make ``folder`` read-only. Root ignores permissions, so there the OS refusal is simulated."""
    import os
    import tempfile

    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # running as root: the same refusal the OS gives everyone else
        real_mkstemp = tempfile.mkstemp

        def refuse(*args, dir=None, **kwargs):  # noqa: A002, ANN001, ANN002, ANN003
            if dir is not None and str(dir).startswith(str(folder)):
                raise PermissionError(13, "Permission denied", str(dir))
            return real_mkstemp(*args, dir=dir, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", refuse)

        real_mkdir = type(folder).mkdir

        def refuse_mkdir(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            if str(self).startswith(str(folder)) and self != folder:
                raise PermissionError(13, "Permission denied", str(self))
            return real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(type(folder), "mkdir", refuse_mkdir)


@pytest.mark.parametrize("case", ["read-only folder", "missing folder in a read-only one", "folder is a file",
                                  "target is a folder"])
def test_saving_where_it_cannot_go_shows_an_error_and_keeps_the_old_file(window, monkeypatch, tmp_path,
                                                                        case) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from lstm_studio.io import load_checkpoint

    folder = tmp_path / "models"
    folder.mkdir()
    good = folder / "good.pt"
    window.train_tab.files.save_checkpoint(str(good))  # the bundled model, saved while all is well
    content = good.read_bytes()
    target = {"read-only folder": good, "missing folder in a read-only one": folder / "new" / "good.pt",
              "folder is a file": good / "inside.pt", "target is a folder": folder}[case]
    if case == "target is a folder":
        target = tmp_path / "a-folder"
        target.mkdir()
    if "read-only" in case:
        _read_only_folder(folder, monkeypatch)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    try:
        window.train_tab.save_action.trigger()
    finally:
        folder.chmod(0o755)
    assert len(shown) == 1 and shown[0][0] == "Cannot save checkpoint"
    assert str(target) in shown[0][1] and "\n" not in shown[0][1]
    assert good.read_bytes() == content and load_checkpoint(good).config.hidden_size == 128
    assert sorted(p.name for p in folder.iterdir()) == ["good.pt"], "a temporary file was left behind"
    assert window.session.model_source == "bundled model"


# --- bad images and stroke files through the Draw tab's buttons ------------------------------------
@pytest.fixture(scope="module")
def pen_digit_json(pendigits_path) -> str:
    """A real pen digit (pendigits' first) as stroke JSON."""
    from lstm_studio.data import read_pendigits

    return read_pendigits(pendigits_path)[0].drawing.to_json()


@pytest.fixture
def drawn(window, pen_digit_json, tmp_path):
    """The Draw tab showing a real pen digit loaded from a good stroke file."""
    good = tmp_path / "good.json"
    good.write_text(pen_digit_json, encoding="utf-8")
    window.tabs.setCurrentWidget(window.draw_tab)
    assert window.draw_tab.load_drawing(good)
    assert window.draw_tab.prediction is not None
    return window.draw_tab


@pytest.fixture
def warnings(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def choose_file(monkeypatch, path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` grey pixels (a decompression bomb's header)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


def _write_bad_image(case: str, path) -> None:  # noqa: ANN001
    from PIL import Image

    if case == "text":
        path.write_text("a poem, not a picture", encoding="utf-8")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "truncated":
        Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200), dtype=np.uint8)).save(path)
        path.write_bytes(path.read_bytes()[:600])
    elif case == "bomb":
        path.write_bytes(_png_header(40_000, 40_000))
    elif case == "blank":
        Image.new("L", (64, 64), 255).save(path)
    elif case == "folder":
        path.mkdir()


@pytest.mark.parametrize("case, expected", [
    ("text", "not a readable image"), ("empty", "not a readable image"), ("truncated", "not a readable image"),
    ("bomb", "not a readable image"), ("blank", "blank"), ("folder", "folder"), ("missing", "no such file"),
])
def test_unreadable_images_get_a_dialog_and_keep_the_drawing(drawn, monkeypatch, warnings, tmp_path, case,
                                                             expected) -> None:
    path = tmp_path / f"{case}.png"
    _write_bad_image(case, path)
    choose_file(monkeypatch, path)
    prediction, strokes, current = drawn.prediction, drawn.drawing.strokes, drawn.session.current_input
    drawn.open_image_action.trigger()
    assert len(warnings) == 1, warnings
    title, text = warnings[0]
    assert title == "Cannot use this image" and expected in text and "\n" not in text
    assert drawn.prediction is prediction and drawn.drawing.strokes == strokes and drawn.loaded_image is None
    assert drawn.session.current_input is current


@pytest.mark.parametrize("content, expected", [
    ('{"height": 300, "strokes": [[[10, 10], [200, 250]]]}', "width"),
    ('{"width": 300, "height": 300}', "strokes"),
    ('{"width": 300, "height": 300, "strokes": [[[10, NaN], [200, 250]]]}', "finite"),
    ('{"width": 300, "height": 300, "strokes": [[[10, 10], [Infinity, 250]]]}', "finite"),
    ('{"width": 300, "height": 300, "strokes": [[[10, 10], [1e12, -1e12]]]}', "out of range"),
    ('{"width": 1e300, "height": 1e300, "strokes": [[[10, 10], [200, 250]]]}', "out of range"),
    ('{"width": 300, "height": 300, "strokes": [[[10, 10], [200, 250]]', "not valid JSON"),
], ids=["no-width", "no-strokes", "nan", "infinity", "huge-point", "huge-canvas", "cut-short"])
def test_bad_stroke_files_get_a_dialog_and_keep_the_drawing(drawn, monkeypatch, warnings, tmp_path, content,
                                                            expected) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    choose_file(monkeypatch, path)
    prediction, strokes = drawn.prediction, [list(s) for s in drawn.drawing.strokes]
    drawn.load_action.trigger()
    assert len(warnings) == 1, warnings
    title, text = warnings[0]
    assert title == "Cannot load this drawing" and expected in text and "\n" not in text and "bad.json" in text
    assert drawn.prediction is prediction and drawn.drawing.strokes == strokes
    assert path.read_text(encoding="utf-8") == content


def test_a_hundred_thousand_point_drawing_loads_and_the_window_stays_responsive(drawn, qtbot, monkeypatch,
                                                                               warnings, tmp_path) -> None:
    import json
    import math

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel

    angles = np.linspace(0, 40 * math.pi, 100_000)
    radii = np.linspace(20, 150, angles.size)
    spiral = np.stack([200 + radii * np.cos(angles), 200 + radii * np.sin(angles)], axis=1).tolist()
    path = tmp_path / "spiral.json"
    path.write_text(json.dumps({"width": 400, "height": 400, "strokes": [spiral]}), encoding="utf-8")
    choose_file(monkeypatch, path)
    drawn.load_action.trigger()
    assert not warnings and drawn.drawing.num_points == 100_000
    label = drawn.window().findChild(QLabel, "predictionLabel")
    assert drawn.prediction is not None and label.text().rstrip("?").isdigit()
    ticks = []
    QTimer.singleShot(0, lambda: ticks.append(True))  # the event loop still turns
    qtbot.waitUntil(lambda: ticks == [True], timeout=5_000)
    # The canvas paints the spiral from a thinned path (a 100,000-point path took 0.5 s a repaint);
    # the drawing, and so the classification, keeps every point.
    from lstm_studio.app.draw import MAX_PATH_POINTS

    assert drawn.canvas._paths[0].elementCount() <= 3 * MAX_PATH_POINTS + 3
    picture = drawn.canvas.grab().toImage()
    x, y = drawn.canvas.drawing_transform().map(spiral[-1][0], spiral[-1][1])
    assert picture.pixelColor(round(x), round(y)) != picture.pixelColor(4, 4)  # ink where the spiral ends
    drawn.clear()
    assert drawn.drawing.is_empty


# --- no network --------------------------------------------------------------------------------------
def test_offline_with_no_mnist_the_app_starts_classifies_and_trains(qtbot, monkeypatch, tmp_path,
                                                                     pen_digit_json) -> None:
    """LSTM_STUDIO_OFFLINE=1 (conftest), an empty data folder and every socket refused: the bundled
    model and the bundled mini-MNIST do it all, and nothing even tries the network."""
    import socket

    attempts = []

    def refuse(self, address, *args):  # noqa: ANN001, ANN002
        attempts.append(address)
        raise OSError(101, "Network is unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setenv("LSTM_STUDIO_OFFLINE", "1")
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path / "empty"))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.session.is_ready, timeout=60_000)
    assert win.session.digits.source == "mini-mnist" and "mini-MNIST" in win.train_tab.notice_banner.text()
    # Classify: a pen digit's stroke file, through Draw > Load drawing….
    from PySide6.QtWidgets import QLabel

    drawing = tmp_path / "digit.json"
    drawing.write_text(pen_digit_json, encoding="utf-8")
    choose_file(monkeypatch, drawing)
    win.tabs.setCurrentWidget(win.draw_tab)
    win.draw_tab.load_action.trigger()
    label = win.findChild(QLabel, "predictionLabel")
    assert win.draw_tab.prediction is not None
    assert label.text().rstrip("?") == str(win.draw_tab.prediction.digit)
    # Train: two batches of a fresh tiny model on the bundled digits, from the Train button.
    tab = win.train_tab
    win.tabs.setCurrentWidget(tab)
    endless_tiny_run(tab)
    tab.controls.epochs.setValue(1)
    tab.controls.batches_per_epoch.setValue(2)
    train, _, _ = buttons(win)
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000) as finished:
        click(qtbot, train)
    assert finished.args[0].status == "finished" and finished.args[0].steps == 2
    assert "Finished" in tab.message.text() and win.session.model.config.hidden_size == 8
    qtbot.waitUntil(lambda: "trained" in win.draw_tab.source_label.text())  # Draw now reads with it
    assert label.text().rstrip("?") == str(win.draw_tab.prediction.digit)
    assert attempts == [], f"the app tried the network: {attempts}"


# --- the safety net for exceptions in slots ------------------------------------------------------------
@pytest.fixture
def dialogs(monkeypatch):
    """Every error dialog the hook opens, as (title, text, detailed text); none really shown."""
    from PySide6.QtWidgets import QMessageBox

    opened: list[tuple[str, str, str]] = []

    def record(box) -> None:  # noqa: ANN001
        opened.append((box.windowTitle(), box.text(), box.detailedText()))
        box.done(0)  # the user presses OK

    monkeypatch.setattr(QMessageBox, "open", record)
    return opened


def _raise_in_a_slot() -> None:
    raise ValueError("the slot failed\nsecond line of the message")


def test_error_hook_shows_one_line_with_details_and_logs_the_traceback(qtbot, dialogs, capsys) -> None:
    from lstm_studio.app.shell import ErrorDialogHook

    hook = ErrorDialogHook()
    try:
        _raise_in_a_slot()
    except ValueError as error:
        hook(type(error), error, error.__traceback__)
        hook(type(error), error, error.__traceback__)  # the same bug again: logged, not shown again
    assert len(dialogs) == 1
    title, text, details = dialogs[0]
    assert "unexpected error" in title and text == "ValueError: the slot failed"
    assert "Traceback" in details and "_raise_in_a_slot" in details and "second line" in details
    logged = capsys.readouterr().err
    assert logged.count("Traceback") == 2 and "_raise_in_a_slot" in logged and "keeps running" in logged
    assert hook.dialog is None  # closed: the next new error gets its own dialog
    try:
        raise KeyError("another")
    except KeyError as error:
        hook(type(error), error, error.__traceback__)
    assert [text for _, text, _ in dialogs] == ["ValueError: the slot failed", "KeyError: 'another'"]


def test_error_hook_only_logs_outside_the_gui_thread(qtbot, dialogs, capsys) -> None:
    from lstm_studio.app.shell import ErrorDialogHook

    hook = ErrorDialogHook()

    def work() -> None:
        try:
            _raise_in_a_slot()
        except ValueError as error:
            hook(type(error), error, error.__traceback__)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert dialogs == [] and "the slot failed" in capsys.readouterr().err


def test_an_exception_in_a_slot_of_the_real_app_is_a_dialog_not_a_crash(tmp_path) -> None:
    """``python -m lstm_studio``'s run_app: a slot raises as the event loop starts; the app shows the
    error, loads, closes by itself and exits 0."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "app = QApplication(sys.argv)\n"
        "QMessageBox.open = lambda box: print('DIALOG', box.text(), 'bad_slot' in box.detailedText(), flush=True)\n"
        "def bad_slot():\n"
        "    raise ValueError('a bug in a slot')\n"
        "QTimer.singleShot(0, bad_slot)\n"
        "from lstm_studio.app import run_app\n"
        "sys.exit(run_app())\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LSTM_STUDIO_QUIT_AFTER_MS": "100",
           "LSTM_STUDIO_DATA": str(tmp_path), "LSTM_STUDIO_SETTINGS": str(tmp_path / "settings.ini")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180, env=env,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "DIALOG ValueError: a bug in a slot True" in out.stdout
    assert "ready (bundled model)" in out.stdout  # the app carried on and loaded
    assert "Traceback" in out.stderr and "a bug in a slot" in out.stderr


def test_download_progress_is_measured_off_the_gui_thread(qtbot, monkeypatch, tmp_path) -> None:
    """Scanning the download folder (slow on a network drive) never happens on the GUI thread, yet
    the progress dialog follows the download."""
    import lstm_studio.data
    from PySide6.QtWidgets import QProgressDialog, QWidget

    from lstm_studio.app.shell import _download

    release, scans = threading.Event(), []

    def scan(root) -> int:  # noqa: ANN001
        scans.append(threading.current_thread())
        return len(scans) * 1_000_000

    monkeypatch.setattr(_download, "downloaded_bytes", scan)
    monkeypatch.setattr(lstm_studio.data, "download_mnist", lambda root: release.wait(30))
    monkeypatch.setattr(lstm_studio.data, "read_mnist", lambda root: "the digits")
    parent = QWidget()
    qtbot.addWidget(parent)
    downloader = _download.MnistDownloader(parent)
    downloader.start(tmp_path, parent)
    dialog = parent.findChild(QProgressDialog, "mnistDownloadDialog")
    qtbot.waitUntil(lambda: dialog.value() >= 200, timeout=10_000)  # at least two scans shown
    with qtbot.waitSignal(downloader.finished, timeout=10_000) as finished:
        release.set()
    assert finished.args == ["the digits"] and not downloader.is_running
    assert scans and threading.main_thread() not in scans


def test_cyclic_garbage_is_collected_in_the_gui_thread_only(window, qtbot) -> None:
    """A Qt object freed by the cycle collector in a worker thread ran its destructor there and froze the app:
    collection happens only in the GUI thread, on its timer."""
    import gc
    import threading

    from PySide6.QtCore import QObject

    assert not gc.isenabled()
    destroyed_in: list[str] = []
    holder = QObject()
    holder.itself = holder  # a reference cycle: only the cycle collector can free it
    holder.destroyed.connect(lambda: destroyed_in.append(threading.current_thread().name))
    del holder

    def churn() -> None:  # enough new cycles to cross every generation's threshold many times over
        for _ in range(100_000):
            cycle: list = []
            cycle.append(cycle)

    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    assert destroyed_in == []
    qtbot.waitUntil(lambda: destroyed_in != [], timeout=10_000)
    assert destroyed_in == [threading.main_thread().name]
