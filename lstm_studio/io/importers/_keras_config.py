"""Reading a Keras model config (Keras 2, tf.keras 2 and Keras 3) into a plan of what to import.

Only what ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` + ``nn.Linear`` can reproduce is accepted: a
single chain of layers, optional input/masking/dropout layers, stacked recurrent layers of one
kind and width, and at most one Dense head with an optional activation. Anything else is refused
with one line naming the layer, never imported into wrong numbers.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ._result import ModelImportError

RECURRENT = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "rnn"}
SKIPPED = {"InputLayer", "Dropout", "SpatialDropout1D", "GaussianDropout", "GaussianNoise",
           "AlphaDropout", "ActivityRegularization"}
HEAD_ACTIVATIONS = {"softmax": "softmax", "sigmoid": "sigmoid", "linear": "linear", None: "linear"}
REFUSAL_HINTS = {
    "Bidirectional": "bidirectional layers have no nn.LSTM equivalent here",
    "TimeDistributed": "use a plain Dense, which Keras applies to every step",
    "Embedding": "embedding layers are not supported",
    "CuDNNLSTM": "CuDNNLSTM stores two biases per gate in its own layout",
    "CuDNNGRU": "CuDNNGRU stores its biases in its own layout",
}


@dataclass
class KerasLayer:
    """One weighted layer to import: a recurrent layer or the Dense head."""

    name: str          # the layer's own name (the legacy .h5 group)
    class_name: str
    weights_key: str   # the Keras 3 .keras group under layers/ (snake_case class name + counter)
    config: dict[str, Any]


@dataclass
class KerasPlan:
    """What a Keras config describes, in LSTM Studio's terms."""

    cell: str
    recurrent: list[KerasLayer]
    dense: KerasLayer | None
    head: str
    head_activation: str
    declared_input_size: int | None
    notes: list[str] = field(default_factory=list)


def plan_from_config(path: str | os.PathLike[str], model_config: Any) -> KerasPlan:
    """Check a Keras model config and say which layers to import and how.

    Parameters
    ----------
    path : path-like
        The file, for error messages.
    model_config : dict
        ``{"class_name": "Sequential" | "Functional" | "Model", "config": {"layers": [...]}}``.
    """
    layers = _layer_list(path, model_config)
    builder = _PlanBuilder(path)
    for layer, key in zip(layers, _weights_keys(layers), strict=True):
        builder.add(layer, key)
    return builder.finish(_declared_input_size(layers))


def _layer_list(path: str | os.PathLike[str], model_config: Any) -> list[dict[str, Any]]:
    if not isinstance(model_config, dict) or not isinstance(model_config.get("config"), dict):
        raise ModelImportError(path, "Keras model config is missing or not a dictionary")
    kind = model_config.get("class_name")
    layers = model_config["config"].get("layers")
    if kind not in ("Sequential", "Functional", "Model") or not isinstance(layers, list):
        raise ModelImportError(path, f"Keras model of class {kind!r} is not supported "
                                     "(only Sequential and single-chain functional models)")
    if not all(isinstance(layer, dict) and isinstance(layer.get("config"), dict) for layer in layers):
        raise ModelImportError(path, "Keras model config has a malformed layer entry")
    if kind != "Sequential":
        _check_single_chain(path, layers)
    return layers


def _check_single_chain(path: str | os.PathLike[str], layers: list[dict[str, Any]]) -> None:
    """A functional model is accepted when each layer reads only the layer before it."""
    previous = None
    for layer in layers:
        inbound = _inbound_names(layer.get("inbound_nodes"))
        name = layer["config"].get("name", layer.get("name"))
        expected = [] if previous is None else [previous]
        if inbound != expected:
            raise ModelImportError(path, f"layer {name!r} does not simply follow {previous!r}: "
                                         "only a single chain of layers can be imported")
        previous = name


def _inbound_names(nodes: Any) -> list[str]:
    """Layer names feeding a layer, from Keras 3 (``keras_history``) or Keras 2 (nested lists)."""
    names: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            history = value.get("config", {}).get("keras_history") if isinstance(value.get("config"), dict) else None
            if isinstance(history, list) and history:
                names.append(str(history[0]))
                return
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            if len(value) >= 3 and isinstance(value[0], str) and isinstance(value[1], int):
                names.append(value[0])  # Keras 2: [layer_name, node_index, tensor_index, kwargs]
                return
            for item in value:
                visit(item)

    visit(nodes or [])
    return names


def _weights_keys(layers: list[dict[str, Any]]) -> list[str]:
    """Keras 3 names each layer's group by its class in snake_case, numbered per class in order."""
    used: dict[str, int] = {}
    keys = []
    for layer in layers:
        base = _snake_case(str(layer.get("class_name", "")))
        keys.append(base if base not in used else f"{base}_{used[base] + 1}")
        used[base] = used[base] + 1 if base in used else 0
    return keys


def _snake_case(name: str) -> str:
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _declared_input_size(layers: list[dict[str, Any]]) -> int | None:
    for layer in layers:
        config = layer["config"]
        for key in ("batch_shape", "batch_input_shape"):
            shape = config.get(key)
            if isinstance(shape, list) and shape and isinstance(shape[-1], int):
                return shape[-1]
    return None


