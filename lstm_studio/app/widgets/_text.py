"""Words shared by every tab: what each cell is called, and how far into the input a step has read."""
from __future__ import annotations

SIDE = 28  # a digit is 28 x 28 pixels

#: How a person calls each kind of cell (``ModelConfig.cell``).
CELL_TITLES = {"rnn": "plain RNN", "gru": "GRU", "lstm": "LSTM", "lstm_peephole": "peephole LSTM",
               "lstm_no_forget": "LSTM without forget gate"}


def cell_title(kind: str) -> str:
    """``"gru"`` -> ``"GRU"``; an unknown kind is shown as it is."""
    return CELL_TITLES.get(kind, kind)


def pixels_per_step(steps: int) -> int:
    """Pixels of a 28 x 28 digit read at each of ``steps`` steps (28: one row per step)."""
    return SIDE * SIDE // max(1, steps)


def read_so_far(step: int, steps: int) -> str:
    """What the network has read after ``step`` (1-based) of ``steps``: ``"rows 1–14"``, ``"pixels 1–56 of 784"``."""
    chunk = pixels_per_step(steps)
    if chunk % SIDE == 0:
        rows = chunk // SIDE
        return "row 1" if step * rows == 1 else f"rows 1–{step * rows}"
    return f"pixels 1–{step * chunk} of {SIDE * SIDE}"


def step_unit(steps: int) -> str:
    """What one step reads, for axis labels: ``"one image row per step"`` or ``"4 pixels per step"``."""
    chunk = pixels_per_step(steps)
    if chunk == SIDE:
        return "one image row per step"
    if chunk % SIDE == 0:
        return f"{chunk // SIDE} image rows per step"
    return f"{chunk} pixels per step"


def read_at(step: int, steps: int) -> str:
    """What step ``step`` (1-based) of ``steps`` reads: ``"image row 9"``, ``"image rows 3–4"``, ``"pixels 9–12"``."""
    chunk = pixels_per_step(steps)
    first, last = (step - 1) * chunk + 1, step * chunk
    if chunk == SIDE:
        return f"image row {step}"
    if chunk % SIDE == 0:
        return f"image rows {(first - 1) // SIDE + 1}–{last // SIDE}"
    return f"pixels {first}–{last}" if chunk > 1 else f"pixel {first}"


def weights_phrase(snapshot: object) -> str:
    """Which weights a view shows, after "with": ``"the training run's weights after step 1,240"`` while
    training, else ``"the current model (bundled model)"``. Every view says it the same way."""
    if getattr(snapshot, "is_live", False):
        return f"the training run's {snapshot.label}"
    return f"the current model ({getattr(snapshot, 'source', '?')})"
