"""Checkpoints: one ``torch.save`` file, loaded only with ``weights_only=True``, validated before anything is built.

Format ``lstm-studio/2``::

    {"format": "lstm-studio/2",
     "config": {ModelConfig fields..., "task": {...}, "training": {...}},
     "state_dict": {"lstm.weight_ih_l0": ..., "head.weight": ..., ...},
     "metrics": {...}, "created": "2026-12-02T10:00:00+00:00"}

Format ``lstm-studio/1`` files (an LSTM digit classifier, ``num_classes`` instead of
``output_size``) and bare ``state_dict`` files in this layout keep loading.
"""
from __future__ import annotations

import datetime as _dt
import os
import pickle
import pickletools
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ..models import ConfigError, ModelConfig, SequenceModel, model_from_weights, validate_config
from ._atomic import atomic_write

FORMAT = "lstm-studio/2"
READABLE_FORMATS = ("lstm-studio/1", FORMAT)
#: A checkpoint file larger than this is refused before reading (the bundled model is under 1 MB).
MAX_FILE_BYTES = 4 << 30


class CheckpointError(ValueError):
    """A file that is not a usable checkpoint. ``str(error)`` is one line naming file and problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotAStudioCheckpoint(CheckpointError):
    """The file is not in LSTM Studio's own layout (another framework's file, a damaged or hostile
    one): :func:`~lstm_studio.io.load_any_model` then asks the importers."""


@dataclass(frozen=True)
class Checkpoint:
    """A loaded, validated checkpoint: its config, weights, task, training settings and metrics.

    ``source_format`` says where it came from (``"lstm-studio"`` for our own files, else the
    importer's format: ``"keras3"``, ``"onnx"``, ...) and ``notes`` what was converted.
    """

    config: ModelConfig
    state_dict: dict[str, torch.Tensor]
    metrics: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    path: str = ""
    task: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    source_format: str = "lstm-studio"
    notes: tuple[str, ...] = ()

    def build_model(self, device: str | torch.device = "cpu") -> SequenceModel:
        """A model in eval mode holding these weights."""
        return model_from_weights(self.config, self.state_dict, device)


def save_checkpoint(path: str | os.PathLike[str], model: SequenceModel, metrics: dict[str, Any] | None = None,
                    task: dict[str, Any] | None = None, training: dict[str, Any] | None = None,
                    weights: dict[str, Any] | None = None) -> Path:
    """Write ``model`` (or ``weights`` of ``model.config``'s shape) to ``path`` atomically.

    A crash at any moment leaves either the old file or the complete new one at ``path``.
    """
    config = model.config.to_dict() | {"task": dict(task or {}), "training": dict(training or {})}
    source = weights if weights is not None else model.state_dict()
    payload = {
        "format": FORMAT,
        "config": config,
        "state_dict": {k: _cpu_tensor(v) for k, v in source.items()},
        "metrics": dict(metrics or {}),
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as stream:
        torch.save(payload, stream)
    return path


def _cpu_tensor(value: Any) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu").clone()
    return torch.tensor(value)


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Load and validate a checkpoint; raise :class:`CheckpointError` with a one-line reason.

    Only ``torch.load(..., weights_only=True)`` is used: a pickle that would run code is
    refused before anything in it executes. The config is validated field by field and
    against the real tensors' shapes before any model is built, so memory stays
    proportional to what the file holds.
    """
    path = Path(path)
    raw = _read(path)
    if not isinstance(raw, dict):
        raise NotAStudioCheckpoint(path, f"not an LSTM Studio checkpoint (holds a {type(raw).__name__})")
    if "format" not in raw and _is_bare_state_dict(raw):
        return _load_bare_state_dict(path, raw)
    if raw.get("format") not in READABLE_FORMATS:
        raise NotAStudioCheckpoint(path, f"not an LSTM Studio checkpoint (format {_short(raw.get('format'))}, "
                                    f"expected {FORMAT!r})")
    try:
        config = validate_config(raw.get("config"))
    except ConfigError as error:
        raise CheckpointError(path, str(error)) from None
    state_dict = check_state_dict(path, raw.get("state_dict"), config)
    extra = raw["config"]
    return Checkpoint(config, state_dict, _dict(raw.get("metrics")), str(raw.get("created", ""))[:40], str(path),
                      _dict(extra.get("task")), _dict(extra.get("training")))


def _load_bare_state_dict(path: Path, raw: dict[str, Any]) -> Checkpoint:
    """A bare ``state_dict`` in exactly this layout (``<cell>.weight_ih_l0`` ..., ``head.*``).

    Anything else — a tensor outside the layout (``fc.weight``), shapes of another cell — is
    another model's state_dict: it goes to the importers, which place every tensor or refuse.
    """
    try:
        config = validate_config(_infer_config(path, raw))
        state_dict = check_state_dict(path, raw, config)
    except (ConfigError, CheckpointError) as error:
        problem = error.problem if isinstance(error, CheckpointError) else str(error)
        raise NotAStudioCheckpoint(path, f"not a state_dict in LSTM Studio's layout ({problem})") from None
    unknown = sorted(str(key) for key in raw if key not in state_dict)
    if unknown:
        raise NotAStudioCheckpoint(path, f"not a state_dict in LSTM Studio's layout (also holds "
                                         f"{', '.join(unknown[:3])})")
    return Checkpoint(config, state_dict, path=str(path))


def _dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _read(path: Path) -> Any:
    if not path.exists():
        raise NotAStudioCheckpoint(path, "no such file")
    if path.is_dir():
        raise NotAStudioCheckpoint(path, "is a folder, not a checkpoint file")
    size = path.stat().st_size
    if size == 0:
        raise NotAStudioCheckpoint(path, "file is empty")
    if size > MAX_FILE_BYTES:
        raise NotAStudioCheckpoint(path, f"file is {size / 2**30:.1f} GiB; checkpoints over {MAX_FILE_BYTES >> 30} GiB "
                                    "are refused")
    if zipfile.is_zipfile(path):
        _check_archive(path, size)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        raise NotAStudioCheckpoint(path, _unpickling_problem(path, str(error))) from None
    except (zipfile.BadZipFile, EOFError) as error:
        raise NotAStudioCheckpoint(path, f"file is truncated or damaged ({type(error).__name__})") from None
    except RuntimeError as error:
        message = str(error)
        if any(word in message.lower() for word in ("zip", "archive", "storage")):
            raise NotAStudioCheckpoint(path, "file is truncated or not a PyTorch checkpoint") from None
        raise NotAStudioCheckpoint(path, f"cannot read checkpoint ({message.splitlines()[0][:120]})") from None
    except OSError as error:
        raise NotAStudioCheckpoint(path, f"cannot read file ({error.strerror or error})") from None
    except Exception as error:  # noqa: BLE001 - any other decoder failure is a bad file
        raise NotAStudioCheckpoint(path, f"not a PyTorch checkpoint ({type(error).__name__})") from None


def _check_archive(path: Path, size: int) -> None:
    """``torch.save`` stores its entries uncompressed: an entry that claims more bytes than the
    file holds, or is compressed, is a damaged or hostile file, refused before reading."""
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in archive.infolist():
                if entry.compress_type != zipfile.ZIP_STORED or entry.file_size > size:
                    raise NotAStudioCheckpoint(path, f"archive entry {entry.filename[-60:]!r} is compressed or larger "
                                                "than the file: not a PyTorch checkpoint")
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NotAStudioCheckpoint(path, f"file is truncated or damaged ({type(error).__name__})") from None


_CODE_OPCODES = {"GLOBAL", "STACK_GLOBAL", "REDUCE", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX", "BUILD"}


def _unpickling_problem(path: Path, message: str) -> str:
    """Tell a pickle that would run code (refused) from a file that is simply not a checkpoint."""
    for line in message.splitlines():
        if "GLOBAL" in line and ("unsupported" in line.lower() or "blocked" in line.lower()):
            return (f"refused: it would import code, not just weights ({line.strip()[:100]}); a whole-model "
                    "pickle cannot be opened safely, save model.state_dict() instead")
    if not zipfile.is_zipfile(path) and _pickle_calls_code(path):
        return "refused: it is a pickle that would call code, not just weights"
    return "not a PyTorch checkpoint (unreadable pickle data)"


def _pickle_calls_code(path: Path) -> bool:
    """Scan (never execute) a raw pickle's opcodes for imports or calls."""
    try:
        with open(path, "rb") as stream:
            return any(op.name in _CODE_OPCODES for op, _, _ in pickletools.genops(stream))
    except Exception:  # noqa: BLE001 - not parseable as a pickle at all
        return False


def check_state_dict(path: str | os.PathLike[str], state_dict: Any, config: ModelConfig) -> dict[str, torch.Tensor]:
    """Every parameter the config implies, present, of the right shape, finite floating point.

    Shapes come from :meth:`ModelConfig.parameter_shapes` (arithmetic, nothing allocated).
    Returns float32 tensors by name; raises :class:`CheckpointError` naming the first problem.
    """
    if not isinstance(state_dict, dict):
        raise CheckpointError(path, "checkpoint has no 'state_dict' dictionary")
    expected = config.parameter_shapes()
    missing = [name for name in expected if name not in state_dict]
    if missing:
        raise CheckpointError(path, f"weights missing for this config: {', '.join(missing[:4])}")
    for name, shape in expected.items():
        tensor = state_dict[name]
        if not isinstance(tensor, torch.Tensor):
            raise CheckpointError(path, f"weight {name} is not a tensor")
        if tuple(tensor.shape) != shape:
            raise CheckpointError(path, f"weight {name} has shape {tuple(tensor.shape)}, but the config implies {shape}")
        if not tensor.is_floating_point() or not torch.isfinite(tensor).all():
            raise CheckpointError(path, f"weight {name} is not finite floating point")
    return {name: state_dict[name].float() for name in expected}


_CELL_PREFIXES = ("lstm", "gru", "rnn", "lstm_peephole", "lstm_no_forget")


def _is_bare_state_dict(raw: dict) -> bool:
    return any(isinstance(k, str) and k.split(".", 1)[0] in _CELL_PREFIXES for k in raw)


def _infer_config(path: Path, state_dict: dict[str, Any]) -> dict[str, Any]:
    """Shapes of a bare ``state_dict`` in this layout (``<cell>.weight_ih_l0`` ..., ``head.*``) tell the config."""
    try:
        cell = next(k.split(".", 1)[0] for k in state_dict if isinstance(k, str) and k.endswith(".weight_ih_l0"))
        weight_ih, weight_hh = state_dict[f"{cell}.weight_ih_l0"], state_dict[f"{cell}.weight_hh_l0"]
        layers = sum(1 for k in state_dict if isinstance(k, str) and k.startswith(f"{cell}.weight_ih_l"))
        head = state_dict.get("head.weight")
        return {"cell": cell, "input_size": int(weight_ih.shape[1]), "hidden_size": int(weight_hh.shape[1]),
                "num_layers": layers, "output_size": int(head.shape[0]) if head is not None else 0,
                "head": "last" if head is not None else "none", "dropout": 0.0}
    except (StopIteration, KeyError, AttributeError, IndexError, TypeError) as error:
        raise NotAStudioCheckpoint(path, f"bare state_dict lacks {error}") from None


def describe_config(config: ModelConfig) -> str:
    """``lstm, 2 layers × 128 units, 10 outputs (214,538 parameters)``."""
    return (f"{config.cell}, {config.num_layers} layer{'s' if config.num_layers > 1 else ''} × "
            f"{config.hidden_size} units, {config.output_size} output{'s' if config.output_size != 1 else ''} "
            f"({config.parameter_count():,} parameters)")

