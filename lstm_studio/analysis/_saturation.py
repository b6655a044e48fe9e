"""Gate saturation (Karpathy, Johnson & Fei-Fei 2015): how often each unit's gates sit near 0 or near 1."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from torch import Tensor

from ..cells import FIELDS
from ..models import SequenceModel
from ._common import ShouldStop, as_batch, read_only


def saturation_gates(cell_fields: tuple[str, ...]) -> tuple[str, ...]:
    """The sigmoid gates among a cell's fields, forget-like gate first (f, i, o for an LSTM; z, r for a GRU)."""
    order = ("f", "z", "i", "r", "o")
    return tuple(name for name in order if name in cell_fields and FIELDS[name].is_gate)


@dataclass(frozen=True)
class GateSaturation:
    """How often each unit's sigmoid gates are saturated.

    Attributes
    ----------
    gates
        The gates measured, by short name (``("f", "i", "o")`` for an LSTM, ``("z", "r")`` for a GRU).
    fractions
        ``[gate, 2, layers, hidden]``: index 0 of the second axis is the fraction of (input, step)
        pairs with the gate below ``low`` ("left-saturated"), index 1 above ``high``.
    sample_count
        How many inputs were run.
    low, high
        The thresholds (0.1 and 0.9 in the paper).
    """

    gates: tuple[str, ...]
    fractions: np.ndarray
    sample_count: int
    low: float = 0.1
    high: float = 0.9

    def __post_init__(self) -> None:
        object.__setattr__(self, "fractions", read_only(self.fractions, np.float64))

    def left(self, gate: str) -> np.ndarray:
        """``[layers, hidden]``: fraction of steps ``gate`` (short or long name) spends below :attr:`low`."""
        return self.fractions[self._index(gate), 0]

    def right(self, gate: str) -> np.ndarray:
        """``[layers, hidden]``: fraction of steps ``gate`` spends above :attr:`high`."""
        return self.fractions[self._index(gate), 1]

    def _index(self, gate: str) -> int:
        short = next((f.name for f in FIELDS.values() if gate in (f.name, f.attr)), gate)
        return self.gates.index(short)


def gate_saturation(model: SequenceModel, inputs: np.ndarray | Tensor, low: float = 0.1, high: float = 0.9,
                    batch_size: int = 128, should_stop: ShouldStop | None = None) -> GateSaturation | None:
    """Measure gate saturation of every unit over ``inputs`` (``[N, T, features]``; uint8 or float).

    Runs the trace path batch by batch; returns ``None`` if ``should_stop()`` turns true
    between batches (a worker being cancelled). A plain RNN has no gates: ``gates`` is empty.
    """
    x_all = as_batch(inputs)
    gates = saturation_gates(model.cell.field_names)
    layers, hidden = model.config.num_layers, model.config.hidden_size
    counts = np.zeros((len(gates), 2, layers, hidden), dtype=np.int64)
    for start in range(0, len(x_all), batch_size):
        if should_stop is not None and should_stop():
            return None
        trace = model.trace(x_all[start:start + batch_size].to(model.device), notify=False)
        for index, name in enumerate(gates):
            values = trace[name]
            counts[index, 0] += (values < low).sum(axis=(1, 2))
            counts[index, 1] += (values > high).sum(axis=(1, 2))
    pairs = max(1, len(x_all) * x_all.shape[1])
    return GateSaturation(gates, counts / pairs, len(x_all), low, high)
