"""Immutable gate traces: what every gate of every layer did at every timestep."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Field names of a trace in PyTorch's gate order, then the two states.
GATE_NAMES = ("input_gate", "forget_gate", "candidate", "output_gate")
STATE_NAMES = ("cell_state", "hidden_state")
#: The one-letter names used in equations and in ``.npz`` files.
SHORT_NAMES = {"i": "input_gate", "f": "forget_gate", "g": "candidate",
               "o": "output_gate", "c": "cell_state", "h": "hidden_state"}
#: Colour levels: sigmoid gates live in 0..1, tanh quantities in -1..1.
LEVELS = {"input_gate": (0.0, 1.0), "forget_gate": (0.0, 1.0), "output_gate": (0.0, 1.0),
          "candidate": (-1.0, 1.0), "cell_state": (-1.0, 1.0), "hidden_state": (-1.0, 1.0)}


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=np.float32)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class GateTrace:
    """Gate activations of a multi-layer LSTM for one batch.

    Every array has shape ``[layers, batch, T, hidden]`` and is read-only, so a trace
    can cross threads without copies or locks.

    Attributes
    ----------
    input_gate, forget_gate, candidate, output_gate
        ``i``, ``f``, ``g``, ``o`` after their non-linearities. A forget gate near 1
        *keeps* the previous cell state; near 0 it *erases* it.
    cell_state, hidden_state
        ``c_t = f_t * c_{t-1} + i_t * g_t`` and ``h_t = o_t * tanh(c_t)``.
    probs_per_step
        ``[batch, T, classes]``: the classifier head applied to the last layer's ``h_t``
        at every step, so one sees how the prediction forms as rows are read. ``None``
        for a bare LSTM.
    """

    input_gate: np.ndarray
    forget_gate: np.ndarray
    candidate: np.ndarray
    output_gate: np.ndarray
    cell_state: np.ndarray
    hidden_state: np.ndarray
    probs_per_step: np.ndarray | None = None
    inputs: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        for name in GATE_NAMES + STATE_NAMES + ("probs_per_step", "inputs"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _frozen(value))

    # One-letter aliases, as in the equations.
    i = property(lambda self: self.input_gate)
    f = property(lambda self: self.forget_gate)
    g = property(lambda self: self.candidate)
    o = property(lambda self: self.output_gate)
    c = property(lambda self: self.cell_state)
    h = property(lambda self: self.hidden_state)

    @property
    def num_layers(self) -> int:
        return self.hidden_state.shape[0]

    @property
    def batch_size(self) -> int:
        return self.hidden_state.shape[1]

    @property
    def num_steps(self) -> int:
        return self.hidden_state.shape[2]

    @property
    def hidden_size(self) -> int:
        return self.hidden_state.shape[3]

    def sample(self, index: int) -> GateTrace:
        """The trace of one batch element, keeping a batch axis of size 1."""
        pick = slice(index, index + 1)
        arrays = {name: getattr(self, name)[:, pick] for name in GATE_NAMES + STATE_NAMES}
        probs = None if self.probs_per_step is None else self.probs_per_step[pick]
        inputs = None if self.inputs is None else self.inputs[pick]
        return GateTrace(**arrays, probs_per_step=probs, inputs=inputs)

    def saturation(self, low: float = 0.1, high: float = 0.9) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per gate, per layer and unit: the fraction of (sample, step) below ``low`` and above ``high``.

        Returns ``{gate: (fraction_low [layers, hidden], fraction_high [layers, hidden])}``
        for the three sigmoid gates (Karpathy, Johnson & Fei-Fei 2015).
        """
        result = {}
        for name in ("forget_gate", "input_gate", "output_gate"):
            values = getattr(self, name)
            result[name] = ((values < low).mean(axis=(1, 2)), (values > high).mean(axis=(1, 2)))
        return result
