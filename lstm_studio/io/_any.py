"""One loader for every model file: LSTM Studio's own first, then every importer.

:func:`load_any_model` is what ``--checkpoint`` of every command and File → Open model… use. It
returns the same :class:`Checkpoint` whatever the file was, so the rest of the program never asks
where a model came from: a Keras ``.keras`` file, a TF1 checkpoint or an ONNX graph becomes a
validated :class:`~lstm_studio.models.ModelConfig` and a state_dict in plain PyTorch names.
"""
from __future__ import annotations

import json
import os
import struct
from pathlib import Path
from typing import Any

from ..models import ConfigError, validate_config
from ._checkpoint import (READABLE_FORMATS, Checkpoint, CheckpointError, NotAStudioCheckpoint, check_state_dict,
                          load_checkpoint)

#: The key of the JSON config that LSTM Studio writes into ``.safetensors`` metadata.
CONFIG_METADATA_KEY = "lstm_studio_config"
DIGIT_SIDE, DIGIT_CLASSES = 28, 10
MNIST_ROWS_NOTE = ("28 values per step and 10 classes at the last step: taken to be an MNIST-rows model (one "
                   "28-pixel image row per step, ink bright, 0..1), so Draw and Inspect show it with digits; if it "
                   "was trained on other data, its digit answers mean nothing")


def load_any_model(path: str | os.PathLike[str], *, forget_bias: float | None = None) -> Checkpoint:
    """A model from any file LSTM Studio reads, as a validated :class:`Checkpoint`.

    Parameters
    ----------
    path : path-like
        An LSTM Studio checkpoint (or a ``.safetensors`` file it exported), or any file
        :func:`~lstm_studio.io.importers.import_model` opens: a PyTorch state_dict, safetensors,
        Keras ``.keras``/``.h5``, a TensorFlow 1 checkpoint (prefix, ``.index`` or folder), ONNX.
    forget_bias : float, optional
        For TF1 checkpoints only: the ``forget_bias`` their cells added at run time (default 1.0).

    Returns
    -------
    Checkpoint
        ``config`` (a :class:`~lstm_studio.models.ModelConfig`), ``state_dict``, ``task``,
        ``metrics``, ``source_format`` and ``notes``. A foreign model's task is
        ``{"name": "sequences", ...}`` (its inputs' meaning is unknown), except a 28-input,
        10-class model, taken as an MNIST-rows digit classifier (``task["assumed"]`` is true, a
        note says so).

    Raises
    ------
    CheckpointError
        One line, ``"FILE: problem"``, for anything unreadable, unsafe, unsupported or invalid.
    """
    path = Path(path)
    if _is_studio_safetensors(path):
        return _load_studio_safetensors(path)
    try:
        return load_checkpoint(path)
    except NotAStudioCheckpoint:
        pass  # another framework's file (or a damaged one): the importers say which
    from .importers import ModelImportError, import_model

    try:
        imported = import_model(path, forget_bias=forget_bias)
    except ModelImportError as error:
        raise CheckpointError(error.path, error.problem) from None
    return checkpoint_from_import(path, imported)


def checkpoint_from_import(path: str | os.PathLike[str], imported: Any) -> Checkpoint:
    """An :class:`~lstm_studio.io.importers.ImportedModel` as a validated :class:`Checkpoint`."""
    raw = imported.config
    notes = list(imported.notes)
    head = raw["head"]
    activation = raw["head_activation"] if head != "none" and raw["head_activation"] != "none" else "linear"
    digits = (raw["input_size"], raw["output_size"], head) == (DIGIT_SIDE, DIGIT_CLASSES, "last") \
        and activation in ("softmax", "linear")
    if digits:
        if activation == "linear":
            activation = "softmax"
            notes.append("its 10 outputs are read as logits: a softmax gives the digit probabilities")
        notes.append(MNIST_ROWS_NOTE)
        task = {"name": "digits", "layout": "rows", "chunk": DIGIT_SIDE, "assumed": True}
    else:
        task = {"name": "sequences", "input_size": raw["input_size"], "source_format": raw["source_format"]}
    values = {key: raw[key] for key in ("cell", "input_size", "hidden_size", "num_layers", "output_size", "head")}
    try:
        config = validate_config(values | {"head_activation": activation, "dropout": 0.0})
    except ConfigError as error:
        raise CheckpointError(path, str(error)) from None
    state_dict = check_state_dict(path, dict(imported.state_dict), config)
    return Checkpoint(config, state_dict, {}, "", str(path), task, {}, raw["source_format"], tuple(notes))


# --- LSTM Studio's own .safetensors exports ------------------------------------------------
def _is_studio_safetensors(path: Path) -> bool:
    """A ``.safetensors`` file whose metadata holds an LSTM Studio config (read from the header only)."""
    metadata = _safetensors_metadata(path)
    if metadata is None or CONFIG_METADATA_KEY not in metadata:
        return False
    try:
        config = json.loads(metadata[CONFIG_METADATA_KEY])
    except ValueError:
        return False
    return isinstance(config, dict) and config.get("format") in READABLE_FORMATS


def _safetensors_metadata(path: Path) -> dict[str, str] | None:
    """The ``__metadata__`` of a safetensors header, or ``None`` if ``path`` is not one (header ≤ 16 MiB)."""
    try:
        if not path.is_file() or path.stat().st_size < 10:
            return None
        with open(path, "rb") as stream:
            (size,) = struct.unpack("<Q", stream.read(8))
            if not 2 <= size <= min(16 << 20, path.stat().st_size - 8):
                return None
            header = stream.read(size)
        if header[:1] != b"{":
            return None
        metadata = json.loads(header).get("__metadata__")
    except (OSError, ValueError, AttributeError):
        return None
    return metadata if isinstance(metadata, dict) else None


def _load_studio_safetensors(path: Path) -> Checkpoint:
    """Our own export: the config from the metadata, every tensor's shape checked before it is read."""
    from safetensors import safe_open

    raw = json.loads(_safetensors_metadata(path)[CONFIG_METADATA_KEY])
    try:
        config = validate_config(raw)
    except ConfigError as error:
        raise CheckpointError(path, str(error)) from None
    expected = config.parameter_shapes()
    try:
        with safe_open(str(path), framework="pt") as store:
            declared = {key: tuple(store.get_slice(key).get_shape()) for key in store.keys()}
            extra = sorted(set(declared) - set(expected))
            if extra:
                raise CheckpointError(path, f"tensors outside the saved config: {', '.join(extra[:3])}")
            wrong = [key for key in expected if declared.get(key, expected[key]) != expected[key]]
            if wrong:
                raise CheckpointError(path, f"weight {wrong[0]} has shape {declared[wrong[0]]}, but the config "
                                            f"implies {expected[wrong[0]]}")
            tensors = {key: store.get_tensor(key) for key in declared}
    except CheckpointError:
        raise
    except Exception as error:  # noqa: BLE001 - the reader's own complaint about a damaged file
        raise CheckpointError(path, f"damaged safetensors file ({str(error).splitlines()[0][:120]})") from None
    state_dict = check_state_dict(path, tensors, config)
    metrics = raw.get("metrics") if isinstance(raw.get("metrics"), dict) else {}
    task = raw.get("task") if isinstance(raw.get("task"), dict) else {}
    return Checkpoint(config, state_dict, metrics, str(raw.get("created", ""))[:40], str(path), task, {},
                      "safetensors", ("LSTM Studio config read from the file's metadata",))
