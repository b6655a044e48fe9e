"""The desktop app (PySide6 + pyqtgraph). It only listens to the Qt-free core."""
from __future__ import annotations

from .shell._main_window import MainWindow
from .shell._run import exit_without_teardown, run_app
from .shell._session import InputSample, Session

__all__ = ["InputSample", "MainWindow", "Session", "exit_without_teardown", "run_app"]
