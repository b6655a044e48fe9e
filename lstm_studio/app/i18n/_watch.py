"""Re-setting a view's texts when the language changes.

Qt sends ``QEvent.LanguageChange`` to every widget when a translator is installed or removed.
A view lists its texts in one method (``retranslate``, Qt Designer's ``retranslateUi``) that
its constructor calls once and :func:`on_language_change` calls again on every change: the
widgets, their data and any run in progress stay as they are, only words change.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _LanguageWatcher(QObject):
    """An event filter on one widget that calls back on ``LanguageChange``."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._callback()
        return False


def without_mnemonic(text: str) -> str:
    """A menu text for a button: ``"&Train"`` -> ``"Train"``, ``"训练(&T)"`` -> ``"训练"`` (CJK menus put the
    mnemonic in brackets after the word)."""
    return re.sub(r"\s*\(&[^)]\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


def on_language_change(widget: QWidget, callback: Callable[[], None]) -> QObject:
    """Call ``callback`` whenever ``widget`` is told the language changed (for as long as it lives).

    Returns the watcher (a child of ``widget``).
    """
    return _LanguageWatcher(widget, callback)
