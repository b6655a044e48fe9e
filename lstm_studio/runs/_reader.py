"""Following a run folder that another process (or machine) is writing: poll, read only what is new.

Everything a reader must survive is expected here: a last metric line still being written
(ignored until its newline arrives), a snapshot thinned away between listing and reading
(tried again at the next poll), a temporary file (never listed), a file that is not what it
claims (skipped, reported once), a run folder that does not exist yet (waiting).
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._format import METRICS_FILE, RUN_FILE, STATUS_FILE, TRACE_SUFFIX, TRACES, WEIGHTS, WEIGHTS_SUFFIX, \
    read_json_file, step_files
from ._status import HeartbeatWatch, RunStatus, run_status
from ._traces import RunFileError, TraceRecord, read_trace_file

#: At most this much of ``metrics.jsonl`` is read per poll (the rest at the next ones).
MAX_READ_BYTES = 8 << 20


@dataclass(frozen=True)
class WeightsRecord:
    """Weights read back from a run folder: the step and the validated checkpoint."""

    step: int
    checkpoint: Any          # lstm_studio.io.Checkpoint
    path: str = ""


@dataclass(frozen=True)
class RunUpdate:
    """What one poll found: the run's config and state, and only what is new since the last poll.

    ``restarted`` means ``metrics.jsonl`` was replaced or shortened: ``metrics`` then holds its
    lines from the start, and what was shown before should be forgotten.
    """

    config: dict[str, Any] | None
    status: RunStatus
    metrics: tuple[dict[str, Any], ...] = ()
    restarted: bool = False
    trace: TraceRecord | None = None
    weights: WeightsRecord | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)


class MetricsReader:
    """Reads the complete lines appended to a ``metrics.jsonl`` since the last call."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self._identity: tuple[int, int] | None = None
        self.bad_lines = 0

    def read_new(self) -> tuple[list[dict[str, Any]], bool]:
        """``(new lines as dicts, restarted)``; a missing file is no lines."""
        try:
            with open(self.path, "rb") as stream:
                info = os.fstat(stream.fileno())
                restarted = self._restarted(info)
                stream.seek(self.offset)
                chunk = stream.read(MAX_READ_BYTES)
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            return [], False
        end = chunk.rfind(b"\n")
        if end < 0:
            return [], restarted          # no complete line yet: the writer is mid-line
        self.offset += end + 1
        return self._parse(chunk[:end + 1]), restarted

    def _restarted(self, info: os.stat_result) -> bool:
        identity = (info.st_dev, info.st_ino)
        replaced = self._identity is not None and identity != self._identity
        self._identity = identity
        if replaced or info.st_size < self.offset:
            self.offset = 0
            return True
        return False

    def _parse(self, data: bytes) -> list[dict[str, Any]]:
        lines = []
        for raw in data.splitlines():
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                self.bad_lines += 1
                continue
            if isinstance(value, dict) and isinstance(value.get("step"), int):
                lines.append(value)
            else:
                self.bad_lines += 1
        return lines


class RunFollower:
    """Polls one run folder; each :meth:`poll` returns a :class:`RunUpdate` (never raises for the folder's files).

    ``load_weights=False`` skips reading weight files (a listing, or a view that shows no model).
    """

    def __init__(self, folder: str | os.PathLike[str], load_weights: bool = True,
                 monotonic: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:
        self.folder = Path(folder)
        self.load_weights = load_weights
        self._monotonic, self._wall = monotonic, wall
        self.metrics = MetricsReader(self.folder / METRICS_FILE)
        self.heartbeat = HeartbeatWatch()
        self._config: dict[str, Any] | None = None
        self._config_stamp: tuple[int, int] | None = None
        self._trace_step = self._weights_step = -1
        self._reported: set[str] = set()

    def poll(self) -> RunUpdate:
        problems: list[str] = []
        config = self._read_config()
        status_json = read_json_file(self.folder / STATUS_FILE)
        silent = self.heartbeat.silent_s(status_json, self._monotonic(), self._wall())
        status = run_status(status_json, config is not None, silent)
        bad_before = self.metrics.bad_lines
        lines, restarted = self.metrics.read_new()
        if restarted:
            self._trace_step = self._weights_step = -1
        if self.metrics.bad_lines > bad_before:
            problems.append(f"{self.metrics.path}: skipped {self.metrics.bad_lines - bad_before} unreadable line(s)")
        trace = self._newest_trace(problems)
        weights = self._newest_weights(problems) if self.load_weights else None
        return RunUpdate(config, status, tuple(lines), restarted, trace, weights, tuple(problems))

    def _read_config(self) -> dict[str, Any] | None:
        path = self.folder / RUN_FILE
        try:
            info = path.stat()
        except OSError:
            return self._config
        stamp = (info.st_mtime_ns, info.st_size)
        if stamp != self._config_stamp:
            value = read_json_file(path)
            if value is not None:       # else: being replaced right now; read it at the next poll
                self._config, self._config_stamp = value, stamp
        return self._config

    def _newest_trace(self, problems: list[str]) -> TraceRecord | None:
        files = step_files(self.folder / TRACES, TRACE_SUFFIX)
        newest = max(files, default=-1)
        if newest <= self._trace_step:
            return None
        try:
            record = read_trace_file(files[newest])
        except FileNotFoundError:
            return None                 # thinned away since the listing: the next poll lists again
        except RunFileError as error:
            self._trace_step = newest   # do not try this file again
            self._report(problems, str(error))
            return None
        self._trace_step = newest
        return record

    def _newest_weights(self, problems: list[str]) -> WeightsRecord | None:
        from ..io import CheckpointError, load_checkpoint

        files = step_files(self.folder / WEIGHTS, WEIGHTS_SUFFIX)
        newest = max(files, default=-1)
        if newest <= self._weights_step:
            return None
        try:
            checkpoint = load_checkpoint(files[newest])
        except CheckpointError as error:
            if files[newest].exists():
                self._weights_step = newest
                self._report(problems, str(error))
            return None
        self._weights_step = newest
        return WeightsRecord(newest, checkpoint, str(files[newest]))

    def _report(self, problems: list[str], text: str) -> None:
        if text not in self._reported:
            self._reported.add(text)
            problems.append(text)
