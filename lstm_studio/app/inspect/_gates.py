"""Units x time heatmaps of one layer's fields, the selected unit's traces and its equations.

The fields are the trace's own: i f o g c h for an LSTM, r z n h for a GRU, h for a plain
RNN. Plot items are made once per set of fields (a new cell) and then fed with ``setImage``.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from ..i18n import field_label, on_language_change
from ..widgets._plots import (SteadyLabel, add_reference_lines, cursor_pen, fixed_tick_width, label_plot, light_view,
                              make_cursor, set_y_range_now, style_plot)
from ..widgets._style import active_theme, display_order, field_tooltip, make_heatmap, show_heatmap
from ..widgets._text import read_at
from ._equations import unit_equations_html, unit_step

if TYPE_CHECKING:
    from ...cells import Field, Trace

COLUMNS = 3  # heatmaps per row
#: Fields left to the heatmaps in the unit-trace plot (an LSTM's candidate g would crowd it).
UNTRACED = ("g",)


def _step_above(value: float) -> float:
    """The smallest of 1, 2, 3, 5, 10, 20, 30, 50, … that is at least ``value``."""
    decade = 10.0 ** math.floor(math.log10(max(1.0, value)))
    return next(decade * m for m in (1, 2, 3, 5, 10) if decade * m >= value - 1e-9)


class GatesPanel(QWidget):
    """Heatmaps (rows = units, columns = t) with a cursor at t; click a row to select a unit."""

    cell_clicked = Signal(int, int)  # unit, step

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trace: Trace | None = None
        self.weights: list[Mapping[str, np.ndarray]] | None = None  # per layer, for the equations
        self.layer, self.unit, self.step = 0, 0, 1
        self.fields: list[Field] = []
        self._heatmap_shape: tuple[int, int] | None = None
        self._value_range = (-1.0, 1.0)
        self.heatmap_view = light_view()
        self.plots: dict[str, pg.PlotItem] = {}
        self.heatmaps: dict[str, pg.ImageItem] = {}
        self.cursors: dict[str, pg.InfiniteLine] = {}
        self.unit_lines: dict[str, tuple[pg.InfiniteLine, pg.InfiniteLine]] = {}
        self.heatmap_view.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.traces_view = light_view()
        self.traces_plot, self.legend, self.traces_cursor = self._make_traces_plot()
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.equations = self._make_equations_label()
        self._build_layout()
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Titles, labels, legend, tooltips and the equations in the current language."""
        self.heatmap_view.setToolTip(self.tr("Rows are units, columns are timesteps. Click a cell to select that "
                                             "unit and step. Right-click a plot to export it."))
        self.traces_view.setToolTip(self.tr("The selected unit's gates and states over all timesteps."))
        self.equations.setToolTip(self.tr("One step of the selected unit with its real numbers: check the cell's "
                                          "equations by eye."))
        label_plot(self.traces_plot, self._traces_title(), self.tr("value"), "t")
        for field in self.fields:
            self._name_heatmap(field)
        for sample, label in self.legend.items:
            name = next((f for f in self.fields if self.curves.get(f.name) is sample.item), None)
            if name is not None:
                label.setText(f"{name.name}  {field_label(name)}")
        self._draw_equations()

    def _traces_title(self) -> str:
        if self.trace is None:
            return self.tr("Selected unit over time")
        return self.tr("Layer {layer}, unit {unit} over time").format(layer=self.layer + 1, unit=self.unit)

    def _name_heatmap(self, field: Field) -> None:
        plot = self.plots[field.name]
        label_plot(plot, f"{field_label(field).capitalize()} {field.name}", self.tr("unit"), "t")
        plot.setToolTip(field_tooltip(field))
    @staticmethod
    def _make_equations_label() -> SteadyLabel:
        # Steady: a new text at every step would otherwise re-lay out the scroll area around it.
        equations = SteadyLabel(rich_text=True)
        label = equations.label
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setMargin(6)
        return equations

    def _build_layout(self) -> None:
        scroll = QScrollArea()
        scroll.setWidget(self.equations)
        scroll.setWidgetResizable(True)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.traces_view)
        bottom.addWidget(scroll)
        bottom.setSizes([520, 560])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.heatmap_view)
        splitter.addWidget(bottom)
        splitter.setSizes([520, 270])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _make_traces_plot(self) -> tuple[pg.PlotItem, pg.LegendItem, pg.InfiniteLine]:
        plot = style_plot(self.traces_view.addPlot(row=0, col=0))
        # The legend gets its own column: inside the plot it would hide the curves.
        theme = active_theme()
        legend = pg.LegendItem(labelTextSize="9pt", labelTextColor=theme.foreground)
        self.traces_view.addItem(legend, row=0, col=1)
        plot.setXRange(0.5, 28.5, padding=0)
        plot.setYRange(-1, 1, padding=0.05)  # no autorange: see _fit_value_range
        fixed_tick_width(plot.getAxis("left"), "-16.0")
        add_reference_lines(plot, (-1.0, 0.0, 0.5, 1.0))
        return plot, legend, make_cursor(plot)

    # --- the cell's fields ---------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def _set_fields(self, fields: list[Field]) -> None:
        """Make the heatmaps and curves of a cell's fields; nothing happens if they are the ones shown."""
        fields = display_order(fields)
        if tuple(f.name for f in fields) == self.names:
            return
        self.heatmap_view.clear()
        self.plots, self.heatmaps, self.cursors, self.unit_lines = {}, {}, {}, {}
        self.fields, self._heatmap_shape = fields, None
        for index, field in enumerate(fields):
            self._add_heatmap(field, index // COLUMNS, index % COLUMNS)
        for curve in self.curves.values():
            self.traces_plot.removeItem(curve)
        # A new legend rather than clear(): a grid layout keeps the old rows and would spread the new ones.
        self.traces_view.removeItem(self.legend)
        theme = active_theme()
        self.legend = pg.LegendItem(labelTextSize="9pt", labelTextColor=theme.foreground)
        self.traces_view.addItem(self.legend, row=0, col=1)
        self.curves = {f.name: self.traces_plot.plot(pen=pg.mkPen(theme.trace_colour(f.name), width=2))
                       for f in fields if f.name not in UNTRACED}
        for f in fields:
            if f.name in self.curves:
                self.legend.addItem(self.curves[f.name], f"{f.name}  {field_label(f)}")

    def _add_heatmap(self, field: Field, row: int, column: int) -> None:
        plot = self.heatmap_view.addPlot(row=row, col=column)
        style_plot(plot)
        plot.invertY(True)
        self.heatmaps[field.name] = make_heatmap(plot, field)
        self.cursors[field.name] = make_cursor(plot)
        self.unit_lines[field.name] = tuple(pg.InfiniteLine(angle=0, movable=False, pen=cursor_pen(1.5))
                                            for _ in range(2))
        for line in self.unit_lines[field.name]:
            plot.addItem(line, ignoreBounds=True)
        self.plots[field.name] = plot
        self._name_heatmap(field)

    def export_plots(self) -> dict[str, pg.PlotItem]:
        """The heatmaps by long field name (``forget_gate``), for file names."""
        return {field.attr: self.plots[field.name] for field in self.fields}

    # --- updates -------------------------------------------------------------------------
    def set_trace(self, trace: Trace, layer: int | None = None,
                  weights: list[Mapping[str, np.ndarray]] | None = None) -> None:
        """Show a new trace (one sample); the unit and step are kept when they still exist.

        ``weights`` (per layer, ``cell.layer_weights`` as arrays) give the equations the terms a
        trace does not keep (a GRU's and an RNN's projections, an LSTM's peepholes).
        """
        self.trace, self.weights = trace, weights
        self._set_fields(list(trace.fields))
        if layer is not None:
            self.layer = layer
        self.layer = min(self.layer, trace.num_layers - 1)
        self.unit = min(self.unit, trace.hidden_size - 1)
        self.step = min(self.step, trace.num_steps)
        self._draw_heatmaps()
        self._draw_unit()

    def set_layer(self, layer: int) -> None:
        """Show ``layer`` (0-based) in the heatmaps, the unit curves and the equations."""
        self.layer = layer
        if self.trace is not None:
            self._draw_heatmaps()
            self._draw_unit()

    def set_unit(self, unit: int) -> None:
        """Select ``unit``: its row marker, its curves and its equations."""
        self.unit = unit
        if self.trace is not None:
            self._draw_unit()

    def set_step(self, step: int) -> None:
        """Cheap: moves the cursors and rewrites the equations."""
        self.step = step
        for cursor in (*self.cursors.values(), self.traces_cursor):
            cursor.setValue(step)
        self._draw_equations()

    def _draw_heatmaps(self) -> None:
        trace = self.trace
        shape = (trace.hidden_size, trace.num_steps)
        for field in self.fields:
            show_heatmap(self.heatmaps[field.name], field, trace[field.name][self.layer, 0].T)  # [units, T]
        if shape != self._heatmap_shape:  # re-ranging makes every axis redraw: only when the shape changes
            self._heatmap_shape = shape
            for name, item in self.heatmaps.items():
                item.setRect(QRectF(0.5, 0, shape[1], shape[0]))
                self.plots[name].setRange(xRange=(0.5, shape[1] + 0.5), yRange=(0, shape[0]), padding=0)
            self.traces_plot.setXRange(0.5, shape[1] + 0.5, padding=0)

    def _draw_unit(self) -> None:
        steps = np.arange(1, self.trace.num_steps + 1)
        values = [self.trace[name][self.layer, 0, :, self.unit] for name in self.curves]
        for curve, series in zip(self.curves.values(), values):
            curve.setData(steps, series)
        self._fit_value_range(min(series.min() for series in values), max(series.max() for series in values))
        for top, bottom in self.unit_lines.values():
            top.setValue(self.unit)
            bottom.setValue(self.unit + 1)
        title = self._traces_title()
        if self.traces_plot.titleLabel.text != title:  # a new title re-lays out the plot
            self.traces_plot.setTitle(title, color=active_theme().foreground, size="10pt")
        self.set_step(self.step)

    def _fit_value_range(self, low: float, high: float) -> None:
        """Gates and h lie in -1..1, c may leave it: each end of the range grows in steps
        (1, 2, 3, 5, 10, …), so the range rarely changes (pyqtgraph's autorange changes it, and redraws the
        axis, at every input)."""
        value_range = (-_step_above(-low), _step_above(high))
        if value_range != self._value_range:
            self._value_range = value_range
            set_y_range_now(self.traces_plot, *value_range, padding=0.05)

    def _draw_equations(self) -> None:
        if self.trace is None:
            return
        weights = None if self.weights is None else self.weights[self.layer]
        values = unit_step(self.trace, self.layer, self.unit, self.step, weights)
        self.equations.setText(unit_equations_html(values, muted=active_theme().muted,
                                                   reading=read_at(self.step, self.trace.num_steps)))

    # --- clicks -----------------------------------------------------------------------
    @Slot(object)
    def _on_scene_clicked(self, event: object) -> None:
        if self.trace is None or event.button() != Qt.MouseButton.LeftButton:
            return
        for plot in self.plots.values():
            if plot.vb.sceneBoundingRect().contains(event.scenePos()):
                point = plot.vb.mapSceneToView(event.scenePos())
                self.click_at(point.x(), point.y())
                return

    def click_at(self, x: float, y: float) -> None:
        """A click at view coordinates (x = t, y = unit) of any heatmap."""
        unit, step = math.floor(y), int(round(x))
        if 0 <= unit < self.trace.hidden_size and 1 <= step <= self.trace.num_steps:
            self.cell_clicked.emit(unit, step)
