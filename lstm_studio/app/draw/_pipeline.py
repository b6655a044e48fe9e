"""The pipeline strip of the Draw tab: raw input -> ink fitted into 20x20 -> 28x28 model input.

Each picture is made at the screen's device pixel ratio (``ratio``: 2 on a typical high-DPI
screen), so it stays sharp instead of being scaled up by the label.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ...data import Drawing, Rendering
from ..i18n import on_language_change
from ._canvas import fit_transform, paint_strokes, stroke_path
from ..widgets._style import active_theme

TILE = 140  # pixels per stage picture; 5 x 28, so the model input scales without blur
INK_BOX = QColor("#e8590c")
STAGES = (
    ("pipelineRaw", QT_TRANSLATE_NOOP("PipelineView", "1 · What you drew"),
     QT_TRANSLATE_NOOP("PipelineView", "Your strokes (or the loaded image). The orange box is the ink that will be "
                                       "used.")),
    ("pipelineCropped", QT_TRANSLATE_NOOP("PipelineView", "2 · Ink fitted into 20×20"),
     QT_TRANSLATE_NOOP("PipelineView", "The ink, cropped and scaled to fit a 20×20 box with its aspect ratio kept, as "
                                       "MNIST was made.\nThe pen width is fixed in these pixels, so small and large "
                                       "drawings look alike.")),
    ("pipelineInput", QT_TRANSLATE_NOOP("PipelineView", "3 · 28×28 model input"),
     QT_TRANSLATE_NOOP("PipelineView", "The 20×20 digit placed in a 28×28 field with its centre of mass in the middle, "
                                       "white on black.\nThe LSTM reads it one row per step, top to bottom: 28 steps "
                                       "of 28 pixels.")),
)


def _blank(colour: QColor, ratio: int = 1) -> QImage:
    """A TILE x TILE (logical pixels) picture filled with ``colour``."""
    image = QImage(TILE * ratio, TILE * ratio, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(colour)
    return image


def _draw_ink_box(painter: QPainter, box: tuple[float, float, float, float], transform) -> None:  # noqa: ANN001
    x0, y0, x1, y1 = box
    rect = transform.mapRect(QRectF(x0, y0, max(x1 - x0, 1e-3), max(y1 - y0, 1e-3)))
    painter.resetTransform()
    painter.setPen(QPen(INK_BOX, 1.5, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(-3, -3, 3, 3))


def drawing_picture(drawing: Drawing, ink_box: tuple[float, float, float, float] | None,
                    canvas_pen_width: float, canvas_side: float, ratio: int = 1) -> QImage:
    """The strokes as a small picture on the theme's paper, the ink box outlined."""
    image = _blank(active_theme().qcolor("paper"), ratio)
    painter = QPainter(image)
    transform = fit_transform(drawing.width, drawing.height, QRectF(6, 6, TILE - 12, TILE - 12))
    paths = [stroke_path(stroke) for stroke in drawing.strokes if stroke]
    pen_width = max(1.5, canvas_pen_width * (TILE - 12) / max(canvas_side, 1.0))
    paint_strokes(painter, paths, transform, pen_width)
    if ink_box is not None:
        _draw_ink_box(painter, ink_box, transform)
    painter.end()
    return image


