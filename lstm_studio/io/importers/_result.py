"""The one neutral result every importer returns, its error type, and the checks they share."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

CELLS = ("lstm", "gru", "rnn")
HEADS = ("last", "every", "none")
HEAD_ACTIVATIONS = ("softmax", "sigmoid", "linear", "none")
GATES = {"lstm": 4, "gru": 3, "rnn": 1}

# Bounds that no real recurrent model reaches; a file declaring more is refused before allocating.
MAX_SIZE = 1 << 16            # input_size, hidden_size, output_size
MAX_LAYERS = 64
MAX_TENSOR_BYTES = 1 << 30    # one tensor
MAX_TOTAL_BYTES = 4 << 30     # all the weights of one model


class ModelImportError(ValueError):
    """A file that cannot be imported. ``str(error)`` is one line: ``"FILE: problem"``."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = " ".join(str(problem).split())  # one line, whatever a library said
        super().__init__(f"{self.path}: {self.problem}")


@dataclass(frozen=True)
class ImportedModel:
    """A foreign recurrent model in LSTM Studio's terms.

    Attributes
    ----------
    config : dict
        ``cell`` ("lstm" | "gru" | "rnn"), ``input_size``, ``hidden_size``, ``num_layers``,
        ``output_size`` (0 without a dense head), ``head`` ("last" | "every" | "none"),
        ``head_activation`` ("softmax" | "sigmoid" | "linear" | "none") and ``source_format``.
    state_dict : dict[str, torch.Tensor]
        Plain PyTorch names under the cell's name (``lstm.weight_ih_l0`` ...) in ``nn.LSTM`` /
        ``nn.GRU`` / ``nn.RNN`` layouts, and ``head.weight`` / ``head.bias``; float32, contiguous.
    notes : tuple[str, ...]
        What was converted, in sentences a person reads.
    """

    config: dict
    state_dict: dict[str, torch.Tensor]
    notes: tuple[str, ...] = ()


def expected_shapes(config: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    """Every tensor name and shape that ``config`` implies (PyTorch's layouts)."""
    cell, hidden = config["cell"], config["hidden_size"]
    rows = GATES[cell] * hidden
    shapes: dict[str, tuple[int, ...]] = {}
    for layer in range(config["num_layers"]):
        inputs = config["input_size"] if layer == 0 else hidden
        shapes[f"{cell}.weight_ih_l{layer}"] = (rows, inputs)
        shapes[f"{cell}.weight_hh_l{layer}"] = (rows, hidden)
        shapes[f"{cell}.bias_ih_l{layer}"] = (rows,)
        shapes[f"{cell}.bias_hh_l{layer}"] = (rows,)
    if config["output_size"]:
        shapes["head.weight"] = (config["output_size"], hidden)
        shapes["head.bias"] = (config["output_size"],)
    return shapes


def make_config(path: str | os.PathLike[str], *, cell: str, input_size: int, hidden_size: int,
                num_layers: int, output_size: int, head: str, head_activation: str,
                source_format: str) -> dict[str, Any]:
    """A validated config dict; sizes out of range or unknown names raise :class:`ModelImportError`."""
    sizes = {"input_size": input_size, "hidden_size": hidden_size, "num_layers": num_layers}
    for key, value in sizes.items():
        limit = MAX_LAYERS if key == "num_layers" else MAX_SIZE
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or not 1 <= value <= limit:
            raise ModelImportError(path, f"{key} {value!r} is out of range (1 to {limit})")
    if not isinstance(output_size, (int, np.integer)) or not 0 <= output_size <= MAX_SIZE:
        raise ModelImportError(path, f"output_size {output_size!r} is out of range (0 to {MAX_SIZE})")
    if cell not in CELLS or head not in HEADS or head_activation not in HEAD_ACTIVATIONS:
        raise ModelImportError(path, f"unsupported cell/head ({cell}, {head}, {head_activation})")
    if (output_size == 0) != (head == "none"):
        raise ModelImportError(path, f"head {head!r} does not fit output_size {output_size}")
    return {"cell": cell, "input_size": int(input_size), "hidden_size": int(hidden_size),
            "num_layers": int(num_layers), "output_size": int(output_size), "head": head,
            "head_activation": head_activation if output_size else "none", "source_format": source_format}


def finish(path: str | os.PathLike[str], config: dict[str, Any], tensors: dict[str, Any],
           notes: list[str] | tuple[str, ...]) -> ImportedModel:
    """Check ``tensors`` against ``config`` (names, shapes, finite values) and build the result."""
    shapes = expected_shapes(config)
    missing = [name for name in shapes if name not in tensors]
    extra = [name for name in tensors if name not in shapes]
    if missing or extra:
        raise ModelImportError(path, f"internal mismatch: missing {missing[:3]}, unexpected {extra[:3]}")
    state_dict: dict[str, torch.Tensor] = {}
    for name, shape in shapes.items():
        array = np.asarray(tensors[name], dtype=np.float32)
        if array.shape != shape:
            raise ModelImportError(path, f"{name} has shape {list(array.shape)}, expected {list(shape)}")
        if not np.isfinite(array).all():
            raise ModelImportError(path, f"{name} holds NaN or infinite values")
        state_dict[name] = torch.from_numpy(np.ascontiguousarray(array).copy())
    return ImportedModel(dict(config), state_dict, tuple(notes))


def check_declared(path: str | os.PathLike[str], what: str, shape: tuple[int, ...], itemsize: int) -> None:
    """Refuse a tensor whose declared size is absurd, before anything is allocated for it."""
    count = 1
    for dim in shape:
        if int(dim) < 0:
            raise ModelImportError(path, f"{what} declares a negative dimension {list(shape)}")
        count *= int(dim)
    if count * itemsize > MAX_TENSOR_BYTES:
        raise ModelImportError(path, f"{what} declares {count * itemsize} bytes (shape {list(shape)}), "
                                     f"more than the {MAX_TENSOR_BYTES >> 20} MiB allowed for one tensor")


def zero_bias(rows: int) -> np.ndarray:
    """The bias of a layer saved without one (Keras ``use_bias=False``, PyTorch ``bias=False``)."""
    return np.zeros(rows, np.float32)
