"""Look shared by the inspector's plots: the theme's background and axes, a pink cursor at step t."""
from __future__ import annotations


import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

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
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(foreground)
        axis.setTextPen(foreground)
    label_plot(plot, title, left, bottom)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    return plot


def label_plot(plot: pg.PlotItem, title: str = "", left: str = "", bottom: str = "") -> None:
    """Set a plot's title and axis labels (empty ones are left alone) in the theme's foreground:
    what :func:`style_plot` does with words, again whenever the language changes."""
    foreground = active_theme().foreground
    if title:
        plot.setTitle(title, color=foreground, size="10pt")
    for name, label in (("left", left), ("bottom", bottom)):
        if label:
            plot.getAxis(name).setLabel(label, color=foreground)


def add_reference_lines(plot: pg.PlotItem, values: tuple[float, ...]) -> None:
    """Faint horizontal guide lines instead of a grid.

    A pyqtgraph grid is drawn by the axes across the whole view, so every cursor move would
    repaint both axes; a few static lines repaint only where the cursor passes.
    """
    pen = pg.mkPen(active_theme().reference, width=1, style=Qt.PenStyle.DotLine)
    for value in values:
        plot.addLine(y=value, pen=pen)


def fixed_tick_width(axis: pg.AxisItem, widest_label: str) -> None:
    """Reserve room for ``widest_label`` beside a vertical axis, whatever its ticks: a tick label
    of another width would re-lay out (and repaint) the whole view."""
    axis.setStyle(autoExpandTextSpace=False, tickTextWidth=QFontMetrics(axis.font()).horizontalAdvance(widest_label))


def set_y_range_now(plot: pg.PlotItem, low: float, high: float, padding: float = 0.0) -> None:
    """Set a plot's y range and apply it at once. pyqtgraph would apply it while painting, and the
    items it moves would then ask for a second paint."""
    plot.setYRange(low, high, padding=padding)
    plot.vb.updateMatrix()


def make_cursor(plot: pg.PlotItem, pen: object = None) -> pg.InfiniteLine:
    """A vertical line at the current step that the user cannot drag."""
    line = pg.InfiniteLine(pos=1, angle=90, movable=False, pen=pen or cursor_pen())
    line.setZValue(20)
    plot.addItem(line, ignoreBounds=True)
    return line


class SteadyLabel(QWidget):
    """A word-wrapped label whose new texts do not re-lay out the window.

    A ``QLabel`` in a layout asks every layout above it to recompute at each ``setText``
    (wrapped rich text is measured again at several widths): a few milliseconds per redraw
    for each label that changes with the input or the step. Here the ``QLabel`` sits outside
    any layout, sized to this widget, whose own height is fixed: at least ``lines``
    lines of text tall and grows when a text needs more; it shrinks back only when its width
    changes, so the panels below it do not jump from one input to the next. ``text``,
    ``setText`` and ``label`` stand in for a ``QLabel``'s.
    """

    def __init__(self, text: str = "", lines: int = 1, rich_text: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        if rich_text:
            self.label.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._least_height = lines * self.fontMetrics().lineSpacing() + 2
        self.setFixedHeight(self._least_height)
        self.setText(text)

    def text(self) -> str:
        """The label's text."""
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - a QLabel's name, so this drops in for one
        """Show ``text``; grows the widget if the text needs more lines than it has."""
        if text != self.label.text():
            self.label.setText(text)
            self._fit_height(shrink=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(40 * self.fontMetrics().averageCharWidth(), self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(12 * self.fontMetrics().averageCharWidth(), self._least_height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.label.resize(event.size())
        self._fit_height(shrink=event.size().width() != event.oldSize().width())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_height(shrink=False)

    def _fit_height(self, shrink: bool) -> None:
        # Measuring lays the text out, which painting would do anyway; a hidden label is measured when shown.
        if not self.isVisible():
            return
        needed = max(self._least_height, self.label.heightForWidth(self.width()))
        if needed > self.height() or (shrink and needed < self.height()):
            self.setFixedHeight(needed)
