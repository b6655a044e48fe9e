"""The cell finder's view: per signal of the text, the unit that tracks it best and how well (Pearson r),
and the held-out text coloured by that unit beside the signal itself."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea,
                               QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...data.text import SIGNALS
from ..i18n import on_language_change
from ..widgets._plots import label_plot, style_plot
from ..widgets._style import active_theme
from ._chars import CharGrid, diverging_colours
from ._texts import match_description, signal_description, signal_name, unit_name

SHOWN_CHARS = 1_500
PLOTTED_CHARS = 400
COLUMNS = 4  # signal, what it is, best unit, r
SIGNAL_KEY = Qt.ItemDataRole.UserRole  # the first column's data: the signal's name in SIGNALS


class FinderPanel(QWidget):
    """A Find button, the table of best units, and the text and curves of the chosen row."""

    find_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = None
        self.source: Callable[[], str] = str  # what text the result was read from, in words
        self.status_said: Callable[[], str] = lambda: self.tr(
            "Which units track quotes, brackets, columns, indentation, comments, word ends? Press Find cells.")
        self.find_button = QPushButton()
        self.find_button.setObjectName("findCellsButton")
        self.find_button.clicked.connect(self.find_requested)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("finderTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.grid = CharGrid(guess_rows=0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        self.plot_widget = pg.PlotWidget(background=active_theme().plot_background)
        plot = style_plot(self.plot_widget.getPlotItem())
        self.legend = plot.addLegend(offset=(5, 5))
        self.signal_curve = plot.plot(pen=pg.mkPen(active_theme().muted, width=2), name=" ")  # named by retranslate
        self.unit_curve = plot.plot(pen=pg.mkPen(active_theme().test_curve, width=1.5), name=" ")
        self.plot_widget.setFixedHeight(200)
        self.detail = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.status, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.plot_widget)
        right_layout.addWidget(scroll, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 840])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Every word of the view in the current language; the result and the chosen row stay."""
        self.find_button.setText(self.tr("Find cells"))
        self.find_button.setToolTip(self.tr("Read the held-out text with the current model and rank every unit (c "
                                            "and h of every layer) by its correlation with each signal."))
        self.table.setHorizontalHeaderLabels([self.tr("signal"), self.tr("what it is"), self.tr("best unit"), "r"])
        label_plot(self.plot_widget.getPlotItem(), left=self.tr("scaled to ±1"),
                   bottom=self.tr("character of the held-out text"))
        for curve, name in ((self.signal_curve, self.tr("signal")), (self.unit_curve, self.tr("unit"))):
            label = self.legend.getLabel(curve)
            if label is not None:
                label.setText(name)
        self.legend.updateSize()
        self.status.setText(self.status_said())
        self._say_rows()
        self._show_detail()

    def say(self, status: Callable[[], str]) -> None:
        """The line beside the Find button (``status`` is called again when the language changes)."""
        self.status_said = status
        self.status.setText(status())

    def show_result(self, result, source: Callable[[], str]) -> None:  # noqa: ANN001 - FinderResult
        """The best unit per signal of ``result``, read from ``source`` (said in words by the callable)."""
        self.result, self.source = result, source
        self.say(lambda: self.tr("{count} characters of {source}: the unit with the largest |r| per signal.").format(
            count=f"{len(result.text):,}", source=self.source()))
        self.table.setRowCount(0)
        for name in result.ranking:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column in range(COLUMNS):
                self.table.setItem(row, column, QTableWidgetItem())
            self.table.item(row, 0).setData(SIGNAL_KEY, name)
        self._say_rows()
        if self.table.rowCount():
            self.table.selectRow(0)

    def _say_rows(self) -> None:
        """The table's words (the first column's data is the signal's name, the key of the row)."""
        if self.result is None:
            return
        for row in range(self.table.rowCount()):
            name = self.signal_at(row)
            best = self.result.best(name)
            cells = (signal_name(name), signal_description(name, SIGNALS[name].description),
                     unit_name(best.field, best.layer, best.unit) if best else "—",
                     f"{best.r:+.2f}" if best else self.tr("constant here"))
            for column, text in enumerate(cells):
                self.table.item(row, column).setText(text)
        for column in (0, 2, 3):  # the description stretches into what is left
            self.table.resizeColumnToContents(column)

    def signal_at(self, row: int) -> str:
        """The signal (its name in ``SIGNALS``) that table row ``row`` is about."""
        return self.table.item(row, 0).data(SIGNAL_KEY)

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self.result is None or not rows:
            return
        name = self.signal_at(rows[0].row())
        best = self.result.best(name)
        if best is None:
            return
        values = self.result.states[best.field][best.layer, :, best.unit]
        signal = self.result.signals[name]
        shown_values = values[:SHOWN_CHARS] / max(1e-6, float(np.abs(values[:SHOWN_CHARS]).max()))
        self.grid.set_text(self.result.text[:SHOWN_CHARS],
                           diverging_colours(np.sign(best.r) * shown_values, active_theme().qcolor("plot_background")))
        steps = np.arange(1, min(PLOTTED_CHARS, len(values)) + 1)
        self.signal_curve.setData(steps, _scaled(signal[: len(steps)]))
        self.unit_curve.setData(steps, np.sign(best.r) * _scaled(values[: len(steps)]))
        self._show_detail()

    def _show_detail(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        best = self.result.best(self.signal_at(rows[0].row())) if self.result is not None and rows else None
        if best is None:
            return
        self.detail.setText(self.tr("{unit}; the text is coloured by it (sign-flipped when r &lt; 0), red where it "
                                    "is high.").format(unit=f"<b>{match_description(best)}</b>"))


def _scaled(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    span = np.ptp(values)
    return (values - values.min()) / span * 2 - 1 if span > 0 else np.zeros_like(values)
