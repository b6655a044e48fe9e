"""The run folder's layout and its small shared helpers (names, step numbers, JSON that stays JSON).

A run folder (``docs/run-format.md``)::

    run.json                         what ran: task, model, training settings, host, start, world size
    status.json                      the heartbeat: status, last step, pid, host, updated time
    metrics.jsonl                    one JSON object per line, appended
    traces/step-000001240.npz        gate traces of the probe inputs (NumPy, no pickle)
    weights/step-000001240.pt        weights (an LSTM Studio checkpoint)

Every file except ``metrics.jsonl`` is written whole under a temporary name (``.NAME.XXXX.tmp``)
and renamed into place, so a reader sees the old file or the new one, never half of one.
"""
from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

FORMAT = "lstm-studio-run/1"
RUN_FILE = "run.json"
STATUS_FILE = "status.json"
METRICS_FILE = "metrics.jsonl"
TRACES = "traces"
WEIGHTS = "weights"
TRACE_SUFFIX = ".npz"
WEIGHTS_SUFFIX = ".pt"

#: What ``status.json`` may say. ``running`` is the only one that is not final.
RUNNING = "running"
FINAL_STATUSES = ("finished", "stopped", "diverged", "crashed")
STATUSES = (RUNNING, *FINAL_STATUSES)

_STEP_FILE = re.compile(r"^step-(\d{9,})(\.[a-z]+)$")
#: ``status.json`` and ``run.json`` larger than this are not a run's (refused before parsing).
MAX_JSON_BYTES = 1 << 20


def step_file_name(step: int, suffix: str) -> str:
    """``step-000001240.npz``: zero-padded so that names sort in step order."""
    if step < 0:
        raise ValueError(f"a step is never negative, got {step}")
    return f"step-{step:09d}{suffix}"


def parse_step_file(name: str, suffix: str) -> int | None:
    """The step in ``step-000001240.npz``, or ``None`` for any other name (temporary files included)."""
    match = _STEP_FILE.match(name)
    if match is None or match.group(2) != suffix:
        return None
    return int(match.group(1))


def step_files(folder: Path, suffix: str) -> dict[int, Path]:
    """The finished step files in ``folder`` by step (none if the folder does not exist)."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    found = {}
    for name in names:
        step = parse_step_file(name, suffix)
        if step is not None:
            found[step] = folder / name
    return found


def json_safe(value: Any) -> Any:
    """``value`` with every non-finite float replaced by ``None`` (strict JSON has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """One line of strict JSON."""
    return json.dumps(json_safe(value), allow_nan=False, separators=(",", ":"))


def read_json_file(path: Path) -> dict[str, Any] | None:
    """A small JSON object file, or ``None`` when it is missing, too large, or not a JSON object.

    Never raises for a file that vanished or is being replaced: the caller tries again later.
    """
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_JSON_BYTES + 1)
    except (FileNotFoundError, IsADirectoryError, PermissionError, OSError):
        return None
    if len(data) > MAX_JSON_BYTES:
        return None
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None
