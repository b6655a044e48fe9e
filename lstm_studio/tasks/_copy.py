"""Copy memory (Arjovsky, Shah & Bengio 2016).

The input is ten symbols drawn from eight categories, then ``T - 1`` blanks, then a
delimiter, then ten more blanks: ``T + 20`` steps. The model answers at every step: blank
until the delimiter has passed, then the ten symbols in order over the last ten steps. A
model that remembers nothing answers blank with certainty where it can and guesses among
the eight symbols over the last ten steps: cross-entropy ``10 · ln 8 / (T + 20)`` per step.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor

from ._synthetic import CROSS_ENTROPY, Drawn, TokenTask

REMEMBER = 10
CATEGORIES = 8
BLANK, DELIMITER = 0, CATEGORIES + 1
#: Token ids: 0 blank, 1..8 the symbols, 9 the delimiter.
SYMBOLS = ("·", "1", "2", "3", "4", "5", "6", "7", "8", ":")


def copy_baseline(length: int) -> float:
    """Cross-entropy per step of the memoryless strategy, ``10 · ln 8 / (T + 20)``."""
    return REMEMBER * math.log(CATEGORIES) / (length + 2 * REMEMBER)


class CopyTask(TokenTask):
    """Remember ten symbols across ``length`` steps and write them out at the end; cross-entropy per step."""

    name = "copy"
    metric = CROSS_ENTROPY
    symbols = SYMBOLS
    input_size = len(SYMBOLS)
    output_size = CATEGORIES + 1  # blank or one of the eight symbols
    head = "every"
    head_activation = "softmax"
    min_length = 1

    def __init__(self, length: int, test_size: int = 1000, steps_per_epoch: int = 100) -> None:
        super().__init__(length, test_size, steps_per_epoch)
        self.baseline = copy_baseline(self.length)
        #: Solved: below 10 % of the memoryless cross-entropy.
        self.solved_threshold = 0.1 * self.baseline

    @property
    def num_steps(self) -> int:
        return self.length + 2 * REMEMBER

    def describe(self) -> str:
        return f"copy memory, T = {self.length} ({self.num_steps} steps)"

    def draw(self, count: int, generator: torch.Generator) -> Drawn:
        device, length = generator.device, self.length
        symbols = torch.randint(1, CATEGORIES + 1, (count, REMEMBER), generator=generator, device=device,
                                dtype=torch.uint8)
        tokens = torch.full((count, self.num_steps), BLANK, dtype=torch.uint8, device=device)
        tokens[:, :REMEMBER] = symbols
        tokens[:, REMEMBER + length - 1] = DELIMITER
        targets = torch.full((count, self.num_steps), BLANK, dtype=torch.int64, device=device)
        targets[:, -REMEMBER:] = symbols.long()
        steps = torch.arange(REMEMBER + 1, device=device)
        steps[-1] = REMEMBER + length - 1
        return Drawn(tokens, targets, steps.expand(count, -1))

    def mark_names(self, drawn: Drawn, index: int) -> tuple[str, ...]:
        return tuple(SYMBOLS[int(drawn.data[index, int(t)])] for t in drawn.marks[index])

    def describe_probe(self, drawn: Drawn, index: int) -> str:
        return f"remember {self.symbol_text(drawn.data[index, :REMEMBER])}"

    def batch_score(self, outputs: Tensor, targets: Tensor) -> tuple[float, int]:
        """Summed cross-entropy over every step of every sequence, and the number of steps."""
        total = F.cross_entropy(outputs.reshape(-1, outputs.shape[-1]), targets.reshape(-1), reduction="sum")
        return float(total), int(targets.numel())
