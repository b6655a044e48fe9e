"""Immutable traces: what every gate and state of every layer did at every timestep."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from ._fields import ATTRS, FIELDS, Field


def frozen_array(array: Any, dtype: Any = np.float32) -> np.ndarray:
    """A C-contiguous, read-only copy-or-view of ``array``: safe to hand to another thread."""
    array = np.ascontiguousarray(array, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Trace:
    """The named quantities of a multi-layer recurrent network for one batch.

    Every array in :attr:`arrays` has shape ``[layers, batch, T, hidden]`` and is read-only,
    so a trace crosses threads without copies or locks. Which names exist depends on the
    cell: ``i f g o c h`` for an LSTM, ``r z n h`` for a GRU, ``h`` for a plain RNN.
    ``trace["f"]``, ``trace.f`` and ``trace.forget_gate`` are the same array.

    Attributes
    ----------
    cell
        The cell's kind (``"lstm"``, ``"gru"``, ...).
    arrays
        Name -> ``[layers, batch, T, hidden]``, in the cell's display order.
    outputs
        ``[batch, T, outputs]``: the head applied to the last layer's ``h_t`` at every step,
        so one sees how the answer forms. Probabilities when :attr:`output_kind` is
        ``"probs"``, raw values for ``"values"`` (regression); ``None`` for a bare cell.
    inputs
        ``[batch, T, features]``: the exact inputs the cell read (after any embedding, the ids
        are kept in :attr:`tokens`).
    """

    cell: str
    arrays: Mapping[str, np.ndarray]
    outputs: np.ndarray | None = None
    output_kind: str = "probs"
    inputs: np.ndarray | None = None
    tokens: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        unknown = [name for name in self.arrays if name not in FIELDS]
        if unknown:
            raise ValueError(f"unknown trace fields {unknown}")
        arrays = {name: frozen_array(value) for name, value in self.arrays.items()}
        object.__setattr__(self, "arrays", MappingProxyType(arrays))
        for name in ("outputs", "inputs"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, frozen_array(getattr(self, name)))
        if self.tokens is not None:
            object.__setattr__(self, "tokens", frozen_array(self.tokens, np.int64))

    # --- access ------------------------------------------------------------------------
    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[ATTRS.get(name, name)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and ATTRS.get(name, name) in self.arrays

    def __getattr__(self, name: str) -> np.ndarray:
        # Only reached for names that are not real attributes: gate names, short or long.
        arrays = self.__dict__.get("arrays")
        key = ATTRS.get(name, name)
        if arrays is not None and key in arrays:
            return arrays[key]
        raise AttributeError(f"{type(self).__name__} of a {self.__dict__.get('cell', '?')} cell has no {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        """The short names this cell traces, in display order."""
        return tuple(self.arrays)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(FIELDS[name] for name in self.arrays)

    @property
    def probs_per_step(self) -> np.ndarray | None:
        """``[batch, T, classes]`` probabilities after every step (``None`` for regression)."""
        return self.outputs if self.output_kind == "probs" else None

    @property
    def num_layers(self) -> int:
        return self.h.shape[0]

    @property
    def batch_size(self) -> int:
        return self.h.shape[1]

    @property
    def num_steps(self) -> int:
        return self.h.shape[2]

    @property
    def hidden_size(self) -> int:
        return self.h.shape[3]

    # --- derived traces ----------------------------------------------------------------
    def sample(self, index: int) -> Trace:
        """The trace of one batch element, keeping a batch axis of size 1."""
        pick = slice(index, index + 1)
        return Trace(self.cell, {name: value[:, pick] for name, value in self.arrays.items()},
                     None if self.outputs is None else self.outputs[pick], self.output_kind,
                     None if self.inputs is None else self.inputs[pick],
                     None if self.tokens is None else self.tokens[pick])

    def saturation(self, low: float = 0.1, high: float = 0.9) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per gate, per layer and unit: the fraction of (sample, step) below ``low`` and above ``high``.

        Returns ``{gate: (fraction_low [layers, hidden], fraction_high [layers, hidden])}``
        for the cell's sigmoid gates (Karpathy, Johnson & Fei-Fei 2015).
        """
        return {f.attr: ((self[f.name] < low).mean(axis=(1, 2)), (self[f.name] > high).mean(axis=(1, 2)))
                for f in self.fields if f.is_gate}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Trace):
            return NotImplemented
        return (self.cell == other.cell and self.output_kind == other.output_kind
                and self.names == other.names
                and all(np.array_equal(self[n], other[n]) for n in self.names)
                and all(_same(getattr(self, k), getattr(other, k)) for k in ("outputs", "inputs", "tokens")))

    __hash__ = None  # type: ignore[assignment]  # equal traces need not hash alike: arrays are not hashable


def _same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))

