"""Starting the desktop app: the window first, everything heavy after.

``LSTM_STUDIO_QUIT_AFTER_MS=N`` makes the app close itself N ms after the window is shown
(and once the model has loaded), printing when each happened: the smoke test and the
start-up benchmark use it.
"""
from __future__ import annotations

import os
import sys
import time

ENV_QUIT_AFTER = "LSTM_STUDIO_QUIT_AFTER_MS"
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
    """Show the main window and run the event loop; returns the exit status."""
    from PySide6.QtWidgets import QApplication

    from ._settings import APPLICATION, ORGANISATION

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName(APPLICATION)
    from ._errors import install_error_hook
    from ._main_window import MainWindow, app_icon

    install_error_hook()  # a bug in a slot becomes a dialog and a logged traceback, not an abort

    app.setWindowIcon(app_icon())
    app.setDesktopFileName("lstm-studio")  # matches packaging/lstm-studio.desktop (Wayland, task bars)
    window = MainWindow()
    window.show()
    quit_after = os.environ.get(ENV_QUIT_AFTER)
    if quit_after:
        _arrange_self_quit(window, int(quit_after))
    status = app.exec()
    # The loader and the warm-up import are daemon threads; let them finish (the window is
    # already gone) so neither is cut off half-way through importing torch.
    window.session.wait_loaded(10.0)
    window.train_tab.wait_background(10.0)
    window.deleteLater()
    app.processEvents()
    return status


def _arrange_self_quit(window, delay_ms: int) -> None:  # noqa: ANN001 - MainWindow, imported late
    """Report when the window appears and the model loads; close after ``delay_ms`` and loading."""
    from PySide6.QtCore import QTimer

    def shown() -> None:
        visible = "visible" if window.isVisible() else "NOT visible"
        print(f"lstm-studio: window {visible} after {_process_age():.2f} s: {window.windowTitle()!r}", flush=True)

    QTimer.singleShot(0, shown)  # runs once the event loop has processed the show
    state = {"waited": False, "loaded": False}

    def loaded(text: str) -> None:
        print(f"lstm-studio: {text} after {_process_age():.2f} s", flush=True)
        state["loaded"] = True
        close_if_done()

    def close_if_done() -> None:
        if state["waited"] and state["loaded"]:
            window.close()

    def waited() -> None:
        state["waited"] = True
        close_if_done()

    window.session.ready.connect(lambda: loaded(f"ready ({window.session.model_source})"))
    window.session.load_failed.connect(lambda error: loaded(f"loading failed ({error})"))
    QTimer.singleShot(delay_ms, waited)
