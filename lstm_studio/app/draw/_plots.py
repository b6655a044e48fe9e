"""The Draw tab's two charts: the ten final probabilities, and how they evolve row by row.

Every plot item is created once; a new prediction only calls ``setOpts`` / ``setData``.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QWidget

from ..widgets._style import Theme, active_theme

DIGITS = np.arange(10)
STEPS = np.arange(1, 29)  # "after reading row 1 .. 28"
#: A digit's per-row curve gets a label when its probability ever reaches this.
LABEL_FROM = 0.2


def _style_plot(plot: pg.PlotWidget, title: str, left: str, bottom: str) -> pg.PlotItem:
    """The theme's background and axes, no mouse panning: these charts are read, not explored."""
    theme = plot.theme
    item = plot.getPlotItem()
    item.setTitle(title, color=theme.foreground, size="11pt")
    for name, label in (("left", left), ("bottom", bottom)):
        axis = item.getAxis(name)
        axis.setPen(theme.foreground)
        axis.setTextPen(theme.foreground)
        axis.setLabel(label, color=theme.foreground)
    item.showGrid(y=True, alpha=0.25)
    for name in ("left", "bottom"):
        # The ranges never change, so the axes (and the grid they draw) are painted once into
        # a pixmap and blitted; replaying their QPicture cost more than the data on every stroke.
        item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.setMenuEnabled(False)
    item.hideButtons()
    plot.setMouseEnabled(x=False, y=False)
    return item


class ProbabilityChart(pg.PlotWidget):
    """Bar chart of P(digit) for 0..9; the predicted digit's bar in its colour, the rest grey."""

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        theme = theme or active_theme()
        super().__init__(parent, background=theme.plot_background)
        self.theme = theme
        item = _style_plot(self, "Probability of each digit", "probability", "digit")
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
        self.setToolTip("How likely the model finds each digit for this input (the ten bars add up to 1).")

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


class StepChart(pg.PlotWidget):
    """Ten curves: P(digit) after reading each of the 28 image rows; the final answer drawn thick."""

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        theme = theme or active_theme()
        super().__init__(parent, background=theme.plot_background)
        self.theme = theme
        item = _style_plot(self, "How the guess evolves as the LSTM reads row by row",
                           "probability", "image rows read (one LSTM step per row)")
        item.setXRange(1, 29.8, padding=0.01)
        item.setYRange(0, 1.13, padding=0)
        item.getAxis("bottom").setTicks([[(s, str(s)) for s in (1, 4, 8, 12, 16, 20, 24, 28)]])
        item.getAxis("left").setTicks([[(p, f"{p:.1f}") for p in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)]])
        # PlotCurveItem, not PlotDataItem: 28 points need none of its extras, and it updates faster.
        self.curves = [pg.PlotCurveItem(STEPS, np.zeros(28), pen=self._pen(d, False)) for d in DIGITS]
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
        self.setToolTip("The LSTM reads the 28x28 input one row per step, top to bottom. After each row,\n"
                        "its hidden state h already gives a guess: one curve per digit. The thick curve is\n"
                        "the final answer; early rows are often ambiguous (a 7 and a 9 start alike).")

    def _pen(self, digit: int, chosen: bool) -> QPen:
        colour = QColor(self.theme.digit_colours[digit])
        if not chosen:
            colour.setAlpha(120)
        return pg.mkPen(colour, width=4.5 if chosen else 1.6)

    def show_steps(self, probs_per_step: np.ndarray | None, digit: int | None) -> None:
        """Show ``[28, 10]`` per-row probabilities with ``digit`` highlighted; ``None`` empties."""
        values = np.zeros((28, 10)) if probs_per_step is None else np.asarray(probs_per_step, dtype=float)
        if digit != self._highlighted:
            for d in {digit, self._highlighted} - {None}:
                self.curves[d].setPen(self._pen(d, d == digit))
                self.curves[d].setZValue(10 if d == digit else 0)
            if digit is not None:
                self.final_marker.setBrush(pg.mkBrush(self.theme.digit_colours[digit]))
            self._highlighted = digit
        for d, curve in enumerate(self.curves):
            curve.setData(STEPS, values[:, d])
            curve.setVisible(probs_per_step is not None)
            peak = int(np.argmax(values[:, d]))
            label = self.curve_labels[d]
            label.setVisible(bool(probs_per_step is not None and (values[peak, d] >= LABEL_FROM or d == digit)))
            if d == digit or peak == len(STEPS) - 1:  # named right of the curve's final point
                label.setAnchor((-0.6, 0.5))
                label.setPos(28.0, float(values[-1, d]))
            else:
                label.setAnchor((0.5, 1.1))
                label.setPos(float(STEPS[peak]), float(values[peak, d]))
        if probs_per_step is None or digit is None:
            self.final_marker.setData([], [])
        else:
            self.final_marker.setData([28.0], [float(values[-1, digit])])
