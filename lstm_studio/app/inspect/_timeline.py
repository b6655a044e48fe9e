"""Over time: the prediction as rows are read, and how far back the learning signal reaches."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..i18n import on_language_change
from ..widgets._plots import (SteadyLabel, add_reference_lines, fixed_tick_width, label_plot, light_view, make_cursor,
                              set_y_range_now, style_plot)
from ..widgets._style import active_theme

if TYPE_CHECKING:
    from ...cells import Trace
    from ...analysis import GradientFlow



def _per_step(trace: Trace) -> np.ndarray:
    """``[T, outputs]`` of the one sample: probabilities, or the values of a regression head."""
    return trace.probs_per_step[0] if trace.probs_per_step is not None else trace.outputs[0]


GRADIENT_FLOOR = 1e-12  # a log axis cannot show exact zeros


def decade_range(values: np.ndarray) -> tuple[int, int]:
    """The powers of ten just below and just above ``values`` (positive), as exponents."""
    low = int(np.floor(np.log10(values.min())))
    return low, max(low + 1, int(np.ceil(np.log10(values.max()))))


def set_decade_ticks(axis: pg.AxisItem, low: int, high: int) -> None:
    """Label a log axis at the powers of ten ``low..high`` only (1, 2 and 5 times them as unlabelled ticks).

    pyqtgraph labels every minor tick when the data spans less than two decades, and the
    labels then overlap.
    """
    decades = np.arange(low, high + 1)
    major = [(k, f"1e{int(k)}" if abs(k) > 2 else f"{10.0 ** k:g}") for k in decades]
    minor = [(k + np.log10(m), "") for k in decades[:-1] for m in (2, 5)]
    axis.setTicks([major, minor])


class TimelinePanel(QWidget):
    """Per-step class probabilities (with the step the answer settles) and ‖∂loss/∂h_t‖ per step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = light_view()
        self.prediction_plot = self._make_prediction_plot()
        self.bars = self._make_bar_plot()
        self.view.nextRow()
        self.gradient_plot = style_plot(self.view.addPlot(colspan=2), bottom="t")
        self.gradient_curves: list[pg.PlotDataItem] = []
        self.input_curve: pg.PlotDataItem | None = None
        self._setup_gradient_plot()
        self.view.ci.layout.setColumnStretchFactor(0, 4)
        self.view.ci.layout.setColumnStretchFactor(1, 1)
        self.prediction_caption = SteadyLabel(lines=2, rich_text=True)
        self.gradient_caption = SteadyLabel(lines=2, rich_text=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prediction_caption)
        layout.addWidget(self.view, stretch=1)
        layout.addWidget(self.gradient_caption)
        self.trace: Trace | None = None
        self.leading_step = 28
        self.steps = 28  # the x axes span 1..steps
        self.gradient_decades: tuple[int, int] | None = None
        self.answer = 0
        self.flow: GradientFlow | None = None
        self._gradient_shown = False  # set_gradient was called (with a flow, or None: "no input")
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Titles, labels, legends and captions in the current language."""
        label_plot(self.prediction_plot, self.tr("Prediction over time: p(class) after reading steps 1..t"),
                   self.tr("probability"))
        label_plot(self.bar_plot, self.tr("At the current step"), self.tr("probability"), self.tr("class"))
        label_plot(self.gradient_plot, self.tr("Gradient flow through time"), self.tr("gradient norm (log scale)"))
        self._name_gradient_curves()
        self._show_leading()
        if self.trace is not None:
            self._show_prediction_caption()
        self._show_gradient_caption()

    def _make_prediction_plot(self) -> pg.PlotItem:
        plot = style_plot(self.view.addPlot(), bottom="t")
        plot.setXRange(0.5, 28.5, padding=0)
        plot.setYRange(0, 1.02, padding=0)
        add_reference_lines(plot, (0.25, 0.5, 0.75, 1.0))
        theme = active_theme()
        plot.addLegend(offset=(5, 5), colCount=5, labelTextSize="9pt", labelTextColor=theme.foreground)
        self.prob_curves = [plot.plot(name=str(digit), pen=pg.mkPen(colour, width=2))
                            for digit, colour in enumerate(theme.digit_colours)]
        self.leading_line = pg.InfiniteLine(pos=28, angle=90, movable=False,
                                            pen=pg.mkPen(theme.foreground, width=1.5, style=Qt.PenStyle.DashLine),
                                            label="", labelOpts={"position": 0.93, "color": theme.foreground})
        plot.addItem(self.leading_line, ignoreBounds=True)
        self.prediction_cursor = make_cursor(plot)
        return plot

    def _make_bar_plot(self) -> pg.BarGraphItem:
        # A fixed title: a title whose text changes re-lays out the whole view at every step.
        plot = style_plot(self.view.addPlot())
        self.bar_plot = plot
        plot.setYRange(0, 1.02, padding=0)
        plot.setXRange(-0.6, 9.6, padding=0)
        plot.getAxis("bottom").setTicks([[(d, str(d)) for d in range(10)]])
        theme = active_theme()
        bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.8, brushes=list(theme.digit_colours))
        plot.addItem(bars)
        add_reference_lines(plot, (0.5, 1.0))
        self.step_text = pg.TextItem("", color=theme.accent, anchor=(1, 0))
        self.step_text.setPos(9.5, 1.0)
        plot.addItem(self.step_text)
        return bars

    def _setup_gradient_plot(self) -> None:
        plot = self.gradient_plot
        plot.setLogMode(y=True)
        axis = plot.getAxis("left")
        axis.enableAutoSIPrefix(False)
        fixed_tick_width(axis, "1e-10")
        plot.setXRange(0.5, 28.5, padding=0)
        plot.setYRange(-3, 0, padding=0)  # no autorange: the range follows the data's decades (see set_gradient)
        plot.addLegend(offset=(5, 5), labelTextSize="9pt", labelTextColor=active_theme().foreground)
        self.gradient_cursor = make_cursor(plot)

    # --- updates ---------------------------------------------------------------------
    def set_trace(self, trace: Trace, leading_step: int, answer: int) -> None:
        """Show the per-step probabilities of a one-sample trace and mark the step the answer settles."""
        from ...analysis import first_leading_step

        self.trace = trace
        self._set_steps(trace.num_steps)
        probs = _per_step(trace)
        steps = np.arange(1, len(probs) + 1)
        for digit, curve in enumerate(self.prob_curves):  # a model with fewer than 10 outputs leaves some empty
            if digit < probs.shape[1]:
                curve.setData(steps, probs[:, digit])
            else:
                curve.setData([], [])
        self.leading_step, self.answer = leading_step, answer
        self.first_lead = first_leading_step(probs, stays=False)
        self.leading_line.setValue(leading_step)
        self._show_leading()
        self._show_prediction_caption()

    def _show_leading(self) -> None:
        if self.trace is None:
            self.leading_line.label.setFormat(self.tr("settles"))
        else:
            self.leading_line.label.setFormat(self.tr("{answer} leads from t={step}").format(
                answer=self.answer, step=self.leading_step))

    def _show_prediction_caption(self) -> None:
        also = (self.tr(" (it first led at t = {step}, then lost the lead again)").format(step=self.first_lead)
                if self.first_lead < self.leading_step else "")
        self.prediction_caption.setText(
            self.tr("The final answer <b>{answer}</b> leads from step <b>{step}</b> on and keeps the lead to the "
                    "end{also}. Dashed line: that step; pink line: the current step.").format(
                answer=self.answer, step=self.leading_step, also=also))

    def set_gradient(self, flow: GradientFlow | None) -> None:
        """Show ‖∂loss/∂h_t‖ per layer and ‖∂loss/∂x_t‖ (or empty curves for ``None``)."""
        self.flow, self._gradient_shown = flow, True
        if flow is None:
            for curve in self.gradient_curves:
                curve.setData([], [])
            self._show_gradient_caption()
            return
        self._ensure_gradient_curves(flow.hidden_grad_norm.shape[0])
        steps = np.arange(1, flow.hidden_grad_norm.shape[1] + 1)
        hidden = np.maximum(flow.hidden_grad_norm, GRADIENT_FLOOR)
        inputs = np.maximum(flow.input_grad_norm, GRADIENT_FLOOR)
        for layer, curve in enumerate(self.gradient_curves):
            curve.setData(steps, hidden[layer])
        self.input_curve.setData(steps, inputs)
        self._show_gradient_decades(decade_range(np.concatenate([hidden.ravel(), inputs])))
        self._show_gradient_caption()

    def _show_gradient_caption(self) -> None:
        flow = self.flow
        if flow is None:
            self.gradient_caption.setText(self.tr("Gradient flow: no input.") if self._gradient_shown else "")
            return
        target = (self.tr("the true label {label}").format(label=flow.target) if flow.target_is_label
                  else self.tr("the predicted class {label} (no label known)").format(label=flow.target))
        self.gradient_caption.setText(
            self.tr("‖∂loss/∂h<sub>t</sub>‖ per layer and ‖∂loss/∂x<sub>t</sub>‖ (the input at step t), loss = "
                    "cross-entropy w.r.t. {target} = {loss}. Where the curves fall towards t = 1, the learning "
                    "signal fades on its way back through time.").format(target=target, loss=f"{flow.loss:.3g}"))

    def _set_steps(self, steps: int) -> None:
        """Span the time axes over 1..``steps`` (only when the number of steps changes: re-ranging redraws axes)."""
        if steps != self.steps:
            self.steps = steps
            for plot in (self.prediction_plot, self.gradient_plot):
                plot.setXRange(0.5, steps + 0.5, padding=0)

    def _show_gradient_decades(self, decades: tuple[int, int]) -> None:
        """Range and ticks of the log axis. Often the same decades as the last input: then the
        axis need not be redrawn."""
        if decades == self.gradient_decades:
            return
        self.gradient_decades = decades
        low, high = decades
        set_y_range_now(self.gradient_plot, low, high, padding=0.02)
        set_decade_ticks(self.gradient_plot.getAxis("left"), low, high)

    def _ensure_gradient_curves(self, layers: int) -> None:
        if len(self.gradient_curves) == layers:
            return
        for curve in self.gradient_curves:
            self.gradient_plot.removeItem(curve)
        if self.input_curve is not None:
            self.gradient_plot.removeItem(self.input_curve)
        theme = active_theme()
        colours = theme.layer_colours
        self.gradient_curves = [
            self.gradient_plot.plot(name=str(layer), pen=pg.mkPen(colours[layer % len(colours)], width=2))
            for layer in range(layers)]
        self.input_curve = self.gradient_plot.plot(name="x", pen=pg.mkPen(theme.muted, width=1.5,
                                                                          style=Qt.PenStyle.DashLine))
        self._name_gradient_curves()

    def _name_gradient_curves(self) -> None:
        """The gradient plot's legend: one entry per layer's h, one for the input x."""
        legend = self.gradient_plot.legend
        if legend is None or self.input_curve is None:
            return
        names = [self.tr("‖∂L/∂h‖ layer {layer}").format(layer=layer + 1) for layer in range(len(self.gradient_curves))]
        names.append(self.tr("‖∂L/∂x‖ (input at t)"))
        for curve, name in zip([*self.gradient_curves, self.input_curve], names):
            curve.opts["name"] = name
            label = legend.getLabel(curve)
            if label is not None:
                label.setText(name)

    def set_step(self, step: int) -> None:
        """Move the cursors and the bars to ``step`` (cheap)."""
        for cursor in (self.prediction_cursor, self.gradient_cursor):
            cursor.setValue(step)
        if self.trace is not None:
            heights = np.zeros(len(self.prob_curves))
            values = _per_step(self.trace)[step - 1][: len(heights)]
            heights[: len(values)] = values
            self.bars.setOpts(height=heights)
            self.step_text.setText(f"t = {step}")

    def plot_items(self) -> dict[str, pg.PlotItem]:
        """The plots to export, by file-friendly name."""
        return {"prediction_over_time": self.prediction_plot, "prediction_at_step": self.bar_plot,
                "gradient_flow": self.gradient_plot}
