"""Predictions of one model on a labelled test set, and its confusion matrix."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor

from ..models import SequenceModel
from ._common import ShouldStop, as_batch, read_only


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """``[true, predicted]`` counts (rows: true class, columns: predicted class)."""
    flat = np.asarray(labels, dtype=np.int64) * num_classes + np.asarray(predictions, dtype=np.int64)
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(num_classes, num_classes)


@dataclass(frozen=True)
class TestSetEvaluation:
    """Predictions of one model on a labelled set.

    Attributes
    ----------
    labels, predictions
        ``[N]`` int64 true and predicted classes.
    confidence
        ``[N]`` float32 probability of the predicted class.
    confusion
        ``[classes, classes]`` counts, rows = true class, columns = predicted class.
    """

    __test__ = False  # not a pytest test class despite its name

    labels: np.ndarray
    predictions: np.ndarray
    confidence: np.ndarray
    confusion: np.ndarray

    def __post_init__(self) -> None:
        for name, dtype in (("labels", np.int64), ("predictions", np.int64), ("confidence", np.float32),
                            ("confusion", np.int64)):
            object.__setattr__(self, name, read_only(getattr(self, name), dtype))

    @property
    def accuracy(self) -> float:
        """Fraction predicted correctly."""
        return float((self.labels == self.predictions).mean()) if len(self.labels) else float("nan")

    def misclassified(self) -> np.ndarray:
        """Indices of the inputs predicted wrongly."""
        return np.flatnonzero(self.labels != self.predictions)

    def cell(self, true_class: int, predicted_class: int) -> np.ndarray:
        """Indices of the inputs of ``true_class`` predicted as ``predicted_class``."""
        return np.flatnonzero((self.labels == true_class) & (self.predictions == predicted_class))


@torch.no_grad()
def evaluate_test_set(model: SequenceModel, inputs: np.ndarray, labels: np.ndarray, batch_size: int = 500,
                      should_stop: ShouldStop | None = None,
                      to_sequence: Callable[[Tensor], Tensor] | None = None) -> TestSetEvaluation | None:
    """Classify every input with the fast (fused) path, batch by batch.

    ``to_sequence`` turns a batch of stored inputs (e.g. ``[N, 28, 28]`` images) into the model's
    sequences; by default the inputs already are ``[N, T, features]``. Returns ``None`` if
    ``should_stop()`` turns true between batches.
    """
    predictions, confidence = [], []
    for start in range(0, len(labels), batch_size):
        if should_stop is not None and should_stop():
            return None
        x = as_batch(inputs[start:start + batch_size])
        if to_sequence is not None:
            x = to_sequence(x)
        probs = model.activate(model(x.to(model.device)))
        best, predicted = probs.max(dim=1)
        predictions.append(predicted.cpu().numpy())
        confidence.append(best.cpu().numpy())
    predicted_all = np.concatenate(predictions) if predictions else np.zeros(0, np.int64)
    confidence_all = np.concatenate(confidence) if confidence else np.zeros(0, np.float32)
    classes = model.config.output_size
    return TestSetEvaluation(np.asarray(labels), predicted_all, confidence_all,
                             confusion_matrix(labels, predicted_all, classes))
