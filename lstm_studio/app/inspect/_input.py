"""The input image with the row fed at step t highlighted and the rows not yet read dimmed."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from ..widgets._plots import style_plot
from ..widgets._style import active_theme

HIGHLIGHT = QColor(255, 200, 0)
ROWS = 28


class InputView(pg.GraphicsLayoutWidget):
    """A 28x28 image, row 1 at the top; :meth:`set_step` moves the highlight to row ``t``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("The input as the LSTM reads it: one row of 28 pixels per timestep, top to bottom.\n"
                        "The yellow frame is the row fed at the current step; dimmed rows are not read yet.")
        self.setBackground(active_theme().plot_background)
        self.plot = style_plot(self.addPlot(), "", "row = step t")
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
        self.step = 1

    def _add_rect(self, pen: QPen, brush: QBrush) -> QGraphicsRectItem:
        rect = QGraphicsRectItem()
        rect.setPen(pen)
        rect.setBrush(brush)
        rect.setZValue(10)
        self.plot.addItem(rect)
        return rect

    def set_image(self, image: np.ndarray) -> None:
        """Show a ``[28, 28]`` image with values 0..1 (ink bright)."""
        self.image.setImage(np.ascontiguousarray(image, dtype=np.float32), autoLevels=False, levels=(0.0, 1.0))

    def set_step(self, step: int) -> None:
        """Highlight image row ``step`` (1-based) and dim the rows below it."""
        self.step = step
        self.highlight.setRect(QRectF(0, step - 1, 28, 1))
        self.unread.setRect(QRectF(0, step, 28, ROWS - step))
        self.unread.setVisible(step < ROWS)

    def highlighted_row(self) -> int:
        """The 1-based image row inside the highlight (what the user sees)."""
        return int(round(self.highlight.rect().top())) + 1
