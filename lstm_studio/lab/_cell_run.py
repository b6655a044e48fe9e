"""One contestant of a lab run: its model, optimiser, record, held-out scores and probes."""
from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import torch
from torch import Tensor

from ..analysis import hidden_gradient_norms
from ..models import SequenceModel
from ..tasks import EvaluationInterrupted, ShouldStop
from ._cells import CellSpec
from ._config import LabConfig
from ._snapshots import CellProgress, TaskInfo, frozen

#: Numbers held at once by one evaluation batch (inputs or hidden states): bounds its memory.
EVAL_BATCH_ELEMENTS = 2_000_000


def _adam(parameters: Any, learning_rate: float) -> torch.optim.Adam:
    parameters = list(parameters)
    try:
        return torch.optim.Adam(parameters, lr=learning_rate, fused=True)
    except (RuntimeError, ValueError):
        return torch.optim.Adam(parameters, lr=learning_rate)


def build_model(spec: CellSpec, task: Any, config: LabConfig, device: torch.device) -> SequenceModel:
    """The cell's model, initialised from ``torch.manual_seed(config.seed)`` alone (see :class:`LabConfig`)."""
    torch.manual_seed(config.seed)
    model_config = task.model_config(config.hidden_size, config.num_layers, 0.0, spec.kind, spec.forget_bias)
    return SequenceModel(model_config).to(device).train()


class CellRun:
    """Trains one cell on the batches it is given and keeps its record.

    Per-step values go into buffers allocated once for the whole run; a snapshot hands out
    read-only views of the part already written, which is never written again, so the views
    stay valid and unchanged while training goes on.
    """

    def __init__(self, spec: CellSpec, task: Any, info: TaskInfo, config: LabConfig, device: torch.device) -> None:
        self.spec, self.task, self.info, self.config = spec, task, info, config
        self.model = build_model(spec, task, config, device)
        self.optimizer = _adam(self.model.parameters(), config.learning_rate)
        self.train_loss = np.full(config.steps, np.nan, dtype=np.float32)
        self.train_metric = np.full(config.steps, np.nan, dtype=np.float32)
        self.test_steps: list[int] = []
        self.test_metric: list[float] = []
        self.steps = 0
        self.seconds = 0.0
        self.status, self.reason = "training", ""
        self.solved_at_step: int | None = None
        self.recent_losses: list[float] = []
        self.gradient: np.ndarray | None = None
        self.gradient_step = -1
        self.trace: Any = None
        self.trace_step = -1

    @property
    def active(self) -> bool:
        return self.status == "training"

    def train_step(self, x: Tensor, y: Tensor) -> None:
        """One optimiser step on ``(x, y)``; a non-finite or exploding loss ends this cell's run."""
        started = time.perf_counter()
        outputs = self.task.forward(self.model, x)
        loss = self.task.loss(outputs, y)
        value = loss.item()
        problem = self._divergence(value)
        if problem:
            self.status, self.reason = "diverged", f"{problem} at step {self.steps + 1}"
            return
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if self.config.grad_clip:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.grad_clip)
        self.optimizer.step()
        with torch.no_grad():
            score, count = self.task.batch_score(outputs.detach(), y)
        self.train_loss[self.steps] = value
        self.train_metric[self.steps] = self.task.score(score, count, value * len(y))
        self.steps += 1
        self.seconds += time.perf_counter() - started

    def _divergence(self, value: float) -> str:
        if not math.isfinite(value):
            return f"the loss became {value}"
        self.recent_losses = (self.recent_losses + [value])[-10:]
        if sum(self.recent_losses) / len(self.recent_losses) > self.task.loss_limit:
            return f"the loss exploded to {value:.3g}"
        return ""

    def evaluate(self, should_stop: ShouldStop | None = None) -> None:
        """Score the held-out set after the steps trained so far; note the first step it counts as solved."""
        if self.test_steps and self.test_steps[-1] == self.steps:
            return
        batch = max(1, min(self.config.test_size, EVAL_BATCH_ELEMENTS // max(1, self._step_width())))
        try:
            evaluation = self.task.evaluate(self.model, batch, should_stop=should_stop)
        except EvaluationInterrupted:
            return
        finally:
            self.model.train()
        self.test_steps.append(self.steps)
        self.test_metric.append(float(evaluation.metric))
        if self.solved_at_step is None and self.info.is_solved(evaluation.metric):
            self.solved_at_step = self.steps

    def _step_width(self) -> int:
        task, config = self.task, self.config
        return getattr(task, "num_steps", 1) * max(task.input_size, config.hidden_size, task.output_size)

    def probe(self, probe_x: Tensor, probe_y: Tensor) -> None:
        """``‖∂L/∂h_t‖`` and the gates on the probe batch, with the weights as they are now."""
        def loss_of(outputs: Tensor) -> Tensor:
            return self.task.loss(outputs, probe_y)

        norms, _, _ = hidden_gradient_norms(self.model, probe_x, loss_of)
        self.gradient, self.gradient_step = frozen(norms), self.steps
        self.trace, self.trace_step = self.model.trace(probe_x, notify=False), self.steps

    def finish(self, status: str) -> None:
        if self.status == "training":
            self.status = status

    def progress(self) -> CellProgress:
        """An immutable record of this cell now."""
        return CellProgress(
            self.spec, self.status, self.steps, frozen(self.train_loss[:self.steps]),
            frozen(self.train_metric[:self.steps]), frozen(self.test_steps, np.int64),
            frozen(self.test_metric), self.solved_at_step, self.seconds, self.reason,
            self.gradient, self.gradient_step, self.trace, self.trace_step)
