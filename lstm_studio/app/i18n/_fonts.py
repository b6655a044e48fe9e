"""A font for Chinese text: found through Qt's font database, or a note saying which package to install.

Qt falls back to any installed font that covers Han script (fontconfig on Linux picks it), so
nothing is configured here. A bare Linux desktop may have none: Chinese text then shows as
boxes, so the note is written in English as well as in Chinese.
"""
from __future__ import annotations

from PySide6.QtGui import QFontDatabase

#: The packages that provide a Chinese font, by system (also in README.md and docs/translating.md).
FONT_PACKAGES = "fonts-noto-cjk (Debian/Ubuntu), google-noto-sans-cjk-fonts (Fedora), noto-fonts-cjk (Arch)"
MISSING_FONT_NOTE = (f"No Chinese font found: install {FONT_PACKAGES}, then restart LSTM Studio · "
                     "未找到中文字体：请安装 fonts-noto-cjk（Debian/Ubuntu）或 "
                     "google-noto-sans-cjk-fonts（Fedora），然后重新启动 LSTM Studio")


def has_han_font() -> bool:
    """Whether an installed font covers Simplified Chinese (needs a ``QGuiApplication``)."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
