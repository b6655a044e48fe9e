"""What a traced quantity is: its short name, its meaning and the range its values live in."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One quantity a cell computes at every step, for every unit.

    Attributes
    ----------
    name
        The one-letter name used in equations, ``.npz`` files and ``trace[name]`` (``"f"``).
    attr
        The long name (``"forget_gate"``), also an attribute of a :class:`~lstm_studio.cells.Trace`.
    label
        How a person calls it (``"forget gate"``).
    kind
        ``"sigmoid"`` (a gate, 0..1), ``"tanh"`` (-1..1) or ``"state"`` (a cell state: unbounded).
    meaning
        One sentence on what it does.
    """

    name: str
    attr: str
    label: str
    kind: str
    meaning: str

    @property
    def levels(self) -> tuple[float, float]:
        """Fixed colour levels: 0..1 for gates, -1..1 for everything else (a cell state is clipped there)."""
        return (0.0, 1.0) if self.kind == "sigmoid" else (-1.0, 1.0)

    @property
    def is_gate(self) -> bool:
        return self.kind == "sigmoid"


def _field(name: str, attr: str, label: str, kind: str, meaning: str) -> Field:
    return Field(name, attr, label, kind, meaning)


#: Every field any cell traces, by short name.
FIELDS: dict[str, Field] = {f.name: f for f in (
    _field("i", "input_gate", "input gate", "sigmoid",
           "How much of the candidate is written into the cell state (1: all of it, 0: none)."),
    _field("f", "forget_gate", "forget gate", "sigmoid",
           "How much of the previous cell state is kept: near 1 keeps it, near 0 erases it."),
    _field("g", "candidate", "candidate", "tanh",
           "The new content the cell could write, from the input and the previous hidden state."),
    _field("o", "output_gate", "output gate", "sigmoid",
           "How much of the squashed cell state is shown as the hidden state."),
    _field("c", "cell_state", "cell state", "state",
           "The LSTM's memory: kept by the forget gate, written through the input gate."),
    _field("r", "reset_gate", "reset gate", "sigmoid",
           "How much of the previous hidden state the new content may read (GRU)."),
    _field("z", "update_gate", "update gate", "sigmoid",
           "How much of the previous hidden state is kept: near 1 keeps it, near 0 replaces it (GRU)."),
    _field("n", "new_content", "new content", "tanh",
           "The candidate hidden state, built from the input and the reset previous state (GRU)."),
    _field("h", "hidden_state", "hidden state", "tanh",
           "What the cell outputs at this step, to the next layer, the head and the next step."),
)}
#: Long names to short ones (``"forget_gate"`` -> ``"f"``).
ATTRS: dict[str, str] = {f.attr: f.name for f in FIELDS.values()}
