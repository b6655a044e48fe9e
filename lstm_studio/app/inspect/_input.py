"""The input image with what step t reads highlighted (a row, or a few pixels) and what is not read yet dimmed."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QWidget

from ..i18n import on_language_change
from ..widgets._plots import style_plot
from ..widgets._style import active_theme

HIGHLIGHT = QColor(255, 200, 0)
ROWS = 28


def pixel_span(first: int, stop: int, width: int = ROWS) -> QPainterPath:
    """The pixels ``first .. stop - 1`` of an image read row by row, as rectangles (a partial row,
    whole rows, a partial row)."""
    path = QPainterPath()
    while first < stop:
        row, column = divmod(first, width)
        if column == 0 and stop - first >= width:  # whole rows at once
            rows = (stop - first) // width
            path.addRect(QRectF(0, row, width, rows))
            first += rows * width
        else:
            end = min(stop, (row + 1) * width)
            path.addRect(QRectF(column, row, end - first, 1))
            first = end
    return path.simplified()  # one outline: no edges drawn between neighbouring rectangles


class InputView(pg.GraphicsLayoutWidget):
    """A 28x28 image, row 1 at the top; :meth:`set_step` moves the highlight to what step ``t`` reads.

    With 28 steps that is image row ``t``; a model reading a few pixels per step (``set_steps``)
    gets those pixels highlighted instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground(active_theme().plot_background)
        self.plot = style_plot(self.addPlot())
        self.plot.setAspectLocked(True)
        self.plot.invertY(True)
        self.plot.hideAxis("bottom")
        self.plot.getAxis("left").setTicks([[(r - 0.5, str(r)) for r in (1, 7, 14, 21, 28)]])
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLevels((0.0, 1.0))
        self.plot.addItem(self.image)
        self.unread = self._add_rect(QPen(Qt.PenStyle.NoPen), QBrush(QColor(20, 40, 90, 125)))
        pen = QPen(HIGHLIGHT, 2.5)
        pen.setCosmetic(True)
        self.highlight = self._add_rect(pen, QBrush(QColor(255, 200, 0, 70)))
        self.plot.setRange(xRange=(0, 28), yRange=(0, ROWS), padding=0.02)
        self.step, self.steps = 1, ROWS
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """The axis label and the tooltip in the current language."""
        self.setToolTip(self.tr("The input as the network reads it: one row of 28 pixels per timestep, top to "
                                "bottom\n(or a few pixels per step). The yellow frame is what the current step "
                                "reads; dimmed\nparts are not read yet."))
        self._label_rows()

    def _label_rows(self) -> None:
        label = self.tr("row = step t") if self.steps == ROWS else self.tr("image row")
        self.plot.getAxis("left").setLabel(label, color=active_theme().foreground)

    def _add_rect(self, pen: QPen, brush: QBrush) -> QGraphicsPathItem:
        rect = QGraphicsPathItem()
        rect.setPen(pen)
        rect.setBrush(brush)
        rect.setZValue(10)
        self.plot.addItem(rect)
        return rect

    def set_image(self, image: np.ndarray) -> None:
        """Show a ``[28, 28]`` image with values 0..1 (ink bright)."""
        self.image.setImage(np.ascontiguousarray(image, dtype=np.float32), autoLevels=False, levels=(0.0, 1.0))

    def set_steps(self, steps: int) -> None:
        """The model reads the image in ``steps`` equal parts (28: one row each)."""
        if max(1, steps) != self.steps:
            self.steps = max(1, steps)
            self._label_rows()

    def set_step(self, step: int) -> None:
        """Highlight what step ``step`` (1-based) reads and dim everything after it."""
        self.step = step
        pixels = ROWS * ROWS
        chunk = pixels // self.steps
        self.highlight.setPath(pixel_span((step - 1) * chunk, step * chunk))
        self.unread.setPath(pixel_span(step * chunk, pixels))
        self.unread.setVisible(step * chunk < pixels)

    def highlighted_row(self) -> int:
        """The 1-based image row where the highlight starts (what the user sees)."""
        return int(round(self.highlight.path().boundingRect().top())) + 1
