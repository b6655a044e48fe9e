"""One colour per cell, the same in every panel of the Lab tab (and in both themes' hues)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg

from ..widgets._style import active_theme
from ._texts import cell_label

#: Index into the theme's ten class colours (tab10 order: blue, orange, green, red, purple, brown, pink ...).
_COLOUR_INDEX = {("rnn", False): 3, ("gru", False): 2, ("lstm", False): 0, ("lstm", True): 4,
                 ("lstm_peephole", False): 1, ("lstm_peephole", True): 6, ("lstm_no_forget", False): 5}


def cell_colour(spec: Any) -> str:
    """The colour of a :class:`~lstm_studio.lab.CellSpec`: RNN red, GRU green, LSTM blue,
    LSTM with a set forget bias purple, peepholes orange (pink with a bias), the 1997 LSTM brown."""
    index = _COLOUR_INDEX.get((spec.kind, spec.forget_bias is not None), 9)
    return active_theme().digit_colours[index]


def pale(colour: str, alpha: int = 110) -> Any:
    """``colour`` made translucent (a QColor), for curves that stay in the background."""
    result = pg.mkColor(colour)
    result.setAlpha(alpha)
    return result


def coloured_name(spec: Any) -> str:
    """The cell's name in bold (in the app's language), with a square of its colour, as rich text."""
    return f"<span style='color:{cell_colour(spec)}'>■</span>&nbsp;<b>{cell_label(spec)}</b>"


class Smoother:
    """An exponential moving average of a growing series, extended in place as the series grows.

    Per-step training scores jump from batch to batch; the smoothed line shows their trend
    without hiding the held-out scores, which are what the verdicts judge.
    """

    def __init__(self, alpha: float = 0.05) -> None:
        self.alpha = alpha
        self._buffer = np.empty(1024, dtype=np.float64)
        self.count = 0

    def update(self, series: np.ndarray) -> np.ndarray:
        """The smoothed ``series`` (which must extend the one given last time, or be shorter to restart)."""
        if len(series) < self.count:
            self.count = 0
        if len(series) > len(self._buffer):
            grown = np.empty(max(len(series), 2 * len(self._buffer)), dtype=np.float64)
            grown[:self.count] = self._buffer[:self.count]
            self._buffer = grown
        last = self._buffer[self.count - 1] if self.count else (float(series[0]) if len(series) else 0.0)
        for index in range(self.count, len(series)):
            value = float(series[index])
            if np.isfinite(value):
                last += self.alpha * (value - last)
            self._buffer[index] = last
        self.count = len(series)
        return self._buffer[:self.count]
