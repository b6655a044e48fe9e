"""Gate saturation scatter plots (Karpathy, Johnson & Fei-Fei 2015, "Visualizing and Understanding RNNs").

One point per unit: x = fraction of steps its gate is below 0.1 (left-saturated),
y = fraction above 0.9 (right-saturated). Points near (0, 1) are gates that are almost
always open; for the forget gate that means a unit that keeps its memory.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ..i18n import on_language_change
from ..widgets._plots import label_plot, light_view, style_plot
from ..widgets._style import active_theme
from ..widgets._text import weights_phrase

if TYPE_CHECKING:
    from ...analysis import GateSaturation

#: Per gate (short name): file name and title. The memory-keeping gate (f, z) comes first.
GATES = {
    "f": ("forget_gate", QT_TRANSLATE_NOOP("SaturationPanel", "Forget gate f")),
    "z": ("update_gate", QT_TRANSLATE_NOOP("SaturationPanel", "Update gate z")),
    "i": ("input_gate", QT_TRANSLATE_NOOP("SaturationPanel", "Input gate i")),
    "r": ("reset_gate", QT_TRANSLATE_NOOP("SaturationPanel", "Reset gate r")),
    "o": ("output_gate", QT_TRANSLATE_NOOP("SaturationPanel", "Output gate o")),
}
NO_GATES = QT_TRANSLATE_NOOP("SaturationPanel", "A plain RNN has <b>no gates</b>: nothing here can saturate. Its "
                                                "tanh hidden state is in the Gates sub-tab; compare its gradient "
                                                "flow with a GRU's or an LSTM's in Prediction &amp; gradient.")
KEEP_SENTENCE = {
    "f": QT_TRANSLATE_NOOP("SaturationPanel", "An open forget gate <i>keeps</i> the memory; a closed one "
                                              "<i>erases</i> it."),
    "z": QT_TRANSLATE_NOOP("SaturationPanel", "An open update gate <i>keeps</i> the previous hidden state; a closed "
                                              "one <i>replaces</i> it."),
}
#: A text, or a function that says it in the current language.
Text = str | Callable[[], str]


def _tr(text: str) -> str:
    """A text marked with ``QT_TRANSLATE_NOOP("SaturationPanel", ...)``, in the current language."""
    return QCoreApplication.translate("SaturationPanel", text)


def summary_html(result: GateSaturation) -> str:
    """A table: per layer and gate, how many units are open / closed on more than half of the steps."""
    translate = QCoreApplication.translate
    if not result.gates:
        return f"<p>{_tr(NO_GATES)}</p>"
    layers, units = result.fractions.shape[2], result.fractions.shape[3]
    header = "".join(f"<th>&nbsp;{_tr(GATES[gate][1])}&nbsp;</th>" for gate in result.gates)
    rows = []
    for layer in range(layers):
        cells = []
        for gate in result.gates:
            opened = int((result.right(gate)[layer] > 0.5).sum())
            closed = int((result.left(gate)[layer] > 0.5).sum())
            cells.append("<td align='center'>" + translate("SaturationPanel", "{open} open · {closed} closed").format(
                open=opened, closed=closed) + "</td>")
        name = translate("SaturationPanel", "Layer {layer}").format(layer=layer + 1)
        rows.append(f"<tr><td><b>{name}</b>&nbsp;</td>{''.join(cells)}</tr>")
    keep = next((_tr(KEEP_SENTENCE[gate]) for gate in result.gates if gate in KEEP_SENTENCE), "")
    intro = translate("SaturationPanel", "Units (of {units} per layer) whose gate is <b>open</b> (&gt; 0.9) or "
                                         "<b>closed</b> (&lt; 0.1) on more than half of all steps.").format(units=units)
    return (f"<p>{intro} {keep}</p><table cellspacing='6'><tr><th></th>{header}</tr>"
            f"{''.join(rows)}</table>")


class SaturationPanel(QWidget):
    """Three scatter plots and a button that recomputes them with the current weights.

    Its texts follow the language: :meth:`set_busy`, :meth:`set_failed`, :meth:`set_stale`,
    :meth:`set_result` and :meth:`set_training` say what is going on, and it says it again after a switch.
    """

    recompute_requested = Signal(int)  # sample size
    unit_clicked = Signal(int, int)    # layer, unit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = light_view()
        self.gates: tuple[str, ...] | None = None
        self.plots: dict[str, pg.PlotItem] = {}
        self.scatters: dict[str, list[pg.ScatterPlotItem]] = {}
        self.set_gates(("f", "i", "o"))
        self.button = QPushButton()
        self.button.clicked.connect(lambda: self.recompute_requested.emit(self.sample_size.value()))
        self.sample_size = QSpinBox()
        self.sample_size.setRange(16, 10000)
        self.sample_size.setValue(256)
        self.sample_size.setSingleStep(64)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.result: GateSaturation | None = None
        self._state: tuple[str, Text | int | None] = ("idle", None)
        self._source: object = None  # the snapshot the result was measured with
        self._steps = 28
        self._training = False
        self._build_layout()
        self.retranslate()
        on_language_change(self, self.retranslate)

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(self.button)
        self.sample_label = QLabel()
        controls.addWidget(self.sample_label)
        controls.addWidget(self.sample_size)
        controls.addWidget(self.status, stretch=1)
        self.explain = explain = QLabel()
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(explain)
        # Square-ish plots read best; the room below holds the summary.
        self.view.setMaximumHeight(470)
        layout.addWidget(self.view, stretch=1)
        layout.addWidget(self.summary)
        layout.addStretch(0)

    def retranslate(self) -> None:
        """Every text of the panel in the current language (the plots and their points stay)."""
        self.view.setToolTip(self.tr("One point per unit. x: fraction of steps the gate is below 0.1 "
                                     "(left-saturated); y: fraction above 0.9 (right-saturated). Click a point to "
                                     "inspect that unit."))
        self.button.setToolTip(self.tr("Run the sampled test digits through the current model (during training: "
                                       "the latest weights) and redraw. Runs in the background."))
        self.sample_size.setSuffix(self.tr(" digits"))
        self.sample_size.setToolTip(self.tr("How many test digits (a fixed random sample) to measure over."))
        self.summary.setToolTip(self.tr("Units whose gate is saturated on more than half of all steps."))
        self.sample_label.setText(self.tr("Sample:"))
        self.explain.setText(self.tr("Gate saturation (Karpathy, Johnson &amp; Fei-Fei 2015): each point is one "
                                     "unit; <b>x</b> = fraction of steps its gate is <b>below 0.1</b> (closed), "
                                     "<b>y</b> = fraction <b>above 0.9</b> (open). A forget gate (or a GRU's update "
                                     "gate) that is open <i>keeps</i> the memory; a closed one <i>erases</i> it. "
                                     "Points on the diagonal are always saturated."))
        for scatters in self.scatters.values():
            for layer, scatter in enumerate(scatters):
                scatter.opts["name"] = self.tr("layer {layer}").format(layer=layer + 1)
        for gate, plot in self.plots.items():
            self._name_plot(plot, gate)
        self.set_training(self._training)
        self._show_status()
        if self.result is not None:
            self.summary.setText(summary_html(self.result))

    def set_training(self, running: bool) -> None:
        """Say on the button which weights a recomputation would use."""
        self._training = running
        self.button.setText(self.tr("Recompute with the latest training weights") if running
                            else self.tr("Recompute with current weights"))

    def set_gates(self, gates: tuple[str, ...]) -> None:
        """One scatter plot per gate of the cell (made again only when the gates change); none for a plain RNN."""
        if gates == self.gates:
            return
        self.view.clear()
        self.gates, self.plots = gates, {}
        self.scatters = {gate: [] for gate in gates}
        for column, gate in enumerate(gates):
            self.plots[gate] = self._make_plot(column, gate)
        self.view.setVisible(bool(gates))  # a plain RNN: the summary below says why there is nothing to plot

    def _make_plot(self, column: int, gate: str) -> pg.PlotItem:
        plot = style_plot(self.view.addPlot(row=0, col=column))
        self._name_plot(plot, gate)
        plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0.04)
        plot.showGrid(x=True, y=True, alpha=0.2)
        theme = active_theme()
        plot.plot([0, 1], [1, 0], pen=pg.mkPen(theme.faint, width=1, style=Qt.PenStyle.DashLine))
        plot.addLegend(offset=(-5, 5), labelTextSize="9pt", labelTextColor=theme.foreground)
        return plot

    def _name_plot(self, plot: pg.PlotItem, gate: str) -> None:
        # Axis labels are rich text: "<" must be escaped.
        label_plot(plot, _tr(GATES[gate][1]), self.tr("fraction of steps &gt; 0.9 (right-saturated)"),
                   self.tr("fraction of steps &lt; 0.1 (left-saturated)"))
        if plot.legend is not None:
            for sample, label in plot.legend.items:
                label.setText(sample.item.opts.get("name", ""))

    def _show_status(self) -> None:
        state, detail = self._state
        if state == "busy":
            text = self.tr("Measuring {count} digits in the background…").format(count=detail)
        elif state == "failed":
            text = self.tr("Failed: {problem}").format(problem=detail() if callable(detail) else detail)
        elif state == "stale":
            text = self.tr("The model changed: press Recompute to measure the new weights.")
        elif state == "result" and self.result is not None:
            gates = "" if self.result.gates else self.tr(": a plain RNN has no gates, so nothing saturates")
            source = self.tr("with {weights}").format(weights=weights_phrase(self._source)) \
                if not isinstance(self._source, str) else self._source
            text = self.tr("{count} test digits × {steps} steps, {source}{gates}.").format(
                count=self.result.sample_count, steps=self._steps, source=source, gates=gates)
        else:
            text = self.tr("Not computed yet.")
        self.status.setText(text)

    def set_busy(self, count: int) -> None:
        """A computation over ``count`` digits runs: disable the button and say so."""
        self.button.setEnabled(False)
        self._state = ("busy", count)
        self._show_status()

    def set_failed(self, message: Text) -> None:
        """Show a failed computation's one-line error (or a function saying why in the current language)."""
        self.button.setEnabled(True)
        self._state = ("failed", message)
        self._show_status()

    def set_stale(self) -> None:
        """The model changed since the result shown: say that Recompute measures the new weights."""
        self._state = ("stale", None)
        self._show_status()

    def set_result(self, result: GateSaturation, source: object, steps: int = 28) -> None:
        """Draw ``result``; ``source`` is the snapshot it was computed with (or a text saying which weights);
        ``steps`` per digit."""
        self.result = result
        self.button.setEnabled(True)
        self.set_gates(tuple(result.gates))
        layers = result.fractions.shape[2]
        for gate in result.gates:
            self._ensure_scatters(gate, layers)
            for layer, scatter in enumerate(self.scatters[gate]):
                left, right = result.left(gate)[layer], result.right(gate)[layer]
                scatter.setData(x=left, y=right, data=[(layer, unit) for unit in range(len(left))])
        self._state, self._source, self._steps = ("result", None), source, steps
        self._show_status()
        self.summary.setText(summary_html(result))

    def _ensure_scatters(self, gate: str, layers: int) -> None:
        if len(self.scatters[gate]) == layers:
            return
        plot = self.plots[gate]
        for scatter in self.scatters[gate]:
            plot.removeItem(scatter)
        self.scatters[gate] = []
        theme = active_theme()
        for layer in range(layers):
            colour = theme.layer_colours[layer % len(theme.layer_colours)]
            # Outlined in the background colour: overlapping points stay countable.
            scatter = pg.ScatterPlotItem(size=7, pen=pg.mkPen(theme.plot_background, width=0.5),
                                         brush=pg.mkBrush(colour),
                                         name=self.tr("layer {layer}").format(layer=layer + 1), hoverable=True,
                                         tip=self._point_tip)
            scatter.setOpacity(0.8)
            scatter.sigClicked.connect(self._on_points_clicked)
            plot.addItem(scatter)
            self.scatters[gate].append(scatter)

    @staticmethod
    def _point_tip(x: float, y: float, data: object) -> str:
        layer, unit = data
        return QCoreApplication.translate("SaturationPanel", "layer {layer}, unit {unit}\n{low} of steps < 0.1, "
                                                             "{high} > 0.9").format(
            layer=layer + 1, unit=unit, low=f"{x:.0%}", high=f"{y:.0%}")

    @Slot(object, object, object)
    def _on_points_clicked(self, _scatter: object, points: np.ndarray, _event: object = None) -> None:
        if len(points):
            layer, unit = points[0].data()
            self.unit_clicked.emit(int(layer), int(unit))

    def plot_items(self) -> dict[str, pg.PlotItem]:
        """The plots to export, by file-friendly name."""
        return {f"saturation_{GATES[gate][0]}": plot for gate, plot in self.plots.items()}
