"""Gate heatmaps of one probe digit: every layer, f i o g c h, units x 28 timesteps.

The digit is shown on the left. The LSTM reads it one image row per timestep, top to
bottom, so column t of every heatmap belongs to row t of the digit; hovering a heatmap
marks that row and reads the value out.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QWidget

from ..widgets._style import FIELD_ORDER, FIELDS, active_theme, colormap_for, make_heatmap, show_heatmap

SIGMOID_FIELDS = ("forget_gate", "input_gate", "output_gate")
TANH_FIELDS = ("candidate", "cell_state", "hidden_state")
STEPS = 28
SHORT_TITLES = {"forget_gate": "forget gate", "input_gate": "input gate", "output_gate": "output gate",
                "candidate": "candidate", "cell_state": "cell state", "hidden_state": "hidden state"}
#: What a value means, for the hover read-out (sigmoid gates as shares, the rest as numbers).
MEANING = {
    "forget_gate": "keeps {share} of the cell's previous value (erases the rest)",
    "input_gate": "writes {share} of the candidate g into the cell",
    "output_gate": "lets {share} of tanh(c) out as h",
}


def _heatmap_plot(layout: pg.GraphicsLayout, row: int, col: int) -> pg.PlotItem:
    plot = layout.addPlot(row=row, col=col)
    plot.setMouseEnabled(False, False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.invertY(True)
    plot.setDefaultPadding(0)
    plot.getAxis("bottom").setTicks([[(t + 0.5, str(t)) for t in (0, 7, 14, 21, 27)]])
    for name in ("left", "bottom"):
        # Outward ticks keep the axes out of the image's area, so a new frame does not repaint them.
        plot.getAxis(name).setStyle(tickLength=3)
        plot.getAxis(name).enableAutoSIPrefix(False)
    return plot


class GateHeatmapPanel(pg.GraphicsLayoutWidget):
    """The probe digit plus a heatmap per layer and field, with one colour bar per value range."""

    readout_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateHeatmaps")
        self.layers, self.hidden = 0, 0
        self.heatmaps: dict[tuple[int, str], pg.ImageItem] = {}
        self.plots: dict[tuple[int, str], pg.PlotItem] = {}
        self.values: dict[tuple[int, str], np.ndarray] = {}
        self.digit_item = pg.ImageItem(axisOrder="row-major")
        self.digit_item.setLookupTable(pg.colormap.get("CET-L1").getLookupTable(nPts=256, alpha=False))
        self.digit_item.setLevels((0.0, 1.0))
        self.row_marker = pg.InfiniteLine(angle=0, pen=pg.mkPen(active_theme().accent, width=2))
        self.row_marker.setVisible(False)
        self.prediction_label = pg.LabelItem("", justify="center")
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    # --- layout --------------------------------------------------------------------------
    def set_shape(self, layers: int, hidden: int) -> None:
        """Build the grid for ``layers`` x ``hidden`` (only when the shape changes)."""
        if (layers, hidden) == (self.layers, self.hidden):
            return
        if layers != self.layers:
            self._rebuild(layers)
        self.layers, self.hidden = layers, hidden
        for plot in self.plots.values():
            plot.setRange(xRange=(0, STEPS), yRange=(0, hidden), padding=0)
        self.values.clear()

    def _rebuild(self, layers: int) -> None:
        self.clear()
        self.heatmaps.clear()
        self.plots.clear()
        self._add_digit(layers)
        columns = {name: 1 + k + (k >= 3) for k, name in enumerate(FIELD_ORDER)}  # bar after o
        for layer in range(layers):
            for name, col in columns.items():
                plot = _heatmap_plot(self.ci, layer, col)
                self.heatmaps[(layer, name)] = make_heatmap(plot, name, colorbar=False)
                self.plots[(layer, name)] = plot
                self._label_plot(plot, layer, name, layers)
        self._add_colour_bar("forget_gate", (0.0, 1.0), 4, layers)
        self._add_colour_bar("candidate", (-1.0, 1.0), 8, layers)
        for col in range(1, 9):
            self.ci.layout.setColumnStretchFactor(col, 0 if col in (4, 8) else 10)
        self.ci.layout.setColumnStretchFactor(0, 7)

    def _add_digit(self, layers: int) -> None:
        view = self.ci.addViewBox(row=0, col=0, rowspan=layers)
        view.setAspectLocked(True)
        view.invertY(True)
        view.setMouseEnabled(False, False)
        view.setMenuEnabled(False)
        view.addItem(self.digit_item)
        view.addItem(self.row_marker, ignoreBounds=True)
        view.setRange(xRange=(0, STEPS), yRange=(0, STEPS), padding=0.02)
        self.digit_view = view
        self.ci.addItem(self.prediction_label, row=layers, col=0)

    def _label_plot(self, plot: pg.PlotItem, layer: int, name: str, layers: int) -> None:
        if layer == 0:
            plot.setTitle(f"<b>{FIELDS[name][1]}</b> · {SHORT_TITLES[name]}", size="10pt")
        if name == FIELD_ORDER[0]:
            plot.setLabel("left", f"layer {layer + 1} · unit")
        else:
            plot.getAxis("left").setStyle(showValues=False)
        if layer == layers - 1:
            plot.setLabel("bottom", "timestep")
        else:
            plot.getAxis("bottom").setStyle(showValues=False)

    def _add_colour_bar(self, field: str, values: tuple[float, float], col: int, layers: int) -> None:
        bar = pg.ColorBarItem(values=values, colorMap=colormap_for(field), interactive=False, width=12,
                              colorMapMenu=False)
        bar.setToolTip("i, f, o are sigmoids: 0..1" if values[0] == 0 else
                       "g, c, h live in -1..1 (c can exceed ±1; its colour then clips)")
        self.ci.addItem(bar, row=0, col=col, rowspan=layers)

    # --- data ----------------------------------------------------------------------------
    def show_sample(self, trace: Any, index: int, layers: list[int] | None = None) -> None:
        """Show probe digit ``index`` of ``trace`` (a Trace) in the heatmaps of ``layers`` (all if None)."""
        self.set_shape(trace.num_layers, trace.hidden_size)
        for (layer, name), item in self.heatmaps.items():
            if layers is None or layer in layers:
                show_heatmap(item, name, getattr(trace, name)[layer, index].T)  # [units, timesteps]
                self.values[(layer, name)] = item.image
        if trace.inputs is not None:
            self.digit_item.setImage(np.ascontiguousarray(trace.inputs[index], dtype=np.float32),
                                     autoLevels=False, levels=(0.0, 1.0))

    def show_prediction(self, label: int | None, probabilities: np.ndarray | None) -> None:
        """Caption under the digit: its label and what the network predicts now."""
        if probabilities is None:
            self.prediction_label.setText("")
            return
        predicted = int(np.argmax(probabilities))
        correct = label is None or predicted == label
        theme = active_theme()
        colour = theme.good if correct else theme.error
        known = "" if label is None else f"label {label} · "
        self.prediction_label.setText(
            f"{known}<span style='color:{colour}'>predicts <b>{predicted}</b> "
            f"({probabilities[predicted]:.0%})</span>", size="10pt")

    # --- hover read-out -----------------------------------------------------------------
    def _on_mouse_moved(self, position: QPointF) -> None:
        for key, plot in self.plots.items():
            if plot.vb.sceneBoundingRect().contains(position) and key in self.values:
                point = plot.vb.mapSceneToView(position)
                self.readout_changed.emit(self._describe(key, int(point.x()), int(point.y())))
                return
        self.row_marker.setVisible(False)

    def _describe(self, key: tuple[int, str], step: int, unit: int) -> str:
        values = self.values[key]
        if not (0 <= unit < values.shape[0] and 0 <= step < values.shape[1]):
            self.row_marker.setVisible(False)
            return ""
        self.row_marker.setPos(step + 0.5)
        self.row_marker.setVisible(True)
        layer, name = key
        value = float(values[unit, step])
        text = f"layer {layer + 1} · {FIELDS[name][0]} · unit {unit} · timestep {step}: {value:+.3f}"
        if name in MEANING:
            text += " — " + MEANING[name].format(share=f"{value:.0%}")
        return text
