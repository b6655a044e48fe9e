"""``import_model``: recognise a file by its content (not only its name) and hand it to its importer."""
from __future__ import annotations

import os
import re
import struct
from pathlib import Path
from typing import Callable

from ._h5 import has_hdf5_signature
from ._keras import import_keras_archive, import_keras_h5, is_keras_archive
from ._onnx import import_onnx
from ._result import ImportedModel, ModelImportError
from ._tf1 import DATA_SUFFIX, import_tf1_checkpoint
from ._tf_index import TABLE_MAGIC
from ._torch import import_safetensors, import_torch_file
from ._zip import open_checked_zip

HEAD_BYTES = 4096
_CHECKPOINT_LINE = re.compile(r'^model_checkpoint_path:\s*"(?P<prefix>[^"]+)"\s*$', re.MULTILINE)


def import_model(path: str | os.PathLike[str], *, forget_bias: float | None = None) -> ImportedModel:
    """Open a recurrent model saved by PyTorch, Keras, TensorFlow 1 or an ONNX exporter.

    Parameters
    ----------
    path : path-like
        A ``torch.save`` state_dict, a ``.safetensors`` file, a Keras ``.keras`` or ``.h5`` file,
        a TF1 checkpoint (its prefix, ``.index``, ``.data-*`` shard, or its folder), or an ``.onnx`` file.
    forget_bias : float, optional
        For TF1 checkpoints only: the ``forget_bias`` the cells were built with (default 1.0),
        which TF1 adds at run time and does not store.

    Returns
    -------
    ImportedModel
        Config, PyTorch-layout state_dict and notes on what was converted.

    Raises
    ------
    ModelImportError
        For anything missing, malformed, unsafe or unsupported; ``str`` is ``"FILE: problem"``.
    """
    path = Path(path)
    try:
        importer = _choose(path)
        model = importer(path, forget_bias)
    except ModelImportError:
        raise
    except MemoryError:
        raise ModelImportError(path, "the model does not fit in memory") from None
    except Exception as error:  # noqa: BLE001 - a reader's surprise is still one line about this file
        raise ModelImportError(path, f"cannot import ({type(error).__name__}: {error})") from None
    if forget_bias is not None and model.config["source_format"] != "tf1-checkpoint":
        notes = model.notes + (f"forget_bias {forget_bias:g} ignored: only TF1 cells add a forget bias at run time",)
        model = ImportedModel(model.config, model.state_dict, notes)
    return model


Importer = Callable[[Path, "float | None"], ImportedModel]


def _choose(path: Path) -> Importer:
    if not path.exists():
        if path.with_name(path.name + ".index").is_file():
            return import_tf1_checkpoint
        raise ModelImportError(path, "no such file")
    if path.is_dir():
        return _folder(path)
    size = path.stat().st_size
    if size == 0:
        raise ModelImportError(path, "file is empty")
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
        stream.seek(max(size - 8, 0))
        tail = stream.read(8)
    return _by_content(path, head, tail, size)


def _by_content(path: Path, head: bytes, tail: bytes, size: int) -> Importer:
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip_kind(path)
    if has_hdf5_signature(head):
        return lambda p, _: import_keras_h5(p)
    if DATA_SUFFIX.search(path.name):
        return import_tf1_checkpoint
    table_magic = size >= 48 and struct.unpack("<Q", tail)[0] == TABLE_MAGIC
    if path.name.endswith(".index"):
        return import_tf1_checkpoint  # a damaged index is reported as one, not as an unknown file
    if table_magic:
        raise ModelImportError(path, "looks like a TensorFlow checkpoint index but is not named PREFIX.index")
    if _looks_like_safetensors(head, size):
        return lambda p, _: import_safetensors(p)
    if head[:1] == b"\x80":  # a pickle (protocol 2 and later): PyTorch's legacy, non-zip format
        return lambda p, _: import_torch_file(p)
    if path.suffix.lower() == ".onnx" or _looks_like_onnx(head):
        return lambda p, _: import_onnx(p)
    raise ModelImportError(path, _unknown_format(path))


def _zip_kind(path: Path) -> Importer:
    with open_checked_zip(path) as archive:
        names = set(archive.namelist())
    if is_keras_archive(names):
        return lambda p, _: import_keras_archive(p)
    if any(name == "data.pkl" or name.endswith("/data.pkl") for name in names):
        return lambda p, _: import_torch_file(p)
    raise ModelImportError(path, "zip archive is neither a Keras 3 model nor a PyTorch file")


def _looks_like_safetensors(head: bytes, size: int) -> bool:
    if len(head) < 9:
        return False
    header_size = struct.unpack("<Q", head[:8])[0]
    return 2 <= header_size <= size - 8 and head[8:9] == b"{"


def _looks_like_onnx(head: bytes) -> bool:
    """A ModelProto starts with its ir_version (field 1, varint), a small number."""
    return len(head) >= 2 and head[0] == 0x08 and 1 <= head[1] <= 30


def _unknown_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pb":
        return "TensorFlow SavedModel / frozen graph (.pb) is not supported: open a checkpoint or a Keras file"
    if suffix == ".meta":
        return "a TF1 .meta file holds the graph, not the weights: open the checkpoint prefix or its .index"
    return "unrecognised format (not PyTorch, safetensors, Keras, a TensorFlow 1 checkpoint or ONNX)"


def _folder(path: Path) -> Importer:
    """A folder: a TF1 checkpoint folder (``checkpoint`` file or one ``.index``); SavedModels are refused."""
    if (path / "saved_model.pb").exists():
        raise ModelImportError(path, "TensorFlow SavedModel folders are not supported: open a checkpoint or "
                                     "a Keras file")
    state = path / "checkpoint"
    if state.is_file() and state.stat().st_size < 1 << 20:
        match = _CHECKPOINT_LINE.search(state.read_text(encoding="utf-8", errors="replace"))
        if match:
            prefix = Path(match["prefix"])
            prefix = prefix if prefix.is_absolute() else path / prefix
            return lambda _, forget_bias: import_tf1_checkpoint(prefix, forget_bias)
    indexes = sorted(path.glob("*.index"))
    if len(indexes) == 1:
        return lambda _, forget_bias: import_tf1_checkpoint(indexes[0], forget_bias)
    raise ModelImportError(path, "is a folder, not a model file (and not a TF1 checkpoint folder)")
