"""What the trainer reports: immutable values that may cross threads freely."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..cells import GateTrace


@dataclass(frozen=True)
class TrainingSnapshot:
    """Progress at one moment. Scalars plus a read-only gate trace of the probe batch.

    ``loss`` and ``accuracy`` are means over the steps since the previous snapshot.
    """

    step: int
    epoch: int                 # 0-based epoch in progress
    epochs: int
    batch: int                 # batches done in this epoch
    batches_per_epoch: int
    samples_seen: int
    loss: float
    accuracy: float
    samples_per_s: float
    eta_s: float
    elapsed_s: float
    trace: GateTrace | None = None      # probe batch, shape [layers, probe, T, H]
    trace_step: int = -1                # the step at which ``trace`` was taken
    probe_labels: np.ndarray | None = None
    test_accuracy: float | None = None  # after the last finished epoch
    weights: dict[str, np.ndarray] | None = None  # read-only copy of the state_dict, about once a second

    @property
    def progress(self) -> float:
        """Fraction of all planned batches done, 0..1."""
        total = self.epochs * self.batches_per_epoch
        return min(1.0, (self.epoch * self.batches_per_epoch + self.batch) / total) if total else 1.0


@dataclass(frozen=True)
class EpochReport:
    """Test-set result after an epoch."""

    epoch: int                 # 1-based: epochs completed
    samples_seen: int
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float
    samples_per_s: float


@dataclass(frozen=True)
class TrainResult:
    """How a run ended. ``status`` is ``"finished"``, ``"stopped"`` or ``"diverged"``.

    ``reason`` is one short sentence without a final full stop (why it stopped or diverged; empty
    when it finished); callers build their own sentences around it and the other fields.
    """

    status: str
    reason: str
    epochs_completed: int
    steps: int
    samples_seen: int
    samples_per_s: float
    train_seconds: float
    test_accuracy: float | None
    epochs: tuple[EpochReport, ...] = field(default_factory=tuple)
    weights: dict[str, np.ndarray] | None = None  # the final (last finite) weights, read-only copies
    diverged_at_step: int | None = None  # the step whose loss showed the divergence; None otherwise
    weights_step: int = 0  # the step ``weights`` are from: ``steps``, or the last healthy one if diverged
