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
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtWidgets import QWidget

from ...cells import FIELDS
from ..i18n import QT_TRANSLATE_NOOP, field_label, translate
from ..widgets._style import active_theme, make_heatmap, show_heatmap
from ._colours import cell_colour
from ._texts import cell_label

COLUMNS = ("writes", "keeps", "memory")
#: The columns' headings (translated where shown).
COLUMN_HELP = (QT_TRANSLATE_NOOP("LabGatePanel", "<b>writes</b>: input gate i<br>near 1 writes into the cell"),
               QT_TRANSLATE_NOOP("LabGatePanel", "<b>keeps</b>: forget gate f, update gate z<br>near 1 keeps the "
                                                 "state"),
               QT_TRANSLATE_NOOP("LabGatePanel", "<b>memory</b>: cell state c<br>or hidden state h"))
#: Per cell kind, the field shown in each column (None: the cell has no such gate).
ROWS: dict[str, tuple[str | None, str | None, str]] = {
    "lstm": ("i", "f", "c"), "lstm_peephole": ("i", "f", "c"), "lstm_no_forget": ("i", None, "c"),
    "gru": (None, "z", "h"), "rnn": (None, None, "h")}
#: The fields shown take the shared heatmap looks: gates 0..1, everything else -1..1.
LOOKS = {name: FIELDS[name] for name in ("i", "f", "z", "c", "h")}


def field_name(name: str) -> str:
    """``"forget gate f"`` in the app's language."""
    return f"{field_label(LOOKS[name])} {name}"


#: Row names short enough for a narrow column (the full names are in the verdicts and tooltips).
SHORT_NAMES = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM",
               "lstm_peephole": QT_TRANSLATE_NOOP("LabGatePanel", "LSTM<br>peephole"), "lstm_no_forget": "LSTM<br>1997"}


def row_name(spec: Any) -> str:
    """``"<b>LSTM</b><br>bias 1"``: a cell's name for the heatmap rows, in the app's language."""
    bias = "" if spec.forget_bias is None else "<br>" + translate("LabGatePanel", "bias {bias}").format(
        bias=f"{spec.forget_bias:g}")
    return f"<b>{translate('LabGatePanel', SHORT_NAMES[spec.kind])}</b>{bias}"


class _NarrowLabel(pg.LabelItem):
    """A label that does not widen its column, so the three columns of heatmaps stay equally wide
    (pyqtgraph labels ask for their text's width; these texts fit any column the window gives)."""

    def __init__(self, text: str, **style: Any) -> None:
        super().__init__(text, **style)
        self.setMinimumWidth(0)

    def sizeHint(self, which: Qt.SizeHint, constraint: QSizeF = QSizeF()) -> QSizeF:  # noqa: N802 - Qt override
        size = super().sizeHint(which, constraint)
        return size if which == Qt.SizeHint.MaximumSize else QSizeF(0, size.height())


