"""What the trainer reports: immutable values that may cross threads freely."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..cells import Trace


@dataclass(frozen=True)
class TrainingSnapshot:
    """Progress at one moment. Scalars plus a read-only trace of the probe batch.

    ``loss`` and ``metric`` are means over the steps since the previous snapshot; the metric is
    the task's (``metric_name``: accuracy for digits, mean squared error for a regression...).
    """

    step: int
    epoch: int                 # 0-based epoch in progress
    epochs: int
    batch: int                 # batches done in this epoch
    batches_per_epoch: int
    samples_seen: int
    loss: float
    metric: float
    samples_per_s: float
    eta_s: float
    elapsed_s: float
    trace: Trace | None = None          # probe batch, shape [layers, probe, T, H]
    trace_step: int = -1                # the step at which ``trace`` was taken
    probe_labels: np.ndarray | None = None
    test_metric: float | None = None    # after the last finished epoch
    weights: dict[str, np.ndarray] | None = None  # read-only copy of the state_dict, about once a second
    weights_step: int | None = None     # the step those weights are from
    metric_name: str = "accuracy"

    @property
    def progress(self) -> float:
        """Fraction of all planned batches done, 0..1."""
        total = self.epochs * self.batches_per_epoch
        return min(1.0, (self.epoch * self.batches_per_epoch + self.batch) / total) if total else 1.0


@dataclass(frozen=True)
class EpochReport:
    """The held-out result after an epoch."""

    epoch: int                 # 1-based: epochs completed
    samples_seen: int
    train_loss: float
    train_metric: float
    test_loss: float
    test_metric: float
    samples_per_s: float
    metric_name: str = "accuracy"


@dataclass(frozen=True)
class TrainResult:
    """How a run ended. ``status`` is ``"finished"``, ``"stopped"`` or ``"diverged"``.

    ``reason`` is one short sentence without a final full stop (``"stopped by the user"``,
    ``"the loss became nan at step 12"``; empty when it finished); callers build their own
    sentences around it and the other fields. After a divergence the weights are those of the
    last healthy step (``weights_step``) and ``diverged_at_step`` says where it happened.
    """

    status: str
    reason: str
    epochs_completed: int
    steps: int
    samples_seen: int
    samples_per_s: float
    train_seconds: float
    test_metric: float | None
    epochs: tuple[EpochReport, ...] = field(default_factory=tuple)
    weights: dict[str, np.ndarray] | None = None  # the final (last healthy) weights, read-only copies
    metric_name: str = "accuracy"
    diverged_at_step: int | None = None  # the step whose loss showed the divergence; None otherwise
    weights_step: int = 0  # the step ``weights`` are from: ``steps``, or the last healthy one if diverged
