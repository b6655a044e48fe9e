"""A task over people's own sequences: inspect, classify, evaluate (and train) a model on them.

The sequences come from :func:`read_sequences` (``.npy``, ``.npz``, CSV, text). Without labels a
:class:`SequencesTask` can still give probes (the first sequences) for the inspector; with labels
(``y`` in an ``.npz``) it evaluates and trains: integer labels are classes (accuracy,
cross-entropy), other labels are values (mean squared error).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from ..models import ModelConfig
from ._base import ACCURACY, MSE, Evaluation, Probe, ShouldStop, Task, evaluate_batches
from ._sequence_files import SequenceError, Sequences


class SequencesTask(Task):
    """The model's own input shape and head, over the sequences of one file.

    Parameters
    ----------
    sequences
        What :func:`read_sequences` read for this model.
    config
        The model's configuration: input size, head, outputs and vocabulary are taken from it.
    """

    name = "sequences"
    display = "series"

    def __init__(self, sequences: Sequences, config: ModelConfig, source: str = "") -> None:
        self.sequences, self.source = sequences, source or (sequences.names[0] if sequences.names else "")
        self.input_size, self.output_size = config.input_size, config.output_size
        self.head, self.head_activation, self.vocab_size = config.head, config.head_activation, config.vocab_size
        labels = sequences.labels
        self.classes = labels is not None and np.issubdtype(labels.dtype, np.integer)
        self.metric = ACCURACY if self.classes or labels is None else MSE
        self.device = torch.device("cpu")
        self._order: Tensor | None = None
        if labels is not None:
            self._check_labels(labels)

    def _check_labels(self, labels: np.ndarray) -> None:
        source = self.source
        steps = (len(self.sequences), self.sequences.num_steps)
        if self.classes:
            wanted = steps if self.head == "every" else steps[:1]
            if labels.shape != wanted:
                raise SequenceError(source, f"labels have shape {list(labels.shape)}; a {self.head}-step "
                                            f"classifier needs {list(wanted)}")
            if labels.min() < 0 or labels.max() >= self.output_size:
                raise SequenceError(source, f"label {int(labels.max())} is outside the model's classes "
                                            f"0..{self.output_size - 1}")
        elif labels.size != len(self.sequences) * self.output_size * (steps[1] if self.head == "every" else 1):
            raise SequenceError(source, f"{labels.size} target values do not fit {len(self.sequences)} sequences "
                                        f"of {self.output_size} outputs")

    # --- description ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "input_size": self.input_size, "source": self.source}

    def describe(self) -> str:
        return f"{len(self.sequences)} sequence(s) of {self.sequences.num_steps} steps from {self.source}"

    @property
    def loss_limit(self) -> float:
        return super().loss_limit if self.metric is ACCURACY else float("inf")

    # --- data --------------------------------------------------------------------------
    def _labels(self) -> np.ndarray:
        labels = self.sequences.labels
        if labels is None:
            raise SequenceError(self.source, "holds no labels: add an array 'y' to the .npz to evaluate or train")
        return labels

    def _tensors(self, device: torch.device) -> tuple[Tensor, Tensor]:
        x = torch.from_numpy(self.sequences.x.copy()).to(device)
        labels = self._labels()
        if self.classes:
            return x, torch.from_numpy(labels.astype(np.int64)).to(device)
        return x, torch.from_numpy(labels.astype(np.float32)).to(device)

    def prepare(self, device: torch.device) -> None:
        super().prepare(device)
        self.train_x, self.train_y = self._tensors(device)

    def batches_per_epoch(self, batch_size: int) -> int:
        return math.ceil(len(self.sequences) / batch_size)

    def start_epoch(self, generator: torch.Generator, batch_size: int) -> None:
        self._order = torch.randperm(len(self.sequences), generator=generator).to(self.train_x.device)

    def batch(self, index: int, batch_size: int, generator: torch.Generator) -> tuple[Tensor, Tensor]:
        chosen = self._order[index * batch_size:(index + 1) * batch_size]
        return self.train_x[chosen], self.train_y[chosen]

    # --- scoring -----------------------------------------------------------------------
    def loss(self, outputs: Tensor, targets: Tensor) -> Tensor:
        if self.classes:
            return super().loss(outputs, targets)
        return F.mse_loss(outputs.reshape(len(targets), -1), targets.reshape(len(targets), -1))

    def batch_score(self, outputs: Tensor, targets: Tensor) -> tuple[float, int]:
        if self.classes:
            return super().batch_score(outputs, targets)
        errors = (outputs.reshape(len(targets), -1) - targets.reshape(len(targets), -1)) ** 2
        return float(errors.sum()), int(errors.numel())

    def probe(self, count: int = 16) -> Probe:
        x = torch.from_numpy(self.sequences.x[:count].copy())
        labels = None if self.sequences.labels is None else self.sequences.labels[:count].copy()
        return Probe(x, labels, self.sequences.names[:count])

    @torch.no_grad()
    def evaluate(self, model: Any, batch_size: int = 1000, should_stop: ShouldStop | None = None,
                 keep_predictions: bool = False) -> Evaluation:
        """The metric over every sequence of the file (it must hold labels)."""
        x, y = self._tensors(model.device)
        batches = ((x[start:start + batch_size], y[start:start + batch_size]) for start in range(0, len(y), batch_size))
        return evaluate_batches(self, model, batches, should_stop, keep_predictions)
