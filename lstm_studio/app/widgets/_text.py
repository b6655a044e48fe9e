"""Words shared by every tab: what each cell is called, and how far into the input a step has read.

Every function answers in the app's language (Qt context ``Words``).
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..i18n import snapshot_label, source_text

translate = QCoreApplication.translate

SIDE = 28  # a digit is 28 x 28 pixels

#: How a person calls each kind of cell (``ModelConfig.cell``), in English; :func:`cell_title` translates.
CELL_TITLES = {"rnn": QT_TRANSLATE_NOOP("Words", "plain RNN"), "gru": "GRU", "lstm": "LSTM",
               "lstm_peephole": QT_TRANSLATE_NOOP("Words", "peephole LSTM"),
               "lstm_no_forget": QT_TRANSLATE_NOOP("Words", "LSTM without forget gate")}


def cell_title(kind: str) -> str:
    """``"gru"`` -> ``"GRU"``; an unknown kind is shown as it is."""
    title = CELL_TITLES.get(kind)
    return translate("Words", title) if title is not None else kind


def pixels_per_step(steps: int) -> int:
    """Pixels of a 28 x 28 digit read at each of ``steps`` steps (28: one row per step)."""
    return SIDE * SIDE // max(1, steps)


def read_so_far(step: int, steps: int) -> str:
    """What the network has read after ``step`` (1-based) of ``steps``: ``"rows 1–14"``, ``"pixels 1–56 of 784"``."""
    chunk = pixels_per_step(steps)
    if chunk % SIDE == 0:
        rows = chunk // SIDE
        if step * rows == 1:
            return translate("Words", "row 1")
        return translate("Words", "rows 1–{last}").format(last=step * rows)
    text = translate("Words", "pixels 1–{last} of {total}")
    return text.format(last=step * chunk, total=SIDE * SIDE)


def step_unit(steps: int) -> str:
    """What one step reads, for axis labels: ``"one image row per step"`` or ``"4 pixels per step"``."""
    chunk = pixels_per_step(steps)
    if chunk == SIDE:
        return translate("Words", "one image row per step")
    if chunk % SIDE == 0:
        return translate("Words", "{rows} image rows per step").format(rows=chunk // SIDE)
    return translate("Words", "{pixels} pixels per step").format(pixels=chunk)


def read_at(step: int, steps: int) -> str:
    """What step ``step`` (1-based) of ``steps`` reads: ``"image row 9"``, ``"image rows 3–4"``, ``"pixels 9–12"``."""
    chunk = pixels_per_step(steps)
    first, last = (step - 1) * chunk + 1, step * chunk
    if chunk == SIDE:
        return translate("Words", "image row {row}").format(row=step)
    if chunk % SIDE == 0:
        text = translate("Words", "image rows {first}–{last}")
        return text.format(first=(first - 1) // SIDE + 1, last=last // SIDE)
    if chunk > 1:
        return translate("Words", "pixels {first}–{last}").format(first=first, last=last)
    return translate("Words", "pixel {first}").format(first=first)


def weights_phrase(snapshot: object) -> str:
    """Which weights a view shows, after "with": ``"the training run's weights after step 1,240"`` while
    training, else ``"the current model (bundled model)"``. Every view says it the same way."""
    if getattr(snapshot, "is_live", False):
        return live_weights(snapshot)
    source = source_text(getattr(snapshot, "source", "?"))
    return translate("Words", "the current model ({source})").format(source=source)


def live_weights(snapshot: object) -> str:
    """``"the training run's weights after step 1,240"`` (a live snapshot's weights, as titles say it)."""
    return translate("Words", "the training run's {weights}").format(weights=snapshot_label(snapshot))
