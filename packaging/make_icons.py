"""Render the app icon's PNG sizes from ``resources/icons/lstm-studio.svg``.

Run from anywhere (needs PySide6 with QtSvg, as the app itself does)::

    python packaging/make_icons.py

It writes ``resources/icons/lstm-studio-<N>.png`` for every size in :data:`ICON_SIZES`; they ship
inside the ``lstm_studio.resources`` package (``icons/``), so the window icon, the ``.desktop``
file's icon theme install and the PyInstaller build all use the same pictures.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG_NAME = "lstm-studio.svg"


def png_name(size: int) -> str:
    """File name of the ``size`` px PNG, e.g. ``lstm-studio-48.png``."""
    return f"lstm-studio-{size}.png"


def render_png(svg_path: Path, size: int, out_path: Path) -> None:
    """Render ``svg_path`` into a transparent ``size`` x ``size`` PNG at ``out_path``."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_path))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg_path}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out_path), "PNG"):
        raise SystemExit(f"make_icons: cannot write {out_path}")


def main() -> int:
    # QImage and QPainter need a QGuiApplication for fonts; no display is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - keeps Qt alive
    svg_path = ICON_DIR / SVG_NAME
    for size in ICON_SIZES:
        out_path = ICON_DIR / png_name(size)
        render_png(svg_path, size, out_path)
        print(f"wrote {out_path} ({out_path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
