"""The training loop: plain Python, generic over (task, cell), stoppable between batches, reporting throttled snapshots."""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import Tensor

from ..models import ModelConfig, SequenceModel
from ..tasks import EvaluationInterrupted, Task
from ._control import RunControl
from ._device import resolve_device
from ._parallel import SINGLE_PROCESS, Parallel
from ._snapshots import EpochReport, TrainingSnapshot, TrainResult


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters and run settings. Defaults are the reference design (a 2 × 128 LSTM)."""

    cell: str = "lstm"
    hidden_size: int = 128
    num_layers: int = 2
    dropout: float = 0.2
    forget_bias: float | None = None
    learning_rate: float = 1e-3
    batch_size: int = 128
    epochs: int = 1
    seed: int = 0
    device: str = "auto"
    num_threads: int | None = None     # cap on torch intra-op threads; None leaves torch's default
    grad_clip: float = 1.0
    lr_schedule: str = "constant"     # or "cosine": decay to 0 over the run, per step
    augment: bool = False             # digits: random affine jitter and pen width on every batch
    limit_batches: int | None = None   # stop each epoch after this many batches (quick runs, tests)
    probe_size: int = 16
    probe_every: int | None = None     # steps between gate traces; None: time-based, see below
    snapshot_interval_s: float = 0.1   # at most one snapshot per interval
    probe_budget: float = 0.01         # auto probes take at most this fraction of training time
    weights_interval_s: float = 1.0    # how often snapshots carry a copy of the weights (0: never)
    test_batch_size: int = 1000
    max_seconds: float | None = None   # end the run after this wall time (then evaluate); cosine decays over it
    time_limit_clock: str = "wall"     # or "process": max_seconds of this process's CPU time (shared machines)

    def model_config(self, task: Task) -> ModelConfig:
        """The model this run trains when it does not start from given weights."""
        return task.model_config(self.hidden_size, self.num_layers, self.dropout, self.cell, self.forget_bias)

    def to_dict(self) -> dict:
        return asdict(self)


def _adam(parameters, learning_rate: float) -> torch.optim.Adam:
    """Adam with PyTorch's fused kernel where this build has one (one pass over all weights)."""
    parameters = list(parameters)
    try:
        return torch.optim.Adam(parameters, lr=learning_rate, fused=True)
    except (RuntimeError, ValueError):
        return torch.optim.Adam(parameters, lr=learning_rate)


def _schedule(optimizer: torch.optim.Optimizer, name: str, total_steps: int,
              progress: Callable[[], float] | None = None):
    """``progress()`` (0..1, e.g. the share of a time limit used) drives the cosine instead of the step count."""
    if name == "constant":
        return None
    if name == "cosine" and progress is not None:
        return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 0.5 * (1 + math.cos(math.pi * progress())))
    if name == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, total_steps))
    raise ValueError(f"unknown learning-rate schedule {name!r} (use constant or cosine)")


