"""Temporal order (Hochreiter & Schmidhuber 1997, experiment 6a).

A sequence of symbols starts with ``B`` and ends with ``E``; in between are distractors
``a b c d``, except at two steps, one in the first [10 %, 20 %] of the sequence and one in
[50 %, 60 %], which hold ``X`` or ``Y``. The class is the order of those two: XX, XY, YX or
YY. A model that learned nothing is right one time in four (25 %).
"""
from __future__ import annotations

import torch

from ._base import ACCURACY
from ._synthetic import Drawn, TokenTask

SYMBOLS = ("a", "b", "c", "d", "B", "E", "X", "Y")
DISTRACTORS = 4
START, END, X = 4, 5, 6
CLASSES = ("XX", "XY", "YX", "YY")
#: Where the two relevant symbols may sit, as fractions of the length (the paper's [10, 20] and [50, 60] of ~100).
FIRST_RANGE, SECOND_RANGE = (0.1, 0.2), (0.5, 0.6)


def relevant_steps(length: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The inclusive 0-based step ranges of the first and second relevant symbol for ``length``.

    Both stay clear of the start and end symbols and of each other.
    """
    def span(low: float, high: float, floor: int) -> tuple[int, int]:
        first = max(floor, round(low * length))
        return first, max(first, min(length - 2, round(high * length)))

    first = span(*FIRST_RANGE, 1)
    second = span(*SECOND_RANGE, first[1] + 1)
    return first, second


class TemporalOrderTask(TokenTask):
    """Classify the order of two symbols (X or Y) hidden among distractors; accuracy, chance 25 %."""

    name = "temporal_order"
    metric = ACCURACY
    symbols = SYMBOLS
    input_size = len(SYMBOLS)
    output_size = len(CLASSES)
    head = "last"
    head_activation = "softmax"
    baseline = 1 / len(CLASSES)
    min_length = 10
    solved_threshold = 0.95

    def describe(self) -> str:
        return f"temporal order, T = {self.length}"

    def draw(self, count: int, generator: torch.Generator) -> Drawn:
        device, length = generator.device, self.length
        tokens = torch.randint(0, DISTRACTORS, (count, length), generator=generator, device=device,
                               dtype=torch.uint8)
        tokens[:, 0], tokens[:, -1] = START, END
        (low1, high1), (low2, high2) = relevant_steps(length)
        first = torch.randint(low1, high1 + 1, (count,), generator=generator, device=device)
        second = torch.randint(low2, high2 + 1, (count,), generator=generator, device=device)
        which = torch.randint(0, 2, (count, 2), generator=generator, device=device)  # 0: X, 1: Y
        marks = torch.stack([first, second], dim=1)
        tokens.scatter_(1, marks, (X + which).to(torch.uint8))
        return Drawn(tokens, which[:, 0] * 2 + which[:, 1], marks)

    def mark_names(self, drawn: Drawn, index: int) -> tuple[str, ...]:
        return tuple(SYMBOLS[int(drawn.data[index, int(t)])] for t in drawn.marks[index])

    def describe_probe(self, drawn: Drawn, index: int) -> str:
        (first, second), (a, b) = (int(t) + 1 for t in drawn.marks[index]), self.mark_names(drawn, index)
        return f"{CLASSES[int(drawn.targets[index])]}: {a} at step {first}, {b} at step {second}"
