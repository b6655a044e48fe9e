"""Which language the app speaks, and Qt's translators for it.

The language is, in this order: ``$LSTM_STUDIO_LANGUAGE`` (tests force English with it), the
choice made in View → Language (kept in the settings), or the system's (``QLocale.system()``:
``LANG=zh_CN.UTF-8`` or ``LANGUAGE=zh_CN`` give Chinese). English is the source language of every
text, so it needs no translator; Simplified Chinese installs two: the app's own
(``translations/lstm_studio_zh_CN.qm``, built from the ``.ts`` next to it by
``packaging/update_translations.py``) and Qt's ``qtbase_zh_CN.qm`` for the standard dialogs and
buttons (shipped with PySide6; without it those stay English and the app goes on).

Installing or removing a translator makes Qt send ``QEvent.LanguageChange`` to every widget,
and each view re-sets its texts (:func:`~lstm_studio.app.i18n.on_language_change`): switching
rebuilds nothing, so a drawing, a model and a training run carry on untouched.
"""
from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

ENV_LANGUAGE = "LSTM_STUDIO_LANGUAGE"
SETTINGS_KEY = "ui/language"
ENGLISH, CHINESE = "en", "zh_CN"
#: The languages offered, each named in itself (how a language menu should read to its speakers).
LANGUAGES = {ENGLISH: "English", CHINESE: "简体中文"}
TRANSLATIONS_PACKAGE = "lstm_studio.app.i18n"

_log = logging.getLogger(__name__)


class _Installed:
    """The language in effect and the translators (and the bytes they read from) that make it so."""

    code = ENGLISH
    translators: list[QTranslator] = []
    data: list[bytes] = []  # QTranslator reads these in place: they must live as long as it does


def normalise(code: object) -> str | None:
    """``"zh"``, ``"zh_CN"``, ``"zh-Hans-CN"`` -> ``"zh_CN"``; ``"en_GB"``, ``"C"`` -> ``"en"``; else ``None``."""
    text = str(code or "").strip().replace("-", "_").lower()
    if text.startswith("zh"):
        return CHINESE
    if text.startswith("en") or text in ("c", "posix"):
        return ENGLISH
    return None


def language_for_locale(locale: QLocale) -> str:
    """The first language of ``locale``'s preference list that the app speaks; English otherwise.

    Any Chinese locale gets Simplified Chinese (zh_TW readers read it better than English).
    """
    for tag in locale.uiLanguages():
        code = normalise(tag)
        if code is not None:
            return code
    return normalise(locale.name()) or ENGLISH


def chosen_language() -> str:
    """``$LSTM_STUDIO_LANGUAGE``, else the saved choice (View → Language), else the system's language."""
    forced = normalise(os.environ.get(ENV_LANGUAGE))
    if forced is not None:
        return forced
    from ..shell._settings import open_settings

    saved = normalise(open_settings().value(SETTINGS_KEY, ""))
    return saved if saved is not None else language_for_locale(QLocale.system())


def save_language(code: str) -> None:
    """Remember ``code`` as the user's choice (View → Language)."""
    from ..shell._settings import open_settings

    settings = open_settings()
    settings.setValue(SETTINGS_KEY, normalise(code) or ENGLISH)
    settings.sync()


def current_language() -> str:
    """The language whose translators are installed now (``"en"`` before any)."""
    return _Installed.code


def install_language(code: str) -> bool:
    """Speak ``code`` from now on: swap the translators (every widget then gets a ``LanguageChange``).

    Returns whether anything changed. Without a ``QCoreApplication`` nothing can be installed.
    """
    code = normalise(code) or ENGLISH
    app = QCoreApplication.instance()
    if app is None or code == _Installed.code:
        return False
    for translator in _Installed.translators:
        app.removeTranslator(translator)
    _Installed.translators, _Installed.data = [], []
    if code != ENGLISH:
        for data in (app_translation(code), qt_translation(code)):
            translator = QTranslator(app)
            if data and translator.load(data):
                _Installed.translators.append(translator)
                _Installed.data.append(data)
                app.installTranslator(translator)
    _Installed.code = code
    return True


def app_translation(code: str) -> bytes:
    """The bytes of ``lstm_studio_<code>.qm`` shipped in this package (``b""`` if it is missing)."""
    try:
        return resources.files(TRANSLATIONS_PACKAGE).joinpath("translations", f"lstm_studio_{code}.qm").read_bytes()
    except (FileNotFoundError, OSError):
        _log.warning("lstm-studio: no translation for %s in the package; the app stays in English", code)
        return b""


def qt_translation(code: str) -> bytes:
    """Qt's own ``qtbase_<code>.qm`` (standard buttons and dialogs), or ``b""`` where it is not installed."""
    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{code}.qm"
    try:
        return path.read_bytes()
    except OSError:
        _log.info("lstm-studio: %s not found: Qt's standard dialogs stay in English", path)
        return b""
