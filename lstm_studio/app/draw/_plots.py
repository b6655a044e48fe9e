"""The Draw tab's two charts: the ten final probabilities, and how they evolve step by step.

Every plot item is created once; a new prediction only calls ``setOpts`` / ``setData``. The step
chart takes any number of steps (28 rows, or 196 chunks of 4 pixels...); its axis is re-ranged
only when that number changes.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QWidget

from ..i18n import on_language_change
from ..widgets._style import Theme, active_theme
from ..widgets._text import step_unit

DIGITS = np.arange(10)
ROWS = 28  # a digit read one row per step
#: A digit's per-row curve gets a label when its probability ever reaches this.
LABEL_FROM = 0.2


def _style_plot(plot: pg.PlotWidget) -> pg.PlotItem:
    """The theme's background and axes, no mouse panning: these charts are read, not explored."""
    theme = plot.theme
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(theme.foreground)
        axis.setTextPen(theme.foreground)
    item.showGrid(y=True, alpha=0.25)
    for name in ("left", "bottom"):
        # The ranges never change, so the axes (and the grid they draw) are painted once into
        # a pixmap and blitted; replaying their QPicture cost more than the data on every stroke.
        item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.setMenuEnabled(False)
    item.hideButtons()
    plot.setMouseEnabled(x=False, y=False)
    return item


def _label_plot(plot: pg.PlotWidget, title: str, left: str, bottom: str | None) -> None:
    """A chart's title and axis labels (``bottom=None`` leaves that label alone)."""
    item, foreground = plot.getPlotItem(), plot.theme.foreground
    item.setTitle(title, color=foreground, size="11pt")
    item.getAxis("left").setLabel(left, color=foreground)
    if bottom is not None:
        item.getAxis("bottom").setLabel(bottom, color=foreground)


