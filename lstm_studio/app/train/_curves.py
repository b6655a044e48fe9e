"""Live curves: loss and accuracy, and how many gate values saturate, against samples seen.

Items are created once; a frame only calls ``setData`` with views of the history's buffers,
and only for the panel whose data changed. Painting axes (text) is the expensive part of a
frame, so the axes are kept still while training: ticks point outwards, there is no grid
(reference lines are plain items instead), SI prefixes are off, and the samples axis spans
the whole planned run instead of growing with every frame.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from ..i18n import metric_label
from ..widgets._style import active_theme
from ._history import TrainingHistory

#: Per gate (short name): its title and what its saturation means (Qt context ``SaturationPanel``).
GATES = {
    "f": (QT_TRANSLATE_NOOP("SaturationPanel", "forget gate"),
          QT_TRANSLATE_NOOP("SaturationPanel", "f > 0.9: the cell keeps its memory; f < 0.1: the cell erases it.")),
    "i": (QT_TRANSLATE_NOOP("SaturationPanel", "input gate"),
          QT_TRANSLATE_NOOP("SaturationPanel", "i > 0.9: the candidate g is written into the cell; i < 0.1: it is "
                                               "ignored.")),
    "o": (QT_TRANSLATE_NOOP("SaturationPanel", "output gate"),
          QT_TRANSLATE_NOOP("SaturationPanel", "o > 0.9: the cell is shown through h; o < 0.1: it is hidden.")),
    "z": (QT_TRANSLATE_NOOP("SaturationPanel", "update gate"),
          QT_TRANSLATE_NOOP("SaturationPanel", "z > 0.9: the unit keeps its previous hidden state; z < 0.1: it "
                                               "replaces it with the new content n.")),
    "r": (QT_TRANSLATE_NOOP("SaturationPanel", "reset gate"),
          QT_TRANSLATE_NOOP("SaturationPanel", "r > 0.9: the new content reads all of the previous hidden state; "
                                               "r < 0.1: it ignores it (a fresh start).")),
}
LSTM_GATES = ("f", "i", "o")
NO_GATES = QT_TRANSLATE_NOOP("SaturationPanel", "A plain RNN has <b>no gates</b>: nothing here can saturate.<br>Its "
                                                "hidden state h, squashed by tanh, is in the heatmaps below.")


def _gate_text(text: str) -> str:
    return QCoreApplication.translate("SaturationPanel", text)


def compact_count(value: float) -> str:
    """``1500`` -> ``"1.5k"``, ``2_000_000`` -> ``"2M"``: short tick labels for samples seen."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.4g}{suffix}"
    return f"{value:.4g}"


class CountAxis(pg.AxisItem):
    """A bottom axis whose tick labels stay short (``20k`` rather than ``20000``)."""

    def __init__(self) -> None:
        super().__init__("bottom")

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [compact_count(value * scale) for value in values]


def _key(colour: str, text: str, mark: str = "━") -> str:
    """A legend entry for a caption: coloured mark, then the text."""
    return f"<span style='color:{colour}'>{mark}</span>&nbsp;{text}"


def _add_plot(layout: pg.GraphicsLayout, title: str = "", left: str = "") -> pg.PlotItem:
    """A plot whose axes rarely need repainting (see the module docstring)."""
    plot = layout.addPlot(axisItems={"bottom": CountAxis()})
    _name_plot(plot, title, left)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setStyle(tickLength=4)
        axis.enableAutoSIPrefix(False)
    plot.enableAutoRange(axis="x", enable=False)
    plot.setXRange(0, 1, padding=0)
    return plot


def _name_plot(plot: pg.PlotItem, title: str, left: str = "", bottom: str = "") -> None:
    """A curve plot's title and axis labels (the bottom one: samples seen, unless given)."""
    plot.setTitle(title, size="9pt")
    plot.setLabel("bottom", bottom or QCoreApplication.translate("CurvesPanel", "samples seen"))
    if left:
        plot.setLabel("left", left)


def _percent_plot(plot: pg.PlotItem) -> None:
    """0..100 % with dotted reference lines at the major ticks (a grid that costs no axis repaints)."""
    plot.setYRange(0, 100, padding=0.02)
    plot.enableAutoRange(axis="y", enable=False)
    pen = pg.mkPen(active_theme().reference, width=1, style=Qt.PenStyle.DotLine)
    for level in (20, 40, 60, 80, 100):
        plot.addItem(pg.InfiniteLine(pos=level, angle=0, pen=pen), ignoreBounds=True)


def _live_curve(plot: pg.PlotItem, **style: object) -> pg.PlotDataItem:
    """A curve for a long, growing series: peak downsampling and clipping keep it cheap."""
    curve = plot.plot(**style)
    curve.setDownsampling(auto=True, method="peak")
    curve.setClipToView(True)
    return curve


