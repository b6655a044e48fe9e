"""Shared test setup: offscreen Qt, no network, small data, and no leaked threads."""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import settings

# Offscreen unless a display is present; never download in tests.
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LSTM_STUDIO_OFFLINE"] = "1"
# The app speaks the system's language; tests assert English texts, so they run in English unless a
# test asks for Chinese (tests/test_i18n_*.py switch with MainWindow.set_language or install_language).
os.environ["LSTM_STUDIO_LANGUAGE"] = "en"

# Fuzz tests are the same on every run and machine: a fixed sequence of examples (derandomize),
# no example database written into the tree, and no per-example deadline (shared CI machines
# stall). To hunt for bugs: HYPOTHESIS_PROFILE=explore (random examples) with
# LSTM_STUDIO_FUZZ_SCALE=50 (fifty times as many; see tests/fuzzing.py).
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", database=None, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Digits per split in the MNIST-format fixture folder (taken from the bundled mini-MNIST).
IDX_TRAIN, IDX_TEST = 500, 300


def write_idx(path: Path, array) -> None:  # noqa: ANN001 - a uint8 NumPy array
    """Write ``array`` (uint8) in MNIST's IDX format: magic 0x0000 08 <dims>, big-endian sizes, bytes."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    path.write_bytes(header + array.astype("uint8").tobytes())


@pytest.fixture(scope="session")
def mnist_dir(tmp_path_factory) -> Path:
    """An MNIST folder in torchvision's layout (``DIR/MNIST/raw``) holding the first 500 train and
    300 test digits of the bundled mini-MNIST as the four official IDX files (real MNIST digits)."""
    from lstm_studio.data import MNIST_FILES, load_mini_mnist

    mini = load_mini_mnist()
    root = tmp_path_factory.mktemp("mnist")
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    arrays = (mini.train_images[:IDX_TRAIN], mini.train_labels[:IDX_TRAIN],
              mini.test_images[:IDX_TEST], mini.test_labels[:IDX_TEST])
    for name, array in zip(MNIST_FILES, arrays):
        write_idx(raw / name, array)
    return root


@pytest.fixture(scope="session")
def pendigits_path() -> Path:
    """300 real pen digits of pendigits writers 1-25, committed (see ``tests/fixtures/README.md``)."""
    return FIXTURES / "pendigits-sample"


@pytest.fixture(scope="session")
def tiny_digits():
    """A small slice of the bundled mini-MNIST: 640 train / 200 test digits."""
    from lstm_studio.data import DigitSet, load_mini_mnist

    mini = load_mini_mnist()
    return DigitSet(mini.train_images[:640], mini.train_labels[:640], mini.test_images[:200],
                    mini.test_labels[:200], "tiny")


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail a test that leaves a non-daemon Python thread running (napari's _dangling_qthreads idea)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    while True:
        leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not leaked, f"test leaked running threads: {[t.name for t in leaked]}"


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    """A shown main window over the bundled mini-MNIST (an empty data folder), with its model loaded."""
    from lstm_studio.app import MainWindow

    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path / "no-mnist-here"))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.session.is_ready, timeout=60_000)
    return win


@pytest.fixture
def torch_threads():
    """Keep torch to one thread in a test and restore afterwards."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def pytest_report_header(config):  # noqa: ANN001
    return [f"python {sys.version.split()[0]}; QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}"]


@pytest.fixture(autouse=True)
def _isolated_qt_settings(request, monkeypatch, tmp_path_factory):
    """Qt tests keep the app's QSettings in a temporary INI file, never in the user's settings."""
    if "qtbot" in request.fixturenames:
        folder = tmp_path_factory.mktemp("settings")
        monkeypatch.setenv("LSTM_STUDIO_SETTINGS", str(folder / "lstm-studio.ini"))
    yield


@pytest.fixture(autouse=True)
def _english_after_each_qt_test(request):
    """A test that switched the app to Chinese leaves the next one in English (translators are process-wide)."""
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from lstm_studio.app.i18n import ENGLISH, install_language

        install_language(ENGLISH)


def _still(method) -> bool:  # noqa: ANN001 - a bound QThread.isRunning / QTimer.isActive
    try:
        return bool(method())
    except RuntimeError:  # the C++ object is gone, so it is not running
        return False


@pytest.fixture(autouse=True)
def _gui_garbage_collection(request):
    """Qt tests collect cyclic garbage in the GUI thread only, as the app does (``app/shell/_gc.py``); its
    timer is started once, before a test watches for timers left running."""
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        request.getfixturevalue("qapp")
        from lstm_studio.app.shell import collect_garbage_in_gui_thread

        collect_garbage_in_gui_thread()
    yield
    _gc = sys.modules.get("lstm_studio.app.shell._gc")  # never imported by a test that needs no Qt
    if _gc is not None and _gc._collector is not None:  # once started, automatic collection is off: tests without an event loop
        _gc._collector.check()      # collect here, in the main thread, as the timer would


@pytest.fixture(autouse=True)
def _no_leaked_qthreads_or_qtimers(request, monkeypatch, _gui_garbage_collection):
    """Fail a Qt test that leaves a QThread running or a QTimer active (napari's _dangling_qthreads
    and _dangling_qtimers). Checked after pytest-qt has closed the test's widgets; single-shot
    timers get a moment to fire."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QCoreApplication, QThread, QTimer

    threads, timers = [], []
    thread_start, timer_start = QThread.start, QTimer.start

    def start_thread(self, *args):  # noqa: ANN001, ANN002
        threads.append(self)
        return thread_start(self, *args)

    def start_timer(self, *args):  # noqa: ANN001, ANN002
        timers.append(self)
        return timer_start(self, *args)

    monkeypatch.setattr(QThread, "start", start_thread)
    monkeypatch.setattr(QTimer, "start", start_timer)
    yield
    deadline = time.monotonic() + 1.0
    while True:
        app = QCoreApplication.instance()
        if app is not None:
            app.processEvents()
        running = [t for t in threads if _still(t.isRunning)]
        active = [t for t in timers if _still(t.isActive)]
        if not (running or active) or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    threads.clear()
    assert not running, f"test left QThreads running: {[t.objectName() or repr(t) for t in running]}"
    active_names = [f"{t.objectName() or 'QTimer'} every {t.interval()} ms" for t in active]
    timers.clear()
    assert not active, f"test left QTimers active: {active_names}"


def pytest_sessionfinish(session, exitstatus):  # noqa: ANN001
    """A skipped test hides a failure on a fresh machine: the suite fails if anything was skipped."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped and exitstatus == 0:
        reporter.write_line(f"{skipped} test(s) skipped: every test must run (see tests/conftest.py)", red=True)
        session.exitstatus = 1
