"""TensorFlow 1 checkpoints of ``BasicLSTMCell`` / ``LSTMCell`` networks (``tf.train.Saver``).

A TF1 LSTM cell keeps one kernel ``[inputs + hidden, 4 * hidden]`` acting on ``[x, h]`` and one
bias, with gates in the order i, j, f, o (j is the cell candidate, PyTorch's g), and adds
``forget_bias`` (1.0 unless the cell was built with another value) to the forget gate at run
time; it is not stored in the checkpoint. The importer transposes and splits the kernel into
input and recurrent parts, reorders the gates to i, f, g, o, and adds ``forget_bias`` to the
forget rows of ``bias_ih``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._gates import TF1_LSTM_ORDER, TORCH_ORDER, gate_block, reorder_rows
from ._result import ImportedModel, ModelImportError, check_declared, finish, make_config, zero_bias
from ._tf_index import BundleEntry, BundleHeader, IndexFormatError, masked_crc32c, read_bundle_index

MAX_INDEX_BYTES = 64 << 20
MAX_CRC_BYTES = 64 << 20   # pure-Python CRC32C runs at ~10 MB/s; larger tensors are size-checked only
DATA_SUFFIX = re.compile(r"\.data-\d{5}-of-\d{5}$")
_NUMPY_DTYPES = {1: "f4", 2: "f8", 19: "f2"}
_CELL_VARIABLE = re.compile(r"^(?P<scope>(?:.*/)?)(?P<cell>basic_lstm_cell|lstm_cell)/"
                            r"(?P<var>kernel|bias|weights|biases)$")
_LAYER = re.compile(r"(?:^|/)cell_(\d+)/$")
# Dense heads after the last step: (kernel name pattern, bias name built from the kernel's match)
HEAD_PATTERNS = (
    (re.compile(r"^(?P<stem>(?:.*/)?dense(?:_\d+)?)/kernel$"), "{stem}/bias"),
    (re.compile(r"^(?P<stem>(?:.*/)?softmax)_w$"), "{stem}_b"),
    (re.compile(r"^(?P<stem>(?:.*/)?out)_weights$"), "{stem}_bias"),
)
UNSUPPORTED = (
    (re.compile(r"(?:^|/)(?:fw|bw)/"), "bidirectional networks (fw/bw scopes) are not supported"),
    (re.compile(r"lstm_cell/w_[ifo]_diag$"), "peephole connections (use_peepholes=True) are not supported"),
    (re.compile(r"lstm_cell/projection/"), "projected LSTM cells (num_proj) are not supported"),
    (re.compile(r"gru_cell/"), "TF1 GRUCell applies the reset gate before the recurrent matmul, which nn.GRU "
                               "cannot express"),
)


@dataclass
class _Checkpoint:
    prefix: Path
    header: BundleHeader
    entries: dict[str, BundleEntry]
    display: Path


def checkpoint_prefix(path: Path) -> Path:
    """The checkpoint prefix for a prefix, its ``.index`` or one of its ``.data-*`` shards."""
    name = path.name
    if name.endswith(".index"):
        return path.with_name(name[: -len(".index")])
    if DATA_SUFFIX.search(name):
        return path.with_name(DATA_SUFFIX.sub("", name))
    return path


def import_tf1_checkpoint(path: Path, forget_bias: float | None = None) -> ImportedModel:
    """Import a TF1 checkpoint whose network is a (Multi)RNN of LSTM cells, plus a dense head."""
    checkpoint = _open(path)
    _refuse_unsupported(checkpoint)
    layers = _cell_layers(checkpoint)
    forget = 1.0 if forget_bias is None else float(forget_bias)
    tensors: dict[str, np.ndarray] = {}
    input_size = hidden = 0
    for index, scope in layers.items():
        kernel, bias = _layer_arrays(checkpoint, scope, index)
        hidden = bias.shape[0] // 4
        if index == 0:
            input_size = kernel.shape[0] - hidden
        tensors.update(_convert_layer(index, kernel, bias, hidden, forget))
    head = _head(checkpoint, hidden)
    notes = [f"{len(layers)} TF1 LSTM cell(s) ({', '.join(layers.values())})",
             "kernel [x, h] split into weight_ih and weight_hh; gates reordered from i, j, f, o to i, f, g, o",
             f"forget_bias {forget:g} added to b_f (TF1 adds it at run time; it is not stored)"]
    output_size = 0
    if head is not None:
        name, weight, bias_vector = head
        output_size = weight.shape[1]
        tensors.update({"head.weight": weight.T, "head.bias": bias_vector})
        notes.append(f"dense head {name} read as applied to the last step's h; its activation is not stored, "
                     "so outputs are logits")
    config = make_config(checkpoint.display, cell="lstm", input_size=input_size, hidden_size=hidden,
                         num_layers=len(layers), output_size=output_size, head="last" if head else "none",
                         head_activation="linear" if head else "none", source_format="tf1-checkpoint")
    return finish(checkpoint.display, config, tensors, notes)


def _open(path: Path) -> _Checkpoint:
    prefix = checkpoint_prefix(path)
    index = prefix.with_name(prefix.name + ".index")
    if not index.is_file():
        raise ModelImportError(path, f"no checkpoint index {index.name} beside it")
    size = index.stat().st_size
    if size > MAX_INDEX_BYTES:
        raise ModelImportError(index, f"checkpoint index is {size} bytes, more than {MAX_INDEX_BYTES >> 20} MiB")
    try:
        header, entries = read_bundle_index(index.read_bytes())
    except IndexFormatError as error:
        raise ModelImportError(index, f"damaged or not a TensorFlow checkpoint index ({error})") from None
    except OSError as error:
        raise ModelImportError(index, f"cannot read ({error.strerror or error})") from None
    return _Checkpoint(prefix, header, entries, path)


def _refuse_unsupported(checkpoint: _Checkpoint) -> None:
    for name in checkpoint.entries:
        for pattern, problem in UNSUPPORTED:
            if pattern.search(name):
                raise ModelImportError(checkpoint.display, f"variable {name}: {problem}")


def _cell_layers(checkpoint: _Checkpoint) -> dict[int, str]:
    """Layer number -> the cell's variable scope (``rnn/multi_rnn_cell/cell_0/basic_lstm_cell``)."""
    scopes: dict[str, str] = {}
    for name in checkpoint.entries:
        match = _CELL_VARIABLE.match(name)
        if match:
            scopes[match["scope"] + match["cell"]] = match["scope"]
    if not scopes:
        raise ModelImportError(checkpoint.display, "no LSTM cell variables found (expected names like "
                                                   "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel)")
    layers: dict[int, str] = {}
    for cell_scope, parent in scopes.items():
        match = _LAYER.search(parent)
        layer = int(match.group(1)) if match else 0
        if layer in layers:
            raise ModelImportError(checkpoint.display, f"several recurrent networks ({layers[layer]}, {cell_scope}): "
                                                       "only one can be imported")
        layers[layer] = cell_scope
    if sorted(layers) != list(range(len(layers))):
        raise ModelImportError(checkpoint.display, f"LSTM layers are numbered {sorted(layers)}, "
                                                   f"not 0 to {len(layers) - 1}")
    return dict(sorted(layers.items()))