class ProbabilityChart(pg.PlotWidget):
    """Bar chart of P(digit) for 0..9; the predicted digit's bar in its colour, the rest grey."""

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        theme = theme or active_theme()
        super().__init__(parent, background=theme.plot_background)
        self.theme = theme
        item = _style_plot(self)
        item.setXRange(-0.6, 9.6, padding=0)
        item.setYRange(0, 1.12, padding=0)
        item.getAxis("bottom").setTicks([[(d, str(d)) for d in DIGITS]])
        item.getAxis("left").setTicks([[(p, f"{p:.1f}") for p in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)]])
        self.bars = pg.BarGraphItem(x=DIGITS, height=np.zeros(10), width=0.7,
                                    brushes=[self.theme.qcolor("bar_idle")] * 10,
                                    pen=pg.mkPen(None))
        item.addItem(self.bars)
        font = QFont()
        font.setPointSize(9)
        self.percent_labels = []
        for digit in DIGITS:
            label = pg.TextItem("", color=self.theme.foreground, anchor=(0.5, 1.0))
            label.setFont(font)
            label.setPos(float(digit), 0.0)
            item.addItem(label)
            self.percent_labels.append(label)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Title, axis labels and tooltip in the current language."""
        _label_plot(self, self.tr("Probability of each digit"), self.tr("probability"), self.tr("digit"))
        self.setToolTip(self.tr("How likely the model finds each digit for this input (the ten bars add up to 1)."))

    def show_probs(self, probs: np.ndarray | None, digit: int | None) -> None:
        """Show ``probs`` with ``digit`` highlighted; ``None`` empties the chart."""
        heights = np.zeros(10) if probs is None else np.asarray(probs, dtype=float)
        colours = self.theme.digit_colours
        brushes = [QColor(colours[d]) if d == digit else self.theme.qcolor("bar_idle") for d in DIGITS]
        self.bars.setOpts(height=heights, brushes=brushes)
        for d, label in enumerate(self.percent_labels):
            text = f"{heights[d]:.0%}" if probs is not None and heights[d] >= 0.01 else ""
            if text != label.toPlainText():  # re-laying out text is the costly part
                label.setText(text)
            label.setPos(float(d), float(heights[d]) + 0.01)


def step_axis_ticks(steps: int) -> list[tuple[float, str]]:
    """About eight round tick marks over 1..``steps``, always including 1 and ``steps``."""
    spacing = next(s for s in (1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if steps / s <= 8)
    marks = sorted({1, steps, *range(spacing, steps, spacing)})
    if len(marks) > 2 and marks[-1] - marks[-2] < spacing / 2:
        marks.pop(-2)  # a mark crowding the last one
    return [(m, str(m)) for m in marks]


class StepChart(pg.PlotWidget):
    """Ten curves: P(digit) after each step (each of the 28 image rows, or of any other number of
    steps); the final answer drawn thick."""

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        theme = theme or active_theme()
        super().__init__(parent, background=theme.plot_background)
        self.theme = theme
        item = _style_plot(self)
        self.item = item
        item.setYRange(0, 1.13, padding=0)
        item.getAxis("left").setTicks([[(p, f"{p:.1f}") for p in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)]])
        self.steps = 0
        self.x = np.arange(1, ROWS + 1)
        self._set_steps(ROWS)
        # PlotCurveItem, not PlotDataItem: a few dozen points need none of its extras, and it updates faster.
        self.curves = [pg.PlotCurveItem(self.x, np.zeros(ROWS), pen=self._pen(d, False)) for d in DIGITS]
        for curve in self.curves:
            item.addItem(curve)
        self._highlighted: int | None = None
        # Outlined in the background colour, so the dot stands clear of its own curve.
        self.final_marker = pg.ScatterPlotItem(size=12, pen=pg.mkPen(self.theme.plot_background, width=2))
        self.final_marker.setZValue(20)
        item.addItem(self.final_marker)
        self.curve_labels = []
        bold = QFont()
        bold.setPointSize(11)
        bold.setBold(True)
        for d in DIGITS:
            label = pg.TextItem(str(d), color=self.theme.digit_colours[d], anchor=(0.5, 1.1))
            label.setFont(bold)
            label.setVisible(False)
            item.addItem(label)
            self.curve_labels.append(label)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Title, axis labels and tooltip in the current language."""
        _label_plot(self, self.tr("How the guess evolves as the network reads the digit, step by step"),
                    self.tr("probability"), None)
        self._label_steps()
        self.setToolTip(self.tr("The network reads the 28x28 input one row per step, top to bottom (or a few "
                                "pixels\nper step). After each step its hidden state h already gives a guess: one "
                                "curve per\ndigit. The thick curve is the final answer; early rows are often "
                                "ambiguous (a 7 and a 9\nstart alike)."))

    def _label_steps(self) -> None:
        self.item.getAxis("bottom").setLabel(self.tr("steps read ({unit})").format(unit=step_unit(self.steps)),
                                             color=self.theme.foreground)

    def _set_steps(self, steps: int) -> None:
        """Range the x axis over 1..``steps`` (only when the number of steps changes)."""
        if steps == self.steps:
            return
        self.steps, self.x = steps, np.arange(1, steps + 1)
        self.item.setXRange(1, steps + 1.8 * steps / ROWS, padding=0.01)  # room for the labels at the end
        self.item.getAxis("bottom").setTicks([step_axis_ticks(steps)])
        self._label_steps()

    def _pen(self, digit: int, chosen: bool) -> QPen:
        colour = QColor(self.theme.digit_colours[digit])
        if not chosen:
            colour.setAlpha(120)
        return pg.mkPen(colour, width=4.5 if chosen else 1.6)

    def show_steps(self, probs_per_step: np.ndarray | None, digit: int | None) -> None:
        """Show ``[T, 10]`` per-step probabilities (any T) with ``digit`` highlighted; ``None`` empties."""
        if probs_per_step is None:
            values = np.zeros((self.steps, 10))
        else:
            values = np.asarray(probs_per_step, dtype=float)
            self._set_steps(len(values))
        steps = self.steps
        if digit != self._highlighted:
            for d in {digit, self._highlighted} - {None}:
                self.curves[d].setPen(self._pen(d, d == digit))
                self.curves[d].setZValue(10 if d == digit else 0)
            if digit is not None:
                self.final_marker.setBrush(pg.mkBrush(self.theme.digit_colours[digit]))
            self._highlighted = digit
        for d, curve in enumerate(self.curves):
            curve.setData(self.x, values[:, d])
            curve.setVisible(probs_per_step is not None)
            peak = int(np.argmax(values[:, d]))
            label = self.curve_labels[d]
            label.setVisible(bool(probs_per_step is not None and (values[peak, d] >= LABEL_FROM or d == digit)))
            if d == digit or peak == steps - 1:  # named right of the curve's final point
                label.setAnchor((-0.6, 0.5))
                label.setPos(float(steps), float(values[-1, d]))
            else:
                label.setAnchor((0.5, 1.1))
                label.setPos(float(self.x[peak]), float(values[peak, d]))
        if probs_per_step is None or digit is None:
            self.final_marker.setData([], [])
        else:
            self.final_marker.setData([float(steps)], [float(values[-1, digit])])