class Trainer(RunControl):
    """Trains a :class:`SequenceModel` on a :class:`Task`.

    ``run()`` blocks; call :meth:`pause`, :meth:`resume` and :meth:`stop` from any thread.
    Callbacks receive immutable :class:`TrainingSnapshot` / :class:`EpochReport` values.
    ``parallel`` places the run among other processes (``DistributedParallel``): each then trains
    on its shard of every epoch, and only the main process probes, evaluates and emits snapshots.
    """

    def __init__(self, config: TrainConfig, task: Task, model: SequenceModel | None = None,
                 parallel: Parallel | None = None) -> None:
        self.config = config
        self.task = task
        self.parallel = parallel or SINGLE_PROCESS
        self.device = resolve_device(config.device)
        torch.manual_seed(config.seed)
        if model is not None:
            problem = task.fits(model.config)
            if problem:
                raise ValueError(f"this model cannot learn {task.describe()}: {problem}")
        self.model = (model or SequenceModel(config.model_config(task))).to(self.device)
        if model is not None and model.config.num_layers > 1 and hasattr(self.model.cell, "dropout"):
            self.model.cell.dropout = config.dropout
        RunControl.__init__(self)

    def epoch_batches(self) -> range:
        """The indices of the batches this process trains on in every epoch (its shard, then the limit)."""
        batches = self.task.batches_per_epoch(self.config.batch_size)
        mine = self.task.shard_batches(batches, self.parallel.rank, self.parallel.world_size)
        return mine[:self.config.limit_batches] if self.config.limit_batches else mine

    def batches_per_epoch(self) -> int:
        return len(self.epoch_batches())

    # --- the loop ---------------------------------------------------------------------
    def run(self, on_snapshot: Callable[[TrainingSnapshot], None] | None = None,
            on_epoch: Callable[[EpochReport], None] | None = None) -> TrainResult:
        """Train for ``config.epochs`` epochs (or until stopped / diverged).

        ``config.num_threads`` caps torch's intra-op threads for the calling thread (OpenMP's
        setting is per thread), so call this in the thread that trains.
        """
        if self.config.num_threads:
            torch.set_num_threads(self.config.num_threads)
        loop = _Loop(self, on_snapshot or (lambda s: None), on_epoch or (lambda r: None))
        return loop.run()


