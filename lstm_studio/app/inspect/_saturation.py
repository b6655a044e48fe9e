"""Gate saturation scatter plots (Karpathy, Johnson & Fei-Fei 2015, "Visualizing and Understanding RNNs").

One point per unit: x = fraction of steps its gate is below 0.1 (left-saturated),
y = fraction above 0.9 (right-saturated). Points near (0, 1) are gates that are almost
always open; for the forget gate that means a unit that keeps its memory.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ..widgets._plots import light_view, style_plot
from ..widgets._style import active_theme

if TYPE_CHECKING:
    from ...analysis import GateSaturation

#: Per gate (short name): file name, title, where its points sit. The memory-keeping gate (f, z) comes first.
GATES = {
    "f": ("forget_gate", "Forget gate f", "near (0, 1): keeps its memory almost always; near (1, 0): erases it"),
    "z": ("update_gate", "Update gate z", "near (0, 1): keeps its previous hidden state almost always; "
                                          "near (1, 0): replaces it with new content"),
    "i": ("input_gate", "Input gate i", "near (0, 1): always writes; near (1, 0): never writes"),
    "r": ("reset_gate", "Reset gate r", "near (0, 1): the new content reads all of h(t−1); near (1, 0): "
                                        "it starts afresh"),
    "o": ("output_gate", "Output gate o", "near (0, 1): always shows its cell; near (1, 0): hides it"),
}
NO_GATES = ("A plain RNN has <b>no gates</b>: nothing here can saturate. Its tanh hidden state is in the Gates "
            "sub-tab; compare its gradient flow with a GRU's or an LSTM's in Prediction &amp; gradient.")
KEEP_SENTENCE = {
    "f": "An open forget gate <i>keeps</i> the memory; a closed one <i>erases</i> it.",
    "z": "An open update gate <i>keeps</i> the previous hidden state; a closed one <i>replaces</i> it.",
}


def summary_html(result: GateSaturation) -> str:
    """A table: per layer and gate, how many units are open / closed on more than half of the steps."""
    if not result.gates:
        return f"<p>{NO_GATES}</p>"
    layers, units = result.fractions.shape[2], result.fractions.shape[3]
    header = "".join(f"<th>&nbsp;{GATES[gate][1]}&nbsp;</th>" for gate in result.gates)
    rows = []
    for layer in range(layers):
        cells = []
        for gate in result.gates:
            opened = int((result.right(gate)[layer] > 0.5).sum())
            closed = int((result.left(gate)[layer] > 0.5).sum())
            cells.append(f"<td align='center'>{opened} open · {closed} closed</td>")
        rows.append(f"<tr><td><b>Layer {layer + 1}</b>&nbsp;</td>{''.join(cells)}</tr>")
    keep = next((KEEP_SENTENCE[gate] for gate in result.gates if gate in KEEP_SENTENCE), "")
    return (f"<p>Units (of {units} per layer) whose gate is <b>open</b> (&gt; 0.9) or <b>closed</b> (&lt; 0.1) "
            f"on more than half of all steps. {keep}</p><table cellspacing='6'><tr><th></th>{header}</tr>"
            f"{''.join(rows)}</table>")


class SaturationPanel(QWidget):
    """Three scatter plots and a button that recomputes them with the current weights."""

    recompute_requested = Signal(int)  # sample size
    unit_clicked = Signal(int, int)    # layer, unit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = light_view()
        self.gates: tuple[str, ...] | None = None
        self.plots: dict[str, pg.PlotItem] = {}
        self.scatters: dict[str, list[pg.ScatterPlotItem]] = {}
        self.set_gates(("f", "i", "o"))
        self.view.setToolTip("One point per unit. x: fraction of steps the gate is below 0.1 (left-saturated); "
                             "y: fraction above 0.9 (right-saturated). Click a point to inspect that unit.")
        self.button = QPushButton("Recompute with current weights")
        self.button.setToolTip("Run the sampled test digits through the current model (during training: the "
                               "latest weights) and redraw. Runs in the background.")
        self.button.clicked.connect(lambda: self.recompute_requested.emit(self.sample_size.value()))
        self.sample_size = QSpinBox()
        self.sample_size.setRange(16, 10000)
        self.sample_size.setValue(256)
        self.sample_size.setSingleStep(64)
        self.sample_size.setSuffix(" digits")
        self.sample_size.setToolTip("How many test digits (a fixed random sample) to measure over.")
        self.status = QLabel("Not computed yet.")
        self.status.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setToolTip("Units whose gate is saturated on more than half of all steps.")
        self.result: GateSaturation | None = None
        self._build_layout()

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(self.button)
        controls.addWidget(QLabel("Sample:"))
        controls.addWidget(self.sample_size)
        controls.addWidget(self.status, stretch=1)
        explain = QLabel("Gate saturation (Karpathy, Johnson &amp; Fei-Fei 2015): each point is one unit; "
                         "<b>x</b> = fraction of steps its gate is <b>below 0.1</b> (closed), <b>y</b> = "
                         "fraction <b>above 0.9</b> (open). A forget gate (or a GRU's update gate) that is open "
                         "<i>keeps</i> the memory; a closed one <i>erases</i> it. Points on the diagonal are "
                         "always saturated.")
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

    def set_gates(self, gates: tuple[str, ...]) -> None:
        """One scatter plot per gate of the cell (made again only when the gates change); none for a plain RNN."""
        if gates == self.gates:
            return
        self.view.clear()
        self.gates, self.plots = gates, {}
        self.scatters = {gate: [] for gate in gates}
        for column, gate in enumerate(gates):
            self.plots[gate] = self._make_plot(column, GATES[gate][1])
        self.view.setVisible(bool(gates))  # a plain RNN: the summary below says why there is nothing to plot

    def _make_plot(self, column: int, title: str) -> pg.PlotItem:
        # Axis labels are rich text: "<" must be escaped.
        plot = style_plot(self.view.addPlot(row=0, col=column), title, "fraction of steps &gt; 0.9 (right-saturated)",
                          "fraction of steps &lt; 0.1 (left-saturated)")
        plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0.04)
        plot.showGrid(x=True, y=True, alpha=0.2)
        theme = active_theme()
        plot.plot([0, 1], [1, 0], pen=pg.mkPen(theme.faint, width=1, style=Qt.PenStyle.DashLine))
        plot.addLegend(offset=(-5, 5), labelTextSize="9pt", labelTextColor=theme.foreground)
        return plot

    def set_busy(self, message: str) -> None:
        """A computation runs: disable the button and say so."""
        self.button.setEnabled(False)
        self.status.setText(message)

    def set_failed(self, message: str) -> None:
        """Show a failed computation's one-line error."""
        self.button.setEnabled(True)
        self.status.setText(f"Failed: {message}")

    def set_result(self, result: GateSaturation, source: str, steps: int = 28) -> None:
        """Draw ``result`` (``source`` says which weights it was computed with; ``steps`` per digit)."""
        self.result = result
        self.button.setEnabled(True)
        self.set_gates(tuple(result.gates))
        layers = result.fractions.shape[2]
        for gate in result.gates:
            self._ensure_scatters(gate, layers)
            for layer, scatter in enumerate(self.scatters[gate]):
                left, right = result.left(gate)[layer], result.right(gate)[layer]
                scatter.setData(x=left, y=right, data=[(layer, unit) for unit in range(len(left))])
        gates = "" if result.gates else ": a plain RNN has no gates, so nothing saturates"
        self.status.setText(f"{result.sample_count} test digits × {steps} steps, {source}{gates}.")
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
                                         name=f"layer {layer + 1}", hoverable=True, tip=self._point_tip)
            scatter.setOpacity(0.8)
            scatter.sigClicked.connect(self._on_points_clicked)
            plot.addItem(scatter)
            self.scatters[gate].append(scatter)

    @staticmethod
    def _point_tip(x: float, y: float, data: object) -> str:
        layer, unit = data
        return f"layer {layer + 1}, unit {unit}\n{x:.0%} of steps < 0.1, {y:.0%} > 0.9"

    @Slot(object, object, object)
    def _on_points_clicked(self, _scatter: object, points: np.ndarray, _event: object = None) -> None:
        if len(points):
            layer, unit = points[0].data()
            self.unit_clicked.emit(int(layer), int(unit))

    def plot_items(self) -> dict[str, pg.PlotItem]:
        """The plots to export, by file-friendly name."""
        return {f"saturation_{GATES[gate][0]}": plot for gate, plot in self.plots.items()}