def _layer_arrays(checkpoint: _Checkpoint, scope: str, index: int) -> tuple[np.ndarray, np.ndarray]:
    names = {var: f"{scope}/{var}" for var in ("kernel", "bias", "weights", "biases")}
    kernel_name = names["kernel"] if names["kernel"] in checkpoint.entries else names["weights"]
    bias_name = names["bias"] if names["bias"] in checkpoint.entries else names["biases"]
    if bias_name not in checkpoint.entries or kernel_name not in checkpoint.entries:
        raise ModelImportError(checkpoint.display, f"layer {index} ({scope}) lacks its kernel or bias")
    bias = read_tensor(checkpoint, bias_name)
    if bias.ndim != 1 or bias.shape[0] % 4 or bias.shape[0] == 0:
        raise ModelImportError(checkpoint.display, f"{bias_name} has shape {list(bias.shape)}, not [4 * hidden]")
    kernel = read_tensor(checkpoint, kernel_name)
    hidden = bias.shape[0] // 4
    if kernel.ndim != 2 or kernel.shape[1] != 4 * hidden or kernel.shape[0] <= hidden:
        raise ModelImportError(checkpoint.display, f"{kernel_name} has shape {list(kernel.shape)}, "
                                                   f"not [inputs + {hidden}, {4 * hidden}]")
    if index > 0 and kernel.shape[0] != 2 * hidden:
        raise ModelImportError(checkpoint.display, f"{kernel_name} reads {kernel.shape[0] - hidden} inputs, "
                                                   f"the layer below gives {hidden}")
    return kernel, bias


