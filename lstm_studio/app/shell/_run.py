"""Starting the desktop app: the window first, everything heavy after; and ending it cleanly.

SIGINT (Ctrl+C in the terminal) and SIGTERM close the window as its close button would, and the
process then exits with status 130 or 143 (see :mod:`._signals`).

Two environment variables serve tests and benchmarks; each makes the app print, on stdout, when
the window appeared and when the model loaded:

- ``LSTM_STUDIO_QUIT_AFTER_MS=N``: close N ms after the window is shown (and once the model has
  loaded): the smoke test and the start-up benchmark use it.
- ``LSTM_STUDIO_TRAIN_WHEN_READY=1``: press Train once the model has loaded (with the settings'
  training form) and print ``lstm-studio: training (step N)`` once the first step is done: the
  shutdown tests use it to stop the app in the middle of a run.
"""
from __future__ import annotations

import atexit
import os
import sys
import time
from typing import NoReturn

ENV_QUIT_AFTER = "LSTM_STUDIO_QUIT_AFTER_MS"
ENV_TRAIN_WHEN_READY = "LSTM_STUDIO_TRAIN_WHEN_READY"
_STARTED = time.perf_counter()


def _process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since this import)."""
    try:
        with open("/proc/self/stat") as stream:
            start_ticks = float(stream.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as stream:
            uptime = float(stream.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _STARTED


def run_app(argv: list[str] | None = None) -> int:
    """Show the main window and run the event loop; returns the exit status (128 + n after signal n)."""
    from PySide6.QtWidgets import QApplication

    from ._settings import APPLICATION, ORGANISATION
    from ._signals import SignalCloser

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName(APPLICATION)
    closer = SignalCloser()  # from here on, Ctrl+C closes the window once the event loop runs
    from ._errors import install_error_hook
    from ._main_window import MainWindow, app_icon

    install_error_hook()  # a bug in a slot becomes a dialog and a logged traceback, not an abort

    app.setWindowIcon(app_icon())
    app.setDesktopFileName("lstm-studio")  # matches packaging/lstm-studio.desktop (Wayland, task bars)
    window = MainWindow()
    closer.window = window
    window.show()
    _arrange_test_hooks(window)
    status = app.exec()
    closer.release()  # the window has closed and saved: a signal from now on ends the process at once
    # The loader and the warm-up import are daemon threads; let them finish (the window is
    # already gone) so neither is cut off half-way through importing torch.
    window.session.wait_loaded(10.0)
    window.train_tab.wait_background(10.0)
    window.deleteLater()
    app.processEvents()
    closer.restore()
    return closer.status if closer.status is not None else status


def exit_without_teardown(status: int) -> NoReturn:
    """End the process once :func:`run_app` has returned, skipping Python's teardown.

    By then the window has closed: the settings are synced, the training thread, the model
    loader and the warm-up import have been waited for, and checkpoints are only ever written
    atomically when saved. What is left is the interpreter freeing torch, Qt and every widget
    one by one: about a second on an idle machine and 4 to 6 s on a loaded one (most of the time
    between Ctrl+C and the shell's prompt; ``bench/bench_shutdown.py``), needed by nothing. The
    ``atexit`` hooks still run (logging flushes, the training registry), then stdio is flushed.
    This is pyqtgraph's ``exit()`` recipe, which it also recommends against crashes on teardown.
    """
    atexit._run_exitfuncs()  # noqa: SLF001 - the one way to run them before os._exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said
            pass
    os._exit(status)


def _arrange_test_hooks(window) -> None:  # noqa: ANN001 - MainWindow, imported late
    """The environment's test hooks (see the module's docstring)."""
    quit_after = os.environ.get(ENV_QUIT_AFTER)
    train = os.environ.get(ENV_TRAIN_WHEN_READY) == "1"
    if quit_after or train:
        _report_start_up(window)
    if quit_after:
        _arrange_self_quit(window, int(quit_after))
    if train:
        _arrange_training(window)


def _report_start_up(window) -> None:  # noqa: ANN001
    """Print when the window appears and when the model has loaded (or failed to)."""
    from PySide6.QtCore import QTimer

    def shown() -> None:
        visible = "visible" if window.isVisible() else "NOT visible"
        print(f"lstm-studio: window {visible} after {_process_age():.2f} s: {window.windowTitle()!r}", flush=True)

    QTimer.singleShot(0, shown)  # runs once the event loop has processed the show
    window.session.ready.connect(
        lambda: print(f"lstm-studio: ready ({window.session.model_source}) after {_process_age():.2f} s", flush=True))
    window.session.load_failed.connect(
        lambda error: print(f"lstm-studio: loading failed ({error}) after {_process_age():.2f} s", flush=True))


def _arrange_self_quit(window, delay_ms: int) -> None:  # noqa: ANN001
    """Close after ``delay_ms`` and once the model has loaded (or failed to)."""
    from PySide6.QtCore import QTimer

    state = {"waited": False, "loaded": False}

    def close_if_done(event: str) -> None:
        state[event] = True
        if state["waited"] and state["loaded"]:
            window.close()

    window.session.ready.connect(lambda: close_if_done("loaded"))
    window.session.load_failed.connect(lambda error: close_if_done("loaded"))
    QTimer.singleShot(delay_ms, lambda: close_if_done("waited"))


def _arrange_training(window) -> None:  # noqa: ANN001
    """Press Train once the model has loaded; say so once the run has taken its first step."""
    controller = window.train_tab.controller

    def first_step(snapshot) -> None:  # noqa: ANN001 - TrainingSnapshot
        if snapshot.step > 0:
            controller.snapshot.disconnect(first_step)
            print(f"lstm-studio: training (step {snapshot.step})", flush=True)

    controller.snapshot.connect(first_step)
    window.session.ready.connect(window.train_tab.start_training)
