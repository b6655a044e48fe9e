"""Exports of a model for other tools: ``.safetensors`` (any cell) and ONNX (the fused cells).

* ``.safetensors`` holds the state_dict under its plain PyTorch names (``lstm.weight_ih_l0``,
  ``head.weight``) and the whole config, task and metrics as JSON under the metadata key
  ``lstm_studio_config``. LSTM Studio reopens it exactly; other tools read the tensors.
* ``.onnx`` is written by ``torch.onnx.export``'s TorchScript exporter (``dynamo=False``), which
  needs only the ``onnx`` package (the dynamo exporter also needs ``onnxscript``). The graph reads
  ``x`` ``[batch, steps, features]`` (token ids ``[batch, steps]`` for a model with an embedding)
  and gives the activated outputs (probabilities, or values), with batch and steps dynamic. Only
  cells with an ONNX operator export: ``lstm``, ``gru`` and ``rnn``.

Both are written through :func:`~lstm_studio.io.atomic_write`: a failed export leaves no file.
"""
from __future__ import annotations

import datetime as _dt
import io
import json
import os
import warnings
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from ._any import CONFIG_METADATA_KEY
from ._atomic import atomic_write
from ._checkpoint import FORMAT

EXPORT_SUFFIXES = (".safetensors", ".onnx")
ONNX_CELLS = ("lstm", "gru", "rnn")
ONNX_OPSET = 17


class ExportError(ValueError):
    """A model that cannot be exported to that file. ``str()`` is one line: ``"FILE: problem"``."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{self.path}: {problem}")


def export_model(path: str | os.PathLike[str], model: Any, task: dict[str, Any] | None = None,
                 metrics: dict[str, Any] | None = None) -> Path:
    """Export ``model`` (a :class:`~lstm_studio.models.SequenceModel`) by ``path``'s suffix.

    Raises :class:`ExportError` for another suffix, a cell ONNX cannot express, or a file that
    cannot be written.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".safetensors":
        return export_safetensors(path, model, task, metrics)
    if suffix == ".onnx":
        return export_onnx(path, model)
    raise ExportError(path, f"cannot export to {suffix or 'a file without a suffix'}: use "
                            f"{' or '.join(EXPORT_SUFFIXES)}")


def export_safetensors(path: str | os.PathLike[str], model: Any, task: dict[str, Any] | None = None,
                       metrics: dict[str, Any] | None = None) -> Path:
    """Write the state_dict and, as metadata ``lstm_studio_config``, the config, task and metrics."""
    from safetensors.torch import save

    config = model.config.to_dict() | {
        "format": FORMAT, "task": dict(task or {}), "metrics": dict(metrics or {}),
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    tensors = {name: value.detach().to("cpu", torch.float32).contiguous() for name, value in
               model.state_dict().items()}
    payload = save(tensors, metadata={CONFIG_METADATA_KEY: json.dumps(config, default=str)})
    return _write(path, payload)


class _Activated(nn.Module):
    """What the ONNX graph computes: the model's head outputs, activated as its config reads them."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: Tensor) -> Tensor:
        return self.model.activate(self.model(x))


def export_onnx(path: str | os.PathLike[str], model: Any) -> Path:
    """Write an ONNX graph of ``model`` (lstm, gru or rnn cells); see the module docstring."""
    config = model.config
    if config.cell not in ONNX_CELLS:
        raise ExportError(path, f"a {config.cell} cell runs step by step and has no ONNX operator: export "
                                f"{', '.join(ONNX_CELLS)} models to ONNX, or this one to .safetensors")
    model = model.to("cpu").eval()
    example = (torch.zeros(1, 3, dtype=torch.int64) if config.vocab_size
               else torch.zeros(1, 3, config.input_size))
    axes = {0: "batch", 1: "steps"}
    output_axes = axes if config.head != "last" else {0: "batch"}
    stream = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's deprecation and batch-size notices
            torch.onnx.export(_Activated(model), (example,), stream, dynamo=False, input_names=["x"],
                              output_names=["y"], dynamic_axes={"x": axes, "y": output_axes},
                              opset_version=ONNX_OPSET, do_constant_folding=True)
    except Exception as error:  # noqa: BLE001 - the exporter's failure, as one line
        raise ExportError(path, f"torch.onnx.export failed ({str(error).splitlines()[0][:160]})") from None
    return _write(path, stream.getvalue())


def _write(path: str | os.PathLike[str], payload: bytes) -> Path:
    path = Path(path)
    try:
        with atomic_write(path) as stream:
            stream.write(payload)
    except IsADirectoryError:
        raise ExportError(path, "is a folder; give a file name") from None
    except OSError as error:
        raise ExportError(path, f"cannot write ({error.strerror or error})") from None
    return path
