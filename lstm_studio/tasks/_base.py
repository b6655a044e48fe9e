"""What every task tells the engine: its data, its sequences, its head and loss, its metric and its probes."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from ..models import ModelConfig, SequenceModel

ShouldStop = Callable[[], bool]


class EvaluationInterrupted(Exception):
    """An evaluation was told to stop between two batches."""


@dataclass(frozen=True)
class Metric:
    """How a task is scored: ``name`` (``"accuracy"``, ``"mse"``, ``"cross_entropy"``, ``"bits_per_char"``),
    whether higher is better, and how to print a value."""

    name: str
    label: str
    higher_is_better: bool
    percent: bool = False

    def format(self, value: float | None) -> str:
        if value is None or not math.isfinite(value):
            return "–"
        return f"{value:.2%}" if self.percent else f"{value:.4g}"

    def better(self, a: float, b: float) -> bool:
        """True if ``a`` is a better score than ``b``."""
        return a > b if self.higher_is_better else a < b


ACCURACY = Metric("accuracy", "accuracy", True, percent=True)
MSE = Metric("mse", "mean squared error", False)


@dataclass(frozen=True)
class Evaluation:
    """A task's score on its held-out data: the metric, the mean loss, and how many examples."""

    metric: float
    loss: float
    count: int
    predictions: np.ndarray | None = None


@dataclass(frozen=True)
class Probe:
    """The fixed inputs whose gates are traced while training: ``x`` (CPU tensor ``[P, T, ...]``),
    a label per input (or ``None``) and a short name per input."""

    x: Tensor
    labels: np.ndarray | None
    names: tuple[str, ...]


class Task:
    """Base class of a learning task. Subclasses set the class attributes and implement the data methods.

    The trainer calls, per run: :meth:`prepare` (move data to the device), then per epoch
    :meth:`start_epoch` and :meth:`batch` for each of :meth:`batches_per_epoch` batches,
    :meth:`forward`, :meth:`loss` and :meth:`batch_score`; after the epoch :meth:`evaluate`.
    """

    name: ClassVar[str] = "task"
    #: How an input is shown: ``"image_rows"``, ``"series"`` or ``"text"``.
    display: ClassVar[str] = "series"
    metric: ClassVar[Metric] = ACCURACY
    input_size: int = 1
    output_size: int = 1
    head: str = "last"
    head_activation: str = "softmax"
    vocab_size: int = 0
    #: The metric of a model that learned nothing (chance accuracy, the MSE of predicting the mean).
    baseline: float | None = None

    # --- description -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """What a checkpoint stores to know the task again (JSON-safe)."""
        return {"name": self.name}

    def describe(self) -> str:
        return self.name

    def model_config(self, hidden_size: int = 128, num_layers: int = 2, dropout: float = 0.0, cell: str = "lstm",
                     forget_bias: float | None = None) -> ModelConfig:
        """The model shape this task needs, with the recurrent part chosen by the caller."""
        return ModelConfig(cell=cell, input_size=self.input_size, hidden_size=hidden_size, num_layers=num_layers,
                           output_size=self.output_size, dropout=dropout, head=self.head,
                           head_activation=self.head_activation, vocab_size=self.vocab_size,
                           forget_bias=forget_bias)

    def fits(self, config: ModelConfig) -> str:
        """Why a model of ``config`` cannot do this task, or ``""`` when it can."""
        wanted = self.model_config(config.hidden_size, config.num_layers, config.dropout, config.cell)
        for name in ("input_size", "output_size", "head", "vocab_size"):
            if getattr(config, name) != getattr(wanted, name):
                return (f"the model has {name.replace('_', ' ')} {getattr(config, name)}, this task needs "
                        f"{getattr(wanted, name)}")
        return ""

    @property
    def loss_limit(self) -> float:
        """A loss sustained above this means training diverged (ten times the loss of guessing)."""
        return 10 * math.log(max(2, self.output_size))

    # --- data --------------------------------------------------------------------------
    def prepare(self, device: torch.device) -> None:
        """Put the task's data on ``device`` (called once per run, in the training thread)."""
        self.device = device

    def batches_per_epoch(self, batch_size: int) -> int:
        raise NotImplementedError

    def start_epoch(self, generator: torch.Generator, batch_size: int) -> None:
        """Called before an epoch's first batch (e.g. to draw a permutation)."""

    def batch(self, index: int, batch_size: int, generator: torch.Generator) -> tuple[Tensor, Tensor]:
        """Batch ``index`` of the epoch: inputs and targets on the device."""
        raise NotImplementedError

    def shard_batches(self, batches: int, rank: int, world_size: int) -> range:
        """The indices of an epoch's ``batches`` that process ``rank`` of ``world_size`` trains on.

        Every process draws the same epoch order (:meth:`start_epoch` gets the same generator
        state everywhere), so disjoint index sets are disjoint data: a ``DistributedSampler``
        over the device-resident dataset. Process ``r`` takes batches ``r, r + W, r + 2W, ...``;
        every process gets the same count (the last ``batches % W`` are left out), because a
        process with one batch more would wait for the others forever. A task that carries state
        from one batch to the next (truncated BPTT) overrides this with contiguous runs.
        """
        per_process = batches // world_size
        return range(rank, per_process * world_size, world_size)

    def forward(self, model: SequenceModel, x: Tensor) -> Tensor:
        """The model's outputs for a training batch (a task carrying state between batches overrides this)."""
        return model(x)

    # --- scoring -----------------------------------------------------------------------
    def loss(self, outputs: Tensor, targets: Tensor) -> Tensor:
        """Cross-entropy over classes (at the last step, or at every step)."""
        return F.cross_entropy(outputs.reshape(-1, outputs.shape[-1]), targets.reshape(-1))

    def batch_score(self, outputs: Tensor, targets: Tensor) -> tuple[float, int]:
        """``(sum, count)`` of the metric over a batch (e.g. correct answers and answers)."""
        predicted = outputs.argmax(-1)
        return float((predicted == targets).sum()), int(targets.numel())

    def score(self, total: float, count: int, loss_sum: float) -> float:
        """The metric from :meth:`batch_score` totals (and the summed loss, for loss-based metrics)."""
        return total / count if count else float("nan")

    def probe(self, count: int = 16) -> Probe:
        raise NotImplementedError

    @torch.no_grad()
    def evaluate(self, model: SequenceModel, batch_size: int = 1000, should_stop: ShouldStop | None = None) -> Evaluation:
        """The metric on held-out data; raises :class:`EvaluationInterrupted` when ``should_stop()`` turns true."""
        raise NotImplementedError


@torch.no_grad()
def evaluate_batches(task: Task, model: SequenceModel, batches: Any, should_stop: ShouldStop | None,
                     keep_predictions: bool = False) -> Evaluation:
    """Shared evaluation loop over ``(x, y)`` batches: eval mode, loss and score summed, stoppable between batches."""
    was_training = model.training
    model.eval()
    total = loss_sum = 0.0
    count = examples = 0
    predictions = []
    try:
        for x, y in batches:
            if should_stop is not None and should_stop():
                raise EvaluationInterrupted
            outputs = model(x)
            loss_sum += float(task.loss(outputs, y)) * len(y)
            examples += len(y)
            part, part_count = task.batch_score(outputs, y)
            total, count = total + part, count + part_count
            if keep_predictions:
                predictions.append(outputs.argmax(-1).cpu().numpy())
    finally:
        model.train(was_training)
    kept = np.concatenate(predictions) if predictions else None
    return Evaluation(task.score(total, count, loss_sum), loss_sum / max(1, examples), count, kept)
