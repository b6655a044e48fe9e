"""A verdict per cell in plain words: solved, learning, or stuck at the baseline, and what to try.

The words come from the numbers the run measured: the held-out score, the step it was
first good enough, and the gradient that reached the first step of the probe sequences.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._snapshots import CellProgress, TaskInfo

#: Below this share of the way from the baseline to perfect, a cell "stayed at the baseline".
STUCK_PROGRESS = 0.2
#: A gradient reaching step 1 with less than this share of its size at the last step has vanished.
VANISHED = 1e-3

WHY_RNN = ("A plain RNN passes the gradient back through its recurrent weights and tanh at every step, so it "
           "fades long before it reaches the first steps: the gradient plot shows the fall.")
TRY_RNN = "Try a GRU or an LSTM, or a shorter sequence."
TRY_FORGET_BIAS = ("Try forget bias 1: it keeps the cell state open from the start (f = σ(1) ≈ 0.73 instead of "
                   "about 0.5), so the gradient reaches {what}.")
#: What the gradient has to reach, per task.
WHAT_MATTERS = {"adding": "the markers", "temporal_order": "the X and Y", "copy": "the symbols to remember",
                "seq_mnist": "the first pixels"}
TRY_MORE = "Try more steps, or a shorter sequence to see it learn first."
TRY_NO_FORGET = ("Without a forget gate the cell state can only add up, never erase; it may need more steps. "
                 "Try an LSTM with forget bias 1.")
TRY_LOWER_RATE = "Try a lower learning rate."


@dataclass(frozen=True)
class Verdict:
    """``kind``: ``"waiting"``, ``"solved"``, ``"learning"``, ``"baseline"`` or ``"diverged"``;
    ``headline``: one sentence on what happened; ``advice``: what to try and why (may be empty)."""

    kind: str
    headline: str
    advice: str = ""

    @property
    def text(self) -> str:
        return f"{self.headline} {self.advice}".strip()


def superscript_power(value: float) -> str:
    """``3.2e-12`` -> ``"3 × 10⁻¹²"``; plain decimals between 0.01 and 1000."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    if 0.01 <= abs(value) < 1000:
        return f"{value:.2g}"
    exponent = math.floor(math.log10(abs(value)))
    mantissa = round(value / 10 ** exponent)
    if abs(mantissa) == 10:
        mantissa, exponent = mantissa // 10, exponent + 1
    digits = str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"10{digits}" if mantissa == 1 else f"{mantissa} × 10{digits}"


def gradient_reach(cell: CellProgress) -> float | None:
    """``‖∂L/∂h_1‖ / ‖∂L/∂h_T‖`` of the first layer on the probe batch: how much of the gradient at the
    last step reaches the first."""
    if cell.gradient is None:
        return None
    first_layer = np.asarray(cell.gradient[0], dtype=np.float64)
    last = first_layer[-1]
    return float(first_layer[0] / last) if last > 0 else None


def judge(cell: CellProgress, task: TaskInfo) -> Verdict:
    """The verdict on ``cell`` so far (``"waiting"`` until its first held-out score)."""
    name = cell.spec.label
    metric = task.metric
    if cell.status == "diverged":
        return Verdict("diverged", f"{name} diverged: {cell.reason}.", TRY_LOWER_RATE)
    if not len(cell.test_steps):
        return Verdict("waiting", f"{name}: no held-out score yet.")
    score, at = cell.latest_test, int(cell.test_steps[-1])
    scored = f"{metric.label} {metric.format(score)} on fresh sequences (baseline {metric.format(task.baseline)})"
    if cell.solved_at_step is not None:
        return Verdict("solved", f"{name} solved it at step {cell.solved_at_step:,}: {scored} after "
                                 f"step {at:,}.")
    over = cell.status != "training"
    progress = task.progress(score)
    if progress < STUCK_PROGRESS:
        if progress < -STUCK_PROGRESS:  # worse than answering the mean: not even that is learned yet
            verb = "did not beat" if over else "has not beaten"
        else:
            verb = "stayed at" if over else "is still at"
        headline = f"{name} {verb} the baseline after {at:,} steps: {scored}.{_reach_text(cell)}"
        return Verdict("baseline", headline, _advice(cell, task) if over else "")
    verb = "learned part of it" if over else "is learning"
    headline = (f"{name} {verb}: {scored} after {at:,} steps; solved means {task.solved_text()}.")
    return Verdict("learning", headline, TRY_MORE if over else "")


def _reach_text(cell: CellProgress) -> str:
    reach = gradient_reach(cell)
    if reach is None:
        return ""
    if reach == 0:
        return " No gradient at all reaches step 1: it fell below the smallest number a float32 holds."
    if reach >= 1:
        return f" The gradient reaching step 1 is {superscript_power(reach)} times the one at the last step."
    return f" The gradient reaching step 1 is {superscript_power(reach)} of the one at the last step."


def _advice(cell: CellProgress, task: TaskInfo) -> str:
    """What to try; the reasons about vanishing gradients only where the measured gradient did vanish."""
    kind, bias = cell.spec.kind, cell.spec.forget_bias
    reach = gradient_reach(cell)
    vanished = reach is None or reach < VANISHED
    if kind == "rnn":
        return f"{WHY_RNN} {TRY_RNN}" if vanished else TRY_MORE
    if kind in ("lstm", "lstm_peephole") and (bias is None or bias < 0.5) and vanished:
        return TRY_FORGET_BIAS.format(what=WHAT_MATTERS.get(task.name, "the early steps"))
    if kind == "lstm_no_forget":
        return TRY_NO_FORGET
    return TRY_MORE
