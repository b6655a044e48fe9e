"""Inspect text: type or paste any text, scrub character by character, see one unit's equations, the model's
guesses, what the prediction hangs on (connectivity), and LSTMVis-style on/off patterns of a selected span.

The panel only draws; the tab computes (readings, connectivity, pattern searches) and hands results over.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QListWidget, QPlainTextEdit,
                               QPushButton, QScrollArea, QSlider, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..i18n import on_language_change
from ..widgets._plots import label_plot, make_cursor, style_plot
from ..widgets._style import active_theme
from ._chars import CharGrid, diverging_colours, intensity_colours, shown
from ._equations import guesses_html, text_unit_html

CONNECTIVITY, UNIT_VALUE = 0, 1  # the colour box's entries
UNIT_WINDOW = 60  # characters on each side of the cursor in the unit plot
TRACE_FIELDS = (("f", "forget_gate"), ("i", "input_gate"), ("o", "output_gate"), ("c", "cell_state"),
                ("h", "hidden_state"))
PEN_COLOURS = {"f": "#2ca02c", "i": "#1f77b4", "o": "#9467bd", "c": "#ff7f0e", "h": "#d62728"}


class TextInspector(QWidget):
    """Text box, character scrubber, coloured text with guesses, unit plot, equations and pattern search."""

    text_edited = Signal(str)
    position_changed = Signal(int)
    span_chosen = Signal(int, int)
    search_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading = None
        self.vocabulary = None
        self.connectivity = None
        self.pattern: tuple[np.ndarray, tuple[int, int], int] | None = None  # units on in a span, of a layer
        self.matches_said: Callable[[], list[str]] = list
        self._build_inputs()
        self._build_unit_panel()
        self._build_patterns()
        self._build_layout()
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Every word of the view in the current language; the text, the reading and the selection stay."""
        self.editor.setPlaceholderText(self.tr("Type or paste any text; the model reads it character by character."))
        self.scrubber.setToolTip(self.tr("Scrub through the text character by character (or click a character; "
                                         "←/→)."))
        self.colour_box.setItemText(CONNECTIVITY, self.tr("connectivity"))
        self.colour_box.setItemText(UNIT_VALUE, self.tr("unit value"))
        self.colour_box.setToolTip(self.tr("connectivity: how strongly the guess after the chosen character depends "
                                           "on each earlier character (‖∂ log p / ∂ embedding‖); unit value: the "
                                           "chosen unit."))
        self.unit_box.setPrefix(self.tr("unit "))
        for box in (self.layer_box, self.unit_box):
            box.setToolTip(self.tr("The unit whose gates are plotted and written out below."))
        label_plot(self.unit_plot_widget.getPlotItem(), bottom=self.tr("characters before / after the chosen one"))
        self.threshold.setToolTip(self.tr("A unit counts as on where its h is above this value (LSTMVis)."))
        self.search_button.setText(self.tr("Search held-out text"))
        self.search_button.setToolTip(self.tr("Find other places in the corpus's held-out text where the same units "
                                              "are on."))
        for label, text in ((self.character_label, self.tr("character")), (self.colour_label, self.tr("colour by")),
                            (self.layer_label, self.tr("layer")),
                            (self.patterns_title, self.tr("<b>Patterns</b> on above"))):
            label.setText(text)
        self._show_pattern_label()
        self._show_matches()
        self.redraw_position()

    # --- construction --------------------------------------------------------------------
    def _build_inputs(self) -> None:
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("inspectTextEditor")
        self.editor.setFixedHeight(80)
        self.editor.textChanged.connect(lambda: self.text_edited.emit(self.editor.toPlainText()))
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setObjectName("characterScrubber")
        self.scrubber.valueChanged.connect(self.position_changed)
        self.position_label = QLabel("")
        self.colour_box = QComboBox()
        self.colour_box.addItems(["", ""])  # connectivity, unit value: said by retranslate
        self.colour_box.currentIndexChanged.connect(self.redraw_colours)
        self.grid = CharGrid(guess_rows=0)
        self.grid.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.grid.char_clicked.connect(self.scrubber.setValue)
        self.grid.span_selected.connect(self.span_chosen)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid)
        self.guesses_label = QLabel("")
        self.guesses_label.setObjectName("guessesLabel")
        self.guesses_label.setTextFormat(Qt.TextFormat.RichText)

    def _build_unit_panel(self) -> None:
        self.layer_box = QComboBox()
        self.unit_box = QSpinBox()
        self.layer_box.currentIndexChanged.connect(self.redraw_unit)
        self.unit_box.valueChanged.connect(self.redraw_unit)
        self.unit_box.valueChanged.connect(self.redraw_colours)
        self.unit_plot_widget = pg.PlotWidget(background=active_theme().plot_background)
        plot = style_plot(self.unit_plot_widget.getPlotItem())
        plot.addLegend(offset=(5, 5), colCount=5)
        # Antialiasing off and fixed axes: a new character moves the curves, never the axes (nothing re-lays out).
        self.unit_curves = {name: plot.plot(pen=pg.mkPen(PEN_COLOURS[name], width=1.5), antialias=False,
                                      name="tanh c" if name == "c" else name)
                            for name, _ in TRACE_FIELDS}
        plot.setYRange(-1.05, 1.8, padding=0)  # the band above 1 holds the legend, clear of the curves
        plot.setXRange(-UNIT_WINDOW, UNIT_WINDOW, padding=0.01)
        plot.getAxis("left").setTicks([[(v, f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1)]])
        self.unit_cursor = make_cursor(plot)
        self.unit_cursor.setValue(0)
        self.unit_plot_widget.setFixedHeight(170)
        self.equations = QLabel("")
        self.equations.setObjectName("textEquations")
        self.equations.setTextFormat(Qt.TextFormat.RichText)
        self.equations.setWordWrap(True)
        self.equations.setAlignment(Qt.AlignmentFlag.AlignTop)

    def _build_patterns(self) -> None:
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(-0.9, 0.9)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.3)
        self.threshold.valueChanged.connect(lambda: self.span_chosen.emit(*self.grid.span) if self.grid.span else None)
        self.pattern_label = QLabel()
        self.pattern_label.setWordWrap(True)
        self.pattern_label.setObjectName("patternLabel")
        self.search_button = QPushButton()
        self.search_button.setEnabled(False)
        self.search_button.clicked.connect(self.search_requested)
        self.matches = QListWidget()
        self.matches.setObjectName("patternMatches")
        self.matches.setFont(self.grid.font())

    def _build_layout(self) -> None:
        self.character_label, self.colour_label, self.layer_label = QLabel(), QLabel(), QLabel()
        self.patterns_title = QLabel()
        top = QHBoxLayout()
        for widget in (self.character_label, self.scrubber, self.position_label, self.colour_label, self.colour_box):
            top.addWidget(widget)
        top.setStretchFactor(self.scrubber, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.editor,):
            left_layout.addWidget(widget)
        left_layout.addLayout(top)
        left_layout.addWidget(self.guesses_label)
        left_layout.addWidget(self.scroll, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        unit_row = QHBoxLayout()
        for widget in (self.layer_label, self.layer_box, self.unit_box):
            unit_row.addWidget(widget)
        unit_row.addStretch(1)
        right_layout.addLayout(unit_row)
        right_layout.addWidget(self.unit_plot_widget)
        right_layout.addWidget(self.equations)
        pattern_row = QHBoxLayout()
        pattern_row.addWidget(self.patterns_title)
        pattern_row.addWidget(self.threshold)
        pattern_row.addWidget(self.search_button)
        right_layout.addLayout(pattern_row)
        right_layout.addWidget(self.pattern_label)
        right_layout.addWidget(self.matches, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([820, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

    # --- data ----------------------------------------------------------------------------
    @property
    def position(self) -> int:
        return self.scrubber.value()

    @property
    def layer(self) -> int:
        return max(0, self.layer_box.currentIndex())

    def set_reading(self, reading, vocabulary, position: int) -> None:  # noqa: ANN001
        """Show a new reading (a new text or model) at ``position``; the tab then calls :meth:`redraw_position`."""
        self.reading, self.vocabulary = reading, vocabulary
        if self.layer_box.count() != reading.num_layers:
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            self.layer_box.addItems([f"{k + 1}" for k in range(reading.num_layers)])
            self.layer_box.setCurrentIndex(reading.num_layers - 1)
            self.layer_box.blockSignals(False)
        self.unit_box.setMaximum(reading.hidden_size - 1)
        self.scrubber.blockSignals(True)  # one redraw per reading, not one per property changed
        self.scrubber.setRange(0, len(reading) - 1)
        self.scrubber.setValue(position)
        self.scrubber.blockSignals(False)
        self.grid.set_text(reading.text)

    def set_connectivity(self, connectivity) -> None:  # noqa: ANN001
        self.connectivity = connectivity
        self.redraw_colours()

    def redraw_position(self) -> None:
        """Everything that depends on the chosen character."""
        if self.reading is None:
            return
        t = min(self.position, len(self.reading) - 1)
        self.grid.set_cursor(t)
        self.position_label.setText(self.tr("{index} of {count}: {char}").format(
            index=t + 1, count=len(self.reading), char=f"<tt>{shown(self.reading.text[t])}</tt>"))
        self.guesses_label.setText(guesses_html(self.reading, self.vocabulary, t))
        self.redraw_unit()

    def redraw_unit(self) -> None:
        if self.reading is None:
            return
        t, layer, unit = min(self.position, len(self.reading) - 1), self.layer, self.unit_box.value()
        low, high = max(0, t - UNIT_WINDOW), min(len(self.reading), t + UNIT_WINDOW + 1)
        offsets = np.arange(low, high) - t
        for name, _ in TRACE_FIELDS:
            if name in self.reading.arrays:
                values = self.reading.arrays[name][layer, low:high, unit]
                self.unit_curves[name].setData(offsets, np.tanh(values) if name == "c" else values)
        self.equations.setText(text_unit_html(self.reading, layer, unit, t, active_theme().muted))

    def redraw_colours(self) -> None:
        if self.reading is None:
            return
        background = active_theme().qcolor("plot_background")
        if self.colour_box.currentIndex() == CONNECTIVITY and self.connectivity is not None:
            values = self.connectivity.full(len(self.reading))
            scale = np.nanmax(values) if np.isfinite(values).any() else 1.0
            colours = intensity_colours(values / max(scale, 1e-12), background, QColor(active_theme().accent))
        else:
            values = self.reading.arrays["h"][self.layer, :, self.unit_box.value()]
            colours = diverging_colours(values, background)
        self.grid.set_colours(colours)

    def show_pattern(self, units: np.ndarray, span: tuple[int, int]) -> None:
        self.grid.set_span(span)
        self.pattern = (units, span, self.layer)
        self._show_pattern_label()
        self.search_button.setEnabled(len(units) > 0)

    def _show_pattern_label(self) -> None:
        if self.pattern is None:
            self.pattern_label.setText(self.tr("Drag across characters to select a span: the units of the chosen "
                                               "layer that are on there and off around it are listed here."))
            return
        units, span, layer = self.pattern
        listed = ", ".join(str(u) for u in units[:16]) + (" …" if len(units) > 16 else "")
        self.pattern_label.setText(self.tr("%n unit(s) of layer {layer} on at characters {first}–{last} and off "
                                           "around them: {units}", "", len(units)).format(
            layer=layer + 1, first=span[0] + 1, last=span[1], units=listed or self.tr("none")))

    def show_matches(self, lines: Callable[[], list[str]]) -> None:
        """The places a pattern search found (``lines`` is called again when the language changes)."""
        self.matches_said = lines
        self._show_matches()

    def _show_matches(self) -> None:
        if self.matches_said is list:
            return  # no search yet: the list stays empty
        lines = self.matches_said()
        self.matches.clear()
        self.matches.addItems(lines or [self.tr("no other place where these units are on together")])

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(event.key())
        if step is None:
            super().keyPressEvent(event)
            return
        self.scrubber.setValue(self.scrubber.value() + step)
