"""The training loop: plain Python, stoppable between batches, reporting throttled snapshots."""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from ..data import DigitSet
from ..models import LSTMClassifier, ModelConfig
from ._augment import augment_batch
from ._device import resolve_device
from ._snapshots import EpochReport, TrainingSnapshot, TrainResult


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters and run settings. Defaults are the reference design."""

    hidden_size: int = 128
    num_layers: int = 2
    dropout: float = 0.2
    learning_rate: float = 1e-3
    batch_size: int = 128
    epochs: int = 1
    seed: int = 0
    device: str = "auto"
    num_threads: int | None = None     # cap on torch intra-op threads; None leaves torch's default
    grad_clip: float = 1.0
    lr_schedule: str = "constant"     # or "cosine": decay to 0 over the run, per step
    augment: bool = False
    limit_batches: int | None = None   # stop each epoch after this many batches (quick runs, tests)
    probe_size: int = 16
    probe_every: int | None = None     # steps between gate traces; None: time-based, see below
    snapshot_interval_s: float = 0.1   # at most one snapshot per interval
    probe_budget: float = 0.01         # auto probes take at most this fraction of training time
    weights_interval_s: float = 1.0    # how often snapshots carry a copy of the weights (0: never)
    test_batch_size: int = 1000

    def model_config(self) -> ModelConfig:
        return ModelConfig(hidden_size=self.hidden_size, num_layers=self.num_layers, dropout=self.dropout)

    def to_dict(self) -> dict:
        return asdict(self)


def probe_indices(labels: np.ndarray, count: int) -> np.ndarray:
    """A fixed, class-balanced probe batch: the first test digits of 0, 1, ..., 9, 0, 1, ..."""
    chosen: list[int] = []
    pools = [list(np.flatnonzero(labels == digit)) for digit in range(10)]
    while len(chosen) < min(count, len(labels)):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(int(pool.pop(0)))
    return np.array(chosen, dtype=np.int64)


class EvaluationInterrupted(Exception):
    """:func:`evaluate` was told to stop between two batches."""


@torch.no_grad()
def evaluate(model: LSTMClassifier, images: Tensor, labels: Tensor, batch_size: int = 1000,
             should_stop: Callable[[], bool] | None = None) -> tuple[float, float, Tensor]:
    """``(accuracy, mean loss, predictions)`` of ``model`` on uint8 ``images`` ``[N, 28, 28]``.

    ``should_stop`` is asked before each batch; when it answers True, :class:`EvaluationInterrupted`
    is raised (so a Stop or a closing window does not wait for a whole test pass).
    """
    was_training = model.training
    model.eval()
    predictions, loss_sum = [], 0.0
    for start in range(0, len(labels), batch_size):
        if should_stop is not None and should_stop():
            model.train(was_training)
            raise EvaluationInterrupted
        logits = model(images[start:start + batch_size].float().div_(255))
        loss_sum += float(F.cross_entropy(logits, labels[start:start + batch_size], reduction="sum"))
        predictions.append(logits.argmax(1))
    model.train(was_training)
    predicted = torch.cat(predictions) if predictions else labels.new_empty(0)
    accuracy = float((predicted == labels).float().mean()) if len(labels) else float("nan")
    return accuracy, loss_sum / max(1, len(labels)), predicted


def _adam(parameters, learning_rate: float) -> torch.optim.Adam:
    """Adam with PyTorch's fused kernel where this build has one (one pass over all weights)."""
    parameters = list(parameters)
    try:
        return torch.optim.Adam(parameters, lr=learning_rate, fused=True)
    except (RuntimeError, ValueError):
        return torch.optim.Adam(parameters, lr=learning_rate)


def _schedule(optimizer: torch.optim.Optimizer, name: str, total_steps: int):
    if name == "constant":
        return None
    if name == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, total_steps))
    raise ValueError(f"unknown learning-rate schedule {name!r} (use constant or cosine)")


