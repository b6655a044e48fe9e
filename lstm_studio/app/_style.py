"""Shared look of gate heatmaps: one colour map and fixed levels per quantity.

Sigmoid gates (i, f, o) live in 0..1 and get a sequential map; tanh quantities (g, c, h)
live in -1..1 and get a diverging map centred on 0. Levels never auto-scale, so colours
mean the same thing in every frame and every panel.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

# Field name -> (title, symbol, levels, colour map name, tooltip).
FIELDS: dict[str, tuple[str, str, tuple[float, float], str, str]] = {
    "forget_gate": ("Forget gate", "f", (0.0, 1.0), "viridis",
                    "f near 1 keeps the cell's memory; near 0 erases it."),
    "input_gate": ("Input gate", "i", (0.0, 1.0), "viridis",
                   "i near 1 writes the candidate into the cell; near 0 ignores it."),
    "output_gate": ("Output gate", "o", (0.0, 1.0), "viridis",
                    "o near 1 shows the cell through h; near 0 hides it."),
    "candidate": ("Candidate g", "g", (-1.0, 1.0), "CET-D1",
                  "g = tanh(...): the new content proposed for the cell."),
    "cell_state": ("Cell state c", "c", (-1.0, 1.0), "CET-D1",
                   "c_t = f_t * c_{t-1} + i_t * g_t (colours clip at ±1)."),
    "hidden_state": ("Hidden state h", "h", (-1.0, 1.0), "CET-D1",
                     "h_t = o_t * tanh(c_t): what the layer outputs."),
}
FIELD_ORDER = ("forget_gate", "input_gate", "output_gate", "candidate", "cell_state", "hidden_state")
#: Ten distinguishable colours for digit classes 0..9 (matplotlib's tab10).
DIGIT_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def levels_for(field: str) -> tuple[float, float]:
    return FIELDS[field][2]


def lookup_table(field: str) -> np.ndarray:
    """A 256-entry RGBA lookup table for ``field`` (fast path in ``ImageItem``)."""
    return pg.colormap.get(FIELDS[field][3]).getLookupTable(nPts=256, alpha=False)


def colormap_for(field: str) -> pg.ColorMap:
    return pg.colormap.get(FIELDS[field][3])


def make_heatmap(plot: pg.PlotItem, field: str, colorbar: bool = True) -> pg.ImageItem:
    """Add a fixed-level heatmap for ``field`` to ``plot`` (rows = units, columns = timesteps).

    Feed it later with ``item.setImage(array_float32_c_contiguous, autoLevels=False)``.
    """
    item = pg.ImageItem(axisOrder="row-major")
    item.setLookupTable(lookup_table(field))
    item.setLevels(levels_for(field))
    plot.addItem(item)
    plot.setToolTip(FIELDS[field][4])
    if colorbar:
        low, high = levels_for(field)
        bar = pg.ColorBarItem(values=(low, high), colorMap=colormap_for(field), interactive=False, width=10)
        bar.setImageItem(item, insert_in=plot)
    return item


def show_heatmap(item: pg.ImageItem, field: str, values: np.ndarray) -> None:
    """Update a heatmap made by :func:`make_heatmap` without touching its levels."""
    item.setImage(np.ascontiguousarray(values, dtype=np.float32), autoLevels=False, levels=levels_for(field))
