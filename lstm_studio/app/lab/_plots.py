"""The Lab tab's plots: each cell's score against steps, the gradient reaching every timestep, and a sweep.

Items are created when a run starts (the cells are known then) and only fed with
``setData`` afterwards. Error-like metrics (MSE, cross-entropy) use a log axis, where the
drop from the baseline to "solved" is a long way down; accuracy uses 0–100 %.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ..i18n import translate
from ..widgets._plots import label_plot, style_plot
from ..widgets._style import active_theme
from ._colours import Smoother, cell_colour, pale
from ._texts import cell_label, metric_label, task_label


def decade_ticks(low: float, high: float, most: int = 9) -> list[list[tuple[float, str]]]:
    """Ticks at every power of ten between ``low`` and ``high`` (log10 units): "0.01", "0.1", "1", "10⁻⁵".

    At most ``most`` of them are labelled (every second, fifth, ... decade, 1 among them); the others
    are short unlabelled ticks, so that a gradient falling through 25 decades does not pile its labels up.
    """
    from ...lab._verdict import superscript_power

    decades = range(math.floor(low), math.ceil(high) + 1)
    every = next(step for step in (1, 2, 3, 5, 10, 20, 50, 100) if len(decades) <= most * step or step == 100)
    labelled = [(k, f"{10.0 ** k:g}" if -3 <= k <= 3 else superscript_power(10.0 ** k))
                for k in decades if k % every == 0]
    return [labelled, [(k, "") for k in decades if k % every]]


def score_axis_label(metric: Any) -> str:
    """The score axis: ``"accuracy (%)"``, ``"mean squared error (log scale)"``, in the app's language."""
    label = metric_label(metric)
    if metric.percent:
        return translate("LabPlots", "{metric} (%)").format(metric=label)
    if not metric.higher_is_better:
        return translate("LabPlots", "{metric} (log scale)").format(metric=label)
    return label


def _log_value(value: float, log: bool) -> float:
    return math.log10(max(value, 1e-12)) if log else value


def _scale(values: np.ndarray, percent: bool) -> np.ndarray:
    return np.asarray(values, dtype=np.float64) * (100.0 if percent else 1.0)


class _GuideLine:
    """A horizontal guide (the baseline, the "solved" threshold) with a short label at its left end."""

    def __init__(self, plot: pg.PlotItem, style: Qt.PenStyle) -> None:
        theme = active_theme()
        self.line = pg.InfiniteLine(angle=0, pen=pg.mkPen(theme.faint, width=1.5, style=style))
        self.label = pg.TextItem("", color=theme.muted, anchor=(0, 1))
        for item in (self.line, self.label):
            item.setVisible(False)  # until a run says where: both labels would sit on the x axis
            plot.addItem(item, ignoreBounds=True)

    def place(self, y: float, x: float, below: bool = False) -> None:
        """Put the guide at ``y``, its label starting at ``x``, above the line (or ``below`` it, for a guide near
        the top of the plot)."""
        self.line.setPos(y)
        self.label.setAnchor((0, 0) if below else (0, 1))
        self.label.setPos(x, y)
        for item in (self.line, self.label):
            item.setVisible(True)


