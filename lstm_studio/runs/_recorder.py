"""Recording a :class:`~lstm_studio.training.Trainer` run into a run folder (``train --run-dir``).

The trainer's callbacks go in; :class:`RunWriter` calls come out. The trainer reports a snapshot
up to ten times a second; the recorder merges them into one metric line per
``metrics_interval_s`` (sample-weighted means, so nothing is lost but resolution), and leaves
the trace and weights rates to the writer's limits.
"""
from __future__ import annotations

import math
import time
from typing import Any

from ._writer import RunWriter


class TrainingRecorder:
    """Writes what a trainer reports into ``writer``; call :meth:`start`, pass :meth:`on_snapshot` and
    :meth:`on_epoch` to ``Trainer.run``, then :meth:`finish` (or :meth:`fail`)."""

    def __init__(self, writer: RunWriter, trainer: Any, metrics_interval_s: float = 0.5) -> None:
        self.writer, self.trainer, self.task = writer, trainer, trainer.task
        self.metric = trainer.task.metric.name
        self.metrics_interval_s = metrics_interval_s
        self._totals = [0.0, 0.0, 0]   # loss x samples, metric x samples, samples since the last line
        self._last_line_at = -math.inf
        self._last: Any = None         # the newest snapshot
        self._samples = 0
        self._trace_step = -1
        self._unwritten_trace: tuple | None = None

    def start(self, world_size: int = 1, **extra: Any) -> None:
        """Write ``run.json``: the task, model and training settings, the metric, and what is planned."""
        trainer, task = self.trainer, self.task
        batches = trainer.batches_per_epoch()
        config = trainer.config
        metric = task.metric
        self.writer.write_config(
            task=task.to_dict() | {"description": task.describe(), "display": task.display},
            model=trainer.model.config, training=config.to_dict(), world_size=world_size,
            metric={"name": metric.name, "label": metric.label, "higher_is_better": metric.higher_is_better,
                    "percent": metric.percent},
            planned=_planned(config, batches, world_size),
            device=str(trainer.device), **extra)

    def on_snapshot(self, snapshot: Any) -> None:
        """Merge the snapshot's loss into the next metric line; hand its trace and weights to the writer."""
        self._last = snapshot
        seen = snapshot.samples_seen - self._samples
        self._samples = snapshot.samples_seen
        if seen > 0 and math.isfinite(snapshot.loss):
            self._totals[0] += snapshot.loss * seen
            self._totals[1] += (snapshot.metric if math.isfinite(snapshot.metric) else 0.0) * seen
            self._totals[2] += seen
        if time.monotonic() - self._last_line_at >= self.metrics_interval_s:
            self._flush_line()
        if snapshot.trace is not None and snapshot.trace_step != self._trace_step:
            self._trace_step = snapshot.trace_step
            job = (snapshot.trace_step, snapshot.trace, snapshot.probe_labels)
            self._unwritten_trace = None if self.writer.write_trace(*job) else job
        if snapshot.weights is not None:
            self.writer.write_weights(snapshot.weights_step, self.trainer.model, weights=snapshot.weights)

    def _flush_line(self) -> None:
        loss_sum, metric_sum, samples = self._totals
        snapshot = self._last
        if samples == 0 or snapshot is None:
            return
        self.writer.log_metrics(snapshot.step, epoch=snapshot.epoch + 1, samples=snapshot.samples_seen,
                                loss=loss_sum / samples, **{self.metric: metric_sum / samples},
                                samples_per_s=round(snapshot.samples_per_s, 1), elapsed_s=round(snapshot.elapsed_s, 3))
        self._totals = [0.0, 0.0, 0]
        self._last_line_at = time.monotonic()

    def on_epoch(self, report: Any) -> None:
        """One line with the epoch's held-out result (``test_<metric>``)."""
        self._flush_line()
        step = self._last.step if self._last is not None else 0
        metric = self.metric
        self.writer.log_metrics(step, epoch=report.epoch, samples=report.samples_seen,
                                train_loss=report.train_loss, **{f"train_{metric}": report.train_metric},
                                test_loss=report.test_loss, **{f"test_{metric}": report.test_metric},
                                samples_per_s=round(report.samples_per_s, 1))

    def finish(self, result: Any) -> None:
        """The last line, trace and weights, then the final status (finished, stopped or diverged)."""
        self._flush_line()
        if self._unwritten_trace is not None:
            self.writer.write_trace(*self._unwritten_trace, force=True)
        if result.weights is not None and result.steps > 0:
            self.writer.write_weights(result.steps, self.trainer.model, weights=result.weights, force=True)
        self.writer.close(result.status, result.reason, step=result.steps)

    def fail(self, reason: str, status: str = "crashed") -> None:
        """The run ended without a result (an error, a lost process): say so, keep what was written."""
        self._flush_line()
        step = self._last.step if self._last is not None else None
        self.writer.close(status, reason, step=step)


def _planned(config: Any, batches: int, world_size: int) -> dict[str, Any]:
    """What the run means to do: its epochs and samples, or, for a run on a time limit, only its seconds
    (its epoch count is then a ceiling nobody reaches, and a reader would size its axes by it)."""
    if config.max_seconds:
        return {"seconds": config.max_seconds, "batches_per_epoch": batches}
    return {"epochs": config.epochs, "batches_per_epoch": batches,
            "samples": config.epochs * batches * config.batch_size * world_size}
