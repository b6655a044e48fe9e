"""Recurrent cells: a fused fast path plus an exact step-by-step trace path over the same weights."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._fields import ATTRS, FIELDS, Field

if TYPE_CHECKING:  # the names below are loaded on first use: importing them imports torch
    from ._base import TracedCell, Unrolled, gate_count, init_forget_bias, parameter_shapes
    from ._gru import GateGRU
    from ._lstm import GateLSTM
    from ._rnn import GateRNN
    from ._step_cells import NoForgetLSTM, PeepholeLSTM
    from ._trace import Trace, frozen_array

_LAZY = {"TracedCell": "_base", "Unrolled": "_base", "gate_count": "_base", "init_forget_bias": "_base",
         "parameter_shapes": "_base", "GateGRU": "_gru", "GateLSTM": "_lstm", "GateRNN": "_rnn",
         "NoForgetLSTM": "_step_cells", "PeepholeLSTM": "_step_cells", "Trace": "_trace", "frozen_array": "_trace"}


def __getattr__(name: str) -> Any:
    """The cells and traces, imported when first asked for: the field table above needs no torch, so the
    app can describe gates (colours, names, levels) before PyTorch has loaded."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    if name == "CELLS":
        from ._gru import GateGRU
        from ._lstm import GateLSTM
        from ._rnn import GateRNN
        from ._step_cells import NoForgetLSTM, PeepholeLSTM

        cells = {cls.kind: cls for cls in (GateRNN, GateGRU, GateLSTM, PeepholeLSTM, NoForgetLSTM)}
        globals()["CELLS"] = cells
        return cells
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Every cell kind, in the order a person meets them (``CELLS`` maps them to their classes).
CELL_KINDS = ("rnn", "gru", "lstm", "lstm_peephole", "lstm_no_forget")
#: Cells with a forget gate whose initial bias can be set.
FORGET_BIAS_CELLS = ("lstm", "lstm_peephole")
#: One line per cell, for menus and ``--help``.
CELL_DESCRIPTIONS = {
    "rnn": "plain RNN (tanh): no gates",
    "gru": "GRU: reset and update gates",
    "lstm": "LSTM: input, forget and output gates (PyTorch's nn.LSTM)",
    "lstm_peephole": "LSTM with peepholes: the gates also read the cell state (Gers & Schmidhuber 2000)",
    "lstm_no_forget": "the original 1997 LSTM: no forget gate, the cell state only accumulates",
}


def make_cell(kind: str, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0,
              forget_bias: float | None = None) -> TracedCell:
    """A new cell of ``kind`` (a key of :data:`CELLS`) with PyTorch's initialisation.

    ``forget_bias`` sets the forget gate's initial bias of the LSTM cells (``None``: PyTorch's
    default, uniform around 0). Raises ``ValueError`` for an unknown kind.
    """
    try:
        cls = __getattr__("CELLS")[kind]
    except KeyError:
        raise ValueError(f"unknown cell {kind!r} (use {', '.join(CELL_KINDS)})") from None
    return cls(input_size, hidden_size, num_layers, dropout, forget_bias)


__all__ = ["ATTRS", "CELLS", "CELL_KINDS", "CELL_DESCRIPTIONS", "FIELDS", "FORGET_BIAS_CELLS", "Field", "GateGRU", "GateLSTM",
           "GateRNN", "NoForgetLSTM", "PeepholeLSTM", "Trace", "TracedCell", "Unrolled", "frozen_array",
           "gate_count", "init_forget_bias", "make_cell", "parameter_shapes"]