class MetricPanel(pg.GraphicsLayoutWidget):
    """Per cell: the held-out score every ``eval_every`` steps (bold, dots) and the smoothed training
    score of every step (pale), against the baseline (dashed) and the "solved" threshold (dotted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labMetricPanel")
        self.plot = style_plot(self.ci.addPlot())
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.baseline = _GuideLine(self.plot, Qt.PenStyle.DashLine)
        self.threshold = _GuideLine(self.plot, Qt.PenStyle.DotLine)
        self.curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem, Smoother]] = {}
        self.shown: tuple[str, ...] = ()
        self.info: Any = None  # the task of the run shown (its name and metric label the plot)
        self._y_range: tuple[float, float] | None = None
        self._drawn_step = -1
        self.log = self.percent = False
        self.retranslate()

    def retranslate(self) -> None:
        """Title, axes, guides and tooltip in the current language (the tab calls it)."""
        info = self.info
        title = self.tr("Score per step") if info is None else self.tr(
            "{task}, T = {length}: score against training steps").format(task=task_label(info.name),
                                                                         length=info.length)
        label_plot(self.plot, title, bottom=self.tr("training step"))
        if info is not None:
            self.plot.setLabel("left", score_axis_label(info.metric), color=active_theme().foreground)
        self.baseline.label.setText(self.tr("learned nothing"))
        self.threshold.label.setText(self.tr("solved"))
        self.setToolTip(self.tr("Bold with dots: the score on fresh held-out sequences every 100 steps (what the "
                                "verdicts judge).\nPale: the score on each training batch, smoothed.\nDashed: what a "
                                "model that learned nothing scores. Dotted: solved."))

    def prepare(self, cells: tuple[Any, ...]) -> None:
        """Make the curves of ``cells`` ahead of a run (making them costs the GUI thread tens of ms)."""
        for spec in cells:
            if spec.key not in self.curves:
                self.curves[spec.key] = self._new_curves(cell_colour(spec))

    def setup(self, info: Any, config: Any) -> None:
        """Curves for the run's cells (kept per cell between runs); axes for its metric and length."""
        metric = info.metric
        self.percent, self.log = metric.percent, not metric.higher_is_better
        self.plot.setLogMode(y=self.log)
        self.info = info
        self.retranslate()
        keys = {spec.key for spec in config.cells}
        self.prepare(config.cells)
        for key, (train, test, _) in self.curves.items():
            for curve in (train, test):
                curve.setData([], [])
                curve.setVisible(key in keys)
            self.curves[key] = (train, test, Smoother())
        self.shown = tuple(spec.key for spec in config.cells)
        self.plot.setXRange(0, config.steps, padding=0.01)
        self._place_guides(info, config.steps)
        self._y_range = None
        self._drawn_step = -1
        self._fit_y(info)

    def _new_curves(self, colour: str) -> tuple[pg.PlotDataItem, pg.PlotDataItem, Smoother]:
        train = self.plot.plot(pen=pg.mkPen(pale(colour), width=1))
        train.setDownsampling(auto=True, method="peak")
        train.setClipToView(True)
        test = self.plot.plot(pen=pg.mkPen(colour, width=2.5), symbol="o", symbolSize=6, symbolBrush=colour,
                              symbolPen=pg.mkPen(active_theme().plot_background))
        return train, test, Smoother()

    def _place_guides(self, info: Any, steps: int) -> None:
        x = 0.01 * steps
        self.baseline.place(_log_value(_scale(info.baseline, self.percent), self.log), x)
        # An accuracy to reach sits near the top of the plot: its label goes under the line, inside the plot.
        self.threshold.place(_log_value(_scale(info.solved_threshold, self.percent), self.log), x, below=self.percent)

    def _fit_y(self, info: Any, lowest: float | None = None) -> None:
        axis = self.plot.getAxis("left")
        if self.percent:
            axis.setTicks(None)
            self.plot.setYRange(0, 100, padding=0.02)
            return
        # Whole decades, changed only when a score leaves them: a still axis is not repainted.
        low = math.floor(math.log10(max(min(info.solved_threshold / 3, lowest if lowest else math.inf), 1e-6)))
        high = math.ceil(math.log10(info.baseline * 8))
        if (low, high) != self._y_range:
            self._y_range = (low, high)
            axis.setTicks(decade_ticks(low, high))
            self.plot.setYRange(low, high, padding=0.02)

    def show(self, snapshot: Any) -> None:
        if snapshot.step == self._drawn_step and not snapshot.is_over:
            return
        self._drawn_step = snapshot.step
        lowest = math.inf
        for cell in snapshot.cells:
            train, test, smoother = self.curves[cell.spec.key]
            smooth = smoother.update(cell.train_metric)
            steps = np.arange(1, len(smooth) + 1)
            train.setData(steps, self._positive(_scale(smooth, self.percent)))
            test.setData(cell.test_steps, self._positive(_scale(cell.test_metric, self.percent)))
            if len(cell.test_metric):
                lowest = min(lowest, float(np.nanmin(cell.test_metric)))
        if self.log and lowest < math.inf:
            self._fit_y(snapshot.task, lowest / 2)

    def _positive(self, values: np.ndarray) -> np.ndarray:
        return np.where(values > 0, values, np.nan) if self.log else values


