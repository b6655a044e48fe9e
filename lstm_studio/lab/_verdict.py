"""A verdict per cell in plain words: solved, learning, or stuck at the baseline, and what to try.

The words come from the numbers the run measured: the held-out score, the step it was
first good enough, and the gradient that reached the first step of the probe sequences.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._phrase import Phrase
from ._snapshots import SOLVED_TEXTS, CellProgress, TaskInfo

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
EARLY_STEPS = "the early steps"
TRY_MORE = "Try more steps, or a shorter sequence to see it learn first."
TRY_NO_FORGET = ("Without a forget gate the cell state can only add up, never erase; it may need more steps. "
                 "Try an LSTM with forget bias 1.")
TRY_LOWER_RATE = "Try a lower learning rate."

# The headlines, one template per case (whole sentences, so that a translation can order the words its way).
DIVERGED = "{name} diverged: {reason}."
WAITING = "{name}: no held-out score yet."
SOLVED = "{name} solved it at step {solved_at}: {scored} after step {at}."
#: At the baseline, by (run over, worse than the baseline).
AT_BASELINE = {(True, True): "{name} did not beat the baseline after {at} steps: {scored}.",
               (False, True): "{name} has not beaten the baseline after {at} steps: {scored}.",
               (True, False): "{name} stayed at the baseline after {at} steps: {scored}.",
               (False, False): "{name} is still at the baseline after {at} steps: {scored}."}
#: Learning, by run over.
LEARNING = {True: "{name} learned part of it: {scored} after {at} steps; solved means {solved}.",
            False: "{name} is learning: {scored} after {at} steps; solved means {solved}."}
SCORED = "{metric} {score} on fresh sequences (baseline {baseline})"
NO_GRADIENT = "No gradient at all reaches step 1: it fell below the smallest number a float32 holds."
REACH_TIMES = "The gradient reaching step 1 is {reach} times the one at the last step."
REACH_OF = "The gradient reaching step 1 is {reach} of the one at the last step."

#: Every template a verdict is made of (see :class:`Phrase`); with the metrics' labels, the other words a
#: verdict holds. The app's Lab tab translates them all (a test keeps its list in step with this one).
TEMPLATES = (WHY_RNN, TRY_RNN, TRY_FORGET_BIAS, *WHAT_MATTERS.values(), EARLY_STEPS, TRY_MORE, TRY_NO_FORGET,
             TRY_LOWER_RATE, DIVERGED, WAITING, SOLVED, *AT_BASELINE.values(), *LEARNING.values(), SCORED,
             NO_GRADIENT, REACH_TIMES, REACH_OF, *SOLVED_TEXTS.values())


@dataclass(frozen=True)
class Verdict:
    """``kind``: ``"waiting"``, ``"solved"``, ``"learning"``, ``"baseline"`` or ``"diverged"``;
    ``sentences``: what happened; ``tips``: what to try and why (may be empty). Each is a :class:`Phrase`, so
    the app can say it in another language; :attr:`headline` and :attr:`advice` say them in English."""

    kind: str
    sentences: tuple[Phrase, ...]
    tips: tuple[Phrase, ...] = ()

    @property
    def headline(self) -> str:
        """One or two sentences on what happened."""
        return " ".join(map(str, self.sentences))

    @property
    def advice(self) -> str:
        """What to try and why (may be empty)."""
        return " ".join(map(str, self.tips))

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
    name = cell.spec
    if cell.status == "diverged":
        return Verdict("diverged", (Phrase.of(DIVERGED, name=name, reason=cell.reason),), (Phrase(TRY_LOWER_RATE),))
    if not len(cell.test_steps):
        return Verdict("waiting", (Phrase.of(WAITING, name=name),))
    metric = task.metric
    score, at = cell.latest_test, int(cell.test_steps[-1])
    scored = Phrase.of(SCORED, metric=Phrase(metric.label), score=metric.format(score),
                       baseline=metric.format(task.baseline))
    if cell.solved_at_step is not None:
        return Verdict("solved", (Phrase.of(SOLVED, name=name, solved_at=f"{cell.solved_at_step:,}", scored=scored,
                                            at=f"{at:,}"),))
    over = cell.status != "training"
    progress = task.progress(score)
    if progress < STUCK_PROGRESS:
        # Worse than answering the mean: not even that is learned yet.
        headline = Phrase.of(AT_BASELINE[over, progress < -STUCK_PROGRESS], name=name, at=f"{at:,}", scored=scored)
        reach = _reach_phrase(cell)
        return Verdict("baseline", (headline,) if reach is None else (headline, reach),
                       _advice(cell, task) if over else ())
    headline = Phrase.of(LEARNING[over], name=name, scored=scored, at=f"{at:,}", solved=task.solved_phrase())
    return Verdict("learning", (headline,), (Phrase(TRY_MORE),) if over else ())


def _reach_phrase(cell: CellProgress) -> Phrase | None:
    reach = gradient_reach(cell)
    if reach is None:
        return None
    if reach == 0:
        return Phrase(NO_GRADIENT)
    return Phrase.of(REACH_TIMES if reach >= 1 else REACH_OF, reach=superscript_power(reach))


def _advice(cell: CellProgress, task: TaskInfo) -> tuple[Phrase, ...]:
    """What to try; the reasons about vanishing gradients only where the measured gradient did vanish."""
    kind, bias = cell.spec.kind, cell.spec.forget_bias
    reach = gradient_reach(cell)
    vanished = reach is None or reach < VANISHED
    if kind == "rnn":
        return (Phrase(WHY_RNN), Phrase(TRY_RNN)) if vanished else (Phrase(TRY_MORE),)
    if kind in ("lstm", "lstm_peephole") and (bias is None or bias < 0.5) and vanished:
        return (Phrase.of(TRY_FORGET_BIAS, what=Phrase(WHAT_MATTERS.get(task.name, EARLY_STEPS))),)
    if kind == "lstm_no_forget":
        return (Phrase(TRY_NO_FORGET),)
    return (Phrase(TRY_MORE),)
