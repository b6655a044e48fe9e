"""Gate-order conversions. Each framework stacks the gates of a layer in its own order.

Blocks are named by one letter: LSTM ``i`` input, ``f`` forget, ``g`` cell candidate, ``o``
output; GRU ``r`` reset, ``z`` update, ``n`` candidate. PyTorch's orders are ``ifgo`` and ``rzn``.
"""
from __future__ import annotations

import numpy as np

TORCH_ORDER = {"lstm": "ifgo", "gru": "rzn", "rnn": "n"}
KERAS_ORDER = {"lstm": "ifgo", "gru": "zrn", "rnn": "n"}
ONNX_ORDER = {"lstm": "iofg", "gru": "zrn", "rnn": "n"}   # ONNX names them i, o, f, c and z, r, h
TF1_LSTM_ORDER = "igfo"                                    # TF1 names them i, j, f, o


def reorder_rows(array: np.ndarray, source: str, target: str) -> np.ndarray:
    """Restack the gate blocks along axis 0 from ``source`` order to ``target`` order.

    Parameters
    ----------
    array : np.ndarray
        Rows ``[len(source) * hidden, ...]``, one block of ``hidden`` rows per gate.
    source, target : str
        Gate letters, e.g. ``"iofg"`` (ONNX) to ``"ifgo"`` (PyTorch).
    """
    if sorted(source) != sorted(target) or array.shape[0] % len(source):
        raise ValueError(f"cannot restack {array.shape[0]} rows from {source!r} to {target!r}")
    blocks = dict(zip(source, np.split(array, len(source), axis=0), strict=True))
    return np.concatenate([blocks[gate] for gate in target], axis=0)


def gate_block(array: np.ndarray, order: str, gate: str) -> slice:
    """The row slice of ``gate`` in an array stacked in ``order``."""
    size = array.shape[0] // len(order)
    start = order.index(gate) * size
    return slice(start, start + size)
