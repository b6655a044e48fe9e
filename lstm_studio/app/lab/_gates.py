"""Gate heatmaps of every cell on one probe sequence, in three columns that mean the same across cells.

* **writes** — the LSTM's input gate i (1: the candidate is written into the cell);
* **keeps** — the LSTM's forget gate f and the GRU's update gate z (near 1 both *keep* the state);
* **memory** — the LSTM's cell state c, the GRU's and the RNN's hidden state h.

A plain RNN has nothing to show in the first two columns: it has no gates. The steps that
matter in the probe sequence (the markers, X and Y, the symbols to remember) are marked by
dashed lines, so one sees the forget gate hold at 1 from the marker to the end.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QWidget

from ..widgets._style import active_theme, make_heatmap, show_heatmap
from ._colours import cell_colour

COLUMNS = ("writes", "keeps", "memory")
COLUMN_HELP = ("<b>writes</b>: input gate i (1 writes into the cell)",
               "<b>keeps</b>: forget gate f, GRU update gate z (1 keeps the state)",
               "<b>memory</b>: cell state c, or hidden state h")
#: Per cell kind, the field shown in each column (None: the cell has no such gate).
ROWS: dict[str, tuple[str | None, str | None, str]] = {
    "lstm": ("i", "f", "c"), "lstm_peephole": ("i", "f", "c"), "lstm_no_forget": ("i", None, "c"),
    "gru": (None, "z", "h"), "rnn": (None, None, "h")}
#: Which of the shared heatmap looks a field takes: gates 0..1, everything else -1..1.
LOOKS = {"i": "input_gate", "f": "forget_gate", "z": "forget_gate", "c": "cell_state", "h": "hidden_state"}
NAMES = {"i": "input gate i", "f": "forget gate f", "z": "update gate z", "c": "cell state c", "h": "hidden state h"}


def _heatmap_plot(layout: pg.GraphicsLayout, row: int, col: int) -> pg.PlotItem:
    plot = layout.addPlot(row=row, col=col)
    plot.setMouseEnabled(False, False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.invertY(True)
    plot.setDefaultPadding(0)
    plot.hideAxis("left")
    bottom = plot.getAxis("bottom")
    bottom.setStyle(tickLength=3)
    bottom.enableAutoSIPrefix(False)
    return plot


class LabGatePanel(pg.GraphicsLayoutWidget):
    """A row per cell, a column per role; every heatmap is units (rows) × timesteps (columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labGatePanel")
        self.heatmaps: dict[tuple[str, str], tuple[pg.ImageItem, pg.PlotItem]] = {}
        self.mark_lines: list[pg.InfiniteLine] = []
        self.marks: tuple[tuple[int, ...], ...] = ()
        self.num_steps = 1
        self._shown: tuple[int, int] = (-1, -1)  # (snapshot trace step, probe)
        self.setToolTip("Each heatmap: rows are units, columns are timesteps of the probe sequence.\n"
                        "Gates: 0 dark purple, 1 yellow. States: −1 blue, 0 white, +1 red.\n"
                        "Dashed lines: the steps that matter (markers, X and Y, the symbols to remember).")

    def setup(self, info: Any, config: Any) -> None:
        """Build the grid for the run's cells (once per run)."""
        self.ci.clear()
        self.heatmaps, self.mark_lines = {}, []
        self.marks, self.num_steps = info.marks, info.num_steps
        foreground = active_theme().foreground
        for col, text in enumerate(COLUMN_HELP, start=1):
            self.ci.addLabel(text, row=0, col=col, size="9pt", color=foreground)
        for row, spec in enumerate(config.cells, start=1):
            self.ci.addLabel(f"<b>{spec.label}</b>", row=row, col=0, size="9pt", color=cell_colour(spec),
                             angle=-90)
            for col, field in enumerate(ROWS[spec.kind], start=1):
                if field is None:
                    self.ci.addLabel("no such gate", row=row, col=col, size="8pt", color=active_theme().faint)
                    continue
                self._add_heatmap(spec, field, row, col, last_row=row == len(config.cells))
        grid = self.ci.layout
        for col in range(1, len(COLUMNS) + 1):  # three equal columns, whichever cells fill them
            grid.setColumnStretchFactor(col, 1)
            grid.setColumnPreferredWidth(col, 10)
        self._shown = (-1, -1)

    def _add_heatmap(self, spec: Any, field: str, row: int, col: int, last_row: bool) -> None:
        plot = _heatmap_plot(self.ci, row, col)
        if not last_row:
            plot.getAxis("bottom").setStyle(showValues=False)
        item = make_heatmap(plot, LOOKS[field], colorbar=False)
        plot.setToolTip(f"{spec.label}: {NAMES[field]}")
        self.heatmaps[(spec.key, field)] = (item, plot)
        pen = pg.mkPen(active_theme().accent, width=1.2, style=Qt.PenStyle.DashLine)
        for _ in (self.marks[0] if self.marks else ()):
            line = pg.InfiniteLine(angle=90, movable=False, pen=pen)
            line.setZValue(10)
            plot.addItem(line, ignoreBounds=True)
            self.mark_lines.append(line)
        plot.setXRange(0.5, self.num_steps + 0.5, padding=0)

    def show(self, snapshot: Any, probe: int) -> bool:
        """Show the gates of probe ``probe`` from the snapshot's traces; False if nothing changed."""
        step = max((cell.trace_step for cell in snapshot.cells), default=-1)
        if (step, probe) == self._shown:
            return False
        self._shown = (step, probe)
        for cell in snapshot.cells:
            if cell.trace is None:
                continue
            for field in ROWS[cell.spec.kind]:
                if field is None or (cell.spec.key, field) not in self.heatmaps:
                    continue
                item, plot = self.heatmaps[(cell.spec.key, field)]
                values = cell.trace[field][0, probe].T  # [units, T]: first layer, one probe sequence
                show_heatmap(item, LOOKS[field], values)
                item.setRect(QRectF(0.5, 0, values.shape[1], values.shape[0]))
        self._place_marks(probe)
        return True

    def _place_marks(self, probe: int) -> None:
        if not self.marks:
            return
        steps = self.marks[probe]
        per_plot = len(steps)
        for index, line in enumerate(self.mark_lines):
            line.setPos(steps[index % per_plot] + 1)  # timestep t (1-based) is centred on x = t

    def image(self, key: str, field: str) -> np.ndarray | None:
        """The array a heatmap shows (tests, exports)."""
        entry = self.heatmaps.get((key, field))
        return None if entry is None else entry[0].image
