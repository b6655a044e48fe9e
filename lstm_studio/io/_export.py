"""Writing gate traces to ``.npz`` and ``.csv`` (shared by the CLI and the app)."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from ..cells import SHORT_NAMES, GateTrace
from ._atomic import atomic_write


def trace_arrays(trace: GateTrace, index: int = 0) -> dict[str, np.ndarray]:
    """One sample's arrays: ``x`` [T, input], ``i f g o c h`` [layers, T, H], ``probs_per_step`` [T, classes]."""
    arrays = {short: getattr(trace, name)[:, index] for short, name in SHORT_NAMES.items()}
    if trace.inputs is not None:
        arrays = {"x": trace.inputs[index]} | arrays
    if trace.probs_per_step is not None:
        arrays["probs_per_step"] = trace.probs_per_step[index]
    return arrays


def save_trace_npz(path: str | os.PathLike[str], trace: GateTrace, index: int = 0) -> Path:
    """Write one sample's gate arrays to an ``.npz`` (atomically: see :func:`atomic_write`)."""
    with atomic_write(path) as stream:
        np.savez_compressed(stream, **trace_arrays(trace, index))
    return Path(path)


def save_trace_csv(path: str | os.PathLike[str], trace: GateTrace, index: int = 0) -> Path:
    """Write a long table: ``layer, t, unit, i, f, g, o, c, h`` (t from 1), one row per unit and step."""
    arrays = trace_arrays(trace, index)
    letters = list(SHORT_NAMES)
    layers, steps, units = arrays["h"].shape
    with atomic_write(path, "w") as stream:
        writer = csv.writer(stream)
        writer.writerow(["layer", "t", "unit", *letters])
        for layer in range(layers):
            for t in range(steps):
                block = np.stack([arrays[k][layer, t] for k in letters], axis=1)
                writer.writerows([layer, t + 1, unit, *(f"{v:.7g}" for v in row)] for unit, row in enumerate(block))
    return Path(path)


def load_trace_csv(path: str | os.PathLike[str]) -> dict[str, np.ndarray]:
    """Read a table written by :func:`save_trace_csv` back into ``[layers, T, H]`` arrays."""
    table = np.genfromtxt(path, delimiter=",", names=True)
    layers, steps, units = (int(table[k].max()) + 1 for k in ("layer", "t", "unit"))
    steps -= 1
    out = {}
    for letter in SHORT_NAMES:
        grid = np.zeros((layers, steps, units), dtype=np.float32)
        grid[table["layer"].astype(int), table["t"].astype(int) - 1, table["unit"].astype(int)] = table[letter]
        out[letter] = grid
    return out
