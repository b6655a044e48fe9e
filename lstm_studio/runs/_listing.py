"""The runs in a folder at a glance: name, state, last step and last metrics (``lstm-studio runs DIR``)."""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._format import METRICS_FILE, RUN_FILE, STATUS_FILE, read_json_file
from ._status import HeartbeatWatch, RunStatus, run_status

#: How much of the end of ``metrics.jsonl`` a listing reads for the last values.
TAIL_BYTES = 256 << 10


@dataclass(frozen=True)
class RunSummary:
    """One run as a listing shows it."""

    name: str
    path: str
    status: RunStatus
    config: dict[str, Any] | None
    last: dict[str, Any]          # the newest metric line with a loss (or any line)
    last_test: dict[str, Any]     # the newest line with a test_* value

    @property
    def metric_name(self) -> str:
        """The task's metric (``accuracy``...), from ``run.json``; ``metric`` when unknown."""
        metric = (self.config or {}).get("metric")
        if isinstance(metric, dict) and isinstance(metric.get("name"), str):
            return metric["name"]
        return "metric"

    def as_dict(self) -> dict[str, Any]:
        """The JSON line ``lstm-studio runs --json`` prints for this run."""
        config = self.config or {}
        metric = self.metric_name
        return {"run": self.name, "path": self.path, "state": self.status.state, "status": self.status.status,
                "reason": self.status.reason, "step": max(self.status.step, int(self.last.get("step", 0) or 0)),
                "loss": self.last.get("loss"), "metric": metric, metric: self.last.get(metric),
                f"test_{metric}": self.last_test.get(f"test_{metric}"), "world_size": config.get("world_size"),
                "host": self.status.host or config.get("host"), "started": config.get("started"),
                "updated": self.status.updated or None}


def is_run_folder(folder: Path) -> bool:
    return (folder / RUN_FILE).is_file() or (folder / STATUS_FILE).is_file()


def summarize_run(folder: str | os.PathLike[str], now: float | None = None) -> RunSummary:
    """Read one run folder once (its heartbeat's age comes from the clock: no earlier poll to compare)."""
    folder = Path(folder)
    config = read_json_file(folder / RUN_FILE)
    status_json = read_json_file(folder / STATUS_FILE)
    wall = time.time() if now is None else now
    silent = HeartbeatWatch().silent_s(status_json, 0.0, wall)
    last, last_test = _tail_metrics(folder / METRICS_FILE)
    return RunSummary(folder.name, str(folder), run_status(status_json, config is not None, silent), config,
                      last, last_test)


def list_runs(folder: str | os.PathLike[str], now: float | None = None) -> list[RunSummary]:
    """The runs in ``folder`` (its sub-folders that are runs, or ``folder`` itself), oldest start first.

    Raises ``NotADirectoryError`` / ``FileNotFoundError`` for a path that is not a folder.
    """
    folder = Path(folder)
    if not folder.exists():
        raise FileNotFoundError(2, "no such folder", str(folder))
    if not folder.is_dir():
        raise NotADirectoryError(20, "not a folder", str(folder))
    if is_run_folder(folder):
        return [summarize_run(folder, now)]
    runs = [summarize_run(child, now) for child in sorted(folder.iterdir())
            if child.is_dir() and not child.name.startswith(".") and is_run_folder(child)]
    return sorted(runs, key=lambda run: (str((run.config or {}).get("started") or ""), run.name))


def _tail_metrics(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The newest line with a loss, and the newest with a ``test_*`` value, from the file's last bytes."""
    try:
        with open(path, "rb") as stream:
            size = stream.seek(0, os.SEEK_END)
            start = max(0, size - TAIL_BYTES)
            stream.seek(start)
            data = stream.read(TAIL_BYTES)
    except OSError:
        return {}, {}
    lines = data.split(b"\n")
    complete = lines[1:-1] if start > 0 else lines[:-1]   # a partial first line, an unterminated last
    last: dict[str, Any] = {}
    last_test: dict[str, Any] = {}
    for raw in reversed(complete):
        try:
            value = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            continue
        if not isinstance(value, dict):
            continue
        if not last and ("loss" in value or not any(k.startswith("test_") for k in value)):
            last = value
        if not last_test and any(k.startswith("test_") for k in value):
            last_test = value
        if last and last_test:
            break
    return last, last_test
