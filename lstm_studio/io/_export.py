"""Writing traces to ``.npz`` and ``.csv`` (shared by the CLI and the app), whatever the cell traced."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from ..cells import Trace
from ._atomic import atomic_write


def trace_arrays(trace: Trace, index: int = 0) -> dict[str, np.ndarray]:
    """One sample's arrays: ``x`` [T, input], the cell's own fields (``i f g o c h``, ``r z n h`` or ``h``)
    each [layers, T, H], and ``probs_per_step`` [T, classes] (``outputs_per_step`` for a regression)."""
    arrays: dict[str, np.ndarray] = {}
    if trace.tokens is not None:
        arrays["tokens"] = trace.tokens[index]
    if trace.inputs is not None:
        arrays["x"] = trace.inputs[index]
    arrays |= {name: trace[name][:, index] for name in trace.names}
    if trace.outputs is not None:
        key = "probs_per_step" if trace.output_kind == "probs" else "outputs_per_step"
        arrays[key] = trace.outputs[index]
    return arrays


def save_trace_npz(path: str | os.PathLike[str], trace: Trace, index: int = 0,
                   extra: dict[str, np.ndarray] | None = None) -> Path:
    """Write one sample's arrays (plus ``extra`` ones) to an ``.npz``, atomically."""
    with atomic_write(path) as stream:
        np.savez_compressed(stream, **(trace_arrays(trace, index) | dict(extra or {})))
    return Path(path)


def save_trace_csv(path: str | os.PathLike[str], trace: Trace, index: int = 0) -> Path:
    """Write a long table: ``layer, t, unit`` then one column per field (t from 1), one row per unit and step."""
    arrays = trace_arrays(trace, index)
    names = list(trace.names)
    layers, steps, _ = arrays["h"].shape
    with atomic_write(path, "w") as stream:
        writer = csv.writer(stream)
        writer.writerow(["layer", "t", "unit", *names])
        for layer in range(layers):
            for t in range(steps):
                block = np.stack([arrays[k][layer, t] for k in names], axis=1)
                writer.writerows([layer, t + 1, unit, *(f"{v:.7g}" for v in row)] for unit, row in enumerate(block))
    return Path(path)


def load_trace_csv(path: str | os.PathLike[str]) -> dict[str, np.ndarray]:
    """Read a table written by :func:`save_trace_csv` back into ``[layers, T, H]`` arrays."""
    table = np.genfromtxt(path, delimiter=",", names=True)
    layers, steps, units = (int(table[k].max()) + 1 for k in ("layer", "t", "unit"))
    steps -= 1
    out = {}
    for name in table.dtype.names[3:]:
        grid = np.zeros((layers, steps, units), dtype=np.float32)
        grid[table["layer"].astype(int), table["t"].astype(int) - 1, table["unit"].astype(int)] = table[name]
        out[name] = grid
    return out
