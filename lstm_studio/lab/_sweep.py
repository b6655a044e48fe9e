"""A sweep: the same comparison at several lengths, each cell's final score against the length.

Lengths run one after another; a cell whose result is already in the cache is not trained
again. The points come from the cache, so the plot shows every length ever finished with
these settings, filled in as runs finish.
"""
from __future__ import annotations

import csv
import io
import json
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ._cache import LabCache, LabCacheError
from ._cells import CellSpec, LabError
from ._config import LabConfig, check_length
from ._runner import LabRunner, OnSnapshot
from ._snapshots import LabSnapshot

EXPORT_COLUMNS = ("task", "length", "cell", "forget_bias", "label", "metric", "final", "baseline", "solved_threshold",
                  "solved_at_step", "status", "seed", "steps")


@dataclass(frozen=True)
class SweepPoint:
    """One cell's final held-out score at one length."""

    task: str
    length: int
    cell: str            # the spec's key: "lstm", "lstm-fb1"
    forget_bias: float | None
    label: str
    metric: str
    final: float | None
    baseline: float
    solved_at_step: int | None
    status: str
    seed: int
    steps: int
    solved_threshold: float | None = None

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> SweepPoint:
        final = entry.get("final")
        return cls(str(entry["task"]), int(entry["length"]), str(entry.get("key", entry["cell"])),
                   entry.get("forget_bias"), str(entry.get("label", entry["cell"])), str(entry["metric"]),
                   None if final is None else float(final), float(entry["baseline"]), entry.get("solved_at_step"),
                   str(entry.get("status", "")), int(entry.get("seed", 0)), int(entry.get("steps", 0)),
                   None if entry.get("solved_threshold") is None else float(entry["solved_threshold"]))


def parse_lengths(text: str, task: str) -> tuple[int, ...]:
    """``"50,100,200"`` -> ``(50, 100, 200)``, each checked for ``task``; sorted, without repeats."""
    lengths = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            lengths.add(check_length(task, int(part)))
        except ValueError as error:
            raise LabError(f"length {part!r}: {error}") from None
    if not lengths:
        raise LabError("no lengths given (e.g. 50,100,200)")
    return tuple(sorted(lengths))


def sweep_points(entries: Iterable[dict[str, Any]], cells: Iterable[CellSpec] | None = None) -> list[SweepPoint]:
    """Cache entries as points, sorted by cell then length (only ``cells`` if given)."""
    keys = None if cells is None else {spec.key for spec in cells}
    points = []
    for entry in entries:
        try:
            point = SweepPoint.from_entry(entry)
        except (KeyError, TypeError, ValueError):
            continue  # an entry from another version: skip it rather than fail the plot
        if keys is None or point.cell in keys:
            points.append(point)
    return sorted(points, key=lambda p: (p.cell, p.length))


class Sweep:
    """Runs ``config`` at each of ``lengths``; stoppable between steps. Cells already in ``cache`` are
    skipped unless ``use_cached`` is false (every cell then trains, and its result replaces the stored one)."""

    def __init__(self, config: LabConfig, lengths: Iterable[int], cache: LabCache | None = None,
                 digits: Any = None, use_cached: bool = True) -> None:
        self.config, self.lengths, self.cache, self.digits = config, tuple(lengths), cache, digits
        self.use_cached = use_cached
        self.data = getattr(digits, "source", "generated") if config.task == "seq_mnist" else "generated"
        self.cache_problem = ""
        self._lock = threading.Lock()
        self._runner: LabRunner | None = None
        self._stopped = False

    def plan(self) -> list[LabConfig]:
        """One config per length with only the cells not yet in the cache."""
        plans = []
        for length in self.lengths:
            config = self.config.with_length(length)
            missing = tuple(spec for spec in config.cells if not self._cached(config, spec))
            if missing:
                plans.append(replace(config, cells=missing))
        return plans

    def _cached(self, config: LabConfig, spec: CellSpec) -> bool:
        if self.cache is None or self.cache_problem or not self.use_cached:
            return False
        try:
            return self.cache.get(config, spec, self.data, _device_type(config)) is not None
        except LabCacheError as error:
            self.cache_problem = str(error)
            return False

    def stop(self, reason: str = "stopped by the user", final_evaluation: bool = True) -> None:
        with self._lock:
            self._stopped = True
            if self._runner is not None:
                self._runner.stop(reason, final_evaluation)

    def pause(self, paused: bool) -> None:
        with self._lock:
            if self._runner is not None:
                self._runner.pause() if paused else self._runner.resume()

    def run(self, on_snapshot: OnSnapshot | None = None,
            on_result: Callable[[LabSnapshot], None] | None = None) -> list[LabSnapshot]:
        """Run every planned length; ``on_result`` gets each length's last snapshot once it is cached."""
        results = []
        for config in self.plan():
            with self._lock:
                if self._stopped:
                    break
                self._runner = LabRunner(config, digits=self.digits)
            result = self._runner.run(on_snapshot)
            self.store(result)
            results.append(result)
            if on_result is not None:
                on_result(result)
            if result.status != "finished":
                break
        with self._lock:
            self._runner = None
        return results

    def store(self, result: LabSnapshot) -> None:
        if self.cache is None or self.cache_problem:
            return
        try:
            self.cache.store(result, _device_type(result.config))
        except (LabCacheError, OSError) as error:
            self.cache_problem = str(error)


def _device_type(config: LabConfig) -> str:
    from ..training import resolve_device

    return resolve_device(config.device).type


def export_points(points: Iterable[SweepPoint], path: str | Path) -> Path:
    """Write the points to ``path``: ``.csv`` (one row per point) or ``.json`` (a list of objects)."""
    from ..io import atomic_write

    path = Path(path)
    rows = [{name: getattr(point, name) for name in EXPORT_COLUMNS} for point in points]
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps([{k: _json_safe(v) for k, v in row.items()} for row in rows], indent=1) + "\n"
    elif suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
        text = buffer.getvalue()
    else:
        raise LabError(f"{path}: export as .csv or .json")
    with atomic_write(path, "w", encoding="utf-8") as stream:
        stream.write(text)
    return path


def _json_safe(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value
