"""PyTorch ``state_dict`` files (``torch.save``, loaded only with ``weights_only=True``) and
``.safetensors`` files of one ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` and an optional ``nn.Linear``.

The cell kind comes from the shapes: ``weight_hh_l0`` is ``[4H, H]`` for an LSTM, ``[3H, H]``
for a GRU and ``[H, H]`` for a plain RNN. Module names do not matter (``rnn.``, ``encoder.lstm.``),
and the ``module.`` (DistributedDataParallel) and ``_orig_mod.`` (torch.compile) wrappers are
removed. Every tensor must be placed; anything left over is refused rather than ignored.
"""
from __future__ import annotations

import json
import pickle
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ._result import GATES, ImportedModel, ModelImportError, check_declared, finish, make_config, zero_bias
from ._zip import open_checked_zip

_RECURRENT_KEY = re.compile(r"^(?P<prefix>(?:.*\.)?)(?P<param>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)"
                            r"_l(?P<layer>\d+)(?P<reverse>_reverse)?$")
_KIND_BY_RATIO = {4: "lstm", 3: "gru", 1: "rnn"}
_WRAPPER_KEYS = ("state_dict", "model_state_dict", "model", "net", "network", "weights")
CONFIG_METADATA_KEY = "lstm_studio_config"
WHOLE_MODEL_ADVICE = ("refused: this is a whole pickled model (torch.save(model)), which loads only by running "
                      "its code; LSTM Studio loads with torch.load(weights_only=True). Save the weights instead: "
                      "torch.save(model.state_dict(), 'model.pt')")
_ITEMSIZE = {"F16": 2, "BF16": 2, "F32": 4, "F64": 8}


def import_torch_file(path: Path) -> ImportedModel:
    """Import a ``torch.save`` file holding a state_dict (or a dict wrapping one)."""
    if zipfile.is_zipfile(path):
        with open_checked_zip(path) as archive:
            names = archive.namelist()
        if any(name.endswith("constants.pkl") or "/code/" in name for name in names):
            raise ModelImportError(path, "refused: a TorchScript archive (torch.jit.save) runs code; "
                                         "save model.state_dict() with torch.save instead")
    raw = _torch_load(path)
    state, hint = _unwrap(path, raw)
    return from_state_dict(path, state, "pytorch", hint)


def _torch_load(path: Path) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        message = str(error)
        if "GLOBAL" in message or "global" in message.lower():
            raise ModelImportError(path, WHOLE_MODEL_ADVICE) from None
        raise ModelImportError(path, "not a PyTorch file (unreadable pickle data)") from None
    except (zipfile.BadZipFile, EOFError) as error:
        raise ModelImportError(path, f"PyTorch file is truncated or damaged ({type(error).__name__})") from None
    except MemoryError:
        raise ModelImportError(path, "PyTorch file declares more data than fits in memory") from None
    except Exception as error:  # noqa: BLE001 - torch raises RuntimeError/ValueError/... for damaged files
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
        raise ModelImportError(path, f"not a readable PyTorch file ({first})") from None


