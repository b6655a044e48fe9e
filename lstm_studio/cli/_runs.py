"""``lstm-studio runs DIR``: the runs in a folder, their state and their last metrics, as a table or JSON lines."""
from __future__ import annotations

import argparse
import datetime as _dt
import math
import time
from typing import Any

from ._common import CliError, emit_json, note

COLUMNS = ("RUN", "STATE", "STEP", "LOSS", "METRIC", "TEST", "PROCS", "HOST", "UPDATED")
REASON_WIDTH = 48


def run_runs(args: argparse.Namespace) -> int:
    from ..runs import list_runs

    try:
        runs = list_runs(args.folder)
    except (FileNotFoundError, NotADirectoryError) as error:
        raise CliError(f"{args.folder}: {error.strerror}") from None
    except PermissionError:
        raise CliError(f"{args.folder}: permission denied") from None
    if args.json:
        for run in runs:
            emit_json(run.as_dict())
        return 0
    if not runs:
        note(f"no runs in {args.folder} (a run folder holds run.json and status.json; see train --run-dir)")
        return 0
    now = time.time()
    rows = [_row(run, now) for run in runs]
    print(_table([COLUMNS, *rows]))
    return 0


def _row(run: Any, now: float) -> tuple[str, ...]:
    data = run.as_dict()
    metric = run.metric_name
    percent = bool(((run.config or {}).get("metric") or {}).get("percent"))
    state = run.status.describe() if run.status.state in ("not responding", "waiting") else run.status.state
    if run.status.is_final and run.status.reason and run.status.state != "finished":
        reason = run.status.reason
        state += ": " + (reason if len(reason) <= REASON_WIDTH else reason[:REASON_WIDTH - 1] + "…")
    return (run.name, state, f"{data['step']:,}", _number(data["loss"]),
            _metric(metric, data.get(metric), percent), _metric(metric, data.get(f"test_{metric}"), percent),
            str(data["world_size"] or "–"), str(data["host"] or "–"), _age(run.status.updated, now))


def _number(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, (int, float)) and math.isfinite(value) else "–"


def _metric(name: str, value: Any, percent: bool) -> str:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return "–"
    return f"{name} {value:.2%}" if percent else f"{name} {value:.4g}"


def _age(updated: str, now: float) -> str:
    """``12 s ago``, ``5 min ago``, ``3 h ago``, or the date for older ones."""
    try:
        moment = _dt.datetime.fromisoformat(updated)
    except (TypeError, ValueError):
        return "–"
    seconds = max(0.0, now - moment.timestamp())
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 86400:
        return f"{seconds / 3600:.0f} h ago"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
