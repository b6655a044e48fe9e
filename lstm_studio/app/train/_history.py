"""What the Train tab has seen so far: curves over samples seen, as growing NumPy buffers.

Plain Python (no Qt): the GUI slot appends every snapshot here, cheaply, and the frame
timer draws whatever is here. Runs that continue the same model append to the same
curves, offset by the samples seen before.
"""
from __future__ import annotations

from typing import Any

import numpy as np

LOW, HIGH = 0.1, 0.9
#: Gates in the order the saturation panel shows them: the one that keeps memory first.
GATE_ORDER = ("f", "z", "i", "r", "o")


class GrowingBuffer:
    """Rows appended one at a time into a float64 array that doubles when full."""

    def __init__(self, width: int = 1, capacity: int = 256) -> None:
        self._data = np.full((capacity, width), np.nan)
        self.size = 0

    def append(self, row: Any) -> None:
        if self.size == len(self._data):
            self._data = np.concatenate([self._data, np.full_like(self._data, np.nan)])
        self._data[self.size] = row
        self.size += 1

    def column(self, index: int = 0) -> np.ndarray:
        """A view of one column's filled part (valid until the next append)."""
        return self._data[:self.size, index]

    @property
    def rows(self) -> np.ndarray:
        return self._data[:self.size]

    def clear(self) -> None:
        self.size = 0


class ExponentialAverage:
    """A bias-corrected moving average (TensorBoard's smoothing), updated one point at a time."""

    def __init__(self, width: int, weight: float = 0.9) -> None:
        self.weight = weight
        self._level = np.zeros(width)
        self._norm = 0.0

    def update(self, values: Any) -> np.ndarray:
        self._level = self.weight * self._level + (1 - self.weight) * np.asarray(values, dtype=float)
        self._norm = self.weight * self._norm + (1 - self.weight)
        return self._level / self._norm


def saturation_gates(trace: Any) -> tuple[str, ...]:
    """The cell's sigmoid gates, memory-keeping gate first: f i o (LSTM), z r (GRU), none (plain RNN)."""
    gates = {field.name for field in trace.fields if field.is_gate}
    return tuple(name for name in GATE_ORDER if name in gates)


def saturation_fractions(trace: Any) -> tuple[tuple[str, ...], np.ndarray]:
    """``(gates, [layers, gates, 2])``: per gate, the share of probe-batch values below 0.1 and above 0.9.

    Over every sample, timestep and unit of each layer: how much of the gate is shut or open.
    A plain RNN has no gates: ``((), [layers, 0, 2])``.
    """
    gates = saturation_gates(trace)
    shares = trace.saturation(LOW, HIGH)  # per gate: (low, high), each [layers, hidden]
    result = np.empty((trace.num_layers, len(gates), 2))
    for k, name in enumerate(gates):
        low, high = shares[next(f.attr for f in trace.fields if f.name == name)]
        result[:, k, 0], result[:, k, 1] = low.mean(axis=1), high.mean(axis=1)  # every unit has as many values
    return gates, result


class TrainingHistory:
    """Loss, accuracy, test accuracy and gate saturation against samples seen.

    Two version counters tell the panels what changed: ``curves_version`` (loss, accuracy,
    test accuracy, run boundaries) and ``saturation_version`` (a new probe trace), so a
    panel whose data did not change is not redrawn.
    """

    def __init__(self) -> None:
        self.curves_version = 0
        self.saturation_version = 0
        self._reset()

    def _reset(self) -> None:
        # samples seen, running loss, running accuracy, and both smoothed
        self.train = GrowingBuffer(5)
        self._smoothing = ExponentialAverage(2)
        self.test = GrowingBuffer(2)       # samples seen, test accuracy (per epoch)
        self.saturation: GrowingBuffer | None = None  # samples seen + [layers, gates, 2] flattened
        self.saturation_layers = 0
        self.saturation_gates: tuple[str, ...] = ()   # the gates those columns hold (f i o, z r, or none)
        self.run_starts: list[float] = []
        self.offset = 0.0                  # samples seen by earlier runs of this model
        self.planned_end = 0.0             # samples seen when the current run will have finished
        self._last_trace_step: int | None = None
        self._last_samples = 0.0

    def _changed(self, curves: bool = True, saturation: bool = True) -> None:
        self.curves_version += curves
        self.saturation_version += saturation

    def clear(self) -> None:
        """Forget everything (a different model)."""
        self._reset()
        self._changed()

    def start_run(self, planned_samples: float) -> None:
        """A new run continues this model: its curves go on from where the last run ended."""
        self.offset = self._last_samples
        self.planned_end = self.offset + planned_samples
        self._last_trace_step = None
        self.run_starts.append(self.offset)
        self._changed()

    def add_snapshot(self, snapshot: Any) -> bool:
        """Record one snapshot; return True if it brought a new probe trace."""
        x = self.offset + snapshot.samples_seen
        self._last_samples = x
        if np.isfinite(snapshot.loss):
            values = (snapshot.loss, snapshot.metric)
            self.train.append((x, *values, *self._smoothing.update(values)))
            self._changed(saturation=False)
        if snapshot.trace is None or snapshot.trace_step == self._last_trace_step:
            return False
        self._last_trace_step = snapshot.trace_step
        self._add_saturation(x, *saturation_fractions(snapshot.trace))
        return True

    def _add_saturation(self, x: float, gates: tuple[str, ...], fractions: np.ndarray) -> None:
        layers = fractions.shape[0]
        if self.saturation is None or (layers, gates) != (self.saturation_layers, self.saturation_gates):
            self.saturation = GrowingBuffer(1 + fractions.size)
            self.saturation_layers, self.saturation_gates = layers, gates
        self.saturation.append(np.concatenate([[x], fractions.ravel()]))
        self._changed(curves=False)

    def add_epoch(self, report: Any) -> None:
        self.test.append((self.offset + report.samples_seen, report.test_metric))
        self._changed(saturation=False)

    @property
    def x_range(self) -> tuple[float, float]:
        """The samples-seen axis: up to the planned end of the current run (or what was seen)."""
        return 0.0, max(self.planned_end, self._last_samples, 1.0)

    def saturation_series(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x [n], fractions [n, layers, gates, 2])``: low (< 0.1) and high (> 0.9) shares of
        :attr:`saturation_gates`."""
        gates = len(self.saturation_gates)
        if self.saturation is None:
            return np.empty(0), np.empty((0, 0, gates, 2))
        rows = self.saturation.rows
        return rows[:, 0], rows[:, 1:].reshape(len(rows), self.saturation_layers, gates, 2)
