"""Where one training process stands among others: alone (this module), or one rank of many (``_distributed``).

The training loop asks its :class:`Parallel` a handful of questions: which model to run the
training forward through, which random generators to draw an epoch from, what every process
together saw in a step (and whether any of them wants to stop), and who runs the work only
one process should do (evaluation). The answers here are those of a single process, so the
loop reads the same with or without distribution and a plain run pays nothing for it.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import torch

T = TypeVar("T")


class DistributedError(RuntimeError):
    """Processes that cannot train together (a failed rendezvous, a problem on one of them);
    ``str()`` is one line."""


class Parallel:
    """One process training alone: every method is the identity, or runs the work here."""

    rank: int = 0
    world_size: int = 1
    #: The device every process of a group trains on (``"cuda:1"``); ``None``: as the run is configured.
    device_name: str | None = None

    @property
    def is_main(self) -> bool:
        """Whether this process probes, evaluates, reports and writes files (rank 0)."""
        return self.rank == 0

    def wrap(self, model: Any) -> Any:
        """What the training forward runs through (the model itself when alone)."""
        return model

    def generators(self, generator: torch.Generator, seed: int, epoch: int) -> tuple[torch.Generator, torch.Generator]:
        """``(shared, own)``: the generator an epoch's order is drawn from (the same on every process)
        and the one this process's batches draw from (augmentation). Alone, both are ``generator``."""
        return generator, generator

    def agree(self, loss: float, samples: int, score: float, count: int,
              stopping: bool) -> tuple[float, int, float, int, bool]:
        """One step as all processes saw it: the mean loss, samples, metric sum and count, and
        whether any process wants to stop. Alone: the values as given."""
        return loss, samples, score, count, stopping

    def on_main(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the main process and give every process its result (or its exception)."""
        return work()

    def gather(self, value: Any) -> list[Any]:
        """``value`` from every process, in rank order."""
        return [value]

    def check(self, problem: str | None) -> None:
        """Raise :class:`DistributedError` on every process if any process has a problem."""
        if problem:
            raise DistributedError(problem)

    def barrier(self) -> None:
        """Wait until every process gets here."""

    def close(self) -> None:
        """Leave the group (nothing to leave when alone)."""


#: The default: a process that trains alone.
SINGLE_PROCESS = Parallel()
