"""The File menu's entries for people's own models and scripts.

Open model… (the Train tab's open action, which reads every format), Open sequence…, Export
model… and Attach to a running script…. Kept out of the main window, which only creates this
object and closes the Attach windows when it closes.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ..i18n import on_language_change


class OwnModelActions(QObject):
    """Adds its actions to ``file_menu`` of ``window`` (a :class:`MainWindow`)."""

    def __init__(self, window: Any, file_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.attach_windows: list[Any] = []
        files = window.train_tab.files
        self.open_sequence_action = self._action(self.open_sequence)
        self.export_action = self._action(files.export_model)
        self.attach_action = self._action(self.attach_to_script)
        self.retranslate()
        on_language_change(window, self.retranslate)
        file_menu.insertAction(window.train_tab.save_action, self.open_sequence_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.attach_action)
        files.sequence_model_opened.connect(lambda: window.tabs.setCurrentWidget(window.inspect_tab))

    def _action(self, slot: Any) -> QAction:
        action = QAction(self.window)
        action.triggered.connect(lambda checked=False: slot())
        return action

    def retranslate(self) -> None:
        """The File menu's entries of this object, in the current language."""
        for action, text, tip in (
                (self.open_sequence_action, self.tr("Open se&quence…"),
                 self.tr("Inspect the current model on your own sequence (.npy, .npz, .csv, .txt)")),
                (self.export_action, self.tr("&Export model…"),
                 self.tr("Export the current model to ONNX or safetensors")),
                (self.attach_action, self.tr("&Attach to a running script…"),
                 self.tr("Watch a training script of your own live (it calls ls.watch)"))):
            action.setText(text)
            action.setStatusTip(tip)
            action.setToolTip(tip)

    def open_sequence(self, path: str | None = None) -> None:
        """Show the Inspect tab and open a sequence there (``path``, or ask for one)."""
        inspect = self.window.inspect_tab
        self.window.tabs.setCurrentWidget(inspect)
        inspect.ensure_built()
        if path is None:
            inspect.open_sequence_dialog()
        else:
            inspect.open_sequence(path)

    def attach_to_script(self, host: str | None = None, port: int | None = None) -> Any:
        """Ask for host and port (unless given) and open a window watching that script; returns it."""
        from ..attach import AttachDialog, AttachWindow

        if host is None or port is None:
            dialog = AttachDialog(self.window)
            if dialog.exec() != AttachDialog.DialogCode.Accepted:
                return None
            host, port = dialog.address()
        window = AttachWindow(host, port, self.window)
        self.attach_windows.append(window)
        window.show()
        return window

    def close_all(self) -> None:
        """Detach and close every Attach window (the main window is closing)."""
        for window in self.attach_windows:
            window.close()
