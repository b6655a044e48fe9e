"""Turning the form into a training request, and a run's result into words and a model.

Imports of torch and the core happen inside the functions: they run only after the
session has loaded torch.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..shell._session import Session
from ._controller import TrainingRequest

#: The app's snapshot rate: fast enough for >= 10 panel refreshes a second, one per batch at most.
SNAPSHOT_INTERVAL_S = 0.05


def make_request(session: Session, values: dict[str, Any]) -> tuple[TrainingRequest, bool]:
    """A request continuing the session's model, or fresh weights if the shape differs.

    Returns ``(request, fresh)``. ``values`` are :meth:`TrainControls.config_values`.
    """
    from ...training import TrainConfig, gui_thread_cap

    values = dict(values)
    values["num_threads"] = values.get("num_threads") or gui_thread_cap()
    config = TrainConfig(**values, snapshot_interval_s=SNAPSHOT_INTERVAL_S, probe_size=16,
                         seed=int(np.random.default_rng().integers(2**31)))
    model = session.model
    fresh = model is None or (model.config.num_layers, model.config.hidden_size) != \
        (config.num_layers, config.hidden_size)
    weights = None if fresh else _weights_copy(model)
    return TrainingRequest(config, session.digits, weights), fresh


def planned_samples(config: Any, digits: Any) -> int:
    """How many samples a run of ``config`` on ``digits`` will see if nothing stops it."""
    total = len(digits.train_labels)
    batches = -(-total // config.batch_size)
    if config.limit_batches:
        batches = min(batches, config.limit_batches)
    return config.epochs * min(batches * config.batch_size, total)


def _weights_copy(model: Any) -> dict[str, np.ndarray]:
    """Read-only NumPy copies of a model's ``state_dict``: safe to hand to another thread."""
    copies = {}
    for name, tensor in model.state_dict().items():
        array = tensor.detach().to("cpu").numpy().copy()
        array.setflags(write=False)
        copies[name] = array
    return copies


def model_from_weights(weights: dict[str, np.ndarray], config: Any) -> Any:
    """A CPU classifier of ``config``'s shape holding ``weights`` (a run's read-only copies)."""
    import torch

    from ...models import LSTMClassifier

    model = LSTMClassifier(config.model_config())
    model.load_state_dict({name: torch.from_numpy(np.array(array)) for name, array in weights.items()})
    return model.eval()


def describe_result(result: Any) -> tuple[str, str, str]:
    """``(sentences, kind, headline)`` for the end of a run; kind is good, warning or error."""
    accuracy = "" if result.test_accuracy is None else f", test accuracy {result.test_accuracy:.2%}"
    speed = f"{result.samples_per_s:,.0f} samples/s"
    if result.status == "finished":
        headline = f"Finished: {result.epochs_completed} epoch(s){accuracy}"
        return (f"{headline}, {result.steps:,} steps ({speed}). The trained weights are now the current model.",
                "good", headline)
    if result.status == "stopped":
        kept = ("The weights so far are now the current model." if result.steps else
                "No step was taken; the model is unchanged.")
        headline = f"Stopped after {result.steps:,} steps{accuracy}"
        return f"{headline} ({result.reason}). {kept}", "warning", headline
    return (f"Training diverged: {result.reason}. The model was left as it was before this run; lower the "
            f"learning rate and train again.", "error", "Training diverged: the model was left as it was")


def describe_model(session: Session) -> str:
    """``bundled model · 2 layers × 128 units · test accuracy 97.8%``."""
    model = session.model
    if model is None:
        return "No model"
    config = model.config
    text = f"<b>{session.model_source}</b><br>{config.num_layers} layer(s) × {config.hidden_size} units"
    accuracy = session.checkpoint_metrics.get("test_accuracy")
    if isinstance(accuracy, (int, float)):
        text += f" · test accuracy {accuracy:.1%}"
    return text
