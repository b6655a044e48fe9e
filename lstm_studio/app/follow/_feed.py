"""From what a run folder holds to what the Train tab's panels draw: a history of snapshots.

A :class:`RunFeed` takes each :class:`~lstm_studio.runs.RunUpdate` and turns its metric lines,
trace and weights into the values the Train tab already knows (``TrainingSnapshot``,
``EpochReport``, ``ModelSnapshot``), so the same panels show a run from a folder as if it
trained here. Plain Python: it runs in the GUI thread but draws nothing itself.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..train._history import TrainingHistory


@dataclass(frozen=True)
class FeedResult:
    """What one update changed: whether the curves did, a new trace and a new model to show."""

    curves: bool = False
    trace: Any = None            # lstm_studio.runs.TraceRecord
    model: Any = None            # lstm_studio.models.ModelSnapshot
    latest: Any = None           # the newest TrainingSnapshot (for the status line)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan


class RunFeed:
    """The run's history as the Train tab's panels want it; feed it every :class:`RunUpdate`."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self.history = TrainingHistory()
        self.config: dict[str, Any] | None = None
        self.latest: Any = None
        self._steps: list[tuple[int, float]] = []   # (step, samples seen), in step order

    @property
    def metric(self) -> str:
        metric = (self.config or {}).get("metric")
        return metric.get("name", "metric") if isinstance(metric, dict) else "metric"

    @property
    def planned(self) -> dict[str, Any]:
        planned = (self.config or {}).get("planned")
        return planned if isinstance(planned, dict) else {}

    def apply(self, update: Any) -> FeedResult:
        curves = False
        if update.config is not None and update.config is not self.config:
            curves = self._adopt_config(update.config)
        if update.restarted:
            self._restart()
            curves = True
        for line in update.metrics:
            curves |= self._add_line(line)
        trace = update.trace
        if trace is not None:
            self.history.add_snapshot(self._trace_snapshot(trace))
        return FeedResult(curves, trace, self._model(update.weights), self.latest)

    def _adopt_config(self, config: dict[str, Any]) -> bool:
        first = self.config is None or config.get("started") != self.config.get("started")
        self.config = config
        if first:
            self._restart()
        return first

    def _restart(self) -> None:
        self.history.clear()
        self._steps.clear()
        self.latest = None
        self.history.start_run(float(_number(self.planned.get("samples")) if self.planned.get("samples") else 0.0))

    # --- metric lines -------------------------------------------------------------------
    def _add_line(self, line: dict[str, Any]) -> bool:
        step = int(line["step"])
        samples = _number(line.get("samples"))
        samples = float(step) if math.isnan(samples) else samples
        if not self._steps or step >= self._steps[-1][0]:
            self._steps.append((step, samples))
        test = line.get(f"test_{self.metric}")
        if isinstance(test, (int, float)) and not isinstance(test, bool):
            self.history.add_epoch(self._epoch_report(line, samples))
            return True
        if "loss" not in line:
            return False
        self.latest = self._snapshot(line, step, samples)
        self.history.add_snapshot(self.latest)
        return True

    def _snapshot(self, line: dict[str, Any], step: int, samples: float) -> Any:
        from ...training import TrainingSnapshot

        planned = self.planned
        epochs = int(_number(planned.get("epochs"))) if planned.get("epochs") else 1
        per_epoch = int(_number(planned.get("batches_per_epoch"))) if planned.get("batches_per_epoch") else 0
        epoch = max(0, int(_number(line.get("epoch"))) - 1) if isinstance(line.get("epoch"), int) else 0
        speed = _number(line.get("samples_per_s"))
        remaining = _number(planned.get("samples")) - samples if planned.get("samples") else math.nan
        eta = remaining / speed if speed > 0 and remaining >= 0 else math.nan
        return TrainingSnapshot(step=step, epoch=epoch, epochs=epochs, batch=max(0, step - epoch * per_epoch),
                                batches_per_epoch=per_epoch, samples_seen=int(samples),
                                loss=_number(line.get("loss")), metric=_number(line.get(self.metric)),
                                samples_per_s=speed if speed == speed else 0.0, eta_s=eta,
                                elapsed_s=_number(line.get("elapsed_s")), metric_name=self.metric)

    def _epoch_report(self, line: dict[str, Any], samples: float) -> Any:
        from ...training import EpochReport

        metric = self.metric
        return EpochReport(int(_number(line.get("epoch"))) if isinstance(line.get("epoch"), int) else 0,
                           int(samples), _number(line.get("train_loss")), _number(line.get(f"train_{metric}")),
                           _number(line.get("test_loss")), _number(line.get(f"test_{metric}")),
                           _number(line.get("samples_per_s")), metric)

    # --- traces and weights --------------------------------------------------------------------
    def samples_at(self, step: int) -> float:
        """Samples seen at ``step``, from the metric lines (interpolated; the step itself without any)."""
        if not self._steps:
            return float(step)
        steps = np.array([s for s, _ in self._steps], dtype=float)
        seen = np.array([x for _, x in self._steps], dtype=float)
        if step > steps[-1] and steps[-1] > 0:
            return float(seen[-1] * step / steps[-1])
        return float(np.interp(step, steps, seen))

    def _trace_snapshot(self, record: Any) -> Any:
        from ...training import TrainingSnapshot

        return TrainingSnapshot(step=record.step, epoch=0, epochs=1, batch=0, batches_per_epoch=0,
                                samples_seen=int(self.samples_at(record.step)), loss=math.nan, metric=math.nan,
                                samples_per_s=0.0, eta_s=math.nan, elapsed_s=math.nan, trace=record.trace,
                                trace_step=record.step, probe_labels=record.probe_labels, metric_name=self.metric)

    def _model(self, record: Any) -> Any:
        """The weights as the session's model (``None`` when there are none new)."""
        if record is None:
            return None
        from ...models import ModelSnapshot, weights_to_numpy

        checkpoint = record.checkpoint
        return ModelSnapshot(checkpoint.config, weights_to_numpy(checkpoint.state_dict), f"run {self.name}",
                             checkpoint.task, {**checkpoint.metrics, "run": self.name}, record.step,
                             checkpoint.training)
