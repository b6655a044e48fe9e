"""One immutable, versioned picture of a model: what every view of the app shows at one moment."""
from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from ._config import ModelConfig

_versions = itertools.count(1)
_versions_lock = threading.Lock()


def _next_version() -> int:
    with _versions_lock:
        return next(_versions)


@dataclass(frozen=True, eq=False)
class ModelSnapshot:
    """Weights + config + where they came from, frozen.

    Every new model the app adopts — the bundled one, a file, a new random model, the weights a
    training run reaches every second — is a new snapshot with a larger :attr:`version`. Views
    compare versions (never ``id()``, which CPython reuses) to know whether they are up to date.

    Attributes
    ----------
    config
        The model's shape.
    weights
        Read-only NumPy arrays by ``state_dict`` name.
    source
        How a person calls it: ``"bundled model"``, ``"checkpoint model.pt"``, ``"training run"``.
    task
        The task it was made for (a checkpoint's ``config.task``).
    metrics
        What is known of its quality (``{"test_accuracy": 0.99}``...).
    step
        For weights of a run in progress: the training step they are from; else ``None``.
    training
        The training settings that made it, when known.
    """

    config: ModelConfig
    weights: Mapping[str, np.ndarray]
    source: str
    task: Mapping[str, Any] = field(default_factory=dict)
    metrics: Mapping[str, Any] = field(default_factory=dict)
    step: int | None = None
    training: Mapping[str, Any] = field(default_factory=dict)
    version: int = field(default_factory=_next_version)

    def __post_init__(self) -> None:
        frozen = {}
        for name, value in self.weights.items():
            array = np.array(value, dtype=np.float32) if value.flags.writeable else value
            array.setflags(write=False)
            frozen[name] = array
        object.__setattr__(self, "weights", MappingProxyType(frozen))
        for name in ("task", "metrics", "training"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @classmethod
    def of_model(cls, model: Any, source: str, **details: Any) -> ModelSnapshot:
        """A snapshot of a live ``SequenceModel``'s current weights."""
        return cls(model.config, model.weights_copy(), source, **details)

    @property
    def is_live(self) -> bool:
        """Weights of a training run in progress."""
        return self.step is not None

    @property
    def label(self) -> str:
        """What views say they show: ``"weights after step 1,240"`` while training, else the source."""
        return f"weights after step {self.step:,}" if self.step is not None else self.source

    def build_model(self, device: Any = "cpu") -> Any:
        """A new ``SequenceModel`` in eval mode holding these weights (each call makes its own)."""
        from ._model import model_from_weights

        return model_from_weights(self.config, self.weights, device)

    def with_weights(self, weights: Mapping[str, np.ndarray], step: int | None, source: str | None = None,
                     metrics: Mapping[str, Any] | None = None) -> ModelSnapshot:
        """The same model with other weights (a newer version)."""
        return ModelSnapshot(self.config, weights, source or self.source, self.task,
                             self.metrics if metrics is None else metrics, step, self.training)
