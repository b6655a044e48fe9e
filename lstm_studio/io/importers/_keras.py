"""Keras models: Keras 3 ``.keras`` archives and legacy ``.h5`` files (Keras 2, tf.keras 2, Keras 3).

Keras stores kernels as ``[inputs, gates * units]`` (PyTorch: ``[gates * hidden, inputs]``), so
every matrix is transposed. LSTM gates are i, f, c, o in both: no reordering. GRU gates are
z, r, h in Keras and r, z, n in PyTorch; Keras' ``reset_after=True`` GRU keeps an input and a
recurrent bias (``bias`` [2, 3H]), exactly PyTorch's ``bias_ih`` and ``bias_hh``.
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import _h5
from ._gates import KERAS_ORDER, TORCH_ORDER, reorder_rows
from ._keras_config import KerasLayer, KerasPlan, plan_from_config
from ._result import GATES, ImportedModel, ModelImportError, finish, make_config, zero_bias
from ._zip import open_checked_zip, read_member

MAX_CONFIG_BYTES = 16 << 20
MAX_WEIGHTS_FILE_BYTES = 2 << 30

# Reads one weight of a layer: (layer, index 0/1/2 = kernel/recurrent_kernel/bias, expected shape) -> array
WeightReader = Callable[[KerasLayer, int, "tuple[int, ...] | None"], np.ndarray]
_WEIGHT_NAMES = {"recurrent": ("kernel", "recurrent_kernel", "bias"), "dense": ("kernel", "bias")}


def import_keras_archive(path: Path) -> ImportedModel:
    """Import a Keras 3 ``.keras`` zip (``config.json`` + ``model.weights.h5``)."""
    with open_checked_zip(path) as archive:
        names = set(archive.namelist())
        if "config.json" not in names or "model.weights.h5" not in names:
            raise ModelImportError(path, "zip archive is not a Keras 3 model (needs config.json and model.weights.h5)")
        config = _parse_json(path, read_member(path, archive, "config.json", MAX_CONFIG_BYTES), "config.json")
        plan = plan_from_config(path, config)
        weights = read_member(path, archive, "model.weights.h5", MAX_WEIGHTS_FILE_BYTES)
    with _h5.open_h5(io.BytesIO(weights), path) as store:
        def read(layer: KerasLayer, index: int, expected: tuple[int, ...] | None) -> np.ndarray:
            inner = "cell/vars" if layer.class_name != "Dense" else "vars"
            return _read(store, f"layers/{layer.weights_key}/{inner}/{index}", path, expected)
        return _assemble(path, plan, read, "keras3")


def import_keras_h5(path: Path) -> ImportedModel:
    """Import a legacy whole-model ``.h5`` (``model.save("x.h5")``) from Keras 2, tf.keras or Keras 3."""
    with _h5.open_h5(path, path) as store:
        raw_config = _h5.read_attribute(store, "model_config", path)
        if raw_config is None:
            raise ModelImportError(path, "HDF5 file holds weights only, no model architecture "
                                         "(saved with save_weights?): save the whole model instead")
        plan = plan_from_config(path, _parse_json(path, _h5.as_text(raw_config), "model_config"))
        version = _h5.as_text(_h5.read_attribute(store, "keras_version", path) or "")
        weights = _h5.child(store, "model_weights", path) if "model_weights" in store else store

        def read(layer: KerasLayer, index: int, expected: tuple[int, ...] | None) -> np.ndarray:
            group = _h5.child(weights, layer.name, path)
            names = _h5.as_text_list(_h5.read_attribute(group, "weight_names", path))
            wanted = _WEIGHT_NAMES["dense" if layer.class_name == "Dense" else "recurrent"][index]
            matches = [n for n in names if n.split("/")[-1].split(":")[0] == wanted]
            if len(matches) != 1:
                raise ModelImportError(path, f"layer {layer.name!r} has no single {wanted} weight (has {names[:4]})")
            return _read(group, matches[0], path, expected)

        source = "keras3-h5" if version.startswith("3") else "keras2-h5"
        return _assemble(path, plan, read, source)


def _parse_json(path: Path, raw: bytes | str, what: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise ModelImportError(path, f"{what} is not valid JSON ({error})") from None


def _read(group: Any, name: str, path: Path, expected: tuple[int, ...] | None) -> np.ndarray:
    if expected is None:
        return _h5.read_dataset(group, name, path)
    shape = _h5.dataset_shape(group, name, path)
    if shape != expected:
        raise ModelImportError(path, f"{name} has shape {list(shape)}, the config implies {list(expected)}")
    return _h5.read_dataset(group, name, path, expected)


def _assemble(path: Path, plan: KerasPlan, read: WeightReader, source_format: str) -> ImportedModel:
    cell, hidden = plan.cell, int(plan.recurrent[0].config["units"])
    input_size = _input_size(path, plan, read)
    tensors: dict[str, np.ndarray] = {}
    for index, layer in enumerate(plan.recurrent):
        inputs = input_size if index == 0 else hidden
        tensors.update(_recurrent_tensors(path, plan, layer, index, inputs, read))
    output_size = 0
    notes = list(plan.notes)
    if plan.dense is not None:
        output_size = int(plan.dense.config.get("units", 0))
        tensors.update(_dense_tensors(path, plan.dense, hidden, output_size, read))
    if cell == "gru":
        notes.append("GRU gates reordered from Keras z, r, h to PyTorch r, z, n; bias rows split into "
                     "input and recurrent biases (reset_after=True)")
    else:
        notes.append("kernels transposed; Keras keeps PyTorch's gate order, so no gate was reordered")
    where = {"every": "on every step", "last": "on the last step", "none": "none"}[plan.head]
    notes.append(f"head {where} ({plan.head_activation})")
    config = make_config(path, cell=cell, input_size=input_size, hidden_size=hidden, num_layers=len(plan.recurrent),
                         output_size=output_size, head=plan.head, head_activation=plan.head_activation,
                         source_format=source_format)
    return finish(path, config, tensors, notes)


def _input_size(path: Path, plan: KerasPlan, read: WeightReader) -> int:
    """The first layer's kernel rows; it must agree with the Input layer's shape when there is one."""
    kernel = read(plan.recurrent[0], 0, None)
    if kernel.ndim != 2:
        raise ModelImportError(path, f"layer {plan.recurrent[0].name!r} kernel has shape {list(kernel.shape)}")
    if plan.declared_input_size is not None and plan.declared_input_size != kernel.shape[0]:
        raise ModelImportError(path, f"Input layer declares {plan.declared_input_size} features but "
                                     f"{plan.recurrent[0].name!r} reads {kernel.shape[0]}")
    return int(kernel.shape[0])


def _recurrent_tensors(path: Path, plan: KerasPlan, layer: KerasLayer, index: int, inputs: int,
                       read: WeightReader) -> dict[str, np.ndarray]:
    cell, hidden = plan.cell, int(layer.config["units"])
    rows = GATES[cell] * hidden
    kernel = read(layer, 0, (inputs, rows))
    recurrent_kernel = read(layer, 1, (hidden, rows))
    if layer.config.get("use_bias", True):
        bias = read(layer, 2, (2, rows) if cell == "gru" else (rows,))
    else:
        bias = np.zeros((2, rows) if cell == "gru" else (rows,), np.float32)
    bias_ih, bias_hh = (bias[0], bias[1]) if cell == "gru" else (bias, zero_bias(rows))
    source, target = KERAS_ORDER[cell], TORCH_ORDER[cell]
    return {
        f"{cell}.weight_ih_l{index}": reorder_rows(kernel.T, source, target),
        f"{cell}.weight_hh_l{index}": reorder_rows(recurrent_kernel.T, source, target),
        f"{cell}.bias_ih_l{index}": reorder_rows(bias_ih, source, target),
        f"{cell}.bias_hh_l{index}": reorder_rows(bias_hh, source, target),
    }


def _dense_tensors(path: Path, dense: KerasLayer, hidden: int, output_size: int,
                   read: WeightReader) -> dict[str, np.ndarray]:
    kernel = read(dense, 0, (hidden, output_size))
    bias = read(dense, 1, (output_size,)) if dense.config.get("use_bias", True) else zero_bias(output_size)
    return {"head.weight": kernel.T, "head.bias": bias}


def is_keras_archive(names: set[str]) -> bool:
    """Whether a zip's member names are those of a Keras 3 ``.keras`` file."""
    return "config.json" in names and "model.weights.h5" in names

