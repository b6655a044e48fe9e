"""The app's languages: English (the source) and Simplified Chinese, through Qt's translation system.

Views mark their texts with ``self.tr(...)`` (QObject classes) or ``translate("Context", ...)``
(plain functions), set them in a ``retranslate`` method and register it with
:func:`on_language_change`. ``docs/translating.md`` says how to add texts and languages.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ._core_texts import (cell_description, metric_label, device_text, digits_notice_text, digits_source_text, field_label,
                          field_meaning, reason_text, snapshot_label, source_text)
from ._fonts import FONT_PACKAGES, MISSING_FONT_NOTE, has_han_font
from ._language import (CHINESE, ENGLISH, ENV_LANGUAGE, LANGUAGES, SETTINGS_KEY, chosen_language, current_language,
                        install_language, language_for_locale, normalise, save_language)
from ._watch import on_language_change, without_mnemonic

#: ``translate("Context", "text")``: lupdate finds calls by this name.
translate = QCoreApplication.translate

__all__ = ["CHINESE", "ENGLISH", "ENV_LANGUAGE", "FONT_PACKAGES", "LANGUAGES", "MISSING_FONT_NOTE", "QT_TRANSLATE_NOOP",
           "SETTINGS_KEY", "cell_description", "metric_label", "chosen_language", "current_language", "device_text",
           "digits_notice_text", "digits_source_text", "field_label", "field_meaning", "has_han_font",
           "install_language", "language_for_locale", "normalise", "on_language_change", "reason_text",
           "save_language", "snapshot_label", "source_text", "translate", "without_mnemonic"]
