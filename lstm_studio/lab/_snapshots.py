"""What a lab run reports: immutable snapshots (read-only NumPy arrays and scalars), safe across threads."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from ._cells import CellSpec
from ._config import LabConfig
from ._phrase import Phrase

if TYPE_CHECKING:  # torch-free at import: the app's Lab tab uses these before PyTorch has loaded
    from ..cells import Trace
    from ..tasks import Metric

#: What "solved" means, by whether higher scores are better.
SOLVED_TEXTS = {True: "{metric} of at least {value}", False: "{metric} below {value}"}


def frozen(values: Any, dtype: Any = np.float32) -> np.ndarray:
    """A read-only array (a view when ``values`` already is one of the right type)."""
    array = np.asarray(values, dtype=dtype)
    if array.flags.writeable:
        array = array.view()
        array.setflags(write=False)
    return array


@dataclass(frozen=True)
class TaskInfo:
    """What the panels and verdicts need to know about the task, without the task itself."""

    name: str
    label: str
    length: int
    num_steps: int
    metric: Metric
    baseline: float
    solved_threshold: float
    marks: tuple[tuple[int, ...], ...] = ()      # per probe sequence: the steps that matter (0-based)
    mark_names: tuple[tuple[str, ...], ...] = ()
    probe_names: tuple[str, ...] = ()

    @property
    def perfect(self) -> float:
        """The best possible score: 100 % accuracy, or an error of 0."""
        return 1.0 if self.metric.higher_is_better else 0.0

    def is_solved(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        return value >= self.solved_threshold if self.metric.higher_is_better else value < self.solved_threshold

    def progress(self, value: float) -> float:
        """How far ``value`` is from the baseline towards perfect: 0 at the baseline, 1 when perfect."""
        gap = self.perfect - self.baseline
        return (value - self.baseline) / gap if gap else 0.0

    def solved_phrase(self) -> Phrase:
        """``"mean squared error below 0.01"``, ``"accuracy of at least 95.00%"`` (a :class:`Phrase`)."""
        metric = self.metric
        template = SOLVED_TEXTS[metric.higher_is_better]
        return Phrase.of(template, metric=Phrase(metric.label), value=metric.format(self.solved_threshold))

    def solved_text(self) -> str:
        """:meth:`solved_phrase` in English."""
        return str(self.solved_phrase())


@dataclass(frozen=True, eq=False)
class CellProgress:
    """One cell's record so far.

    ``train_loss`` / ``train_metric`` hold one value per training step (on that step's batch);
    ``test_steps`` / ``test_metric`` the held-out scores every ``eval_every`` steps and at the end;
    ``gradient`` is ``‖∂L/∂h_t‖`` ``[layers, T]`` on the probe batch after step ``gradient_step``;
    ``trace`` the cell's gates on the probe batch after step ``trace_step``.
    """

    spec: CellSpec
    status: str                      # "training", "finished", "stopped", "diverged"
    steps: int
    train_loss: np.ndarray
    train_metric: np.ndarray
    test_steps: np.ndarray
    test_metric: np.ndarray
    solved_at_step: int | None
    seconds: float
    reason: str = ""
    gradient: np.ndarray | None = None
    gradient_step: int = -1
    trace: Trace | None = None
    trace_step: int = -1

    @property
    def latest_test(self) -> float:
        return float(self.test_metric[-1]) if len(self.test_metric) else float("nan")

    @property
    def final(self) -> float | None:
        """The held-out score after the last step trained, once the run has ended (none for a diverged cell)."""
        if self.status in ("training", "diverged") or not len(self.test_steps) or int(self.test_steps[-1]) != self.steps:
            return None
        return self.latest_test

    def to_dict(self, metric: Metric) -> dict[str, Any]:
        """The JSON line's result entry."""
        final = self.final
        return {**self.spec.to_dict(), "metric": metric.name,
                "final": None if final is None or not math.isfinite(final) else final,
                "solved_at_step": self.solved_at_step, "status": self.status, "reason": self.reason,
                "steps": self.steps, "train_seconds": round(self.seconds, 3)}


@dataclass(frozen=True, eq=False)
class LabSnapshot:
    """The whole comparison at one moment. ``probe_inputs`` ``[P, T, features]`` are the probe batch."""

    config: LabConfig
    task: TaskInfo
    step: int
    status: str                      # "running", "paused", "finished", "stopped"
    cells: tuple[CellProgress, ...]
    elapsed_s: float
    probe_inputs: np.ndarray | None = None
    reason: str = ""
    data_source: str = ""
    timings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def total_steps(self) -> int:
        return self.config.steps

    @property
    def progress(self) -> float:
        return self.step / self.config.steps

    @property
    def is_over(self) -> bool:
        return self.status in ("finished", "stopped")

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON object for this comparison."""
        return {"task": self.config.task, "length": self.config.length, "steps": self.step, "seed": self.config.seed,
                "metric": self.task.metric.name, "baseline": self.task.baseline,
                "solved_below" if not self.task.metric.higher_is_better else "solved_at_least":
                    self.task.solved_threshold,
                "status": self.status, "results": [cell.to_dict(self.task.metric) for cell in self.cells]}
