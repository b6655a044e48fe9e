"""The live training view: bits per character, the model's writing, and the gates of a held-out passage."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
                               QSlider, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..i18n import on_language_change
from ..widgets._plots import label_plot, style_plot
from ..widgets._style import active_theme
from ._chars import CharGrid, diverging_colours
from ._heatmaps import PassageHeatmaps

MAX_SAMPLES_SHOWN = 12
CURVE_POINTS = 100_000
#: A text said in the language of the moment: called again when the language changes.
Words = Callable[[], str]


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
        self.passage_words: Words = lambda: self.tr("Held-out passage")
        self.samples_said: list[tuple[Words, str]] = []  # newest first: header (said again), text
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
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Every word of the view in the current language; curves, samples and the passage stay."""
        label_plot(self.plot_widget.getPlotItem(), self.tr("bits per character"), self.tr("bits / char"),
                   self.tr("characters read (millions)"))
        for curve, name in ((self.train_curve, self.tr("training")), (self.smooth_curve, self.tr("training, smoothed")),
                            (self.test_curve, self.tr("held-out"))):
            label = self.legend.getLabel(curve.curve)
            if label is not None:
                label.setText(name)
        self.legend.updateSize()
        self.plot_widget.setToolTip(self.tr("Bits per character: how surprised the model is by the next character "
                                            "(lower is better). Training: since the last update; held-out: text the "
                                            "model never trains on, measured after every pass over the corpus."))
        self.prime.setPlaceholderText(self.tr("prime text (optional)"))
        self.prime.setToolTip(self.tr("The model reads this first, then writes on from it."))
        self.temperature.setToolTip(self.tr("Temperature: below 1 the model plays safe, above 1 it takes risks."))
        self._show_temperature()
        self.write_button.setText(self.tr("Write now"))
        self.write_button.setToolTip(self.tr("Let the current model write a sample (while training, one comes every "
                                             "few seconds by itself)."))
        self.prime_label.setText(self.tr("Prime"))
        self.samples.setPlaceholderText(self.tr("Samples the model writes appear here."))
        self.samples_title.setText(self.tr("<b>The model writes</b> (newest first)"))
        self._show_samples()
        self.grid.setToolTip(self.tr("The passage coloured by the chosen unit (blue negative, red positive); under "
                                     "each character, the model's five likeliest guesses for the next one (green: "
                                     "likelier)."))
        self.layer_box.setToolTip(self.tr("Which layer the heatmaps and the coloured passage show."))
        self.field_box.setToolTip(self.tr("Colour the passage by the unit's cell state c or its output h."))
        self.unit_box.setPrefix(self.tr("unit "))
        self.unit_box.setToolTip(self.tr("The unit that colours the passage (or click a heatmap row)."))
        self.layer_label.setText(self.tr("layer"))
        self.colour_label.setText(self.tr("colour by"))
        self.passage_title.setText(self.passage_words())

    # --- construction --------------------------------------------------------------------
    def _build_curves(self) -> None:
        theme = active_theme()
        self.plot_widget = pg.PlotWidget(background=theme.plot_background)
        self.plot_widget.setObjectName("bitsPerCharPlot")
        plot = style_plot(self.plot_widget.getPlotItem())
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.legend = plot.addLegend(offset=(-10, 10))
        # The legend's names are said by retranslate (a name given here keeps the entry).
        self.train_curve = GrowingCurve(plot.plot(pen=pg.mkPen(theme.train_curve, width=1), name=" "))
        self.smooth_curve = GrowingCurve(plot.plot(pen=pg.mkPen(theme.smooth_curve, width=2), name=" "))
        self.test_curve = GrowingCurve(plot.plot(pen=pg.mkPen(theme.test_curve, width=2), symbol="o", symbolSize=6,
                                                 symbolBrush=theme.test_curve, name=" "))
        for curve in (self.train_curve, self.smooth_curve):
            curve.curve.setDownsampling(auto=True, method="peak")
            curve.curve.setClipToView(True)
        self.smoothed: float | None = None

    def _build_samples(self) -> None:
        self.samples_box = QWidget()
        layout = QVBoxLayout(self.samples_box)
        layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        self.prime = QLineEdit()
        self.temperature = QSlider(Qt.Orientation.Horizontal)
        self.temperature.setRange(5, 200)
        self.temperature.setValue(80)
        self.temperature_label = QLabel()
        self.temperature.valueChanged.connect(self._show_temperature)
        self.write_button = QPushButton()
        self.write_button.clicked.connect(self.sample_requested)
        self.prime_label = QLabel()
        for widget in (self.prime_label, self.prime, self.temperature_label, self.temperature, self.write_button):
            controls.addWidget(widget)
        controls.setStretchFactor(self.prime, 2)
        controls.setStretchFactor(self.temperature, 1)
        self.samples = QPlainTextEdit(readOnly=True)
        self.samples.setObjectName("samplesText")
        self.samples.setFont(CharGrid(0).font())
        self.samples_title = QLabel()
        layout.addWidget(self.samples_title)
        layout.addLayout(controls)
        layout.addWidget(self.samples)

    def _build_passage(self) -> None:
        self.heatmaps = PassageHeatmaps()
        self.grid = CharGrid(guess_rows=5, break_lines=False)
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setWidget(self.grid)
        self.grid_scroll.setFixedHeight(2 * self.grid.line_height + 8)
        self.layer_box = QComboBox()
        self.field_box = QComboBox()
        self.field_box.addItems(["c", "h"])
        self.unit_box = QSpinBox()
        self.passage_title = QLabel()
        self.layer_label, self.colour_label = QLabel(), QLabel()
        controls = QHBoxLayout()
        for widget in (self.passage_title, self.layer_label, self.layer_box, self.colour_label, self.field_box,
                       self.unit_box):
            controls.addWidget(widget)
        controls.insertStretch(1)
        self.passage_controls = controls
        self.heatmaps.unit_clicked.connect(self.unit_box.setValue)
        for signal in (self.layer_box.currentIndexChanged, self.field_box.currentIndexChanged,
                       self.unit_box.valueChanged):
            signal.connect(self._redraw_passage)

    def _show_temperature(self) -> None:
        self.temperature_label.setText(self.tr("temperature {value}").format(value=f"{self.temperature_value:.2f}"))

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

    def show_passage(self, text: str, arrays: dict[str, np.ndarray], probs: np.ndarray,
                     title: Words | None = None) -> None:
        """Gates ``arrays[name]`` ``[layers, T, H]`` and next-character ``probs`` ``[T, vocab]`` of ``text``;
        ``title`` says what the passage is read by (called again when the language changes)."""
        self.passage, self.arrays, self.probs = text, arrays, probs
        colourable = [name for name in ("c", "h") if name in arrays]  # a GRU or RNN has no cell state c
        if [self.field_box.itemText(i) for i in range(self.field_box.count())] != colourable:
            self.field_box.blockSignals(True)
            self.field_box.clear()
            self.field_box.addItems(colourable)
            self.field_box.blockSignals(False)
        if title is not None:
            self.passage_words = title
            self.passage_title.setText(title())
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

    def add_sample(self, header: Words, text: str) -> None:
        """A sample the model wrote, newest first; ``header`` says which model and temperature wrote it."""
        self.samples_said.insert(0, (header, text))
        del self.samples_said[MAX_SAMPLES_SHOWN:]
        self._show_samples()

    @property
    def sample_texts(self) -> list[str]:
        """The samples shown, newest first, each under its header."""
        return [f"── {header()} ──\n{text}" for header, text in self.samples_said]

    def _show_samples(self) -> None:
        if self.samples_said:
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
