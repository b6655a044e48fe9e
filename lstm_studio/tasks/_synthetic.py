"""Generated tasks: infinite training data drawn on the device, a fixed held-out set, marked probes.

A generated task never runs out of data, so an "epoch" is only a fixed number of steps the
:class:`~lstm_studio.training.Trainer` can count. Training batches come from the caller's
``torch.Generator``; the held-out set and the probes come from their own fixed seeds, so they
are the same for every run, every cell and every device.

Data is drawn in a compact form (token ids as ``uint8``, or the values themselves) and turned
into model inputs per batch, so a held-out set of long sequences stays small in memory.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from ._base import Evaluation, Metric, Probe, ShouldStop, Task, evaluate_batches

#: The seeds of the held-out set and of the probes: fixed, and far from any seed a user types.
TEST_SEED = 2_147_483_629
PROBE_SEED = 2_147_483_587
#: Longest sequence a generated task accepts (the held-out set stays under ~10 MB).
MAX_LENGTH = 5000
MAX_TEST_SIZE = 100_000

CROSS_ENTROPY = Metric("cross_entropy", "cross-entropy (nats per step)", False)


@dataclass(frozen=True)
class Drawn:
    """A batch in compact form: ``data`` (token ids or values), ``targets``, and ``marks`` ``[N, k]``:
    the timesteps (0-based) that matter in each sequence (the markers, the symbols to remember)."""

    data: Tensor
    targets: Tensor
    marks: Tensor

    def __len__(self) -> int:
        return int(self.targets.shape[0])

    def slice(self, start: int, stop: int) -> Drawn:
        return Drawn(self.data[start:stop], self.targets[start:stop], self.marks[start:stop])


@dataclass(frozen=True)
class MarkedProbe(Probe):
    """A probe whose structure is known: ``marks[i]`` are the timesteps (0-based) that matter in
    probe ``i`` and ``mark_names[i]`` what is there (``"X"``, ``"marker"``, ``"delimiter"`` ...)."""

    marks: tuple[tuple[int, ...], ...] = ()
    mark_names: tuple[tuple[str, ...], ...] = ()
    targets: Tensor | None = None


def check_length(name: str, length: Any, minimum: int) -> int:
    """``length`` as an int in ``minimum..MAX_LENGTH``, else ``ValueError`` with one line."""
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)):
        raise ValueError(f"{name}: the length must be a whole number, got {length!r}")
    if not minimum <= int(length) <= MAX_LENGTH:
        raise ValueError(f"{name}: the length must be in {minimum}..{MAX_LENGTH}, got {length}")
    return int(length)


class GeneratedTask(Task):
    """Base of the generated tasks. Subclasses set the class attributes and implement
    :meth:`draw`, :meth:`encode`, :meth:`mark_names` and :meth:`describe_probe`."""

    display = "series"
    #: The shortest length the task makes sense for.
    min_length: ClassVar[int] = 2
    #: ``"solved"``: the metric must be below (or, for accuracy, at least) this.
    solved_threshold: float = 0.0

    def __init__(self, length: int, test_size: int = 1000, steps_per_epoch: int = 100) -> None:
        self.length = check_length(self.name, length, self.min_length)
        if not 1 <= test_size <= MAX_TEST_SIZE:
            raise ValueError(f"{self.name}: the test set size must be in 1..{MAX_TEST_SIZE}, got {test_size}")
        if steps_per_epoch < 1:
            raise ValueError(f"{self.name}: steps per epoch must be at least 1, got {steps_per_epoch}")
        self.test_size, self.steps_per_epoch = test_size, steps_per_epoch
        self.device = torch.device("cpu")
        self._test: Drawn | None = None

    # --- what subclasses define --------------------------------------------------------
    def draw(self, count: int, generator: torch.Generator) -> Drawn:
        """``count`` fresh sequences in compact form, on the generator's device."""
        raise NotImplementedError

    def encode(self, data: Tensor) -> Tensor:
        """Compact data ``[N, T, ...]`` to model inputs ``[N, T, input_size]`` float32."""
        raise NotImplementedError

    def mark_names(self, drawn: Drawn, index: int) -> tuple[str, ...]:
        """What sits at each of ``drawn.marks[index]`` (one short word each)."""
        raise NotImplementedError

    def describe_probe(self, drawn: Drawn, index: int) -> str:
        raise NotImplementedError

    # --- description -------------------------------------------------------------------
    @property
    def num_steps(self) -> int:
        """Timesteps per sequence (the copy task adds its symbols and recall to the delay)."""
        return self.length

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "length": self.length}

    # --- data --------------------------------------------------------------------------
    def batches_per_epoch(self, batch_size: int) -> int:
        return self.steps_per_epoch

    def batch(self, index: int, batch_size: int, generator: torch.Generator) -> tuple[Tensor, Tensor]:
        drawn = self.draw(batch_size, generator)
        return self.encode(drawn.data), drawn.targets

    def test_set(self, device: torch.device | str = "cpu") -> Drawn:
        """The held-out set: drawn once on the CPU from :data:`TEST_SEED` (the same on every device)."""
        if self._test is None:
            self._test = self.draw(self.test_size, torch.Generator().manual_seed(TEST_SEED))
        test = self._test
        if test.data.device != torch.device(device):
            test = Drawn(test.data.to(device), test.targets.to(device), test.marks.to(device))
        return test

    # --- probes and evaluation ---------------------------------------------------------
    def probe(self, count: int = 8) -> MarkedProbe:
        drawn = self.draw(count, torch.Generator().manual_seed(PROBE_SEED))
        labels = drawn.targets.numpy().copy()
        labels.setflags(write=False)
        marks = tuple(tuple(int(t) for t in row) for row in drawn.marks)
        return MarkedProbe(self.encode(drawn.data), labels,
                           tuple(self.describe_probe(drawn, i) for i in range(count)), marks,
                           tuple(self.mark_names(drawn, i) for i in range(count)), drawn.targets)

    def evaluate(self, model: Any, batch_size: int = 1000, should_stop: ShouldStop | None = None,
                 keep_predictions: bool = False) -> Evaluation:
        test = self.test_set(model.device)
        batches = ((self.encode(test.data[start:start + batch_size]), test.targets[start:start + batch_size])
                   for start in range(0, len(test), batch_size))
        return evaluate_batches(self, model, batches, should_stop, keep_predictions)


class TokenTask(GeneratedTask):
    """A generated task over a small alphabet: inputs are one-hot vectors of token ids."""

    symbols: ClassVar[tuple[str, ...]] = ()

    def encode(self, data: Tensor) -> Tensor:
        return F.one_hot(data.long(), len(self.symbols)).float()

    def symbol_text(self, tokens: Any) -> str:
        """Token ids as text, one character or ``·`` per step (blanks and distractors shown plainly)."""
        return "".join(self.symbols[int(t)] for t in tokens)