def _placeholder(plot: pg.PlotItem, html: str, x: float, y: float) -> pg.TextItem:
    """Muted, centred text at ``(x, y)`` of an empty plot; hidden once data arrives."""
    item = pg.TextItem(html="", anchor=(0.5, 0.5))
    _set_placeholder(item, html)
    item.setTextWidth(170)
    item.setPos(x, y)
    plot.addItem(item, ignoreBounds=True)
    return item


def _set_placeholder(item: pg.TextItem, html: str) -> None:
    """A placeholder's words (muted, centred)."""
    item.setHtml(f"<div style='text-align:center; color:{active_theme().muted}'>{html}</div>")


class CurvesPanel(pg.GraphicsLayoutWidget):
    """Training loss and accuracy (running train, smoothed, and test per epoch) over samples seen.

    ``for_script``: the curves of a user's own script (File → Attach): against steps, its own loss,
    no test accuracy per epoch. Its owner calls :meth:`retranslate` when the language changes.
    """

    def __init__(self, parent: QWidget | None = None, for_script: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("curvesPanel")
        self.for_script = for_script
        self.theme = theme = active_theme()
        train, smooth, test = theme.train_curve, theme.smooth_curve, theme.test_curve
        self.loss_plot = _add_plot(self.ci)
        self.loss_plot.setYRange(0, 2.5, padding=0)
        self.loss_curve = _live_curve(self.loss_plot, pen=pg.mkPen(train, width=1))
        self.loss_smooth = _live_curve(self.loss_plot, pen=pg.mkPen(smooth, width=2))
        self.accuracy_plot = _add_plot(self.ci)
        _percent_plot(self.accuracy_plot)
        self.accuracy_curve = _live_curve(self.accuracy_plot, pen=pg.mkPen(train, width=1))
        self.accuracy_smooth = _live_curve(self.accuracy_plot, pen=pg.mkPen(smooth, width=2))
        # Dots outlined in the background colour stand clear of the curves under them.
        self.test_curve = self.accuracy_plot.plot(pen=pg.mkPen(test, width=2), symbol="o", symbolSize=10,
                                                  symbolBrush=test,
                                                  symbolPen=pg.mkPen(theme.plot_background, width=1.5))
        self.placeholder = _placeholder(self.loss_plot, "", 0.5, 1.25)
        self.nextRow()
        self.key = self.addLabel("", colspan=2, size="9pt")
        self._run_lines: list[tuple[pg.InfiniteLine, pg.InfiniteLine]] = []
        self._drawn_version = -1
        self._x_range = (0.0, 1.0)
        self._accuracy_bottom = 0
        #: The second plot's metric: accuracy in percent (digits) unless a followed run says otherwise.
        self.metric_label: str | None = None
        self.metric_percent = True
        self.retranslate()

    def retranslate(self) -> None:
        """Titles, axis labels, the key, the placeholder and the tooltip in the current language."""
        theme = self.theme
        if self.for_script:
            _name_plot(self.loss_plot, self.tr("Training loss"), self.tr("loss"), self.tr("step"))
            _name_plot(self.accuracy_plot, self.tr("Accuracy"), "%", self.tr("step"))
            _set_placeholder(self.placeholder, self.tr("Waiting for the script's ls.log(step, loss=…)"))
            logged, smoothed = self.tr("as logged"), self.tr("smoothed")
            self.key.setText(_key(theme.train_curve, logged) + " &nbsp; " + _key(theme.smooth_curve, smoothed),
                             size="9pt")
        else:
            label = metric_label(self.metric_label) if self.metric_label else None
            _name_plot(self.loss_plot, self.tr("Training loss"), self.tr("cross-entropy"))
            _name_plot(self.accuracy_plot, label or self.tr("Accuracy"), "%" if self.metric_percent else label)
            _set_placeholder(self.placeholder, self.tr("Press <b>Train</b> (F5)<br>to watch it learn"))
            tested = self.tr("held-out {metric} after each epoch").format(metric=label) if label else \
                self.tr("test accuracy after each epoch")
            self.key.setText(" &nbsp; ".join([_key(theme.train_curve, self.tr("running mean")),
                                              _key(theme.smooth_curve, self.tr("smoothed")),
                                              _key(theme.test_curve, tested, "●")]), size="9pt")
        self.setToolTip(self.tr("Running training loss and accuracy (means over the batches since the previous "
                                "update),\ntheir smoothed trend, and test accuracy after each epoch (dots), against "
                                "samples seen.\nThe axis spans the whole run; dashed lines mark where a later run "
                                "continued this model.\nRight-click a plot for log scale, export and more."))

    def set_metric(self, label: str | None, percent: bool) -> None:
        """The second plot shows this metric (its core label, ``"bits per character"``; ``None``: accuracy in
        percent, as the Train tab's runs), said in the app's language."""
        if (label, percent) == (self.metric_label, self.metric_percent):
            return
        self.metric_label, self.metric_percent = label, percent
        self._drawn_version = -1  # redraw the curves on the new scale
        if percent:
            self._accuracy_bottom = -1
            self.accuracy_plot.enableAutoRange(axis="y", enable=False)
        else:
            self.accuracy_plot.enableAutoRange(axis="y")
        self.retranslate()

    def show_history(self, history: TrainingHistory) -> bool:
        """Draw the history if it changed; return True if something was drawn."""
        if history.curves_version == self._drawn_version:
            return False
        self._drawn_version = history.curves_version
        x = history.train.column(0)
        self.placeholder.setVisible(len(x) == 0)
        if history.x_range != self._x_range:
            self._x_range = history.x_range
            for plot in (self.loss_plot, self.accuracy_plot):
                plot.setXRange(*self._x_range, padding=0.01)
        if len(x):
            self.loss_plot.enableAutoRange(axis="y")
        self.loss_curve.setData(x, history.train.column(1))
        scale = 100 if self.metric_percent else 1
        self.accuracy_curve.setData(x, history.train.column(2) * scale)
        self.loss_smooth.setData(x, history.train.column(3))
        self.accuracy_smooth.setData(x, history.train.column(4) * scale)
        self.test_curve.setData(history.test.column(0), history.test.column(1) * scale)
        if self.metric_percent:
            self._fit_accuracy(history)
        elif len(x):
            self.accuracy_plot.enableAutoRange(axis="y")
        self._show_run_starts(history.run_starts)
        return True

    def _fit_accuracy(self, history: TrainingHistory) -> None:
        """Zoom the accuracy axis in steps (0, 50, 80, 90 to 100 %) so that high accuracies show detail."""
        values = [history.train.column(2), history.train.column(4), history.test.column(1)]
        lowest = min((float(v.min()) for v in values if len(v)), default=0.0) * 100
        bottom = max(level for level in (0, 50, 80, 90) if level <= lowest - 1 or level == 0)
        if bottom != self._accuracy_bottom:
            self._accuracy_bottom = bottom
            self.accuracy_plot.setYRange(bottom, 100, padding=0.02)

    def _show_run_starts(self, starts: list[float]) -> None:
        """A dashed vertical line wherever a later run continued this model."""
        wanted = [x for x in starts if x > 0]
        while len(self._run_lines) > len(wanted):
            for plot, line in zip((self.loss_plot, self.accuracy_plot), self._run_lines.pop()):
                plot.removeItem(line)
        for x in wanted[len(self._run_lines):]:
            pair = []
            for plot in (self.loss_plot, self.accuracy_plot):
                line = pg.InfiniteLine(pos=x, angle=90, pen=pg.mkPen(self.theme.faint, style=Qt.PenStyle.DashLine))
                plot.addItem(line, ignoreBounds=True)
                pair.append(line)
            self._run_lines.append((pair[0], pair[1]))


class SaturationPanel(pg.GraphicsLayoutWidget):
    """Per gate of the cell (f i o, z r, or none) and layer: the share of probe-batch values above 0.9
    (bold) and below 0.1 (thin). The plots follow the cell: they are rebuilt only when its gates change.

    ``for_script``: against a script's steps (File → Attach) instead of samples seen. Its owner calls
    :meth:`retranslate` when the language changes.
    """

    def __init__(self, parent: QWidget | None = None, for_script: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("saturationPanel")
        self.for_script = for_script
        self.layer_colours = active_theme().layer_colours
        self.gates: tuple[str, ...] | None = None
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: list[dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]]] = []
        self.placeholder: pg.TextItem | None = None
        self.note = ""  # the text shown instead of plots (a cell without gates)
        self.note_label: pg.LabelItem | None = None
        self.legend: pg.LabelItem | None = None
        self._drawn_version = -1
        self._x_range = (0.0, 1.0)
        self._top = 100
        self.set_gates(LSTM_GATES)

    def set_gates(self, gates: tuple[str, ...]) -> None:
        """Show one plot per gate (``("f", "i", "o")``, ``("z", "r")``); ``()`` says the cell has none."""
        if gates == self.gates:
            return
        self.clear()
        self.gates, self.plots, self.curves = gates, {}, []
        self._drawn_version, self._top = -1, 100
        self.note = "" if gates else _gate_text(NO_GATES)
        self.note_label = self.legend = None
        if not gates:
            self.placeholder = None
            self.note_label = self.addLabel("", size="10pt")
            self.retranslate()
            return
        for name in gates:
            plot = _add_plot(self.ci)
            _percent_plot(plot)
            plot.setXRange(*self._x_range, padding=0.01)
            self.plots[name] = plot
        self.nextRow()
        self.legend = self.addLabel("", colspan=len(gates), size="9pt")
        self.placeholder = _placeholder(self.plots[gates[len(gates) // 2]], "", 0.5, 50)
        self.retranslate()

    def retranslate(self) -> None:
        """Titles, axis labels, tooltips, the key and the notes in the current language."""
        if self.note_label is not None:
            self.note = _gate_text(NO_GATES)
            self.note_label.setText(f"<div style='color:{active_theme().muted}'>{self.note}</div>", size="10pt")
        gates = self.gates or ()
        for name, plot in self.plots.items():
            title, meaning = GATES[name]
            _name_plot(plot, f"<b>{name}</b> · {_gate_text(title)}", self.tr("% of values") if name == gates[0] else "",
                       self.tr("step") if self.for_script else "")
            plot.setToolTip(_gate_text(meaning) + "\n" + self.tr("Share of all values over the probe batch (every "
                                                                 "digit, timestep and unit): bold line > 0.9, thin "
                                                                 "pale line < 0.1."))
        if self.placeholder is not None:
            _set_placeholder(self.placeholder, self.tr("How many gate values sit near 0 or 1, while training"))
        self._name_layers()

    def set_layers(self, layers: int) -> None:
        """Create the curves for ``layers`` layers (only when the count changes)."""
        if layers == len(self.curves) or not self.plots:
            return
        for per_gate in self.curves:
            for name, (high, low) in per_gate.items():
                self.plots[name].removeItem(high)
                self.plots[name].removeItem(low)
        self.curves = [self._layer_curves(layer) for layer in range(layers)]
        self._name_layers()
        self._drawn_version = -1

    def _name_layers(self) -> None:
        """The key under the plots: a colour per layer, and what bold and thin lines mean."""
        if self.legend is None or not self.curves:
            return
        colours = self.layer_colours
        keys = " ".join(_key(colours[k % len(colours)], self.tr("layer {layer}").format(layer=k + 1))
                        for k in range(len(self.curves)))
        self.legend.setText(keys + " &nbsp;·&nbsp; " + self.tr("bold: values &gt; 0.9 &nbsp;·&nbsp; thin, pale: "
                                                               "values &lt; 0.1"), size="9pt")

    def _fit_height(self, highest: float) -> None:
        """Zoom to 0..20/40/60/80/100 %: small shares stay visible; the axis changes only in steps."""
        top = next(level for level in (20, 40, 60, 80, 100) if highest <= level * 0.95 or level == 100)
        if top != self._top:
            self._top = top
            for plot in self.plots.values():
                plot.setYRange(0, top, padding=0.02)

    def _layer_curves(self, layer: int) -> dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]]:
        colour = self.layer_colours[layer % len(self.layer_colours)]
        curves = {}
        for name, plot in self.plots.items():
            high = _live_curve(plot, pen=pg.mkPen(colour, width=2))
            # Solid, not dashed: Qt draws long dashed polylines about 20x slower (measured).
            pale = pg.mkColor(colour)
            pale.setAlpha(130)
            low = _live_curve(plot, pen=pg.mkPen(pale, width=1))
            curves[name] = (high, low)
        return curves

    def show_history(self, history: TrainingHistory) -> bool:
        """Draw the saturation history if it changed; return True if something was drawn."""
        if history.x_range != self._x_range:
            self._x_range = history.x_range
            for plot in self.plots.values():
                plot.setXRange(*self._x_range, padding=0.01)
        if history.saturation_version == self._drawn_version or not self.plots:
            return False
        x, fractions = history.saturation_series()
        if len(x) and history.saturation_gates != self.gates:
            return False  # a trace of another cell is on its way: set_gates comes first
        if len(x) and fractions.shape[1] != len(self.curves):
            self.set_layers(fractions.shape[1])
        self._drawn_version = history.saturation_version
        self.placeholder.setVisible(len(x) == 0)
        self._fit_height(float(fractions.max()) * 100 if len(x) else 0.0)
        for layer, per_gate in enumerate(self.curves):
            for k, name in enumerate(self.gates):
                high, low = per_gate[name]
                high.setData(x, fractions[:, layer, k, 1] * 100 if len(x) else x)
                low.setData(x, fractions[:, layer, k, 0] * 100 if len(x) else x)
        return True
