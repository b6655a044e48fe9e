"""An input that is a sequence, not a 28 × 28 digit: its values over time, with the step being read.

Up to 16 features are drawn as lines over t = 1..T; more as a heatmap (features × time). A cursor
marks step t and the steps not read yet are shaded, as the digit view dims the rows not read yet.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ..i18n import on_language_change
from ..widgets._plots import SteadyLabel, label_plot, light_view, make_cursor, style_plot
from ..widgets._style import active_theme

translate = QCoreApplication.translate
#: At most this many features are drawn as lines; more become a heatmap.
MAX_LINES = 16


@dataclass(frozen=True)
class SequenceSample:
    """One sequence to inspect: ``x`` ``[T, F]`` float32 (or ``[T]`` token ids), read-only.

    ``index`` and ``count`` say which of the sequences of ``source`` it is.
    """

    x: np.ndarray
    name: str
    source: str = ""
    index: int = 0
    count: int = 1
    label: int | None = None
    columns: tuple[str, ...] = ()
    test_index: None = None  # never an MNIST test digit (the digit views read this)

    def __post_init__(self) -> None:
        array = np.array(self.x)
        array.setflags(write=False)
        object.__setattr__(self, "x", array)

    @property
    def num_steps(self) -> int:
        return int(self.x.shape[0])

    @property
    def num_features(self) -> int:
        return 1 if self.x.ndim == 1 else int(self.x.shape[1])


class SequenceInputView(QWidget):
    """The sequence's values over time, a cursor at step t, and the controls to open another."""

    open_requested = Signal()
    index_changed = Signal(int)  # 0-based sequence of the file

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sequenceInput")
        self.caption = SteadyLabel("", lines=2, rich_text=True)
        self.view = light_view()
        self.plot = style_plot(self.view.addPlot(), "", "", "t")
        self.lines: list[pg.PlotDataItem] = []
        self.legend = self.plot.addLegend(offset=(5, 5), labelTextSize="8pt", labelTextColor=active_theme().foreground)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.unread = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(20, 40, 90, 60), pen=pg.mkPen(None))
        self.unread.setZValue(-5)
        self.plot.addItem(self.unread, ignoreBounds=True)
        self.cursor = make_cursor(self.plot)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openSequenceButton")
        self.open_button.clicked.connect(self.open_requested)
        self.index_box = QSpinBox()
        self.index_box.valueChanged.connect(lambda value: self.index_changed.emit(value - 1))
        self._build_layout()
        self.steps = 0
        self.count = 1
        self.as_heatmap = False
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Button, chooser, axis label and tooltips in the current language (the caption is its owner's)."""
        self.view.setToolTip(self.tr("The input as the network reads it: one column of values per timestep.\nThe "
                                     "pink line is the current step; shaded steps are not read yet."))
        self.open_button.setText(self.tr("Open sequence…"))
        self.open_button.setToolTip(self.tr("Feed the model your own sequence: .npy/.npz ([T, F] or [N, T, F]), .csv "
                                            "(one row per step, one column per feature) or .txt (character "
                                            "models)."))
        self.index_box.setPrefix(self.tr("sequence "))
        self.index_box.setSuffix(self.tr(" of {count}").format(count=self.count))
        self.index_box.setToolTip(self.tr("Which sequence of the file to inspect."))
        if self.steps:
            label_plot(self.plot, left=self.tr("feature") if self.as_heatmap else self.tr("value"))
    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(self.open_button)
        controls.addWidget(self.index_box)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, stretch=1)
        layout.addLayout(controls)

    # --- content ----------------------------------------------------------------------------
    def set_file(self, index: int, count: int) -> None:
        """Show the sequence chooser for a file of ``count`` sequences (hidden for one)."""
        self.index_box.blockSignals(True)
        self.index_box.setRange(1, max(1, count))
        self.count = count
        self.index_box.setSuffix(self.tr(" of {count}").format(count=count))
        self.index_box.setValue(index + 1)
        self.index_box.blockSignals(False)
        self.index_box.setVisible(count > 1)

    def set_values(self, values: np.ndarray, caption: str, columns: tuple[str, ...] = ()) -> None:
        """Show ``values`` ``[T, F]`` (what the cell reads at each step) under ``caption``; ``columns``
        names the features in a legend."""
        values = np.asarray(values, dtype=np.float32)
        self.steps, features = values.shape
        self.caption.setText(caption)
        as_lines = features <= MAX_LINES
        self.as_heatmap = not as_lines
        self.image.setVisible(not as_lines)
        if as_lines:
            self._show_lines(values)
            self._name_lines(columns if len(columns) == features else ())
        else:
            self._show_heatmap(values)
        self.plot.setXRange(0.5, self.steps + 0.5, padding=0)
        self.set_step(1)

    def _show_lines(self, values: np.ndarray) -> None:
        colours = active_theme().digit_colours
        while len(self.lines) < values.shape[1]:
            self.lines.append(self.plot.plot(pen=pg.mkPen(colours[len(self.lines) % len(colours)], width=1.6)))
        steps = np.arange(1, len(values) + 1)
        for feature, line in enumerate(self.lines):
            if feature < values.shape[1]:
                line.setData(steps, values[:, feature])
            else:
                line.setData([], [])
        label_plot(self.plot, left=self.tr("value"))
        self.plot.enableAutoRange(axis="y")
        self.plot.invertY(False)

    def _name_lines(self, columns: tuple[str, ...]) -> None:
        self.legend.clear()
        for line, name in zip(self.lines, columns):
            self.legend.addItem(line, name)
        self.legend.setVisible(bool(columns))

    def _show_heatmap(self, values: np.ndarray) -> None:
        self.legend.setVisible(False)
        for line in self.lines:
            line.setData([], [])
        image = np.ascontiguousarray(values.T)  # [features, T]
        low, high = float(image.min()), float(image.max())
        if low < 0:  # a diverging map centred on zero, as for g, c and h
            bound = max(abs(low), abs(high), 1e-6)
            levels, colours = (-bound, bound), "CET-D1"
        else:
            levels, colours = (0.0, max(high, 1e-6)), "viridis"
        self.image.setLookupTable(pg.colormap.get(colours).getLookupTable(nPts=256, alpha=False))
        self.image.setImage(image, autoLevels=False, levels=levels)
        self.image.setRect(QRectF(0.5, 0, self.steps, image.shape[0]))
        label_plot(self.plot, left=self.tr("feature"))
        self.plot.invertY(True)
        self.plot.setYRange(0, image.shape[0], padding=0)

    def set_step(self, step: int) -> None:
        """Move the cursor to ``step`` (1-based) and shade the steps after it."""
        self.cursor.setValue(step)
        self.unread.setRegion((step + 0.5, self.steps + 0.5))
        self.unread.setVisible(step < self.steps)

    def drawn_lines(self) -> list[np.ndarray]:
        """The y-values of every line drawn (what a person sees), for tests."""
        return [line.getData()[1] for line in self.lines if line.getData()[1] is not None
                and len(line.getData()[1])]


