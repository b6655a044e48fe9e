"""Look shared by the inspector's plots: the theme's background and axes, a pink cursor at step t."""
from __future__ import annotations


import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QWidget

from ._style import active_theme


def cursor_pen(width: float = 2) -> QPen:
    """The pen of the current-step cursor and of selections (the theme's accent)."""
    return pg.mkPen(active_theme().accent, width=width)


def light_view(parent: QWidget | None = None) -> pg.GraphicsLayoutWidget:
    """A ``GraphicsLayoutWidget`` on the theme's plot background (white in the light theme).

    The name is historical: the inspector's plots were always white before themes existed.
    """
    view = pg.GraphicsLayoutWidget(parent)
    view.setBackground(active_theme().plot_background)
    return view


def style_plot(plot: pg.PlotItem, title: str = "", left: str = "", bottom: str = "") -> pg.PlotItem:
    """Axes and labels in the theme's foreground, no pan/zoom by mouse (these plots are read, not explored).

    The right-click menu stays: pyqtgraph's "Export..." lives there.
    """
    foreground = active_theme().foreground
    if title:
        plot.setTitle(title, color=foreground, size="10pt")
    for name, label in (("left", left), ("bottom", bottom)):
        axis = plot.getAxis(name)
        axis.setPen(foreground)
        axis.setTextPen(foreground)
        if label:
            axis.setLabel(label, color=foreground)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    return plot


def add_reference_lines(plot: pg.PlotItem, values: tuple[float, ...]) -> None:
    """Faint horizontal guide lines instead of a grid.

    A pyqtgraph grid is drawn by the axes across the whole view, so every cursor move would
    repaint both axes; a few static lines repaint only where the cursor passes.
    """
    pen = pg.mkPen(active_theme().reference, width=1, style=Qt.PenStyle.DotLine)
    for value in values:
        plot.addLine(y=value, pen=pen)


def make_cursor(plot: pg.PlotItem, pen: object = None) -> pg.InfiniteLine:
    """A vertical line at the current step that the user cannot drag."""
    line = pg.InfiniteLine(pos=1, angle=90, movable=False, pen=pen or cursor_pen())
    line.setZValue(20)
    plot.addItem(line, ignoreBounds=True)
    return line
