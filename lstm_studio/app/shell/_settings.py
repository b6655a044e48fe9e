"""Where the app keeps its settings (QSettings), overridable for tests and demos."""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ENV_SETTINGS = "LSTM_STUDIO_SETTINGS"
ORGANISATION = "LSTM Studio"
APPLICATION = "LSTM Studio"


def open_settings() -> QSettings:
    """The app's settings: the INI file named by ``$LSTM_STUDIO_SETTINGS`` if set, else the user's.

    Tests point the variable at a temporary file so they never touch a person's settings.
    """
    path = os.environ.get(ENV_SETTINGS)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def read_value(settings: QSettings, key: str, default: object, kind: type) -> object:
    """``settings.value(key)`` converted to ``kind``; ``default`` when absent or unreadable.

    INI files store everything as text, and a hand-edited file may hold anything.
    """
    value = settings.value(key, default)
    try:
        if kind is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
        return kind(value)
    except (TypeError, ValueError):
        return default