class GradientPanel(pg.GraphicsLayoutWidget):
    """``‖∂L/∂h_t‖`` against ``t`` on a log axis, one curve per cell, where the probe sequences' marks lie shaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labGradientPanel")
        self.plot = style_plot(self.ci.addPlot())
        self.plot.setLogMode(y=True)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.enableAutoRange(enable=False)
        # Which training step the curves are from: a text item repaints alone, a new title would lay out the plot.
        # In the bottom right corner, where the curves rarely are: the gradient is largest at the last step.
        self.when = pg.TextItem("", color=active_theme().muted, anchor=(1, 1))
        self._last_step = 2
        self.plot.addItem(self.when, ignoreBounds=True)
        self._decades: tuple[int, int] | None = None
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.regions: list[pg.LinearRegionItem] = []
        self._drawn_steps: tuple[int, ...] = ()
        self.step = -1  # the training step the curves are from
        self.retranslate()

    def retranslate(self) -> None:
        """Title, axes, the step the curves are from and the tooltip in the current language."""
        label_plot(self.plot, self.tr("Gradient reaching step t, on the probe batch"),
                   self.tr("‖∂L/∂h_t‖ (log scale)"), self.tr("timestep t"))
        self.when.setText(self.tr("after training step {step}").format(step=f"{self.step:,}") if self.step >= 0
                          else "")
        self.setToolTip(self.tr("How strongly the loss at the end reaches back to each timestep (first layer, averaged "
                                "over the probe batch).\nA plain RNN's curve falls off a cliff going left: the "
                                "vanishing gradient. An LSTM's cell state carries it back.\nShaded: where the probe "
                                "sequences hold what matters (markers, X/Y, symbols to remember)."))

    def prepare(self, cells: tuple[Any, ...]) -> None:
        for spec in cells:
            if spec.key not in self.curves:
                self.curves[spec.key] = self.plot.plot(pen=pg.mkPen(cell_colour(spec), width=2), connect="finite")

    def setup(self, info: Any, config: Any) -> None:
        keys = {spec.key for spec in config.cells}
        self.prepare(config.cells)
        for key, curve in self.curves.items():
            curve.setData([], [])
            curve.setVisible(key in keys)
        for region in self.regions:
            self.plot.removeItem(region)
        self.regions = [self._region(low, high) for low, high in mark_spans(info.marks)]
        self._last_step = max(2, info.num_steps)
        self.plot.setXRange(1, self._last_step, padding=0.01)
        self._decades = None  # placed again for this run's length
        self.step = -1
        self.when.setText("")
        self._drawn_steps = ()

    def _region(self, low: int, high: int) -> pg.LinearRegionItem:
        region = pg.LinearRegionItem((low + 0.5, high + 1.5), movable=False,
                                     brush=active_theme().qcolor("accent", 18), pen=pg.mkPen(None))
        region.setZValue(-10)
        self.plot.addItem(region, ignoreBounds=True)
        return region

    def show(self, snapshot: Any) -> None:
        steps = tuple(cell.gradient_step for cell in snapshot.cells)
        if steps == self._drawn_steps:
            return  # the gradients are probed every second or so: most frames have nothing new here
        self._drawn_steps = steps
        step, low, high = -1, math.inf, 0.0
        for cell in snapshot.cells:
            curve = self.curves[cell.spec.key]
            if cell.gradient is None:
                curve.setData([], [])
                continue
            norms = np.asarray(cell.gradient[0], dtype=np.float64)
            positive = np.where(norms > 0, norms, np.nan)
            curve.setData(np.arange(1, len(norms) + 1), positive)
            if np.isfinite(positive).any():
                low, high = min(low, float(np.nanmin(positive))), max(high, float(np.nanmax(positive)))
            step = max(step, cell.gradient_step)
        if step >= 0:
            self.step = step
            self.when.setText(self.tr("after training step {step}").format(step=f"{step:,}"))
        if high > 0:
            self._fit_decades(math.floor(math.log10(low)), math.ceil(math.log10(high)))

    def _fit_decades(self, low: int, high: int) -> None:
        """Whole decades, changed only when the curves leave them: a still axis is not repainted."""
        low = min(low, high - 1)
        if (low, high) != self._decades:
            self._decades = (low, high)
            self.plot.getAxis("left").setTicks(decade_ticks(low, high))
            self.plot.setYRange(low, high, padding=0.02)
            self.when.setPos(self._last_step, low)


def mark_spans(marks: tuple[tuple[int, ...], ...]) -> list[tuple[int, int]]:
    """Where each mark lies across the probe sequences, as merged 0-based ``(first, last)`` step spans."""
    if not marks or not marks[0]:
        return []
    columns = np.array([row for row in marks if len(row) == len(marks[0])])
    spans = sorted((int(columns[:, k].min()), int(columns[:, k].max())) for k in range(columns.shape[1]))
    merged: list[list[int]] = []
    for low, high in spans:
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


class SweepPanel(pg.GraphicsLayoutWidget):
    """Each cell's final held-out score against the sequence length, from every finished run with these settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labSweepPanel")
        self.plot = style_plot(self.ci.addPlot())
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextColor=active_theme().foreground)
        faint = active_theme().faint
        self.baseline = self.plot.plot(pen=pg.mkPen(faint, width=1.5, style=Qt.PenStyle.DashLine),
                                       name="learned nothing")
        self.threshold = self.plot.plot(pen=pg.mkPen(faint, width=1.5, style=Qt.PenStyle.DotLine), name="solved")
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.specs: dict[str, Any] = {}  # the cell of each curve (its legend entry names it)
        self.points: list[Any] = []
        self.metric: Any = None
        self.log = self.percent = False
        self.retranslate()

    def retranslate(self) -> None:
        """Title, axes, legend and tooltip in the current language (the tab calls it)."""
        label_plot(self.plot, self.tr("Final score against sequence length"), bottom=self.tr("length T"))
        if self.metric is not None:
            self.plot.setLabel("left", score_axis_label(self.metric), color=active_theme().foreground)
        names = [(self.baseline, self.tr("learned nothing")), (self.threshold, self.tr("solved"))]
        names += [(self.curves[key], cell_label(spec)) for key, spec in self.specs.items()]
        for curve, name in names:
            label = self.legend.getLabel(curve)
            if label is not None and label.text != name:
                label.setText(name)
        self.legend.updateSize()
        self.setToolTip(self.tr("One point per finished run: the score on fresh held-out sequences after all its "
                                "steps.\nFilled in as runs finish; results with the same settings are kept between "
                                "sessions."))

    def show_points(self, points: list[Any], metric: Any, cells: tuple[Any, ...]) -> None:
        """Draw ``points`` (:class:`~lstm_studio.lab.SweepPoint`) of ``cells`` for ``metric``."""
        self.points, self.metric = points, metric
        self.percent, self.log = metric.percent, not metric.higher_is_better
        self.plot.setLogMode(x=True, y=self.log)
        self.plot.setLabel("left", score_axis_label(metric), color=active_theme().foreground)
        wanted = {spec.key: spec for spec in cells}
        for key in [k for k in self.curves if k not in wanted]:
            curve = self.curves.pop(key)
            self.specs.pop(key)
            self.legend.removeItem(curve)
            self.plot.removeItem(curve)
        for key, spec in wanted.items():
            if key not in self.curves:
                colour = cell_colour(spec)
                self.curves[key] = self.plot.plot(pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=8,
                                                  symbolBrush=colour, name=cell_label(spec))
                self.specs[key] = spec
            mine = [p for p in points if p.cell == key and p.final is not None]
            self.curves[key].setData([p.length for p in mine], self._values([p.final for p in mine]))
        lengths = sorted({p.length for p in points})
        self._guide(self.baseline, {p.length: p.baseline for p in points}, lengths)
        self._guide(self.threshold, {p.length: p.solved_threshold for p in points if p.solved_threshold}, lengths)
        self._axes(points, lengths)

    def _guide(self, curve: pg.PlotDataItem, by_length: dict[int, float], lengths: list[int]) -> None:
        """A guide over the plotted lengths (a level line reaching a little beyond them when there is one)."""
        if not by_length:
            curve.setData([], [])
            return
        xs = sorted(by_length)
        values = [by_length[n] for n in xs]
        if len(xs) == 1:
            xs, values = [xs[0] / 1.5, xs[0] * 1.5], values * 2
        curve.setData(xs, self._values(values))

    def _axes(self, points: list[Any], lengths: list[int]) -> None:
        if not lengths:
            return
        self.plot.getAxis("bottom").setTicks([[(math.log10(n), str(n)) for n in lengths], []])
        self.plot.setXRange(math.log10(lengths[0] / 1.6), math.log10(lengths[-1] * 1.6), padding=0)
        left = self.plot.getAxis("left")
        if self.percent:
            left.setTicks(None)
            self.plot.setYRange(0, 100, padding=0.02)
            return
        values = [v for p in points for v in (p.final, p.baseline, p.solved_threshold) if v and v > 0]
        low, high = math.log10(min(values) / 2), math.log10(max(values) * 2)
        left.setTicks(decade_ticks(low, high))
        self.plot.setYRange(low, high, padding=0.02)

    def _values(self, values: list[float]) -> np.ndarray:
        array = _scale(np.asarray(values, dtype=np.float64), self.percent)
        return np.where(array > 0, array, np.nan) if self.log else array
