"""Look shared by the inspector's plots: light background, dark axes, a pink cursor at step t."""
from __future__ import annotations


import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

AXIS = QColor("#3c4048")
CURSOR_COLOUR = "#ff2bd6"
CURSOR_PEN = pg.mkPen(CURSOR_COLOUR, width=2)


def light_view(parent: QWidget | None = None) -> pg.GraphicsLayoutWidget:
    """A white ``GraphicsLayoutWidget`` (the Draw tab's charts are white too)."""
    view = pg.GraphicsLayoutWidget(parent)
    view.setBackground("w")
    return view


def style_plot(plot: pg.PlotItem, title: str = "", left: str = "", bottom: str = "") -> pg.PlotItem:
    """Dark axes and labels, no pan/zoom by mouse (these plots are read, not explored).

    The right-click menu stays: pyqtgraph's "Export..." lives there.
    """
    if title:
        plot.setTitle(title, color=AXIS.name(), size="10pt")
    for name, label in (("left", left), ("bottom", bottom)):
        axis = plot.getAxis(name)
        axis.setPen(AXIS)
        axis.setTextPen(AXIS)
        if label:
            axis.setLabel(label, color=AXIS.name())
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    return plot


def add_reference_lines(plot: pg.PlotItem, values: tuple[float, ...]) -> None:
    """Light horizontal guide lines instead of a grid.

    A pyqtgraph grid is drawn by the axes across the whole view, so every cursor move would
    repaint both axes; a few static lines repaint only where the cursor passes.
    """
    for value in values:
        plot.addLine(y=value, pen=pg.mkPen("#c8ccd2", width=1, style=Qt.PenStyle.DotLine))


def make_cursor(plot: pg.PlotItem, pen: object = CURSOR_PEN) -> pg.InfiniteLine:
    """A vertical line at the current step that the user cannot drag."""
    line = pg.InfiniteLine(pos=1, angle=90, movable=False, pen=pen)
    line.setZValue(20)
    plot.addItem(line, ignoreBounds=True)
    return line
