"""The lab's runner: several cells trained side by side on the same batches, in plain Python.

Every step one batch is drawn, on the device, from one generator, and the very same tensors
go to every cell. ``run()`` blocks; :meth:`LabRunner.pause`, :meth:`~LabRunner.resume` and
:meth:`~LabRunner.stop` work from any thread and take effect between steps. Snapshots go out
at most every ``snapshot_interval_s``. The gradient and gate probes are timed so they take at
most ``probe_budget`` of the run; the held-out scores come every ``eval_every`` steps, so what
the run concludes does not depend on the machine's speed.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import numpy as np
import torch
from torch import Tensor

from ..tasks import Task
from ..training import RunControl, resolve_device
from ._cell_run import CellRun
from ._config import TASK_LABELS, LabConfig, make_task, solved_threshold
from ._snapshots import LabSnapshot, TaskInfo, frozen

OnSnapshot = Callable[[LabSnapshot], None]


def task_info(config: LabConfig, task: Task, probe: Any = None) -> TaskInfo:
    """What the views and verdicts need to know about ``task`` (with the probe's marks if given)."""
    marks = getattr(probe, "marks", ()) if probe is not None else ()
    return TaskInfo(config.task, TASK_LABELS[config.task], config.length, getattr(task, "num_steps", config.length),
                    task.metric, float(task.baseline), solved_threshold(task), marks,
                    getattr(probe, "mark_names", ()), tuple(probe.names) if probe is not None else ())


class BatchStream:
    """One batch per step from one generator, across the task's "epochs" (generated tasks have no end)."""

    def __init__(self, task: Task, batch_size: int, generator: torch.Generator) -> None:
        self.task, self.batch_size, self.generator = task, batch_size, generator
        self.per_epoch = task.batches_per_epoch(batch_size)
        self.index = self.per_epoch

    def next(self) -> tuple[Tensor, Tensor]:
        if self.index >= self.per_epoch:
            self.task.start_epoch(self.generator, self.batch_size)
            self.index = 0
        batch = self.task.batch(self.index, self.batch_size, self.generator)
        self.index += 1
        return batch


class LabRunner(RunControl):
    """Runs one :class:`LabConfig`. ``task`` may be given (tests); sequential MNIST needs ``digits``."""

    def __init__(self, config: LabConfig, task: Task | None = None, digits: Any = None) -> None:
        self.config = config
        self.task = task if task is not None else make_task(config, digits)
        self.device = resolve_device(config.device)
        self.data_source = getattr(getattr(self.task, "digits", None), "source", "generated")
        RunControl.__init__(self)
        self._abandon = threading.Event()

    def stop(self, reason: str = "stopped by the user", final_evaluation: bool = True) -> None:
        """Stop after the step in progress. The held-out set is still scored at that step unless
        ``final_evaluation`` is false (the window is closing: leave at once)."""
        if not final_evaluation:
            self._abandon.set()
        RunControl.stop(self, reason)

    def run(self, on_snapshot: OnSnapshot | None = None) -> LabSnapshot:
        """Train every cell for ``config.steps`` steps (or until stopped); return the last snapshot."""
        if self.config.num_threads:
            torch.set_num_threads(self.config.num_threads)
        return _LabLoop(self, on_snapshot or (lambda snapshot: None)).run()


class _LabLoop:
    """One run's state, apart from :class:`LabRunner` to keep each piece small."""

    def __init__(self, runner: LabRunner, on_snapshot: OnSnapshot) -> None:
        self.runner, self.config, self.task, self.on_snapshot = runner, runner.config, runner.task, on_snapshot
        device = runner.device
        self.task.prepare(device)
        probe = self.task.probe(self.config.probe_size)
        self.info = task_info(self.config, self.task, probe)
        self.probe_x = probe.x.to(device)
        self.probe_y = _probe_targets(probe).to(device)
        self.probe_inputs = frozen(probe.x.numpy())
        self.cells = [CellRun(spec, self.task, self.info, self.config, device) for spec in self.config.cells]
        self.stream = BatchStream(self.task, self.config.batch_size,
                                  torch.Generator(device=device).manual_seed(self.config.seed))
        self.step = 0
        self.started = time.perf_counter()
        self.timings = {"train": 0.0, "data": 0.0, "evaluate": 0.0, "probe": 0.0, "snapshot": 0.0}
        self.last_snapshot_at = self.last_probe_at = -np.inf
        self.probe_cost = 0.0

    def run(self) -> LabSnapshot:
        self._evaluate(final=False)  # the score before any training: where every curve starts
        self._probe(time.perf_counter())
        self._emit("running")
        status = self._train()
        if not self.runner._abandon.is_set():
            self._evaluate(final=True)
            self._probe(time.perf_counter())
        for cell in self.cells:
            cell.finish(status)
        return self._emit(status, self.runner.stop_reason if status == "stopped" else "")

    def _train(self) -> str:
        runner = self.runner
        for step in range(1, self.config.steps + 1):
            if runner.is_paused:
                self._emit("paused")
                runner.wait_if_paused()
            if runner.is_stopping:
                return "stopped"
            if not any(cell.active for cell in self.cells):
                return "finished"
            self._train_step(step)
            self._after_step(step)
        return "finished"

    def _train_step(self, step: int) -> None:
        started = time.perf_counter()
        x, y = self.stream.next()
        drawn = time.perf_counter()
        for cell in self.cells:
            if cell.active:
                cell.train_step(x, y)  # the very same tensors for every cell
        self.step = step
        self.timings["data"] += drawn - started
        self.timings["train"] += time.perf_counter() - drawn

    def _after_step(self, step: int) -> None:
        if step % self.config.eval_every == 0:
            self._evaluate(final=False)
        now = time.perf_counter()
        spacing = max(self.config.probe_interval_s, self.probe_cost / max(self.config.probe_budget, 1e-6))
        if now - self.last_probe_at >= spacing:
            self._probe(now)
        if time.perf_counter() - self.last_snapshot_at >= self.config.snapshot_interval_s:
            self._emit("running")

    def _evaluate(self, final: bool) -> None:
        started = time.perf_counter()
        should_stop = self.runner._abandon.is_set if final else self.runner._stop.is_set
        for cell in self.cells:
            if cell.status != "diverged":
                cell.evaluate(should_stop)
        self.timings["evaluate"] += time.perf_counter() - started

    def _probe(self, now: float) -> None:
        for cell in self.cells:
            if cell.status != "diverged":
                cell.probe(self.probe_x, self.probe_y)
        finished = time.perf_counter()
        self.probe_cost = finished - now
        self.last_probe_at = finished
        self.timings["probe"] += self.probe_cost

    def _emit(self, status: str, reason: str = "") -> LabSnapshot:
        started = time.perf_counter()
        snapshot = LabSnapshot(self.config, self.info, self.step, status,
                               tuple(cell.progress() for cell in self.cells), started - self.started,
                               self.probe_inputs, reason, self.runner.data_source, MappingProxyType(dict(self.timings)))
        self.on_snapshot(snapshot)
        self.last_snapshot_at = time.perf_counter()
        self.timings["snapshot"] += self.last_snapshot_at - started
        return snapshot


def _probe_targets(probe: Any) -> Tensor:
    targets = getattr(probe, "targets", None)
    if targets is not None:
        return targets
    return torch.as_tensor(np.array(probe.labels))