def _convert_layer(index: int, kernel: np.ndarray, bias: np.ndarray, hidden: int,
                   forget_bias: float) -> dict[str, np.ndarray]:
    inputs = kernel.shape[0] - hidden
    weights = reorder_rows(kernel.T, TF1_LSTM_ORDER, TORCH_ORDER["lstm"])   # [4H, inputs + H]
    bias_ih = reorder_rows(bias, TF1_LSTM_ORDER, TORCH_ORDER["lstm"]).astype(np.float32)
    bias_ih[gate_block(bias_ih, TORCH_ORDER["lstm"], "f")] += forget_bias
    return {f"lstm.weight_ih_l{index}": weights[:, :inputs], f"lstm.weight_hh_l{index}": weights[:, inputs:],
            f"lstm.bias_ih_l{index}": bias_ih, f"lstm.bias_hh_l{index}": zero_bias(4 * hidden)}


def _head(checkpoint: _Checkpoint, hidden: int) -> tuple[str, np.ndarray, np.ndarray] | None:
    """The one dense head whose kernel reads ``hidden`` features, if the checkpoint has one."""
    found = []
    for name, entry in checkpoint.entries.items():
        for pattern, bias_template in HEAD_PATTERNS:
            match = pattern.match(name)
            if match and len(entry.shape) == 2 and entry.shape[0] == hidden:
                found.append((name, bias_template.format(stem=match["stem"])))
    if not found:
        return None
    if len(found) > 1:
        raise ModelImportError(checkpoint.display, f"several dense heads ({', '.join(n for n, _ in found)}): "
                                                   "only one can be imported")
    kernel_name, bias_name = found[0]
    kernel = read_tensor(checkpoint, kernel_name)
    if bias_name in checkpoint.entries:
        bias = read_tensor(checkpoint, bias_name)
        if bias.shape != (kernel.shape[1],):
            raise ModelImportError(checkpoint.display, f"{bias_name} has shape {list(bias.shape)}, "
                                                       f"expected [{kernel.shape[1]}]")
    else:
        bias = zero_bias(kernel.shape[1])
    return kernel_name, kernel, bias


def read_tensor(checkpoint: _Checkpoint, name: str) -> np.ndarray:
    """One float tensor from its data shard, after checking dtype, size, bounds and checksum."""
    entry, display = checkpoint.entries[name], checkpoint.display
    if entry.sliced:
        raise ModelImportError(display, f"{name} is saved in slices (partitioned variable): not supported")
    if entry.dtype not in _NUMPY_DTYPES:
        raise ModelImportError(display, f"{name} is {entry.dtype_name}, not floating point")
    itemsize = int(_NUMPY_DTYPES[entry.dtype][1])
    check_declared(display, name, entry.shape, itemsize)
    if entry.size != int(np.prod(entry.shape, dtype=np.int64)) * itemsize:
        raise ModelImportError(display, f"{name} declares {entry.size} bytes for shape {list(entry.shape)}")
    if entry.shard_id >= checkpoint.header.num_shards:
        raise ModelImportError(display, f"{name} points into shard {entry.shard_id} of {checkpoint.header.num_shards}")
    shard = checkpoint.prefix.with_name(
        f"{checkpoint.prefix.name}.data-{entry.shard_id:05d}-of-{checkpoint.header.num_shards:05d}")
    raw = _read_range(display, shard, name, entry)
    if entry.crc32c is not None and entry.size <= MAX_CRC_BYTES and masked_crc32c(raw) != entry.crc32c:
        raise ModelImportError(display, f"{name} fails its checksum in {shard.name} (damaged file)")
    order = ">" if checkpoint.header.big_endian else "<"
    return np.frombuffer(raw, dtype=order + _NUMPY_DTYPES[entry.dtype]).reshape(entry.shape).astype(np.float32)


def _read_range(display: Path, shard: Path, name: str, entry: BundleEntry) -> bytes:
    try:
        size = shard.stat().st_size
    except OSError:
        raise ModelImportError(display, f"data file {shard.name} is missing") from None
    if entry.offset + entry.size > size:
        raise ModelImportError(display, f"{name} lies at bytes {entry.offset}..{entry.offset + entry.size} "
                                        f"but {shard.name} has only {size} (truncated or damaged)")
    try:
        with open(shard, "rb") as stream:
            stream.seek(entry.offset)
            raw = stream.read(entry.size)
    except OSError as error:
        raise ModelImportError(display, f"cannot read {shard.name} ({error.strerror or error})") from None
    if len(raw) != entry.size:
        raise ModelImportError(display, f"{shard.name} ended while reading {name}")
    return raw
