"""Heatmaps of one probe digit: every layer, every field the cell traces, units x timesteps.

The fields come from the trace (``trace.fields``): f i o g c h for an LSTM, r z n h for a
GRU, h for a plain RNN. The plot items are made once per set of fields and layers and then
only fed with ``setImage``. The digit is shown on the left; the network reads it one image row
per timestep (or a few pixels per step), top to bottom, so hovering a heatmap marks the row
that step reads and reads the value out. Timesteps are numbered 1..T, as everywhere in the app.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, Signal
from PySide6.QtWidgets import QWidget

from ..i18n import field_label
from ..widgets._style import active_theme, colormap_for, display_order, field_tooltip, make_heatmap, show_heatmap

if TYPE_CHECKING:
    from ...cells import Field

SIDE = 28  # a digit is 28 x 28 pixels
#: What a gate's value means, for the hover read-out (as a share of what it acts on).
MEANING = {
    "f": QT_TRANSLATE_NOOP("GateHeatmapPanel", "keeps {share} of the cell's previous value (erases the rest)"),
    "i": QT_TRANSLATE_NOOP("GateHeatmapPanel", "writes {share} of the candidate g into the cell"),
    "o": QT_TRANSLATE_NOOP("GateHeatmapPanel", "lets {share} of tanh(c) out as h"),
    "z": QT_TRANSLATE_NOOP("GateHeatmapPanel", "keeps {share} of the previous hidden state (takes the rest from the "
                                               "new content n)"),
    "r": QT_TRANSLATE_NOOP("GateHeatmapPanel", "lets {share} of the previous hidden state into the new content n"),
}


def step_ticks(steps: int) -> list[tuple[float, str]]:
    """Tick marks for a timestep axis of ``steps`` columns: 1, a quarter, half, three quarters, T.

    Column ``t`` (1-based) spans ``[t − 1, t]``, so its label sits at ``t − 0.5``.
    """
    marks = sorted({1, *(round(steps * k / 4) for k in range(1, 5))} - {0})
    return [(t - 0.5, str(t)) for t in marks if t <= steps]


def _heatmap_plot(layout: pg.GraphicsLayout, row: int, col: int) -> pg.PlotItem:
    plot = layout.addPlot(row=row, col=col)
    plot.setMouseEnabled(False, False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.invertY(True)
    plot.setDefaultPadding(0)
    for name in ("left", "bottom"):
        # Outward ticks keep the axes out of the image's area, so a new frame does not repaint them.
        plot.getAxis(name).setStyle(tickLength=3)
        plot.getAxis(name).enableAutoSIPrefix(False)
    return plot


class GateHeatmapPanel(pg.GraphicsLayoutWidget):
    """The probe digit plus a heatmap per layer and field, with one colour bar per value range.

    Its owner calls :meth:`retranslate` when the language changes.
    """

    readout_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateHeatmaps")
        self.layers, self.hidden, self.steps = 0, 0, 0
        self.fields: list[Field] = []
        self.heatmaps: dict[tuple[int, str], pg.ImageItem] = {}
        self.plots: dict[tuple[int, str], pg.PlotItem] = {}
        self.values: dict[tuple[int, str], np.ndarray] = {}
        self.digit_item = pg.ImageItem(axisOrder="row-major")
        self.digit_item.setLookupTable(pg.colormap.get("CET-L1").getLookupTable(nPts=256, alpha=False))
        self.digit_item.setLevels((0.0, 1.0))
        self.row_marker = pg.InfiniteLine(angle=0, pen=pg.mkPen(active_theme().accent, width=2))
        self.row_marker.setVisible(False)
        self.prediction_label = pg.LabelItem("", justify="center")
        self._prediction: tuple[int | None, np.ndarray | None] = (None, None)
        self.bars: list[tuple[pg.ColorBarItem, Field]] = []
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def retranslate(self) -> None:
        """Titles, axis labels, tooltips and the prediction caption in the current language."""
        for (layer, name), plot in self.plots.items():
            field = next(f for f in self.fields if f.name == name)
            self._name_heatmap(plot, field, layer)
        for bar, field in self.bars:
            self._name_colour_bar(bar, field)
        self.show_prediction(*self._prediction)

    @property
    def names(self) -> tuple[str, ...]:
        """The short names of the fields shown, in display order."""
        return tuple(field.name for field in self.fields)

    # --- layout --------------------------------------------------------------------------
    def needs_rebuild(self, trace: Any) -> bool:
        """Whether showing ``trace`` needs new plot items (other fields or layers)."""
        return (tuple(f.name for f in display_order(trace.fields)), trace.num_layers) != (self.names, self.layers)

    def set_shape(self, fields: list[Field], layers: int, hidden: int, steps: int) -> None:
        """Build the grid for these fields and ``layers`` (only when they change); range it to ``hidden`` x
        ``steps``."""
        fields = display_order(fields)
        if (tuple(f.name for f in fields), layers) != (self.names, self.layers):
            self._rebuild(fields, layers)
            self.hidden = self.steps = 0
        if (hidden, steps) != (self.hidden, self.steps):
            self.hidden, self.steps = hidden, steps
            ticks = [step_ticks(steps)]
            for plot in self.plots.values():
                plot.setRange(xRange=(0, steps), yRange=(0, hidden), padding=0)
                plot.getAxis("bottom").setTicks(ticks)
            self.values.clear()

    def _rebuild(self, fields: list[Field], layers: int) -> None:
        self.clear()
        self.heatmaps.clear()
        self.plots.clear()
        self.values.clear()
        self.bars = []
        self.fields, self.layers = fields, layers
        self._add_digit(layers)
        gates = [f for f in fields if f.is_gate]
        others = [f for f in fields if not f.is_gate]
        column, bars = 1, []
        for group in (gates, others):
            if not group:
                continue
            for field in group:
                for layer in range(layers):
                    self._add_heatmap(field, layer, column)
                column += 1
            bars.append(column)
            self._add_colour_bar(group[0], column, layers)
            column += 1
        for col in range(1, column):
            self.ci.layout.setColumnStretchFactor(col, 0 if col in bars else 10)
        self.ci.layout.setColumnStretchFactor(0, 7)

    def _add_heatmap(self, field: Field, layer: int, column: int) -> None:
        plot = _heatmap_plot(self.ci, layer, column)
        self.heatmaps[(layer, field.name)] = make_heatmap(plot, field, colorbar=False)
        self.plots[(layer, field.name)] = plot
        if column != 1:
            plot.getAxis("left").setStyle(showValues=False)
        if layer != self.layers - 1:
            plot.getAxis("bottom").setStyle(showValues=False)
        self._name_heatmap(plot, field, layer)

    def _name_heatmap(self, plot: pg.PlotItem, field: Field, layer: int) -> None:
        """A heatmap's words: the field's name over the top row, the axes' names on the outer ones."""
        if layer == 0:
            plot.setTitle(f"<b>{field.name}</b> · {field_label(field)}", size="10pt")
        if plot.getAxis("left").style["showValues"]:
            plot.setLabel("left", self.tr("layer {layer} · unit").format(layer=layer + 1))
        if layer == self.layers - 1:
            plot.setLabel("bottom", self.tr("timestep t"))
        plot.setToolTip(field_tooltip(field))

    def _add_digit(self, layers: int) -> None:
        view = self.ci.addViewBox(row=0, col=0, rowspan=layers)
        view.setAspectLocked(True)
        view.invertY(True)
        view.setMouseEnabled(False, False)
        view.setMenuEnabled(False)
        view.addItem(self.digit_item)
        view.addItem(self.row_marker, ignoreBounds=True)
        view.setRange(xRange=(0, SIDE), yRange=(0, SIDE), padding=0.02)
        self.digit_view = view
        self.ci.addItem(self.prediction_label, row=layers, col=0)

    def _add_colour_bar(self, field: Field, col: int, layers: int) -> None:
        bar = pg.ColorBarItem(values=field.levels, colorMap=colormap_for(field), interactive=False, width=12,
                              colorMapMenu=False)
        self._name_colour_bar(bar, field)
        self.bars.append((bar, field))
        self.ci.addItem(bar, row=0, col=col, rowspan=layers)

    def _name_colour_bar(self, bar: pg.ColorBarItem, field: Field) -> None:
        if field.is_gate:
            bar.setToolTip(self.tr("Gates are sigmoids: 0..1"))
        else:
            bar.setToolTip(self.tr("Candidates and hidden states live in -1..1 (a cell state can leave it: "
                                   "its colour then clips at ±1)"))

    # --- data ----------------------------------------------------------------------------
    def show_sample(self, trace: Any, index: int, layers: list[int] | None = None) -> None:
        """Show probe digit ``index`` of ``trace`` (a Trace) in the heatmaps of ``layers`` (all if None)."""
        self.set_shape(list(trace.fields), trace.num_layers, trace.hidden_size, trace.num_steps)
        fields = {field.name: field for field in self.fields}
        for (layer, name), item in self.heatmaps.items():
            if layers is None or layer in layers:
                show_heatmap(item, fields[name], trace[name][layer, index].T)  # [units, timesteps]
                self.values[(layer, name)] = item.image
        if trace.inputs is not None and trace.inputs[index].size == SIDE * SIDE:
            image = np.ascontiguousarray(trace.inputs[index], dtype=np.float32).reshape(SIDE, SIDE)
            self.digit_item.setImage(image, autoLevels=False, levels=(0.0, 1.0))

    def show_prediction(self, label: int | None, probabilities: np.ndarray | None) -> None:
        """Caption under the digit: its label and what the network predicts now."""
        self._prediction = (label, probabilities)
        if probabilities is None:
            self.prediction_label.setText("")
            return
        predicted = int(np.argmax(probabilities))
        correct = label is None or predicted == label
        theme = active_theme()
        colour = theme.good if correct else theme.error
        # Two lines: one line is wider than the digit's column, and a centred label would spill out of the view.
        known = "" if label is None else self.tr("label {label}").format(label=label) + "<br>"
        predicts = self.tr("predicts <b>{digit}</b> ({percent})").format(
            digit=predicted, percent=f"{probabilities[predicted]:.0%}")
        self.prediction_label.setText(f"{known}<span style='color:{colour}'>{predicts}</span>", size="10pt")

    # --- hover read-out -----------------------------------------------------------------
    def _on_mouse_moved(self, position: QPointF) -> None:
        for key, plot in self.plots.items():
            if plot.vb.sceneBoundingRect().contains(position) and key in self.values:
                point = plot.vb.mapSceneToView(position)
                self.readout_changed.emit(self._describe(key, int(np.floor(point.x())), int(np.floor(point.y()))))
                return
        self.row_marker.setVisible(False)

    def _describe(self, key: tuple[int, str], column: int, unit: int) -> str:
        """The read-out of one heatmap cell; ``column`` is 0-based, the text says t = column + 1."""
        values = self.values[key]
        if not (0 <= unit < values.shape[0] and 0 <= column < values.shape[1]):
            self.row_marker.setVisible(False)
            return ""
        pixels_per_step = SIDE * SIDE // max(1, values.shape[1])
        self.row_marker.setPos(column * pixels_per_step // SIDE + 0.5)  # the image row this step reads
        self.row_marker.setVisible(True)
        layer, name = key
        field = next(f for f in self.fields if f.name == name)
        value = float(values[unit, column])
        text = self.tr("layer {layer} · {name} ({label}) · unit {unit} · t = {step}: {value}").format(
            layer=layer + 1, name=field.name, label=field_label(field), unit=unit, step=column + 1,
            value=f"{value:+.3f}")
        if name in MEANING:
            text += " — " + QCoreApplication.translate("GateHeatmapPanel", MEANING[name]).format(share=f"{value:.0%}")
        return text