def _unwrap(path: Path, raw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The state_dict inside a file, and any config saved beside it (LSTM Studio checkpoints, trainers' dicts)."""
    if not isinstance(raw, dict):
        raise ModelImportError(path, f"holds a {type(raw).__name__}, not a state_dict")
    hint = raw.get("config") if isinstance(raw.get("config"), dict) else {}
    if not any(isinstance(value, torch.Tensor) for value in raw.values()):
        for key in _WRAPPER_KEYS:
            if isinstance(raw.get(key), dict):
                return raw[key], hint
        raise ModelImportError(path, f"holds no tensors (keys: {', '.join(map(str, list(raw)[:5]))})")
    return raw, hint


def import_safetensors(path: Path) -> ImportedModel:
    """Import a ``.safetensors`` file; a JSON config under metadata key ``lstm_studio_config`` is used if present."""
    try:
        from safetensors import safe_open
    except ImportError:
        raise ModelImportError(path, "reading .safetensors needs safetensors: "
                                     "pip install h5py onnx safetensors (LSTM Studio's dependencies)") from None
    try:
        with safe_open(str(path), framework="pt") as store:
            metadata = store.metadata() or {}
            tensors = {}
            for key in store.keys():
                view = store.get_slice(key)
                check_declared(path, key, tuple(view.get_shape()), _ITEMSIZE.get(view.get_dtype(), 8))
                tensors[key] = store.get_tensor(key)
    except ModelImportError:
        raise
    except Exception as error:  # noqa: BLE001 - SafetensorError for a malformed header or truncated data
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
        raise ModelImportError(path, f"not a readable safetensors file ({first})") from None
    hint: dict[str, Any] = {}
    if CONFIG_METADATA_KEY in metadata:
        try:
            hint = json.loads(metadata[CONFIG_METADATA_KEY])
        except ValueError:
            raise ModelImportError(path, f"metadata {CONFIG_METADATA_KEY!r} is not valid JSON") from None
        if not isinstance(hint, dict):
            raise ModelImportError(path, f"metadata {CONFIG_METADATA_KEY!r} is not a JSON object")
    return from_state_dict(path, tensors, "safetensors", hint)


def _normalise_keys(path: Path, state: dict[str, Any], notes: list[str]) -> dict[str, torch.Tensor]:
    """Drop DDP's ``module.`` and torch.compile's ``_orig_mod.`` from every name; keep tensors only."""
    tensors: dict[str, torch.Tensor] = {}
    stripped = False
    for key, value in state.items():
        if not isinstance(value, torch.Tensor):
            raise ModelImportError(path, f"entry {key!r} is a {type(value).__name__}, not a tensor")
        name = str(key).replace("._orig_mod.", ".")
        while name.startswith(("module.", "_orig_mod.")):
            name = name.split(".", 1)[1]
        stripped = stripped or name != key
        if name in tensors:
            raise ModelImportError(path, f"two tensors are both named {name!r} once wrappers are removed")
        tensors[name] = value
    if stripped:
        notes.append("module./_orig_mod. wrapper prefixes (DataParallel, torch.compile) removed from names")
    return tensors


def from_state_dict(path: Path, state: dict[str, Any], source_format: str,
                    hint: dict[str, Any] | None = None) -> ImportedModel:
    """Infer the network from a state_dict's names and shapes and convert it."""
    notes: list[str] = []
    tensors = _normalise_keys(path, state, notes)
    prefix, layers = _recurrent_module(path, tensors)
    kind, hidden = _cell_kind(path, tensors, prefix, notes)
    converted, used = _recurrent_tensors(path, tensors, prefix, layers, kind, hidden, notes)
    head_tensors = _head(path, {k: v for k, v in tensors.items() if k not in used}, hidden)
    converted.update(head_tensors)
    hint = hint or {}
    output_size = head_tensors["head.weight"].shape[0] if head_tensors else 0
    head, activation = _head_kind(hint, output_size, notes)
    config = make_config(path, cell=kind, input_size=converted[f"{kind}.weight_ih_l0"].shape[1], hidden_size=hidden,
                         num_layers=layers, output_size=output_size, head=head, head_activation=activation,
                         source_format=source_format)
    return finish(path, config, converted, notes)


def _recurrent_module(path: Path, tensors: dict[str, torch.Tensor]) -> tuple[str, int]:
    """The one module prefix holding ``weight_ih_l*`` and its number of layers."""
    prefixes: dict[str, set[int]] = {}
    for name in tensors:
        match = _RECURRENT_KEY.match(name)
        if not match:
            continue
        layer_name = f"{match['prefix']}{match['param']}_l{match['layer']}{match['reverse'] or ''}"
        if match["reverse"]:
            raise ModelImportError(path, f"layer {layer_name} belongs to a bidirectional network: not supported")
        if match["param"] == "weight_hr":
            raise ModelImportError(path, f"layer {layer_name} is a projection (nn.LSTM proj_size): not supported")
        if match["param"] == "weight_ih":
            prefixes.setdefault(match["prefix"], set()).add(int(match["layer"]))
    if not prefixes:
        raise ModelImportError(path, "no recurrent weights (weight_ih_l0) found: not an nn.LSTM/GRU/RNN state_dict")
    if len(prefixes) > 1:
        names = ", ".join(p.rstrip(".") or "(top level)" for p in sorted(prefixes))
        raise ModelImportError(path, f"several recurrent modules ({names}): only one can be imported")
    prefix, layers = next(iter(prefixes.items()))
    if sorted(layers) != list(range(len(layers))):
        raise ModelImportError(path, f"{prefix}weight_ih layers are numbered {sorted(layers)}, "
                                     f"not 0 to {len(layers) - 1}")
    return prefix, len(layers)


def _cell_kind(path: Path, tensors: dict[str, torch.Tensor], prefix: str, notes: list[str]) -> tuple[str, int]:
    weight_hh = tensors.get(f"{prefix}weight_hh_l0")
    if weight_hh is None or weight_hh.ndim != 2 or weight_hh.shape[1] == 0:
        raise ModelImportError(path, f"{prefix}weight_hh_l0 is missing or not a matrix")
    rows, hidden = int(weight_hh.shape[0]), int(weight_hh.shape[1])
    kind = _KIND_BY_RATIO.get(rows // hidden) if rows % hidden == 0 else None
    if kind is None:
        raise ModelImportError(path, f"{prefix}weight_hh_l0 has shape {[rows, hidden]}: not 4H (LSTM), 3H (GRU) "
                                     "or H (RNN) rows")
    module = prefix.rstrip(".").split(".")[-1].lower()
    named = next((k for k in ("lstm", "gru") if k in module), None)  # "rnn" is a common name for any cell
    if named and named != kind:
        notes.append(f"module {prefix.rstrip('.')!r} is named like a {named.upper()} but its shapes are a "
                     f"{kind.upper()}'s; the shapes decide")
    notes.append(f"cell kind {kind.upper()} inferred from {prefix}weight_hh_l0 {[rows, hidden]}")
    if kind == "rnn":
        notes.append("nn.RNN assumed to use tanh (a state_dict does not record nonlinearity='relu')")
    return kind, hidden


def _recurrent_tensors(path: Path, tensors: dict[str, torch.Tensor], prefix: str, layers: int, kind: str,
                       hidden: int, notes: list[str]) -> tuple[dict[str, np.ndarray], set[str]]:
    rows = GATES[kind] * hidden
    converted: dict[str, np.ndarray] = {}
    used: set[str] = set()
    missing_bias = False
    for layer in range(layers):
        for param in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            source = f"{prefix}{param}_l{layer}"
            target = f"{kind}.{param}_l{layer}"
            if source in tensors:
                converted[target] = _as_array(path, source, tensors[source])
                used.add(source)
            elif param.startswith("bias"):
                converted[target] = zero_bias(rows)
                missing_bias = True
            else:
                raise ModelImportError(path, f"{source} is missing")
    if missing_bias:
        notes.append("no recurrent biases saved (bias=False): zeros used")
    return converted, used


def _as_array(path: Path, name: str, tensor: torch.Tensor) -> np.ndarray:
    if not tensor.is_floating_point():
        raise ModelImportError(path, f"{name} holds {tensor.dtype}, not floating point numbers")
    return tensor.detach().to("cpu", torch.float32).numpy()


def _head(path: Path, rest: dict[str, torch.Tensor], hidden: int) -> dict[str, np.ndarray]:
    """The one nn.Linear reading ``hidden`` features; any other leftover tensor is refused."""
    if not rest:
        return {}
    weights = [k for k, v in rest.items() if k.endswith("weight") and v.ndim == 2 and v.shape[1] == hidden]
    embedding = [k for k in rest if "embed" in k.lower()]
    if embedding:
        raise ModelImportError(path, f"{embedding[0]}: embedding layers are not supported")
    if len(weights) != 1:
        raise ModelImportError(path, f"tensors not understood: {', '.join(sorted(rest)[:4])} (only one recurrent "
                                     "module and one Linear head on its output can be imported)")
    weight_name = weights[0]
    bias_name = weight_name[: -len("weight")] + "bias"
    leftovers = sorted(set(rest) - {weight_name, bias_name})
    if leftovers:
        raise ModelImportError(path, f"tensors not understood besides the head {weight_name}: "
                                     f"{', '.join(leftovers[:4])}")
    weight = _as_array(path, weight_name, rest[weight_name])
    bias = _as_array(path, bias_name, rest[bias_name]) if bias_name in rest else zero_bias(weight.shape[0])
    if bias.shape != (weight.shape[0],):
        raise ModelImportError(path, f"{bias_name} has shape {list(bias.shape)}, expected [{weight.shape[0]}]")
    return {"head.weight": weight, "head.bias": bias}


def _head_kind(hint: dict[str, Any], output_size: int, notes: list[str]) -> tuple[str, str]:
    if not output_size:
        return "none", "none"
    head, activation = hint.get("head"), hint.get("head_activation")
    if head in ("last", "every") and activation in ("softmax", "sigmoid", "linear"):
        notes.append(f"head {head} ({activation}) taken from the saved config")
        return head, activation
    notes.append("a state_dict does not say where the head reads or its activation: assumed the last step, "
                 "outputs as logits")
    return "last", "linear"
