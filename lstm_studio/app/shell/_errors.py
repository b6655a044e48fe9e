"""The safety net for bugs: an exception nobody caught becomes a dialog and a traceback on stderr.

Python exceptions raised in Qt slots and event handlers reach ``sys.excepthook``; left to
PySide, some have aborted the process. :func:`install_error_hook` (called by ``run_app``)
shows each one in a dialog (one line, the traceback under "Show Details…") and logs the
traceback, and the app keeps running. The dialog is opened with ``open()``, not ``exec()``:
no nested event loop, so a handler that keeps failing cannot stack up dialogs.
"""
from __future__ import annotations

import sys
import threading
import traceback
from types import TracebackType

TITLE = "LSTM Studio: unexpected error"  # translated when shown (context ErrorDialogHook)


def one_line(error: BaseException) -> str:
    """``"ValueError: the first line of the message"`` (at most 200 characters)."""
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"


class ErrorDialogHook:
    """A ``sys.excepthook``: log the traceback to stderr, then show it in a dialog.

    Shows at most one dialog at a time, and each distinct message once: a handler that fails
    on every repaint fills stderr, not the screen. Outside the GUI thread, or with no
    QApplication, it only logs. ``KeyboardInterrupt`` and ``SystemExit`` go to the default hook.
    """

    def __init__(self) -> None:
        self.shown: set[str] = set()
        self.dialog = None  # the QMessageBox on screen, if any

    def __call__(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not issubclass(kind, Exception):
            sys.__excepthook__(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        sys.stderr.write(f"LSTM Studio: unexpected error (the app keeps running)\n{details}")
        sys.stderr.flush()
        summary = one_line(error)
        if summary in self.shown or self.dialog is not None or threading.current_thread() is not \
                threading.main_thread():
            return
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            self.shown.add(summary)
            self._show(summary, details)

    def _show(self, summary: str, details: str) -> None:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        title = QCoreApplication.translate("ErrorDialogHook", "LSTM Studio: unexpected error")
        box = QMessageBox(QMessageBox.Icon.Critical, title, summary, QMessageBox.StandardButton.Ok,
                          QApplication.activeWindow())
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.dialog = box  # also keeps a parentless box alive while it is open
        box.open()

    def _closed(self, _result: int = 0) -> None:
        self.dialog = None


def install_error_hook() -> ErrorDialogHook:
    """Make uncaught exceptions a dialog plus a logged traceback instead of a crash."""
    hook = ErrorDialogHook()
    sys.excepthook = hook
    return hook
