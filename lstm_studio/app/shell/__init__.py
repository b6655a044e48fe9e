"""The window's frame: the main window, the session (the one current model), settings, files, jobs, start-up."""
from __future__ import annotations

# Modules inside the app import each other's private modules directly; this surface is for
# everyone else (tests, benchmarks, scripts).
from ._errors import ErrorDialogHook, install_error_hook
from ._files import CheckpointFiles, unusable_shape
from ._gc import collect_garbage_in_gui_thread
from ._jobs import BackgroundJobs, JobOutcome
from ._main_window import MainWindow, app_icon
from ._run import run_app
from ._session import InputSample, Session
from ._settings import open_settings, read_value
from ._torch_threads import one_torch_thread

__all__ = ["BackgroundJobs", "CheckpointFiles", "ErrorDialogHook", "InputSample", "JobOutcome", "MainWindow",
           "Session", "app_icon", "collect_garbage_in_gui_thread", "install_error_hook", "one_torch_thread", "open_settings", "read_value", "run_app",
           "unusable_shape"]
