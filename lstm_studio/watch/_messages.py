"""The watch wire format: ZeroMQ multipart messages of a topic, a JSON header and raw array buffers.

::

    frame 0  topic   b"lstm-studio/hello" | b"lstm-studio/scalars" | b"lstm-studio/trace" | b"lstm-studio/bye"
    frame 1  header  UTF-8 JSON object: {"format": "lstm-studio-watch/1", "kind": ..., "run": ..., "seq": ...,
                     "time": ..., ..., "arrays": [{"name": ..., "dtype": "float32", "shape": [...]}, ...]}
                     (scalars: "points": [{"step": 12, "values": {"loss": 0.7, ...}}, ...], oldest first)
    frame 2… buffers one per entry of "arrays", C order, little-endian, exactly prod(shape) × itemsize bytes

Plain Python and NumPy (no ZeroMQ, no torch): the publisher encodes, the subscriber decodes, and
:func:`decode` refuses anything malformed with :class:`MessageError` (one line), so a stranger
publishing on the port cannot crash a listener.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

FORMAT = "lstm-studio-watch/1"
TOPIC_PREFIX = b"lstm-studio/"
KINDS = ("hello", "scalars", "trace", "bye")
DTYPES = {"float32": np.dtype("<f4"), "float16": np.dtype("<f2"), "int64": np.dtype("<i8")}
MAX_HEADER_BYTES = 1 << 20
MAX_ARRAYS = 4096
MAX_ARRAY_VALUES = 1 << 28


class MessageError(ValueError):
    """A message that is not a well-formed LSTM Studio watch message. ``str()`` is one line."""


@dataclass(frozen=True)
class WatchMessage:
    """One decoded message: its kind, its header and its arrays by name (read-only)."""

    kind: str
    header: dict[str, Any]
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def step(self) -> int | None:
        step = self.header.get("step")
        return step if isinstance(step, int) else None

    @property
    def run(self) -> str:
        return str(self.header.get("run", ""))

    @property
    def points(self) -> list[tuple[int, dict[str, float | None]]]:
        """A scalars message's ``(step, {name: value or None})``, oldest first (malformed points skipped)."""
        points = self.header.get("points") if self.kind == "scalars" else None
        if not isinstance(points, list):
            return []
        return [(point["step"], {str(k): v for k, v in point["values"].items()
                                 if v is None or isinstance(v, (int, float))})
                for point in points if isinstance(point, dict) and isinstance(point.get("step"), int)
                and isinstance(point.get("values"), dict)]


def encode(kind: str, header: dict[str, Any], arrays: dict[str, np.ndarray] | None = None) -> list[bytes]:
    """The frames of one message. Arrays are sent as float32 (int64 for integers), C order."""
    arrays = arrays or {}
    described, buffers = [], []
    for name, array in arrays.items():
        array = np.ascontiguousarray(array, dtype="<i8" if np.issubdtype(array.dtype, np.integer) else "<f4")
        described.append({"name": name, "dtype": "int64" if array.dtype.kind == "i" else "float32",
                          "shape": list(array.shape)})
        buffers.append(memoryview(array).cast("B"))
    full = {"format": FORMAT, "kind": kind, **header, "arrays": described}
    return [TOPIC_PREFIX + kind.encode(), json.dumps(full, allow_nan=False, default=_json_default).encode(), *buffers]


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return str(value)


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN or infinity: such a value is sent as ``null``."""
    return value if math.isfinite(value) else None


def decode(frames: list[bytes]) -> WatchMessage:
    """The message of ``frames``; :class:`MessageError` if anything about it is wrong."""
    if len(frames) < 2 or not bytes(frames[0]).startswith(TOPIC_PREFIX):
        raise MessageError("not an LSTM Studio watch message (topic)")
    if len(frames[1]) > MAX_HEADER_BYTES:
        raise MessageError(f"header of {len(frames[1]):,} bytes is too large")
    try:
        header = json.loads(bytes(frames[1]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise MessageError("header is not UTF-8 JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("kind") not in KINDS:
        raise MessageError(f"header is not a {FORMAT} message")
    arrays = _arrays(header.get("arrays"), frames[2:])
    return WatchMessage(header["kind"], header, arrays)


def _arrays(described: Any, buffers: list[bytes]) -> dict[str, np.ndarray]:
    if not isinstance(described, list) or len(described) != len(buffers) or len(described) > MAX_ARRAYS:
        raise MessageError("the header's arrays do not match the frames")
    arrays = {}
    for entry, buffer in zip(described, buffers):
        name, dtype, shape = _entry(entry)
        if len(buffer) != math.prod(shape) * dtype.itemsize:
            raise MessageError(f"array {name!r}: {len(buffer)} bytes for shape {shape}")
        array = np.frombuffer(buffer, dtype=dtype).reshape(shape)
        array.setflags(write=False)
        arrays[name] = array
    return arrays


def _entry(entry: Any) -> tuple[str, np.dtype, tuple[int, ...]]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or entry.get("dtype") not in DTYPES:
        raise MessageError("an array entry lacks a name or a known dtype")
    shape = entry.get("shape")
    if not isinstance(shape, list) or len(shape) > 6 or \
            not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n for n in shape):
        raise MessageError(f"array {entry['name']!r} has a bad shape")
    if math.prod(shape) > MAX_ARRAY_VALUES:
        raise MessageError(f"array {entry['name']!r} is too large")
    return entry["name"], DTYPES[entry["dtype"]], tuple(shape)
