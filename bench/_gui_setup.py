"""What the GUI benchmarks share: an isolated Qt environment, and the main window on its Train tab.

Imported by ``bench_gui.py`` and ``soak_memory.py`` (run as scripts, so this folder is on ``sys.path``).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def isolated_environment(prefix: str, data_dir: str) -> Path:
    """Offscreen Qt unless there is a display; settings in a fresh temporary folder (returned); the data folder."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["LSTM_STUDIO_SETTINGS"] = str(folder / "settings.ini")
    os.environ["LSTM_STUDIO_DATA"] = data_dir
    return folder


def wait(app, seconds: float, until=lambda: False) -> None:  # noqa: ANN001
    """Process events until ``until()`` or the time is up (setup only, never while measuring)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not until():
        app.processEvents()
        time.sleep(0.005)


def open_train_window(ready_timeout_s: float = 120):  # noqa: ANN201
    """``(app, window)``: the main window at 1400x900 on its Train tab, its model loaded and the
    optimiser's warm-up import done, after a second of idle frames."""
    from PySide6.QtWidgets import QApplication

    from lstm_studio.app import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1400, 900)
    window.tabs.setCurrentWidget(window.train_tab)
    window.show()
    wait(app, ready_timeout_s, until=lambda: window.session.is_ready)
    tab = window.train_tab
    wait(app, 120, until=lambda: tab.warm_up is not None and not tab.warm_up.is_alive())
    wait(app, 1.0)  # the first frames of the idle panels
    return app, window