def describe_values(values: np.ndarray) -> str:
    """``"6 steps × 5 features"``."""
    steps, features = values.shape
    steps_text = (translate("SequenceInput", "1 step") if steps == 1 else
                  translate("SequenceInput", "{count} steps").format(count=steps))
    features_text = (translate("SequenceInput", "1 feature") if features == 1 else
                     translate("SequenceInput", "{count} features").format(count=features))
    return f"{steps_text} × {features_text}"


def step_text(step: int, steps: int, outputs: np.ndarray, kind: str, answer: int | None, leading: int) -> str:
    """What the network would answer after reading steps 1..t (the now-label of the Inspect tab)."""
    if kind == "probs" and outputs.shape[-1] > 1:
        guess = int(outputs.argmax())
        settled = translate("SequenceInput", " (settled)") if step >= leading else ""
        text = translate("SequenceInput", "t = {step} of {steps}: read steps 1–{step}; would answer class "
                                          "<b>{guess}</b> ({percent}){settled}. Final answer {answer} leads from "
                                          "t = {leading}.")
        return text.format(
            step=step, steps=steps, guess=guess, percent=f"{outputs[guess]:.0%}", settled=settled, answer=answer,
            leading=leading)
    shown = ", ".join(f"{value:.3g}" for value in outputs[:6]) + (" …" if len(outputs) > 6 else "")
    largest = (translate("SequenceInput", " (largest: {index})").format(index=int(outputs.argmax()))
               if len(outputs) > 1 else "")
    if len(outputs) > 1:
        text = translate("SequenceInput", "t = {step} of {steps}: read steps 1–{step}; outputs {shown}{largest}.")
    else:
        text = translate("SequenceInput", "t = {step} of {steps}: read steps 1–{step}; output {shown}{largest}.")
    return text.format(step=step, steps=steps, shown=shown, largest=largest)


def scrubber_steps(scrubber: object, steps: int) -> None:
    """Give the Inspect tab's scrubber ``steps`` positions (28 for digits, T for a sequence)."""
    slider = scrubber.slider  # type: ignore[attr-defined]
    if slider.maximum() == steps:
        return
    slider.setRange(1, steps)
    slider.setTickInterval(1 if steps <= 60 else max(1, steps // 20))
    label = scrubber.label  # type: ignore[attr-defined]
    label.setFixedWidth(label.fontMetrics().horizontalAdvance(f"t = {steps} / {steps}") + 8)
    scrubber._show_label(slider.value())  # type: ignore[attr-defined]  # noqa: SLF001


def align_to_steps(steps: int, plots: list[pg.PlotItem]) -> None:
    """Every plot with time on its x axis spans t = 1..steps."""
    for plot in plots:
        plot.setXRange(0.5, steps + 0.5, padding=0)