class Trainer:
    """Trains an :class:`LSTMClassifier` on a :class:`DigitSet`.

    ``run()`` blocks; call :meth:`pause`, :meth:`resume` and :meth:`stop` from any thread.
    Callbacks receive immutable :class:`TrainingSnapshot` / :class:`EpochReport` values.
    """

    def __init__(self, config: TrainConfig, digits: DigitSet, model: LSTMClassifier | None = None) -> None:
        self.config = config
        self.digits = digits
        self.device = resolve_device(config.device)
        torch.manual_seed(config.seed)
        self.model = (model or LSTMClassifier(config.model_config())).to(self.device)
        if model is not None and config.dropout != model.lstm.dropout and model.lstm.num_layers > 1:
            self.model.lstm.dropout = config.dropout
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self.stop_reason = ""

    # --- control from other threads ----------------------------------------------------
    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self, reason: str = "stopped by the user") -> None:
        self.stop_reason = reason
        self._stop.set()
        self._running.set()

    @property
    def is_paused(self) -> bool:
        return not self._running.is_set()

    def _wait_if_paused(self) -> float:
        """Block while paused; return the seconds spent paused."""
        if self._running.is_set():
            return 0.0
        start = time.perf_counter()
        while not self._running.wait(0.05) and not self._stop.is_set():
            pass
        return time.perf_counter() - start

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
        self.trainer, self.config, self.model = trainer, trainer.config, trainer.model
        self.on_snapshot, self.on_epoch = on_snapshot, on_epoch
        device, digits = trainer.device, trainer.digits
        # The whole dataset lives on the device as uint8; batches are slices of a permutation.
        self.train_images = torch.tensor(digits.train_images, dtype=torch.uint8, device=device)
        self.train_labels = torch.tensor(digits.train_labels, dtype=torch.int64, device=device)
        self.test_images = torch.tensor(digits.test_images, dtype=torch.uint8, device=device)
        self.test_labels = torch.tensor(digits.test_labels, dtype=torch.int64, device=device)
        probe = probe_indices(digits.test_labels, self.config.probe_size)
        self.probe_x = self.test_images[torch.as_tensor(probe, device=device)].float().div_(255)
        self.probe_labels = digits.test_labels[probe].copy()
        self.probe_labels.setflags(write=False)
        self.generator = torch.Generator(device=device).manual_seed(self.config.seed)
        self.optimizer = _adam(self.model.parameters(), self.config.learning_rate)
        batches = math.ceil(len(self.train_labels) / self.config.batch_size)
        self.batches_per_epoch = min(batches, self.config.limit_batches or batches)
        self.scheduler = _schedule(self.optimizer, self.config.lr_schedule,
                                   self.config.epochs * self.batches_per_epoch)
        self.last_good = [p.detach().clone() for p in self.model.parameters()]
        self.last_good_step, self.diverged_at_step = 0, None
        # A loss ten times that of uniform guessing, sustained, means the run has diverged.
        self.loss_limit = 10 * math.log(self.model.config.num_classes)
        self.recent_losses: list[float] = []
        self.step = self.samples = 0
        self.train_seconds = 0.0
        self.window = [0.0, 0.0, 0]  # loss sum, correct, samples since the last snapshot
        self.last_snapshot_at = -math.inf
        self.last_probe_at, self.probe_cost = -math.inf, 0.0
        self.last_weights_at = -math.inf
        self.trace, self.trace_step = None, -1
        self.test_accuracy: float | None = None
        self.reports: list[EpochReport] = []
        self.epoch = self.batch = 0
        self.epoch_stats = [0.0, 0.0, 0]  # loss sum, correct, samples in this epoch

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
        self.model.eval()
        return TrainResult(status, reason, len(self.reports), self.step, self.samples,
                           self._throughput(), self.train_seconds, self.test_accuracy, tuple(self.reports),
                           self._weights_copy(time.perf_counter(), force=True), self.diverged_at_step,
                           self.step if self.diverged_at_step is None else self.last_good_step)

    def _epoch(self, epoch: int) -> tuple[str, str] | None:
        order = torch.randperm(len(self.train_labels), generator=self.generator, device=self.train_labels.device)
        self.epoch, self.batch = epoch, 0
        self.epoch_stats = [0.0, 0.0, 0]
        for batch in range(self.batches_per_epoch):
            if self.trainer.is_paused:
                self._emit(time.perf_counter())  # the exact state at the pause
                self.trainer._wait_if_paused()
            if self.trainer._stop.is_set():
                return "stopped", self.trainer.stop_reason or "stopped"
            started = time.perf_counter()
            index = order[batch * self.config.batch_size:(batch + 1) * self.config.batch_size]
            diverged = self._train_step(index)
            if diverged:
                return "diverged", diverged
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

    def _train_step(self, index: Tensor) -> str:
        images = self.train_images[index].float().div_(255)
        if self.config.augment:
            images = augment_batch(images, self.generator)
        labels = self.train_labels[index]
        logits = self.model(images)
        loss = F.cross_entropy(logits, labels)
        loss_value = loss.item()
        problem = self._divergence(loss_value)
        if problem:
            self._restore_last_good()
            self.diverged_at_step = self.step
            return (f"{problem} at step {self.step}: "
                    f"the learning rate ({self.config.learning_rate:g}) is probably too high")
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
        self.samples += len(labels)
        correct = float((logits.argmax(1) == labels).sum())
        for totals in (self.window, self.epoch_stats):
            totals[0] += loss_value * len(labels)
            totals[1] += correct
            totals[2] += len(labels)
        return ""

    def _divergence(self, loss_value: float) -> str:
        """Why training has diverged, or ``""``: a non-finite loss, or recent losses far above chance."""
        if not math.isfinite(loss_value):
            return f"the loss became {loss_value}"
        self.recent_losses.append(loss_value)
        recent = self.recent_losses[-10:]
        del self.recent_losses[:-10]
        if sum(recent) / len(recent) > self.loss_limit:
            return (f"the loss exploded to {loss_value:.3g} (over {self.loss_limit:.0f}, "
                    f"ten times the loss of guessing)")
        return ""

    @torch.no_grad()
    def _restore_last_good(self) -> None:
        for saved, param in zip(self.last_good, self.model.parameters()):
            param.copy_(saved)

    def _probe_due(self, now: float) -> bool:
        if self.config.probe_every is not None:
            return self.config.probe_every > 0 and self.step % self.config.probe_every == 0
        spacing = max(self.config.snapshot_interval_s, self.probe_cost / max(self.config.probe_budget, 1e-6))
        return now - self.last_probe_at >= spacing

    def _probe(self) -> None:
        started = time.perf_counter()
        self.trace = self.model.trace(self.probe_x)
        self.trace_step = self.step
        finished = time.perf_counter()
        self.last_probe_at, self.probe_cost = finished, finished - started

    def _emit(self, now: float) -> None:
        loss_sum, correct, count = self.window
        done = self.epoch * self.batches_per_epoch + self.batch
        total = self.config.epochs * self.batches_per_epoch
        per_batch = self.train_seconds / max(1, self.step)
        snapshot = TrainingSnapshot(
            step=self.step, epoch=self.epoch, epochs=self.config.epochs,
            batch=self.batch, batches_per_epoch=self.batches_per_epoch,
            samples_seen=self.samples, loss=loss_sum / count if count else float("nan"),
            accuracy=correct / count if count else float("nan"), samples_per_s=self._throughput(),
            eta_s=per_batch * max(0, total - done), elapsed_s=self.train_seconds, trace=self.trace,
            trace_step=self.trace_step, probe_labels=self.probe_labels, test_accuracy=self.test_accuracy,
            weights=self._weights_copy(now))
        self.window = [0.0, 0.0, 0]
        self.last_snapshot_at = now
        self.on_snapshot(snapshot)

    def _weights_copy(self, now: float, force: bool = False) -> dict[str, np.ndarray] | None:
        interval = self.config.weights_interval_s
        if not force and (not interval or now - self.last_weights_at < interval):
            return None
        self.last_weights_at = now
        copies = {}
        for name, tensor in self.model.state_dict().items():
            array = tensor.detach().to("cpu").numpy().copy()
            array.setflags(write=False)
            copies[name] = array
        return copies

    def _throughput(self) -> float:
        return self.samples / self.train_seconds if self.train_seconds > 0 else 0.0

    def _finish_epoch(self, epoch: int) -> tuple[str, str] | None:
        """The test pass and the epoch's report; ``("stopped", reason)`` if Stop came during the test pass."""
        loss_sum, correct, count = self.epoch_stats
        try:
            accuracy, loss, _ = evaluate(self.model, self.test_images, self.test_labels,
                                         self.config.test_batch_size, should_stop=self.trainer._stop.is_set)
        except EvaluationInterrupted:
            self.model.train()
            return "stopped", self.trainer.stop_reason or "stopped"
        self.model.train()
        self.test_accuracy = accuracy
        report = EpochReport(epoch + 1, self.samples, loss_sum / max(1, count), correct / max(1, count),
                             loss, accuracy, self._throughput())
        self.reports.append(report)
        self._probe()
        self._emit(time.perf_counter())
        self.on_epoch(report)
