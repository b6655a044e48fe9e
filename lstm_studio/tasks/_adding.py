"""The adding problem (Hochreiter & Schmidhuber 1997; the variant of Le, Jaitly & Hinton 2015).

Each step reads two numbers: a value drawn from U[0, 1] and a marker, 1 at exactly two steps
and 0 elsewhere. One marker sits in the first half of the sequence, the other in the second
half. The target is the sum of the two marked values. A model that ignores the markers can
do no better than predict the mean sum, 1, and scores the variance of a sum of two U[0, 1]
values: 2 · 1/12 = 1/6 ≈ 0.167.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from ._base import MSE
from ._synthetic import Drawn, GeneratedTask

#: The mean squared error of always answering 1 (the mean of the sum): Var(U1 + U2) = 1/6.
ADDING_BASELINE = 1 / 6


class AddingTask(GeneratedTask):
    """Add the two marked values of a length-``length`` sequence; mean squared error."""

    name = "adding"
    metric = MSE
    input_size = 2
    output_size = 1
    head = "last"
    head_activation = "linear"
    baseline = ADDING_BASELINE
    min_length = 2
    solved_threshold = 0.01

    def describe(self) -> str:
        return f"adding problem, T = {self.length}"

    def draw(self, count: int, generator: torch.Generator) -> Drawn:
        device, length = generator.device, self.length
        values = torch.rand(count, length, generator=generator, device=device)
        half = length // 2
        first = torch.randint(0, half, (count,), generator=generator, device=device)
        second = torch.randint(half, length, (count,), generator=generator, device=device)
        marks = torch.stack([first, second], dim=1)
        markers = torch.zeros(count, length, device=device).scatter_(1, marks, 1.0)
        targets = values.gather(1, marks).sum(dim=1, keepdim=True)
        return Drawn(torch.stack([values, markers], dim=-1), targets, marks)

    def encode(self, data: Tensor) -> Tensor:
        return data

    def mark_names(self, drawn: Drawn, index: int) -> tuple[str, ...]:
        return ("marker", "marker")

    def describe_probe(self, drawn: Drawn, index: int) -> str:
        first, second = (int(t) + 1 for t in drawn.marks[index])
        values = drawn.data[index, :, 0]
        return (f"{float(values[first - 1]):.2f} at step {first} + {float(values[second - 1]):.2f} at step "
                f"{second} = {float(drawn.targets[index, 0]):.2f}")

    def loss(self, outputs: Tensor, targets: Tensor) -> Tensor:
        return F.mse_loss(outputs, targets)

    def batch_score(self, outputs: Tensor, targets: Tensor) -> tuple[float, int]:
        return float(((outputs - targets) ** 2).sum()), int(targets.numel())
