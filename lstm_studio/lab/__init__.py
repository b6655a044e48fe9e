"""The "Why LSTM" lab: cells compared side by side on long-term dependency tasks. No Qt here.

:class:`LabRunner` trains several cells on the very same batches, reporting immutable
:class:`LabSnapshot` values (each cell's scores, the gradient reaching every timestep, its
gates on a probe sequence); :func:`judge` turns a cell's record into a verdict in plain words;
:class:`Sweep` repeats a comparison over lengths, with results kept in a :class:`LabCache`.

The names load on first use: the settings, verdicts and cache are plain Python, so the app's
Lab tab can use them before PyTorch has loaded; the runner and the sweep import torch.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "._cache": ("CACHE_FORMAT", "ENV_CACHE", "LabCache", "LabCacheError", "cell_entry", "default_cache_path",
                "key_matches", "result_key"),
    "._cells": ("CELL_LABELS", "DEFAULT_CELLS", "CellSpec", "LabError", "parse_cells", "parse_forget_biases"),
    "._config": ("DEFAULT_LENGTHS", "MNIST_LENGTHS", "TASK_LABELS", "TASKS", "LabConfig", "check_length",
                 "config_from_dict", "make_task", "solved_threshold", "task_metric"),
    "._runner": ("BatchStream", "LabRunner", "task_info"),
    "._snapshots": ("CellProgress", "LabSnapshot", "TaskInfo"),
    "._sweep": ("EXPORT_COLUMNS", "Sweep", "SweepPoint", "export_points", "parse_lengths", "sweep_points"),
    "._phrase": ("Phrase",),
    "._verdict": ("TEMPLATES", "Verdict", "gradient_reach", "judge", "superscript_power"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from ._cache import (CACHE_FORMAT, ENV_CACHE, LabCache, LabCacheError, cell_entry, default_cache_path,
                         key_matches, result_key)
    from ._cells import CELL_LABELS, DEFAULT_CELLS, CellSpec, LabError, parse_cells, parse_forget_biases
    from ._config import (DEFAULT_LENGTHS, MNIST_LENGTHS, TASK_LABELS, TASKS, LabConfig, check_length,
                          config_from_dict, make_task, solved_threshold, task_metric)
    from ._runner import BatchStream, LabRunner, task_info
    from ._snapshots import CellProgress, LabSnapshot, TaskInfo
    from ._sweep import EXPORT_COLUMNS, Sweep, SweepPoint, export_points, parse_lengths, sweep_points
    from ._phrase import Phrase
    from ._verdict import TEMPLATES, Verdict, gradient_reach, judge, superscript_power
