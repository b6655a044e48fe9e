"""The live training view: bits per character, the model's writing, and the gates of a held-out passage."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
                               QSlider, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..widgets._plots import style_plot
from ..widgets._style import active_theme
from ._chars import CharGrid, diverging_colours
from ._heatmaps import PassageHeatmaps

MAX_SAMPLES_SHOWN = 12
CURVE_POINTS = 100_000


def top_guesses(probs: np.ndarray, vocabulary, k: int = 5) -> tuple[list[list[str]], np.ndarray]:  # noqa: ANN001
    """The ``k`` likeliest next characters after each position, and their probabilities ``[T, k]``."""
    top = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    chars = [[vocabulary.decode(np.array([i]))  for i in row] for row in top]
    return chars, np.take_along_axis(probs, top, axis=1)


class GrowingCurve:
    """A curve fed point by point into a preallocated buffer (``setData`` on views, no reallocation)."""

    def __init__(self, curve: pg.PlotDataItem) -> None:
        self.curve = curve
        self.x = np.zeros(CURVE_POINTS)
        self.y = np.zeros(CURVE_POINTS)
        self.size = 0

    def add(self, x: float, y: float) -> None:
        if self.size == CURVE_POINTS:  # keep every other point: the curve's shape, in bounded memory
            half = CURVE_POINTS // 2
            self.x[:half], self.y[:half] = self.x[:CURVE_POINTS:2], self.y[:CURVE_POINTS:2]
            self.size = half
        self.x[self.size], self.y[self.size] = x, y
        self.size += 1

    def clear(self) -> None:
        self.size = 0
        self.curve.setData([], [])

    def draw(self) -> None:
        self.curve.setData(self.x[: self.size], self.y[: self.size])


class LivePanel(QWidget):
    """Curves, samples (with temperature and prime), gate heatmaps and the passage coloured by one unit."""

    sample_requested = Signal()
    unit_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vocabulary = None
        self.passage, self.arrays, self.probs = "", None, None
        self._build_curves()
        self._build_samples()
        self._build_passage()
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.plot_widget)
        left.addWidget(self.samples_box)
        left.setSizes([300, 500])
        right = QWidget()
        grid = QVBoxLayout(right)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(self.passage_controls)
        grid.addWidget(self.heatmaps, 1)
        grid.addWidget(self.grid_scroll)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([480, 920])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

    # --- construction --------------------------------------------------------------------
    def _build_curves(self) -> None:
        theme = active_theme()
        self.plot_widget = pg.PlotWidget(background=theme.plot_background)
        self.plot_widget.setObjectName("bitsPerCharPlot")
        plot = style_plot(self.plot_widget.getPlotItem(), "bits per character", "bits / char",
                          "characters read (millions)")
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        plot.addLegend(offset=(-10, 10))
        self.train_curve = GrowingCurve(plot.plot(pen=pg.mkPen(theme.train_curve, width=1), name="training"))
        self.smooth_curve = GrowingCurve(plot.plot(pen=pg.mkPen(theme.smooth_curve, width=2),
                                                   name="training, smoothed"))
        self.test_curve = GrowingCurve(plot.plot(pen=pg.mkPen(theme.test_curve, width=2), symbol="o", symbolSize=6,
                                                 symbolBrush=theme.test_curve, name="held-out"))
        for curve in (self.train_curve, self.smooth_curve):
            curve.curve.setDownsampling(auto=True, method="peak")
            curve.curve.setClipToView(True)
        self.smoothed: float | None = None
        self.plot_widget.setToolTip("Bits per character: how surprised the model is by the next character "
                                    "(lower is better). Training: since the last update; held-out: text the "
                                    "model never trains on, measured after every pass over the corpus.")

    def _build_samples(self) -> None:
        self.samples_box = QWidget()
        layout = QVBoxLayout(self.samples_box)
        layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        self.prime = QLineEdit()
        self.prime.setPlaceholderText("prime text (optional)")
        self.prime.setToolTip("The model reads this first, then writes on from it.")
        self.temperature = QSlider(Qt.Orientation.Horizontal)
        self.temperature.setRange(5, 200)
        self.temperature.setValue(80)
        self.temperature.setToolTip("Temperature: below 1 the model plays safe, above 1 it takes risks.")
        self.temperature_label = QLabel()
        self.temperature.valueChanged.connect(self._show_temperature)
        self._show_temperature()
        self.write_button = QPushButton("Write now")
        self.write_button.setToolTip("Let the current model write a sample (while training, one comes every "
                                     "few seconds by itself).")
        self.write_button.clicked.connect(self.sample_requested)
        for widget in (QLabel("Prime"), self.prime, self.temperature_label, self.temperature, self.write_button):
            controls.addWidget(widget)
        controls.setStretchFactor(self.prime, 2)
        controls.setStretchFactor(self.temperature, 1)
        self.samples = QPlainTextEdit(readOnly=True)
        self.samples.setObjectName("samplesText")
        self.samples.setFont(CharGrid(0).font())
        self.samples.setPlaceholderText("Samples the model writes appear here.")
        layout.addWidget(QLabel("<b>The model writes</b> (newest first)"))
        layout.addLayout(controls)
        layout.addWidget(self.samples)
        self.sample_texts: list[str] = []

    def _build_passage(self) -> None:
        self.heatmaps = PassageHeatmaps()
        self.grid = CharGrid(guess_rows=5, break_lines=False)
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setWidget(self.grid)
        self.grid_scroll.setFixedHeight(2 * self.grid.line_height + 8)
        self.grid.setToolTip("The passage coloured by the chosen unit (blue negative, red positive); under each "
                             "character, the model's five likeliest guesses for the next one (green: likelier).")
        self.layer_box = QComboBox()
        self.layer_box.setToolTip("Which layer the heatmaps and the coloured passage show.")
        self.field_box = QComboBox()
        self.field_box.addItems(["c", "h"])
        self.field_box.setToolTip("Colour the passage by the unit's cell state c or its output h.")
        self.unit_box = QSpinBox()
        self.unit_box.setPrefix("unit ")
        self.unit_box.setToolTip("The unit that colours the passage (or click a heatmap row).")
        self.passage_title = QLabel("Held-out passage")
        controls = QHBoxLayout()
        for widget in (self.passage_title, QLabel("layer"), self.layer_box, QLabel("colour by"), self.field_box,
                       self.unit_box):
            controls.addWidget(widget)
        controls.insertStretch(1)
        self.passage_controls = controls
        self.heatmaps.unit_clicked.connect(self.unit_box.setValue)
        for signal in (self.layer_box.currentIndexChanged, self.field_box.currentIndexChanged,
                       self.unit_box.valueChanged):
            signal.connect(self._redraw_passage)

    def _show_temperature(self) -> None:
        self.temperature_label.setText(f"temperature {self.temperature_value:.2f}")

    @property
    def temperature_value(self) -> float:
        return self.temperature.value() / 100

    # --- data ----------------------------------------------------------------------------
    def set_shape(self, layers: int, hidden: int, vocabulary) -> None:  # noqa: ANN001
        self.vocabulary = vocabulary
        if self.layer_box.count() != layers:
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            self.layer_box.addItems([f"{layer + 1}" for layer in range(layers)])
            self.layer_box.setCurrentIndex(layers - 1)
            self.layer_box.blockSignals(False)
        self.unit_box.setMaximum(hidden - 1)

    def show_passage(self, text: str, arrays: dict[str, np.ndarray], probs: np.ndarray, title: str = "") -> None:
        """Gates ``arrays[name]`` ``[layers, T, H]`` and next-character ``probs`` ``[T, vocab]`` of ``text``."""
        self.passage, self.arrays, self.probs = text, arrays, probs
        if title:
            self.passage_title.setText(title)
        self._redraw_passage()

    def _redraw_passage(self) -> None:
        if self.arrays is None or self.vocabulary is None:
            return
        layer = max(0, self.layer_box.currentIndex())
        self.heatmaps.show_passage(self.passage, self.arrays, layer)
        field = self.field_box.currentText() if self.field_box.currentText() in self.arrays else "h"
        values = self.arrays[field][layer, :, self.unit_box.value()]
        colours = diverging_colours(np.tanh(values) if field == "c" else values, active_theme().qcolor("plot_background"))
        guesses, probs = top_guesses(self.probs, self.vocabulary)
        self.grid.set_text(self.passage, colours, guesses, probs)

    def add_sample(self, header: str, text: str) -> None:
        self.sample_texts.insert(0, f"── {header} ──\n{text}")
        del self.sample_texts[MAX_SAMPLES_SHOWN:]
        self.samples.setPlainText("\n\n".join(self.sample_texts))

    def add_training_point(self, chars_millions: float, bits: float) -> None:
        """One snapshot's bits per character (a mean over a tenth of a second: noisy) and its running mean."""
        self.smoothed = bits if self.smoothed is None else 0.9 * self.smoothed + 0.1 * bits
        self.train_curve.add(chars_millions, bits)
        self.smooth_curve.add(chars_millions, self.smoothed)

    def draw_training_curves(self) -> None:
        self.train_curve.draw()
        self.smooth_curve.draw()

    def clear_curves(self) -> None:
        for curve in (self.train_curve, self.smooth_curve, self.test_curve):
            curve.clear()
        self.smoothed = None
