"""Finished lab results on disk, so a sweep never trains the same thing twice.

One JSON file (by default in the user's data folder) maps a key, every setting that decides
a cell's result, to what the cell scored. It is written whole through ``io.atomic_write``. A
damaged or foreign file is never overwritten: the cache says so in one line and stays off.
"""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from ._cells import CellSpec, LabError
from ._config import LabConfig
from ._snapshots import CellProgress, LabSnapshot

CACHE_FORMAT = "lstm-studio-lab/1"
ENV_CACHE = "LSTM_STUDIO_LAB_CACHE"
MAX_CACHE_BYTES = 32 * 1024 * 1024
#: Bumped when a change to the lab changes what a run scores.
RESULTS_VERSION = 1


class LabCacheError(LabError):
    """The cache file cannot be used; ``str()`` names the file and the problem."""


def default_cache_path() -> Path:
    """``$LSTM_STUDIO_LAB_CACHE`` if set, else ``lab-results.json`` in the per-user data folder."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("lstm-studio", appauthor=False)) / "lab-results.json"


def result_key(config: LabConfig, spec: CellSpec, data: str, device: str) -> dict[str, Any]:
    """Everything that decides one cell's result in a run of ``config``."""
    return {**config.training_key(), "length": config.length, "cell": spec.key, "data": data,
            "device": device, "version": RESULTS_VERSION}


def key_matches(key: Any, config: LabConfig, data: str, device: str) -> bool:
    """True if a stored ``key`` has ``config``'s training settings (at any length, for any cell)."""
    wanted = {**config.training_key(), "data": data, "device": device, "version": RESULTS_VERSION}
    return isinstance(key, dict) and all(key.get(name) == value for name, value in wanted.items())


def _key_text(key: dict[str, Any]) -> str:
    return json.dumps(key, sort_keys=True)


def cell_entry(snapshot: LabSnapshot, cell: CellProgress, device: str = "cpu") -> dict[str, Any]:
    """What the cache keeps of one finished cell."""
    metric = snapshot.task.metric
    return {**cell.to_dict(metric), "key": cell.spec.key, "task": snapshot.config.task,
            "settings": result_key(snapshot.config, cell.spec, snapshot.data_source, device), "length": snapshot.config.length,
            "seed": snapshot.config.seed, "baseline": snapshot.task.baseline,
            "solved_threshold": snapshot.task.solved_threshold,
            "test_steps": [int(s) for s in cell.test_steps], "test_metric": [float(v) for v in cell.test_metric],
            "recorded": time.strftime("%Y-%m-%dT%H:%M:%S")}


class LabCache:
    """The results file at ``path`` (default :func:`default_cache_path`). Thread-safe within a process."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()

    def load(self) -> dict[str, dict[str, Any]]:
        """Key text -> entry. An absent file is an empty cache; a damaged one raises :class:`LabCacheError`."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise LabCacheError(f"{self.path}: cannot read ({error.strerror or error})") from None
        if size > MAX_CACHE_BYTES:
            raise LabCacheError(f"{self.path}: {size:,} bytes is too large for a lab cache "
                                f"(at most {MAX_CACHE_BYTES:,}); move it away to start a new one")
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise LabCacheError(f"{self.path}: not a lab cache ({_short(error)}); move it away to start a "
                                f"new one") from None
        if not isinstance(payload, dict) or payload.get("format") != CACHE_FORMAT \
                or not isinstance(payload.get("results"), dict):
            raise LabCacheError(f"{self.path}: not a lab cache of format {CACHE_FORMAT}; move it away to start "
                                f"a new one")
        return {k: v for k, v in payload["results"].items() if isinstance(v, dict) and isinstance(k, str)}

    def get(self, config: LabConfig, spec: CellSpec, data: str, device: str) -> dict[str, Any] | None:
        return self.load().get(_key_text(result_key(config, spec, data, device)))

    def store(self, snapshot: LabSnapshot, device: str) -> int:
        """Keep every cell of a run that trained all its steps; return how many were stored.

        A stopped run is not stored: its cells did not get the steps the key says.
        """
        if snapshot.status != "finished":
            return 0
        from ..io import atomic_write

        entries = {_key_text(result_key(snapshot.config, cell.spec, snapshot.data_source, device)):
                   cell_entry(snapshot, cell, device) for cell in snapshot.cells if cell.status in ("finished", "diverged")}
        with self._lock:
            results = self.load() | entries
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(self.path, "w", encoding="utf-8") as stream:
                json.dump({"format": CACHE_FORMAT, "results": results}, stream, indent=1)
        return len(entries)

    def matching(self, config: LabConfig, data: str, device: str) -> list[dict[str, Any]]:
        """Every stored entry with ``config``'s training settings, at any length and for any cell."""
        found = []
        for text, entry in self.load().items():
            try:
                key = json.loads(text)
            except json.JSONDecodeError:
                continue
            if key_matches(key, config, data, device):
                found.append(entry)
        return found


def _short(error: BaseException) -> str:
    text = str(error).splitlines()
    return text[0][:120] if text else type(error).__name__
