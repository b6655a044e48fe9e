"""Writing a run folder while training goes on: whole files only, at a bounded rate, off the training thread.

The caller (the trainer's callbacks, or a user's own loop) only hands over values: metric lines
are buffered, and the newest trace and weights wait in one slot each. A background thread
appends the metric lines, writes the files (each under a temporary name, then renamed into
place), thins old snapshots and rewrites ``status.json`` as a heartbeat. A slow disk or a
network folder therefore never slows training down, and when it cannot keep up, older
snapshots are skipped rather than queued.
"""
from __future__ import annotations

import datetime as _dt
import math
import numbers
import os
import socket
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .. import __version__
from ..io import atomic_write
from ._format import (FINAL_STATUSES, FORMAT, METRICS_FILE, RUN_FILE, RUNNING, STATUS_FILE, STATUSES, TRACE_SUFFIX,
                      TRACES, WEIGHTS, WEIGHTS_SUFFIX, dumps, step_file_name, step_files)
from ._thinning import steps_to_delete
from ._traces import write_trace_file


class _Batch(NamedTuple):
    lines: list[str]
    trace: tuple | None
    weights: tuple | None
    config: dict[str, Any] | None
    status: dict[str, Any] | None
    closing: bool


class RunFolderError(ValueError):
    """A run folder that cannot be written; ``str()`` is one line naming the folder and the problem."""

    def __init__(self, folder: Path | str, problem: str) -> None:
        super().__init__(f"{folder}: {problem}")


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _scalar(name: str, value: Any) -> Any:
    """A metric value as JSON holds it: a number (non-finite ones become null), a bool, a string or None."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    if hasattr(value, "item") and getattr(value, "size", 2) == 1:  # a NumPy or torch scalar
        return _scalar(name, value.item())
    raise TypeError(f"metric {name!r} must be a number, a bool or a string, not {type(value).__name__}")


class RunWriter:
    """Writes the run folder ``folder`` (``docs/run-format.md``).

    Parameters
    ----------
    folder
        Created if missing. A folder that already holds a run (``run.json`` or ``status.json``)
        is refused with :class:`RunFolderError`: a run is never overwritten.
    trace_interval_s, weights_interval_s
        At most one trace / one weights file per interval (``force=True`` overrides).
    keep_traces, keep_weights
        The newest traces kept (plus a logarithmic spread of older ones), and weights kept.
    heartbeat_s
        How often ``status.json`` is rewritten while the writer is open; readers call a run
        that stays silent for several intervals "not responding".
    flush_s
        Metric lines are appended at most this long after they were logged.
    """

    def __init__(self, folder: str | os.PathLike[str], *, trace_interval_s: float = 2.0,
                 weights_interval_s: float = 30.0, keep_traces: int = 20, keep_weights: int = 3,
                 heartbeat_s: float = 10.0, flush_s: float = 0.5) -> None:
        self.folder = Path(folder)
        self.trace_interval_s, self.weights_interval_s = trace_interval_s, weights_interval_s
        self.keep_traces, self.keep_weights = keep_traces, keep_weights
        self.heartbeat_s, self.flush_s = heartbeat_s, flush_s
        self._prepare_folder()
        self.error: str | None = None          # the first background write failure, one line
        self._wake = threading.Condition()
        self._lines: list[str] = []
        self._trace_job: tuple | None = None
        self._weights_job: tuple | None = None
        self._status = {"status": RUNNING, "step": 0, "reason": "", "pid": os.getpid(),
                        "host": socket.gethostname(), "heartbeat_s": heartbeat_s, "beat": 0}
        self._status_due = True
        self._config: dict[str, Any] | None = None
        self._config_due = False
        self._closing = False
        self._last_trace_at = self._last_weights_at = -math.inf
        self._thread = threading.Thread(target=self._run, name="lstm-studio-run-writer", daemon=True)
        self._thread.start()

    def _prepare_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise RunFolderError(self.folder, "is a file, not a folder")
        for name in (RUN_FILE, STATUS_FILE):
            if (self.folder / name).exists():
                raise RunFolderError(self.folder, f"already holds a run ({name}); choose a new folder")
        try:
            for sub in (TRACES, WEIGHTS):
                (self.folder / sub).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RunFolderError(self.folder, f"cannot create the run folder ({error.strerror or error})") from None

    # --- what the caller hands over --------------------------------------------------
    def write_config(self, *, task: Mapping[str, Any] | None = None, model: Any = None,
                     training: Mapping[str, Any] | None = None, world_size: int = 1, **extra: Any) -> None:
        """Write ``run.json`` now: what runs, where and since when (``extra`` keys are kept as given).

        ``model`` is a ``ModelConfig`` (or its dict). Raises :class:`RunFolderError` if it cannot be written.
        """
        if model is not None and hasattr(model, "to_dict"):
            model = model.to_dict()
        config = {"format": FORMAT, "status": RUNNING, "task": dict(task or {}), "model": dict(model or {}),
                  "training": dict(training or {}), "world_size": int(world_size),
                  "host": self._status["host"], "pid": os.getpid(), "started": now_iso(),
                  "software": _software()} | extra
        with self._wake:
            self._config = config
        try:
            self._write_json(RUN_FILE, config)
        except OSError as error:
            raise RunFolderError(self.folder / RUN_FILE, f"cannot write ({error.strerror or error})") from None

    def log_metrics(self, step: int, **scalars: Any) -> None:
        """Append one line ``{"step": step, "time": <unix seconds>, **scalars}`` to ``metrics.jsonl``."""
        if isinstance(step, bool) or not isinstance(step, numbers.Integral) or step < 0:
            raise ValueError(f"step must be a whole number >= 0, got {step!r}")
        values = {name: _scalar(name, value) for name, value in scalars.items()}
        line = dumps({"step": int(step), "time": round(time.time(), 3), **values}) + "\n"
        with self._wake:
            self._lines.append(line)
            self._status["step"] = max(self._status["step"], int(step))

    def write_trace(self, step: int, trace: Any, probe_labels: Any = None, force: bool = False) -> bool:
        """Queue ``traces/step-<step>.npz``; False (nothing queued) within ``trace_interval_s`` of the last."""
        return self._offer("trace", (int(step), trace, probe_labels), force)

    def write_weights(self, step: int, model: Any, weights: Mapping[str, Any] | None = None,
                      force: bool = False) -> bool:
        """Queue ``weights/step-<step>.pt`` (an LSTM Studio checkpoint of ``model``'s config).

        ``weights``: read-only copies to write (default: a copy of ``model``'s, taken now). False
        (nothing queued) within ``weights_interval_s`` of the last.
        """
        if not force and time.monotonic() - self._last_weights_at < self.weights_interval_s:
            return False
        copies = weights if weights is not None else model.weights_copy()
        return self._offer("weights", (int(step), model.config, copies), force)

    def _offer(self, kind: str, job: tuple, force: bool) -> bool:
        interval, last = ((self.trace_interval_s, self._last_trace_at) if kind == "trace"
                          else (self.weights_interval_s, self._last_weights_at))
        now = time.monotonic()
        if not force and now - last < interval:
            return False
        with self._wake:
            if kind == "trace":
                self._trace_job, self._last_trace_at = job, now   # replaces one not yet written
            else:
                self._weights_job, self._last_weights_at = job, now
            self._wake.notify()
        return True

    def set_status(self, status: str, step: int | None = None, reason: str = "") -> None:
        """Say what the run is doing (``running``, or how it ended); written at once by the background thread."""
        if status not in STATUSES:
            raise ValueError(f"unknown run status {status!r} (use {', '.join(STATUSES)})")
        with self._wake:
            self._status.update(status=status, reason=str(reason)[:500])
            if step is not None:
                self._status["step"] = int(step)
            self._status_due = True
            self._config_due = status in FINAL_STATUSES and self._config is not None
            self._wake.notify()

    def close(self, status: str = "finished", reason: str = "", step: int | None = None,
              timeout_s: float = 60.0) -> None:
        """Write everything still waiting, then the final status; stop the background thread."""
        if self._closing:
            return
        self.set_status(status, step, reason)
        with self._wake:
            self._closing = True
            self._wake.notify()
        self._thread.join(timeout_s)

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        if error is None:
            self.close("finished")
        else:
            first = (str(error).strip().splitlines() or [""])[0]
            self.close("stopped" if isinstance(error, KeyboardInterrupt) else "crashed",
                       f"{type(error).__name__}: {first}".rstrip(": "))

    # --- the background thread ------------------------------------------------------------
    def _run(self) -> None:
        last_beat = -math.inf
        while True:
            batch = self._take(beat_due=time.monotonic() - last_beat >= self.heartbeat_s)
            if batch.status is not None:
                last_beat = time.monotonic()
            self._write(batch)
            if batch.closing and not self._has_pending():
                return

    def _take(self, beat_due: bool) -> _Batch:
        """Everything waiting, taken under the lock (the writing happens outside it)."""
        with self._wake:
            self._wake.wait_for(lambda: self._closing or self._trace_job is not None
                                or self._weights_job is not None or self._status_due, timeout=self.flush_s)
            lines, self._lines = self._lines, []
            trace, self._trace_job = self._trace_job, None
            weights, self._weights_job = self._weights_job, None
            status = config = None
            if beat_due or self._status_due:
                self._status["beat"] += 1
                status = dict(self._status)
                self._status_due = False
                if self._config_due:
                    config, self._config_due = dict(self._config, status=status["status"], ended=now_iso()), False
            return _Batch(lines, trace, weights, config, status, self._closing)

    def _write(self, batch: _Batch) -> None:
        """Metric lines first, then the snapshots, then the status: a reader that sees a final
        status finds everything it announces already in place."""
        if batch.lines:
            self._guarded(self._append_lines, batch.lines)
        if batch.weights is not None:
            self._guarded(self._write_weights_file, batch.weights)
        if batch.trace is not None:
            self._guarded(self._write_trace_file, batch.trace)
        if batch.config is not None:
            self._guarded(self._write_json, RUN_FILE, batch.config)
        if batch.status is not None:
            stamped = batch.status | {"updated": now_iso(), "updated_unix": round(time.time(), 3)}
            self._guarded(self._write_json, STATUS_FILE, stamped)

    def _has_pending(self) -> bool:
        with self._wake:
            return bool(self._lines) or self._trace_job is not None or self._weights_job is not None \
                or self._status_due

    def _guarded(self, write: Any, *args: Any) -> None:
        """Run one write; a failure is remembered (the first, as one line), never raised: training goes on."""
        try:
            write(*args)
        except Exception as error:  # noqa: BLE001 - a full disk must not stop the training
            if self.error is None:
                detail = getattr(error, "strerror", None) or (str(error).splitlines() or [""])[0]
                self.error = f"cannot write to {self.folder} ({type(error).__name__}: {detail})"

    def _append_lines(self, lines: list[str]) -> None:
        # Whole lines in one write, opened and closed each time: on NFS, close-to-open
        # consistency is what makes the lines visible to a reader on another machine.
        with open(self.folder / METRICS_FILE, "a", encoding="utf-8") as stream:
            stream.write("".join(lines))

    def _write_json(self, name: str, value: dict[str, Any]) -> None:
        with atomic_write(self.folder / name, "w", encoding="utf-8") as stream:
            stream.write(dumps(value) + "\n")

    def _write_trace_file(self, job: tuple) -> None:
        step, trace, labels = job
        with atomic_write(self.folder / TRACES / step_file_name(step, TRACE_SUFFIX)) as stream:
            write_trace_file(stream, step, trace, labels)
        self._thin(TRACES, TRACE_SUFFIX, self.keep_traces, spread=True)

    def _write_weights_file(self, job: tuple) -> None:
        from ..io import save_checkpoint

        step, model_config, weights = job
        config = self._config or {}
        save_checkpoint(self.folder / WEIGHTS / step_file_name(step, WEIGHTS_SUFFIX), _ConfigOnly(model_config),
                        {"step": step}, task=config.get("task"), training=config.get("training"), weights=weights)
        self._thin(WEIGHTS, WEIGHTS_SUFFIX, self.keep_weights, spread=False)

    def _thin(self, sub: str, suffix: str, keep: int, spread: bool) -> None:
        files = step_files(self.folder / sub, suffix)
        for step in steps_to_delete(files, keep, spread):
            files[step].unlink(missing_ok=True)


class _ConfigOnly:
    """What ``save_checkpoint`` needs of a model when the weights are given: its config."""

    def __init__(self, config: Any) -> None:
        self.config = config


def _software() -> dict[str, str]:
    import platform

    versions = {"lstm_studio": __version__, "python": platform.python_version()}
    try:
        import torch

        versions["torch"] = torch.__version__
    except ImportError:  # pragma: no cover - torch is a dependency
        pass
    return versions
