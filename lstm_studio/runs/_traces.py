"""Gate-trace snapshots on disk: one ``.npz`` per step that NumPy alone reads (no pickle).

Arrays in ``traces/step-NNNNNNNNN.npz``:

``i f g o c h`` (or ``r z n h``, or ``h``)
    ``[layers, probes, T, hidden]`` float16: each traced field of the cell, for every probe input
    (float16 keeps three significant digits, plenty for a heatmap, at half the bytes).
``outputs`` (optional)
    ``[probes, T, outputs]`` float32: the head after every step (probabilities or values).
``inputs`` (optional), ``tokens`` (optional)
    ``[probes, T, features]`` float16 / ``[probes, T]`` int64: what the cell read.
``probe_labels`` (optional)
    ``[probes]`` int64.
``cell``, ``output_kind``, ``step``
    0-d arrays: the cell's kind, ``"probs"`` or ``"values"``, the training step.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..cells import FIELDS, Trace

#: A trace file larger than this is refused before reading (a 4 x 1024 LSTM on 16 probes of
#: 784 steps is about 600 MB in float16; nothing a live view could show anyway).
MAX_TRACE_BYTES = 512 << 20
_META = ("cell", "output_kind", "step", "outputs", "inputs", "tokens", "probe_labels")


class RunFileError(ValueError):
    """A file in a run folder that cannot be used; ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class TraceRecord:
    """A trace read back from a run folder: the step it was taken at, the trace and the probes' labels."""

    step: int
    trace: Trace
    probe_labels: np.ndarray | None
    path: str = ""


def write_trace_file(stream: IO[bytes], step: int, trace: Trace, probe_labels: Any = None) -> None:
    """Write ``trace`` (taken at ``step``) to an open binary ``stream`` in the format above."""
    arrays: dict[str, np.ndarray] = {name: np.asarray(trace[name], dtype=np.float16) for name in trace.names}
    if trace.outputs is not None:
        arrays["outputs"] = np.asarray(trace.outputs, dtype=np.float32)
    if trace.inputs is not None:
        arrays["inputs"] = np.asarray(trace.inputs, dtype=np.float16)
    if trace.tokens is not None:
        arrays["tokens"] = np.asarray(trace.tokens, dtype=np.int64)
    if probe_labels is not None:
        arrays["probe_labels"] = np.asarray(probe_labels, dtype=np.int64)
    arrays |= {"cell": np.array(trace.cell), "output_kind": np.array(trace.output_kind), "step": np.array(step)}
    # Uncompressed: gate values compress poorly, and zlib would cost the writer a core for a moment.
    np.savez(stream, **arrays)


def read_trace_file(path: Path) -> TraceRecord:
    """Read and check a trace file; raises :class:`RunFileError` (or ``FileNotFoundError`` if it vanished)."""
    size = path.stat().st_size
    if size > MAX_TRACE_BYTES:
        raise RunFileError(path, f"trace file of {size >> 20} MB is over the {MAX_TRACE_BYTES >> 20} MB limit")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as error:
        raise RunFileError(path, f"not a readable trace ({type(error).__name__})") from None
    return _record(path, arrays)


def _record(path: Path, arrays: dict[str, np.ndarray]) -> TraceRecord:
    fields = {name: value.astype(np.float32) for name, value in arrays.items() if name in FIELDS}
    if "h" not in fields:
        raise RunFileError(path, "trace has no hidden state 'h'")
    shape = fields["h"].shape
    if len(shape) != 4 or any(value.shape != shape for value in fields.values()):
        shapes = ", ".join(f"{k} {v.shape}" for k, v in fields.items())
        raise RunFileError(path, f"trace fields must all be [layers, probes, T, hidden], got {shapes}")
    layers, probes, steps, _ = shape
    outputs, inputs, tokens = (arrays.get(k) for k in ("outputs", "inputs", "tokens"))
    for name, value, lead in (("outputs", outputs, (probes, steps)), ("inputs", inputs, (probes, steps)),
                              ("tokens", tokens, (probes, steps))):
        if value is not None and tuple(value.shape[:2]) != lead:
            raise RunFileError(path, f"{name} has shape {value.shape}, expected {lead} first")
    labels = arrays.get("probe_labels")
    if labels is not None and labels.shape != (probes,):
        raise RunFileError(path, f"probe_labels has shape {labels.shape}, expected ({probes},)")
    try:
        trace = Trace(str(arrays.get("cell", "lstm")), fields, outputs, str(arrays.get("output_kind", "probs")),
                      inputs, tokens)
        step = int(arrays["step"])
    except (KeyError, TypeError, ValueError) as error:
        raise RunFileError(path, f"trace metadata is unusable ({error})") from None
    if labels is not None:
        labels = labels.astype(np.int64)
        labels.setflags(write=False)
    return TraceRecord(step, trace, labels, str(path))