class _Loop:
    """One run's state; split out of :class:`Trainer` to keep each piece small."""

    def __init__(self, trainer: Trainer, on_snapshot: Callable, on_epoch: Callable) -> None:
        self.trainer, self.config, self.model, self.task = trainer, trainer.config, trainer.model, trainer.task
        self.on_snapshot, self.on_epoch = on_snapshot, on_epoch
        self.task.prepare(trainer.device)
        probe = self.task.probe(self.config.probe_size)
        self.probe_x = probe.x.to(trainer.device)
        self.probe_labels = probe.labels
        self.generator = torch.Generator(device=trainer.device).manual_seed(self.config.seed)
        self.optimizer = _adam(self.model.parameters(), self.config.learning_rate)
        self.parallel = trainer.parallel
        self.training_model = self.parallel.wrap(self.model)  # the forward that trains; probes use the model
        self.batch_indices = trainer.epoch_batches()
        self.batches_per_epoch = len(self.batch_indices)
        self.scheduler = _schedule(self.optimizer, self.config.lr_schedule,
                                   self.config.epochs * self.batches_per_epoch)
        self.last_good = [p.detach().clone() for p in self.model.parameters()]
        self.last_good_step, self.diverged_at_step = 0, None
        self.loss_limit = self.task.loss_limit
        self.recent_losses: list[float] = []
        self.step = self.samples = 0
        self.clock = time.process_time if self.config.time_limit_clock == "process" else time.perf_counter
        self.started_at, self.paused_seconds, self.time_up = self.clock(), 0.0, False
        if self.config.max_seconds and self.config.lr_schedule == "cosine":
            self.scheduler = _schedule(self.optimizer, "cosine", 0, self._progress)
        self.train_seconds = 0.0
        self.window = [0.0, 0.0, 0, 0]  # loss sum, metric sum, metric count, samples since the last snapshot
        self.last_snapshot_at = -math.inf
        self.last_probe_at, self.last_probe_work, self.probe_cost = -math.inf, -math.inf, 0.0
        self.last_weights_at = -math.inf
        self.trace, self.trace_step = None, -1
        self.test_metric: float | None = None
        self.reports: list[EpochReport] = []
        self.epoch = self.batch = 0
        self.epoch_stats = [0.0, 0.0, 0, 0]

    def run(self) -> TrainResult:
        self.model.train()
        self._probe()
        self._emit(time.perf_counter())
        status, reason = "finished", ""
        for epoch in range(self.config.epochs):
            outcome = self._epoch(epoch) or self._finish_epoch(epoch)
            if outcome:
                status, reason = outcome
                break
            if self.time_up:
                reason = f"reached the time limit of {self.config.max_seconds:g} s"
                break
        self.model.eval()
        return TrainResult(status, reason, len(self.reports), self.step, self.samples,
                           self._throughput(), self.train_seconds, self.test_metric, tuple(self.reports),
                           self._weights_copy(time.perf_counter(), force=True), self.task.metric.name,
                           self.diverged_at_step,
                           self.step if self.diverged_at_step is None else self.last_good_step)

    def _epoch(self, epoch: int) -> tuple[str, str] | None:
        shared, own = self.parallel.generators(self.generator, self.config.seed, epoch)
        self.task.start_epoch(shared, self.config.batch_size)
        self.epoch, self.batch = epoch, 0
        self.epoch_stats = [0.0, 0.0, 0, 0]
        for batch, index in enumerate(self.batch_indices):
            if self.trainer.is_paused:
                self._emit(time.perf_counter())  # the exact state at the pause
                self.paused_seconds += self.trainer.wait_if_paused()
            if self.trainer.is_stopping and self.parallel.world_size == 1:  # in a group: where all agree, below
                return "stopped", self.trainer.stop_reason or "stopped"
            if self.config.max_seconds and self._wall_seconds() >= self.config.max_seconds:
                self.time_up = True
                return None  # the held-out pass of this (partial) epoch follows
            started = time.perf_counter()
            x, y = self.task.batch(index, self.config.batch_size, own)
            outcome = self._train_step(x, y)
            if outcome:
                return outcome
            self.batch = batch + 1
            if self._probe_due(time.perf_counter()):
                self._probe()
            # Throughput counts everything a batch costs: the step, gate probes and snapshots.
            finished = time.perf_counter()
            self.train_seconds += finished - started
            if finished - self.last_snapshot_at >= self.config.snapshot_interval_s:
                self._emit(finished)
                self.train_seconds += time.perf_counter() - finished
        return None

    def _train_step(self, x: Tensor, y: Tensor) -> tuple[str, str] | None:
        """One optimiser step; ``("diverged" | "stopped", reason)`` when it was not taken."""
        outputs = self.task.forward(self.training_model, x)
        loss = self.task.loss(outputs, y)
        with torch.no_grad():
            score, count = self.task.batch_score(outputs.detach(), y)
        # Every process must take the same decision before backward (which waits for all of them).
        loss_value, samples, score, count, stopping = self.parallel.agree(
            loss.item(), len(y), score, count, self.trainer.is_stopping)
        if stopping:
            return "stopped", self.trainer.stop_reason or "stopped by another training process"
        problem = self._divergence(loss_value)
        if problem:
            self._restore_last_good()
            self.diverged_at_step = self.step + 1
            return "diverged", f"{problem} at step {self.step + 1}"
        if loss_value <= self.loss_limit:
            for saved, param in zip(self.last_good, self.model.parameters()):
                saved.copy_(param.detach())
            self.last_good_step = self.step
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if self.config.grad_clip:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.grad_clip)
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        self.step += 1
        self.samples += samples
        for totals in (self.window, self.epoch_stats):
            totals[0] += loss_value * samples
            totals[1] += score
            totals[2] += count
            totals[3] += samples
        return None

    def _wall_seconds(self) -> float:
        """Seconds counted against ``max_seconds``: wall time less pauses, or CPU time."""
        paused = self.paused_seconds if self.clock is time.perf_counter else 0.0
        return self.clock() - self.started_at - paused

    def _progress(self) -> float:
        """Share of the run done: of its steps or of its time limit, whichever is further."""
        total = self.config.epochs * self.batches_per_epoch
        return min(1.0, max(self.step / max(1, total), self._wall_seconds() / self.config.max_seconds))

    def _divergence(self, loss_value: float) -> str:
        """Why training has diverged, or ``""``: a non-finite loss, or recent losses far above chance."""
        if not math.isfinite(loss_value):
            return f"the loss became {loss_value}"
        self.recent_losses.append(loss_value)
        recent = self.recent_losses[-10:]
        del self.recent_losses[:-10]
        if sum(recent) / len(recent) > self.loss_limit:
            return (f"the loss exploded to {loss_value:.3g} (over {self.loss_limit:.3g}, "
                    f"ten times the loss of guessing)")
        return ""

    @torch.no_grad()
    def _restore_last_good(self) -> None:
        for saved, param in zip(self.last_good, self.model.parameters()):
            param.copy_(saved)

    def _probe_due(self, now: float) -> bool:
        if self.config.probe_every is not None:
            return self.config.probe_every > 0 and self.step % self.config.probe_every == 0
        if now - self.last_probe_at < self.config.snapshot_interval_s:
            return False  # no use probing faster than snapshots go out
        budget_spacing = self.probe_cost / max(self.config.probe_budget, 1e-6)
        return self._work_clock() - self.last_probe_work >= budget_spacing

    def _work_clock(self) -> float:
        """The probe budget's clock: this thread's CPU time on a CPU device, wall time on an accelerator.

        On a busy machine the wall clock also counts the time other processes hold the core, which
        a probe shorter than a scheduler slice rarely waits for: budgeted in wall time, probes took
        several times their share of a small model's training.
        """
        return time.thread_time() if self.trainer.device.type == "cpu" else time.perf_counter()

    def _probe(self) -> None:
        if not self.parallel.is_main:
            return
        started = self._work_clock()
        self.trace = self.model.trace(self.probe_x)
        self.trace_step = self.step
        self.last_probe_at, self.last_probe_work = time.perf_counter(), self._work_clock()
        self.probe_cost = self.last_probe_work - started

    def _window_metric(self, totals: list) -> tuple[float, float]:
        loss_sum, score, count, samples = totals
        loss = loss_sum / samples if samples else float("nan")
        return loss, self.task.score(score, count, loss_sum) if count else float("nan")

    def _emit(self, now: float) -> None:
        if not self.parallel.is_main:
            return
        loss, metric = self._window_metric(self.window)
        done = self.epoch * self.batches_per_epoch + self.batch
        total = self.config.epochs * self.batches_per_epoch
        per_batch = self.train_seconds / max(1, self.step)
        weights = self._weights_copy(now)
        snapshot = TrainingSnapshot(
            step=self.step, epoch=self.epoch, epochs=self.config.epochs,
            batch=self.batch, batches_per_epoch=self.batches_per_epoch,
            samples_seen=self.samples, loss=loss, metric=metric, samples_per_s=self._throughput(),
            eta_s=per_batch * max(0, total - done), elapsed_s=self.train_seconds, trace=self.trace,
            trace_step=self.trace_step, probe_labels=self.probe_labels, test_metric=self.test_metric,
            weights=weights, weights_step=self.step if weights is not None else None,
            metric_name=self.task.metric.name)
        self.window = [0.0, 0.0, 0, 0]
        self.last_snapshot_at = now
        self.on_snapshot(snapshot)

    def _weights_copy(self, now: float, force: bool = False) -> dict[str, np.ndarray] | None:
        interval = self.config.weights_interval_s
        if not force and (not interval or now - self.last_weights_at < interval):
            return None
        self.last_weights_at = now
        return self.model.weights_copy()

    def _throughput(self) -> float:
        return self.samples / self.train_seconds if self.train_seconds > 0 else 0.0

    def _finish_epoch(self, epoch: int) -> tuple[str, str] | None:
        """The held-out pass and the epoch's report; ``("stopped", reason)`` if Stop came during that pass."""
        train_loss, train_metric = self._window_metric(self.epoch_stats)
        try:
            evaluation = self.parallel.on_main(lambda: self.task.evaluate(
                self.model, self.config.test_batch_size, should_stop=lambda: self.trainer.is_stopping))
        except EvaluationInterrupted:
            self.model.train()
            return "stopped", self.trainer.stop_reason or "stopped"
        self.model.train()
        self.test_metric = evaluation.metric
        report = EpochReport(epoch + 1, self.samples, train_loss, train_metric, evaluation.loss, evaluation.metric,
                             self._throughput(), self.task.metric.name)
        self.reports.append(report)
        self._probe()
        self._emit(time.perf_counter())
        self.on_epoch(report)
        return None
