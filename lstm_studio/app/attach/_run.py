"""What the Attach window knows about a watched script: plain Python over the Train tab's history.

Every module gets its own :class:`~lstm_studio.app.train._history.TrainingHistory` (the same class
the Train tab draws from), fed with :class:`WatchPoint` values that look like the trainer's
snapshots: the script's step stands for samples seen, its ``loss`` and ``accuracy`` scalars for the
running loss and metric, and each trace of that module for the probe trace (its gate saturation).
Other scalars are kept as growing series of their own.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from ..train._history import GrowingBuffer, TrainingHistory

translate = QCoreApplication.translate

#: Scalars shown in the Train panels' accuracy plot (a share 0..1), in order of preference.
ACCURACY_NAMES = ("accuracy", "acc", "train_accuracy", "train_acc")
#: A script silent for this long is shown as stopped.
SILENCE_S = 10.0


@dataclass(frozen=True)
class WatchPoint:
    """The fields of a training snapshot that :class:`TrainingHistory` reads."""

    samples_seen: float
    loss: float
    metric: float
    trace: Any = None
    trace_step: int | None = None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) else math.nan


class WatchedRun:
    """Histories, latest traces and the script's hello, updated from listener batches."""

    def __init__(self) -> None:
        self.scalars: list[tuple[int, dict[str, float | None]]] = []
        self.histories: dict[str, TrainingHistory] = {}
        self.traces: dict[str, tuple[int, Any, dict]] = {}
        self.extra: dict[str, GrowingBuffer] = {}
        self.extra_version = 0
        self.labels: list | None = None
        self.hello: dict[str, Any] = {}
        self.ended: dict[str, Any] | None = None
        self.last_message: float | None = None
        self.last_step: int | None = None
        self.trace_version = 0

    # --- modules ---------------------------------------------------------------------------
    @property
    def modules(self) -> list[dict[str, Any]]:
        """The script's recurrent modules as its hello describes them."""
        modules = self.hello.get("modules")
        return [m for m in modules if isinstance(m, dict) and isinstance(m.get("name"), str)] \
            if isinstance(modules, list) else []

    def history(self, module: str) -> TrainingHistory:
        """The history of ``module`` (made on first use, with every scalar so far)."""
        if module not in self.histories:
            history = TrainingHistory()
            for step, values in self.scalars:
                history.add_snapshot(self._point(step, values))
            self.histories[module] = history
        return self.histories[module]

    # --- updates -----------------------------------------------------------------------------
    def add(self, batch: Any, now: float | None = None) -> None:
        """Fold a listener batch in (hello first: it names the modules the other messages belong to)."""
        self.last_message = time.monotonic() if now is None else now
        if batch.hello:
            self.hello = batch.hello
            if batch.hello.get("run") != (self.ended or {}).get("run"):
                self.ended = None  # a script started again on the same port
        for step, values in batch.scalars:
            self._add_scalars(step, values)
        for module, (step, trace, header) in batch.traces.items():
            self.traces[module] = (step, trace, header)
            if {"forget_gate", "input_gate", "output_gate"} <= set(f.attr for f in trace.fields):
                self.history(module).add_snapshot(WatchPoint(step, math.nan, math.nan, trace, step))
            self.trace_version += 1
        self.labels = batch.labels if batch.labels is not None else self.labels
        if batch.bye:
            self.ended = batch.bye

    def _add_scalars(self, step: int, values: dict[str, float | None]) -> None:
        self.scalars.append((step, values))
        self.last_step = step
        point = self._point(step, values)
        for history in self.histories.values():
            history.add_snapshot(point)
        for name, value in values.items():
            if name != "loss" and name not in ACCURACY_NAMES:
                self.extra.setdefault(name, GrowingBuffer(2)).append((step, _number(value)))
                self.extra_version += 1

    @staticmethod
    def _point(step: int, values: dict[str, float | None]) -> WatchPoint:
        accuracy = next((values[name] for name in ACCURACY_NAMES if name in values), None)
        return WatchPoint(step, _number(values.get("loss")), _number(accuracy))

    # --- what the window says ------------------------------------------------------------------
    def silence(self, now: float | None = None) -> float:
        """Seconds since the last message (``inf`` before the first)."""
        if self.last_message is None:
            return math.inf
        return (time.monotonic() if now is None else now) - self.last_message

    def status(self, now: float | None = None) -> str:
        """One line: which script, how far it got, and whether it is still talking (in the app's language)."""
        if not self.hello and self.last_message is None:
            return translate("WatchedRun", "Waiting for the script… (it publishes once it calls ls.watch; nothing has "
                                           "arrived yet)")
        name = self.hello.get("script") or translate("WatchedRun", "script")
        script = f"<b>{name}</b> " + translate("WatchedRun", "(pid {pid} on {host})").format(
            pid=self.hello.get("pid", "?"), host=self.hello.get("hostname", "?"))
        step = self.last_step if self.last_step is not None else self.hello.get("step")
        where = (translate("WatchedRun", "step {step}").format(step=f"{step:,}") if isinstance(step, int)
                 else translate("WatchedRun", "no step logged yet"))
        if self.ended is not None:
            return f"{script} · " + translate("WatchedRun", "the script ended at {where}").format(where=where)
        silent = self.silence(now)
        if silent >= SILENCE_S:
            return f"{script} · {where} · " + translate("WatchedRun", "<b>no message for {seconds} s</b>: the script "
                                                                      "has stopped or hangs").format(
                seconds=f"{silent:.0f}")
        return f"{script} · {where} · " + translate("WatchedRun", "live")
