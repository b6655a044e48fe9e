"""The cell finder's view: per signal of the text, the unit that tracks it best and how well (Pearson r),
and the held-out text coloured by that unit beside the signal itself."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea,
                               QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...data.text import SIGNALS
from ..widgets._plots import style_plot
from ..widgets._style import active_theme
from ._chars import CharGrid, diverging_colours

SHOWN_CHARS = 1_500
PLOTTED_CHARS = 400
COLUMNS = ("signal", "what it is", "best unit", "r")


class FinderPanel(QWidget):
    """A Find button, the table of best units, and the text and curves of the chosen row."""

    find_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = None
        self.find_button = QPushButton("Find cells")
        self.find_button.setObjectName("findCellsButton")
        self.find_button.setToolTip("Read the held-out text with the current model and rank every unit (c and h "
                                    "of every layer) by its correlation with each signal.")
        self.find_button.clicked.connect(self.find_requested)
        self.status = QLabel("Which units track quotes, brackets, columns, indentation, comments, word ends? "
                             "Press Find cells.")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("finderTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
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
        plot = style_plot(self.plot_widget.getPlotItem(), "", "scaled to ±1", "character of the held-out text")
        plot.addLegend(offset=(5, 5))
        self.signal_curve = plot.plot(pen=pg.mkPen(active_theme().muted, width=2), name="signal")
        self.unit_curve = plot.plot(pen=pg.mkPen(active_theme().test_curve, width=1.5), name="unit")
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

    def show_result(self, result, source: str) -> None:  # noqa: ANN001 - FinderResult
        self.result = result
        self.status.setText(f"{len(result.text):,} characters of {source}: the unit with the largest |r| per signal.")
        self.table.setRowCount(0)
        for name in result.ranking:
            best = result.best(name)
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (name, SIGNALS[name].description,
                     f"{best.field} · layer {best.layer + 1} · unit {best.unit}" if best else "—",
                     f"{best.r:+.2f}" if best else "constant here")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        if self.table.rowCount():
            self.table.selectRow(0)

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self.result is None or not rows:
            return
        name = self.table.item(rows[0].row(), 0).text()
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
        self.detail.setText(f"<b>{best.describe()}</b>; the text is coloured by it (sign-flipped when r &lt; 0), "
                            "red where it is high.")


def _scaled(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    span = np.ptp(values)
    return (values - values.min()) / span * 2 - 1 if span > 0 else np.zeros_like(values)
