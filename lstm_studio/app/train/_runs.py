"""Turning the form into a training request, and a run's result into words and a model.

Imports of torch and the core happen inside the functions: they run only after the
session has loaded torch.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..shell._session import Session
from ..widgets._text import cell_title
from ._controller import TrainingRequest

#: The app's snapshot rate: fast enough for >= 10 panel refreshes a second, one per batch at most.
SNAPSHOT_INTERVAL_S = 0.05


def make_request(session: Session, values: dict[str, Any], from_scratch: bool = False) -> tuple[TrainingRequest, bool]:
    """A request continuing the session's model, or fresh weights (asked for, or because the shape differs).

    Returns ``(request, fresh)``. ``values`` are :meth:`TrainControls.config_values`.
    """
    from ...tasks import DigitsTask
    from ...training import TrainConfig, gui_thread_cap

    values = dict(values)
    values["num_threads"] = values.get("num_threads") or gui_thread_cap()
    config = TrainConfig(**values, snapshot_interval_s=SNAPSHOT_INTERVAL_S, probe_size=16,
                         seed=int(np.random.default_rng().integers(2**31)))
    snapshot = session.snapshot
    fresh = from_scratch or snapshot is None or not same_shape(snapshot.config, config)
    if fresh:
        return TrainingRequest(config, session.digits, config.model_config(DigitsTask(session.digits))), True
    return TrainingRequest(config, session.digits, snapshot.config, snapshot.weights), False


def same_shape(model_config: Any, train_config: Any) -> bool:
    """Whether a run of ``train_config`` can continue a model of ``model_config``."""
    return (model_config.cell, model_config.num_layers, model_config.hidden_size) == \
        (train_config.cell, train_config.num_layers, train_config.hidden_size)


def planned_samples(config: Any, digits: Any) -> int:
    """How many samples a run of ``config`` on ``digits`` will see if nothing stops it."""
    total = len(digits.train_labels)
    batches = -(-total // config.batch_size)
    if config.limit_batches:
        batches = min(batches, config.limit_batches)
    return config.epochs * min(batches * config.batch_size, total)


def describe_result(result: Any, learning_rate: float | None = None) -> tuple[str, str, str]:
    """``(sentences, kind, headline)`` for the end of a run; kind is good, warning or error."""
    accuracy = "" if result.test_metric is None else f", test accuracy {result.test_metric:.2%}"
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
    rate = f" (it was {learning_rate:g})" if learning_rate else ""
    return (f"Training diverged: {result.reason}. The model was left as it was before this run; lower the "
            f"learning rate{rate} and train again.", "error", "Training diverged: the model was left as it was")


def describe_model(session: Session) -> str:
    """``bundled model · LSTM, 2 layers × 128 units · test accuracy 97.8%`` (and the step while training)."""
    snapshot = session.snapshot
    if snapshot is None:
        return "No model"
    config = snapshot.config
    source = f"{snapshot.source}: {snapshot.label}" if snapshot.is_live else snapshot.source
    text = (f"<b>{source}</b><br>{cell_title(config.cell)}, "
            f"{config.num_layers} layer(s) × {config.hidden_size} units")
    accuracy = session.checkpoint_metrics.get("test_accuracy")
    if isinstance(accuracy, (int, float)):
        text += f" · test accuracy {accuracy:.1%}"
    return text