def file_picture(picture: QImage, ink_box: tuple[float, float, float, float] | None,
                 ratio: int = 1) -> QImage:
    """A loaded image scaled to fit a tile (on neutral grey), the ink box outlined."""
    image = _blank(QColor("#808080"), ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    transform = fit_transform(picture.width(), picture.height(), QRectF(6, 6, TILE - 12, TILE - 12))
    painter.setTransform(transform)
    painter.drawImage(0, 0, picture)
    if ink_box is not None:
        _draw_ink_box(painter, ink_box, transform)
    painter.end()
    return image


def fitted_picture(values: np.ndarray, smooth: bool, ratio: int = 1) -> QImage:
    """A grey array centred on a black tile, aspect kept: bilinear if ``smooth``, else whole-pixel blocks.

    Scaled with PIL / NumPy rather than a QPainter: it runs on every stroke, and this is
    several times cheaper than a smooth ``drawImage``.
    """
    side = TILE * ratio
    height, width = values.shape
    scale = side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    grey = np.uint8(np.round(np.clip(values, 0.0, 1.0) * 255))
    if smooth:
        grey = np.asarray(Image.fromarray(grey).resize(size, Image.Resampling.BILINEAR))
    else:
        factor = max(1, side // max(height, width))
        grey = np.repeat(np.repeat(grey, factor, axis=0), factor, axis=1)
    tile = np.zeros((side, side), dtype=np.uint8)
    top, left = (side - grey.shape[0]) // 2, (side - grey.shape[1]) // 2
    tile[top:top + grey.shape[0], left:left + grey.shape[1]] = grey[:side, :side]
    image = QImage(tile.data, side, side, side, QImage.Format.Format_Grayscale8).copy()
    image.setDevicePixelRatio(ratio)
    return image


class PipelineView(QWidget):
    """Three small pictures: what was drawn, the fitted ink, and the 28x28 model input."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        theme = active_theme()
        self.tiles: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self._from_file = False
        for column, (name, _caption, _tip) in enumerate(STAGES):
            tile = QLabel()
            tile.setObjectName(name)
            tile.setFixedSize(TILE + 2, TILE + 2)
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tile.setStyleSheet(f"border: 1px solid {theme.border};")
            self.tiles[name] = tile
            text = QLabel()
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.captions[name] = text
            layout.addWidget(tile, 0, 2 * column, Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(text, 1, 2 * column, Qt.AlignmentFlag.AlignCenter)
            if column < len(STAGES) - 1:
                arrow = QLabel("→")
                arrow.setStyleSheet(f"font-size: 22pt; color: {theme.faint};")
                layout.addWidget(arrow, 0, 2 * column + 1, Qt.AlignmentFlag.AlignCenter)
        self.retranslate()
        on_language_change(self, self.retranslate)
        self.clear()

    def retranslate(self) -> None:
        """Captions and tooltips of the three stages, in the current language."""
        for name, caption, tip in STAGES:
            tip = QCoreApplication.translate("PipelineView", tip)
            self.tiles[name].setToolTip(tip)
            self.captions[name].setToolTip(tip)
            self.captions[name].setText(QCoreApplication.translate("PipelineView", caption))
        self.set_source(self._from_file)

    @property
    def ratio(self) -> int:
        """Device pixels per logical pixel to make pictures with (whole, so pixel blocks stay even)."""
        return max(1, math.ceil(self.devicePixelRatioF()))

    def clear(self, raw: QImage | None = None) -> None:
        """Empty tiles (or only the raw one filled, e.g. for a drawing too small to read)."""
        ratio = self.ratio
        self.tiles["pipelineRaw"].setPixmap(QPixmap.fromImage(raw or _blank(active_theme().qcolor("paper"), ratio)))
        self.tiles["pipelineCropped"].setPixmap(QPixmap.fromImage(_blank(QColor("black"), ratio)))
        self.tiles["pipelineInput"].setPixmap(QPixmap.fromImage(_blank(QColor("black"), ratio)))

    def set_source(self, from_file: bool) -> None:
        """Name the first stage after where the input came from."""
        self._from_file = from_file
        caption = self.tr("1 · Your image") if from_file else QCoreApplication.translate("PipelineView", STAGES[0][1])
        self.captions["pipelineRaw"].setText(caption)

    def show_stages(self, raw: QImage, rendering: Rendering) -> None:
        self.tiles["pipelineRaw"].setPixmap(QPixmap.fromImage(raw))
        ratio = self.ratio
        self.tiles["pipelineCropped"].setPixmap(QPixmap.fromImage(fitted_picture(rendering.cropped, True, ratio)))
        self.tiles["pipelineInput"].setPixmap(QPixmap.fromImage(fitted_picture(rendering.image, False, ratio)))