def _heatmap_plot() -> pg.PlotItem:
    plot = pg.PlotItem()
    plot.setMouseEnabled(False, False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.invertY(True)
    plot.setDefaultPadding(0)
    plot.enableAutoRange(enable=False)  # ranges are set once per run: no axis repaint per frame
    plot.hideAxis("left")
    bottom = plot.getAxis("bottom")
    bottom.setStyle(tickLength=3)
    bottom.enableAutoSIPrefix(False)
    return plot


class _Row:
    """One cell's row: its name and, per column, a heatmap (with its mark lines) or a "no such gate" note.

    Building a row costs tens of milliseconds per plot (pyqtgraph builds menus and axes), so
    rows are kept by cell and laid out again when a run compares another set of cells.
    """

    def __init__(self, spec: Any) -> None:
        theme = active_theme()
        self.spec = spec
        self.name = pg.LabelItem("", size="9pt", color=cell_colour(spec), justify="right")
        self.items: list[pg.GraphicsObject] = []
        self.heatmaps: dict[str, tuple[pg.ImageItem, pg.PlotItem]] = {}
        self.lines: list[pg.InfiniteLine] = []
        self.shapes: dict[str, tuple[int, ...]] = {}  # what each image was last placed for
        for field in ROWS[spec.kind]:
            if field is None:
                self.items.append(_NarrowLabel("", size="8pt", color=theme.faint))
                continue
            plot = _heatmap_plot()
            image = make_heatmap(plot, LOOKS[field], colorbar=False)
            self.heatmaps[field] = (image, plot)
            self.items.append(plot)
        self.retranslate()

    def retranslate(self) -> None:
        """The row's name, its heatmaps' tooltips and its "no such gate" notes in the current language."""
        self.name.setText(row_name(self.spec))
        for item in self.items:
            if isinstance(item, _NarrowLabel):
                item.setText(translate("LabGatePanel", "no such gate"))
        for field, (_, plot) in self.heatmaps.items():
            plot.setToolTip(translate("LabGatePanel", "{cell}: {field}").format(cell=cell_label(self.spec),
                                                                               field=field_name(field)))

    def show_marks(self, steps: tuple[int, ...]) -> None:
        """Dashed lines at the (0-based) ``steps`` on every heatmap of the row; timestep t is centred on x = t."""
        pen = pg.mkPen(active_theme().accent, width=1.2, style=Qt.PenStyle.DashLine)
        plots = [plot for _, plot in self.heatmaps.values()]
        while len(self.lines) < len(steps) * len(plots):
            line = pg.InfiniteLine(angle=90, movable=False, pen=pen)
            line.setZValue(10)
            plots[len(self.lines) % len(plots)].addItem(line, ignoreBounds=True)
            self.lines.append(line)
        for index, line in enumerate(self.lines):
            visible = index < len(steps) * len(plots)
            line.setVisible(visible)
            if visible:
                line.setPos(steps[index // len(plots)] + 1)

    def set_shape(self, steps: int, units: int) -> None:
        for _, plot in self.heatmaps.values():
            plot.setXRange(0.5, steps + 0.5, padding=0)
            plot.setYRange(0, units, padding=0)

    def show(self, field: str, values: np.ndarray) -> None:
        """``values`` ``[units, T]`` on the field's heatmap, column t over timestep t + 1."""
        image = self.heatmaps[field][0]
        show_heatmap(image, LOOKS[field], values)
        if self.shapes.get(field) != values.shape:
            # pyqtgraph places an image by its size, so only once it has one, and again when it changes.
            image.setRect(QRectF(0.5, 0, values.shape[1], values.shape[0]))
            self.shapes[field] = values.shape


class LabGatePanel(pg.GraphicsLayoutWidget):
    """A row per cell, a column per role; every heatmap is units (rows) × timesteps (columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labGatePanel")
        self.rows: dict[str, _Row] = {}
        self.shown_keys: tuple[str, ...] = ()
        self.marks: tuple[tuple[int, ...], ...] = ()
        foreground = active_theme().foreground
        self.headings = [_NarrowLabel("", size="9pt", color=foreground) for _ in COLUMN_HELP]
        for col, heading in enumerate(self.headings, start=1):
            self.ci.addItem(heading, row=0, col=col)
        grid = self.ci.layout
        # Tight rows: six cells with three-line names (taller in a Han font) must still fit the lower area.
        grid.setVerticalSpacing(3)
        grid.setContentsMargins(9, 4, 9, 4)
        for col in range(1, len(COLUMNS) + 1):  # three equal columns, whichever cells fill them
            grid.setColumnStretchFactor(col, 1)
            grid.setColumnPreferredWidth(col, 10)
        self._shown: tuple[int, int] = (-1, -1)  # (trace step, probe) on screen
        self.retranslate()

    def retranslate(self) -> None:
        """Headings, every row built so far and the tooltip in the current language (the tab calls it)."""
        for heading, text in zip(self.headings, COLUMN_HELP):
            heading.setText(translate("LabGatePanel", text))
        for row in self.rows.values():
            row.retranslate()
        self.setToolTip(self.tr("Each heatmap: rows are units, columns are timesteps of the probe sequence.\n"
                                "Gates: 0 dark purple, 1 yellow. States: −1 blue, 0 white, +1 red.\n"
                                "Dashed lines: the steps that matter (markers, X and Y, the symbols to remember)."))

    @property
    def mark_lines(self) -> list[pg.InfiniteLine]:
        """The visible mark lines of the rows on screen."""
        return [line for key in self.shown_keys for line in self.rows[key].lines if line.isVisible()]

    def prepare(self, cells: tuple[Any, ...]) -> None:
        """Build and lay out the rows of ``cells`` ahead of a run (e.g. while the user reads the form)."""
        for spec in cells:
            if spec.key not in self.rows:
                self.rows[spec.key] = _Row(spec)
        keys = tuple(spec.key for spec in cells)
        if not self.shown_keys:
            self._lay_out(keys)

    def setup(self, info: Any, config: Any) -> None:
        """Lay out the rows of the run's cells (built once per cell, then reused)."""
        self.prepare(config.cells)
        keys = tuple(spec.key for spec in config.cells)
        if keys != self.shown_keys:
            self._lay_out(keys)
        self.marks = info.marks
        lowest: dict[int, pg.PlotItem] = {}  # per column, the plot nearest the bottom: it shows the timesteps
        for key in keys:
            row = self.rows[key]
            row.set_shape(info.num_steps, config.hidden_size)
            for col, item in enumerate(row.items):
                if isinstance(item, pg.PlotItem):
                    item.getAxis("bottom").setStyle(showValues=False)
                    lowest[col] = item
        for plot in lowest.values():
            plot.getAxis("bottom").setStyle(showValues=True)
        self._shown = (-1, -1)

    def _lay_out(self, keys: tuple[str, ...]) -> None:
        for key in self.shown_keys:
            for item in (self.rows[key].name, *self.rows[key].items):
                self.ci.removeItem(item)
        for row, key in enumerate(keys, start=1):
            self.ci.layout.setRowStretchFactor(row, 1)  # equal rows, whatever their names
            self.ci.addItem(self.rows[key].name, row=row, col=0)
            for col, item in enumerate(self.rows[key].items, start=1):
                self.ci.addItem(item, row=row, col=col)
        self.shown_keys = keys

    def show(self, snapshot: Any, probe: int) -> bool:
        """Show the gates of probe ``probe`` from the snapshot's traces; False if nothing changed."""
        step = max((cell.trace_step for cell in snapshot.cells), default=-1)
        if (step, probe) == self._shown:
            return False
        self._shown = (step, probe)
        for cell in snapshot.cells:
            row = self.rows.get(cell.spec.key)
            if cell.trace is None or row is None:
                continue
            for field in row.heatmaps:
                row.show(field, cell.trace[field][0, probe].T)  # [units, T]: first layer, one probe sequence
            row.show_marks(self.marks[probe] if self.marks else ())
        return True

    def image(self, key: str, field: str) -> np.ndarray | None:
        """The array a heatmap shows (tests, exports)."""
        row = self.rows.get(key)
        entry = None if row is None else row.heatmaps.get(field)
        return None if entry is None else entry[0].image
