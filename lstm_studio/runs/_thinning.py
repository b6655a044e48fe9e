"""Which snapshots a run folder keeps: the newest ones, plus a logarithmic spread of older ones.

A run that trains for days writes a trace every few seconds; keeping them all would fill the
disk and every folder that syncs it. Kept: the newest ``keep_newest`` steps, and, among the older
ones, the earliest step of every power-of-two range (step 0, 1, 2-3, 4-7, 8-15, ...), so the
early life of the run stays visible at a cost of about log2(steps) files. A file kept for its
range stays kept while later files arrive (the earliest step of a range never changes), so a
synced copy does not churn.
"""
from __future__ import annotations

from collections.abc import Iterable


def log_bucket(step: int) -> int:
    """The power-of-two range of ``step``: 0 for step 0, then ``step.bit_length()`` (1, 2-3, 4-7...)."""
    return step.bit_length()


def steps_to_keep(steps: Iterable[int], keep_newest: int, spread: bool = True) -> set[int]:
    """The steps to keep: the newest ``keep_newest`` and, with ``spread``, the earliest of each range."""
    ordered = sorted(set(steps))
    keep = set(ordered[-keep_newest:]) if keep_newest > 0 else set()
    if spread:
        earliest: dict[int, int] = {}
        for step in ordered:
            earliest.setdefault(log_bucket(step), step)
        keep.update(earliest.values())
    return keep


def steps_to_delete(steps: Iterable[int], keep_newest: int, spread: bool = True) -> list[int]:
    """The steps :func:`steps_to_keep` does not keep, oldest first."""
    steps = set(steps)
    return sorted(steps - steps_to_keep(steps, keep_newest, spread))
