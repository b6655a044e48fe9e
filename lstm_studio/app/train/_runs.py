"""Turning the form into a training request, and a run (its start, live weights and result) into words
and model snapshots.

Imports of torch and the core happen inside the functions: they run only after the
session has loaded torch. The words are in the app's language (Qt context ``TrainRun``).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from ..i18n import reason_text, snapshot_label, source_text
from ..shell._session import Session
from ..widgets._text import cell_title
from ._controller import TrainingRequest


translate = QCoreApplication.translate


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
    accuracy = "" if result.test_metric is None else translate("TrainRun", ", test accuracy {accuracy}").format(
        accuracy=f"{result.test_metric:.2%}")
    speed = translate("TrainRun", "{speed} samples/s").format(speed=f"{result.samples_per_s:,.0f}")
    steps = f"{result.steps:,}"
    if result.status == "finished":
        epochs = result.epochs_completed  # a plain name: lupdate misses a numerus count written as an attribute
        headline = translate("TrainRun", "Finished: %n epoch(s)", None, epochs) + accuracy
        return (translate("TrainRun", "{headline}, {steps} steps ({speed}). The trained weights are now the current "
                                      "model.").format(headline=headline, steps=steps, speed=speed), "good", headline)
    reason = reason_text(result.reason)
    if result.status == "stopped":
        kept = (translate("TrainRun", "The weights so far are now the current model.") if result.steps else
                translate("TrainRun", "No step was taken; the model is unchanged."))
        headline = translate("TrainRun", "Stopped after {steps} steps").format(steps=steps) + accuracy
        return f"{headline} ({reason}). {kept}", "warning", headline
    rate = translate("TrainRun", " (it was {rate})").format(rate=f"{learning_rate:g}") if learning_rate else ""
    return (translate("TrainRun", "Training diverged: {reason}. The model was left as it was before this run; lower "
                                  "the learning rate{rate} and train again.").format(reason=reason, rate=rate),
            "error", translate("TrainRun", "Training diverged: the model was left as it was"))


def describe_model(session: Session) -> str:
    """``bundled model · LSTM, 2 layers × 128 units · test accuracy 97.8%`` (and the step while training)."""
    snapshot = session.snapshot
    if snapshot is None:
        return translate("TrainRun", "No model")
    config = snapshot.config
    source = source_text(snapshot.source)
    if snapshot.is_live:
        source = translate("TrainRun", "{source}: {weights}").format(source=source, weights=snapshot_label(snapshot))
    layers = config.num_layers  # a plain name: lupdate misses a numerus count written as an attribute
    shape = translate("TrainRun", "{cell}, %n layer(s) × {hidden} units", None, layers)
    text = f"<b>{source}</b><br>" + shape.format(cell=cell_title(config.cell), hidden=config.hidden_size)
    accuracy = session.checkpoint_metrics.get("test_accuracy")
    if isinstance(accuracy, (int, float)):
        text += translate("TrainRun", " · test accuracy {accuracy}").format(accuracy=f"{accuracy:.1%}")
    return text


def model_shape(config: Any) -> tuple[str, int, int]:
    """``(cell, layers, hidden size)`` of a ``ModelConfig``: what the form's shape is compared with."""
    return config.cell, config.num_layers, config.hidden_size


def describe_shape(cell: str, layers: int, hidden: int) -> str:
    """``"a GRU of 1 × 8"``."""
    text = translate("TrainRun", "a {cell} of {layers} × {hidden}")
    return text.format(cell=cell_title(cell), layers=layers, hidden=hidden)


def start_text(fresh: bool, scratch: bool, snapshot: Any, config: Any) -> str:
    """What a starting run trains: random weights (asked for, or forced by the shape), or the model it continues."""
    shape = describe_shape(config.cell, config.num_layers, config.hidden_size)
    if fresh and scratch:
        return translate("TrainRun", "Training {shape} from scratch: random weights, so it starts at chance "
                                     "(about 10%). Watch it learn…").format(shape=shape)
    if fresh:
        current = (translate("TrainRun", "no model") if snapshot is None
                   else describe_shape(*model_shape(snapshot.config)))
        return translate("TrainRun", "The current model is {current}, not this shape: training {shape} from random "
                                     "weights…").format(current=current, shape=shape)
    if snapshot.source.startswith("new "):
        return translate("TrainRun", "Training the new model from its random start…")
    text = translate("TrainRun", "Training continues from the current model ({source})…")
    return text.format(source=source_text(snapshot.source))


def idle_text(result: Any) -> str:
    """The status bar's word for how a run ended."""
    if result is None:
        return translate("TrainRun", "Failed")
    words = {"finished": translate("TrainRun", "Finished"), "stopped": translate("TrainRun", "Stopped"),
             "diverged": translate("TrainRun", "Diverged")}
    return words.get(result.status, translate("TrainRun", "Idle"))


def live_snapshot(request: Any, snapshot: Any) -> Any:
    """The session's model while a run trains: its weights after step N (``TrainingSnapshot`` with weights)."""
    from ...models import ModelSnapshot

    metrics = {name: value for name, value in (("train_loss", snapshot.loss), ("train_accuracy", snapshot.metric))
               if np.isfinite(value)}  # means since the previous snapshot (none yet at step 0)
    if snapshot.test_metric is not None:
        metrics["test_accuracy"] = snapshot.test_metric  # after the last finished epoch
    return ModelSnapshot(request.model_config, snapshot.weights, "training run", {"name": "digits"}, metrics,
                         snapshot.weights_step, request.config.to_dict())


def final_snapshot(request: Any, result: Any, data_source: str) -> Any:
    """The session's model after a run that took steps: its final weights and how it did."""
    from ...models import ModelSnapshot

    metrics = {"test_accuracy": result.test_metric, "epochs": result.epochs_completed, "steps": result.steps,
               "samples_per_s": result.samples_per_s, "status": result.status, "data": data_source}
    return ModelSnapshot(request.model_config, result.weights, "trained in this session", {"name": "digits"},
                         metrics, None, request.config.to_dict())
