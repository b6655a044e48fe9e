"""Gate heatmaps of a passage: one layer's f, i, o, g, c, h (r, z, n, h for a GRU) as units × characters, the characters printed
under the columns. Items are made once; a new trace only calls ``setImage`` with fixed levels."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...cells import FIELDS
from ..i18n import on_language_change
from ..widgets._style import active_theme, field_tooltip, make_heatmap, show_heatmap
from ._chars import shown

#: Every field a cell may trace, in the order they are stacked: LSTM f i o g c h, GRU r z n h, RNN h.
ORDER = ("f", "i", "o", "r", "z", "g", "n", "c", "h")
LSTM_ROWS = ("f", "i", "o", "g", "c", "h")


class PassageHeatmaps(pg.GraphicsLayoutWidget):
    """Stacked heatmaps (units × characters) of one layer, one per field the cell has; click a row to choose
    that unit. Each field's plot is made once; a cell with other fields (a GRU after an LSTM) re-stacks them."""

    unit_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passageHeatmaps")
        self.setBackground(active_theme().plot_background)
        self.heatmaps: dict[str, pg.ImageItem] = {}
        self.plots: dict[str, pg.PlotItem] = {}
        self.stacked: tuple[str, ...] = ()
        self.text = ""
        self.hidden = 0
        self._stack(LSTM_ROWS)
        self.scene().sigMouseClicked.connect(self._on_click)
        on_language_change(self, self.retranslate)

    def _plot(self, name: str) -> pg.PlotItem:
        if name not in self.plots:
            plot = pg.PlotItem()
            plot.setMouseEnabled(False, False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.invertY(True)
            plot.setDefaultPadding(0)
            plot.setLabel("left", f"<b>{name}</b>")
            plot.getAxis("left").setStyle(showValues=False, tickLength=0)
            plot.getAxis("bottom").setStyle(tickLength=0)
            self.heatmaps[name] = make_heatmap(plot, FIELDS[name], colorbar=False)  # its tooltip says what it is
            self.plots[name] = plot
        return self.plots[name]

    def _stack(self, names: tuple[str, ...]) -> None:
        for name in self.stacked:
            self.ci.removeItem(self.plots[name])
        for row, name in enumerate(names):
            self.ci.addItem(self._plot(name), row=row, col=0)
        self.stacked = names
        self.text, self.hidden = "", 0  # the plots (some new) get their ticks and range again

    def retranslate(self) -> None:
        """Each heatmap's tooltip (what its field is) in the current language."""
        for name, plot in self.plots.items():
            plot.setToolTip(field_tooltip(FIELDS[name]))

    def show_passage(self, text: str, arrays: dict[str, np.ndarray], layer: int) -> None:
        """``arrays[name]`` is ``[layers, T, H]`` for the characters of ``text``; shows ``layer``."""
        names = tuple(name for name in ORDER if name in arrays)
        if names != self.stacked:
            self._stack(names)
        for name in names:
            values = np.ascontiguousarray(arrays[name][layer].T, dtype=np.float32)  # [H, T]
            show_heatmap(self.heatmaps[name], FIELDS[name], values)
        hidden = arrays["h"].shape[2]
        if text != self.text or hidden != self.hidden:
            self.text, self.hidden = text, hidden
            ticks = [[(t + 0.5, shown(char)) for t, char in enumerate(text)]]
            for name in names:
                self.plots[name].getAxis("bottom").setTicks(ticks)
                self.plots[name].setRange(xRange=(0, len(text)), yRange=(0, hidden), padding=0)

    def _on_click(self, event) -> None:  # noqa: ANN001 - pyqtgraph's mouse event
        for plot in (self.plots[name] for name in self.stacked):
            if plot.sceneBoundingRect().contains(event.scenePos()):
                point = plot.vb.mapSceneToView(event.scenePos())
                if 0 <= point.y() < self.hidden:
                    self.unit_clicked.emit(int(point.y()))
                return