def activation_name(value: Any) -> str | None:
    """An activation as Keras stored it (a name, or a serialized function) as a plain name."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        inner = value.get("config")
        if isinstance(inner, str):
            return inner
        if isinstance(inner, dict) and isinstance(inner.get("name"), str):
            return inner["name"]
        return str(value.get("class_name"))
    return str(value)


class _PlanBuilder:
    """Walks the layers in order and collects the recurrent stack and the head."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self.recurrent: list[KerasLayer] = []
        self.dense: KerasLayer | None = None
        self.head_activation = "none"
        self.notes: list[str] = []

    def add(self, layer: dict[str, Any], key: str) -> None:
        class_name = str(layer.get("class_name"))
        config = layer["config"]
        name = str(config.get("name", key))
        if class_name in SKIPPED:
            return
        if class_name == "Masking":
            self.notes.append(f"Masking layer {name!r} skipped: steps equal to mask_value are read like any other")
        elif class_name in RECURRENT:
            self._add_recurrent(KerasLayer(name, class_name, key, config))
        elif class_name == "Dense":
            self._add_dense(KerasLayer(name, class_name, key, config))
        elif class_name in ("Activation", "Softmax"):
            activation = "softmax" if class_name == "Softmax" else activation_name(config.get("activation"))
            self._add_activation(name, activation)
        else:
            hint = REFUSAL_HINTS.get(class_name, "only LSTM, GRU, SimpleRNN and one Dense head can be imported")
            raise ModelImportError(self.path, f"layer {name!r} ({class_name}) is not supported: {hint}")

    def _add_recurrent(self, layer: KerasLayer) -> None:
        if self.dense is not None:
            raise ModelImportError(self.path, f"layer {layer.name!r} follows the Dense head: not supported")
        _check_recurrent(self.path, layer)
        if self.recurrent:
            first, last = self.recurrent[0], self.recurrent[-1]
            if layer.class_name != first.class_name:
                raise ModelImportError(self.path, f"layer {layer.name!r} is a {layer.class_name} after a "
                                                  f"{first.class_name}: mixed cell kinds are not supported")
            if layer.config.get("units") != first.config.get("units"):
                raise ModelImportError(self.path, f"layer {layer.name!r} has {layer.config.get('units')} units, "
                                                  f"{first.name!r} has {first.config.get('units')}: "
                                                  "stacked layers must have one width")
            if not last.config.get("return_sequences", False):
                raise ModelImportError(self.path, f"layer {last.name!r} returns only its last step but "
                                                  f"{layer.name!r} is stacked on it")
        self.recurrent.append(layer)

    def _add_dense(self, layer: KerasLayer) -> None:
        if not self.recurrent:
            raise ModelImportError(self.path, f"Dense layer {layer.name!r} comes before any recurrent layer")
        if self.dense is not None:
            raise ModelImportError(self.path, f"a second Dense layer {layer.name!r}: only one dense head "
                                              "can be imported")
        self.dense = layer
        self.head_activation = self._head_activation(layer.name, activation_name(layer.config.get("activation")))

    def _add_activation(self, name: str, activation: str | None) -> None:
        if self.dense is None or self.head_activation != "linear":
            raise ModelImportError(self.path, f"activation layer {name!r} is not directly after a linear Dense head")
        self.head_activation = self._head_activation(name, activation)

    def _head_activation(self, name: str, activation: str | None) -> str:
        if activation not in HEAD_ACTIVATIONS:
            raise ModelImportError(self.path, f"layer {name!r} uses activation {activation!r}: only softmax, "
                                              "sigmoid or linear heads are supported")
        return HEAD_ACTIVATIONS[activation]

    def finish(self, declared_input_size: int | None) -> KerasPlan:
        if not self.recurrent:
            raise ModelImportError(self.path, "no LSTM, GRU or SimpleRNN layer in this Keras model")
        last = self.recurrent[-1]
        if self.dense is None:
            head = "none"
        else:
            head = "every" if last.config.get("return_sequences", False) else "last"
        cell = RECURRENT[last.class_name]
        return KerasPlan(cell, self.recurrent, self.dense, head, self.head_activation if self.dense else "none",
                         declared_input_size, self.notes)


def _check_recurrent(path: str | os.PathLike[str], layer: KerasLayer) -> None:
    """Refuse settings that nn.LSTM/GRU/RNN would compute differently."""
    config, name = layer.config, layer.name
    activation = activation_name(config.get("activation", "tanh"))
    if activation != "tanh":
        raise ModelImportError(path, f"layer {name!r} uses activation {activation!r}: only tanh is supported")
    if layer.class_name != "SimpleRNN":
        recurrent_activation = activation_name(config.get("recurrent_activation", "sigmoid"))
        if recurrent_activation != "sigmoid":
            raise ModelImportError(path, f"layer {name!r} uses recurrent_activation {recurrent_activation!r}: "
                                         "only sigmoid gates are supported (hard_sigmoid was the default "
                                         "before Keras 2.3)")
    if config.get("go_backwards"):
        raise ModelImportError(path, f"layer {name!r} reads the sequence backwards (go_backwards): not supported")
    if layer.class_name == "GRU" and not config.get("reset_after", False):
        raise ModelImportError(path, f"GRU layer {name!r} has reset_after=False (reset gate before the "
                                     "recurrent matmul), which nn.GRU cannot express")
    if not isinstance(config.get("units"), int) or config["units"] < 1:
        raise ModelImportError(path, f"layer {name!r} has a bad units value {config.get('units')!r}")
