"""Checkpoints: one ``torch.save`` file, loaded only with ``weights_only=True``, written atomically."""
from __future__ import annotations

import datetime as _dt
import os
import pickle
import pickletools
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ..models._classifier import LSTMClassifier, ModelConfig

FORMAT = "lstm-studio/1"
_REQUIRED_CONFIG = ("input_size", "hidden_size", "num_layers", "num_classes")


class CheckpointError(ValueError):
    """A file that is not a usable checkpoint. ``str(error)`` is one line naming file and problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class Checkpoint:
    """A loaded checkpoint: its config, weights and the metrics it was saved with."""

    config: ModelConfig
    state_dict: dict[str, torch.Tensor]
    metrics: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    path: str = ""

    def build_model(self, device: str | torch.device = "cpu") -> LSTMClassifier:
        """A classifier in eval mode holding these weights."""
        model = LSTMClassifier(self.config)
        model.load_state_dict(self.state_dict)
        return model.to(device).eval()


def save_checkpoint(path: str | os.PathLike[str], model: LSTMClassifier,
                    metrics: dict[str, Any] | None = None, extra_config: dict[str, Any] | None = None) -> Path:
    """Write ``model`` to ``path`` atomically (temporary file in the same folder, then ``os.replace``).

    A crash at any moment leaves either the old file or the complete new one at ``path``.
    """
    path = Path(path)
    config = model.config.to_dict() | (extra_config or {})
    payload = {
        "format": FORMAT,
        "config": config,
        "state_dict": {k: v.detach().to("cpu").clone() for k, v in model.state_dict().items()},
        "metrics": dict(metrics or {}),
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a checkpoint is an ordinary file
        with os.fdopen(handle, "wb") as stream:
            torch.save(payload, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Load and validate a checkpoint; raise :class:`CheckpointError` with a one-line reason.

    Only ``torch.load(..., weights_only=True)`` is used: a pickle that would run code is
    refused before anything in it executes.
    """
    path = Path(path)
    raw = _read(path)
    if not isinstance(raw, dict):
        raise CheckpointError(path, f"not an LSTM Studio checkpoint (holds a {type(raw).__name__})")
    if "format" not in raw and any(str(k).startswith("lstm.") for k in raw):
        raw = {"format": FORMAT, "config": _infer_config(path, raw), "state_dict": raw}
    if raw.get("format") != FORMAT:
        raise CheckpointError(path, f"not an LSTM Studio checkpoint (format {raw.get('format')!r}, "
                                    f"expected {FORMAT!r})")
    config = _check_config(path, raw.get("config"))
    state_dict = _check_state_dict(path, raw.get("state_dict"), config)
    metrics = raw.get("metrics") if isinstance(raw.get("metrics"), dict) else {}
    return Checkpoint(config, state_dict, metrics, str(raw.get("created", "")), str(path))


def _read(path: Path) -> Any:
    if not path.exists():
        raise CheckpointError(path, "no such file")
    if path.is_dir():
        raise CheckpointError(path, "is a folder, not a checkpoint file")
    if path.stat().st_size == 0:
        raise CheckpointError(path, "file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        raise CheckpointError(path, _unpickling_problem(path, str(error))) from None
    except (zipfile.BadZipFile, EOFError) as error:
        raise CheckpointError(path, f"file is truncated or damaged ({type(error).__name__})") from None
    except RuntimeError as error:
        message = str(error)
        if "zip" in message.lower() or "archive" in message.lower() or "storage" in message.lower():
            raise CheckpointError(path, "file is truncated or not a PyTorch checkpoint") from None
        raise CheckpointError(path, f"cannot read checkpoint ({message.splitlines()[0][:120]})") from None
    except OSError as error:
        raise CheckpointError(path, f"cannot read file ({error.strerror or error})") from None
    except Exception as error:  # noqa: BLE001 - any other decoder failure is a bad file
        raise CheckpointError(path, f"not a PyTorch checkpoint ({type(error).__name__})") from None


_CODE_OPCODES = {"GLOBAL", "STACK_GLOBAL", "REDUCE", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX", "BUILD"}


def _unpickling_problem(path: Path, message: str) -> str:
    """Tell a pickle that would run code (refused) from a file that is simply not a checkpoint."""
    for line in message.splitlines():
        if "GLOBAL" in line and ("unsupported" in line.lower() or "blocked" in line.lower()):
            return f"refused: it would import code, not just weights ({line.strip()[:120]})"
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


def _check_config(path: Path, config: Any) -> ModelConfig:
    if not isinstance(config, dict):
        raise CheckpointError(path, "checkpoint has no 'config' dictionary")
    missing = [key for key in _REQUIRED_CONFIG if key not in config]
    if missing:
        raise CheckpointError(path, f"checkpoint config lacks {', '.join(missing)}")
    for key in _REQUIRED_CONFIG:
        if not isinstance(config[key], int) or isinstance(config[key], bool) or config[key] < 1:
            raise CheckpointError(path, f"checkpoint config has a bad {key}: {config[key]!r}")
    return ModelConfig.from_dict(config)


def _check_state_dict(path: Path, state_dict: Any, config: ModelConfig) -> dict[str, torch.Tensor]:
    if not isinstance(state_dict, dict):
        raise CheckpointError(path, "checkpoint has no 'state_dict' dictionary")
    expected = {k: tuple(v.shape) for k, v in LSTMClassifier(config).state_dict().items()}
    missing = sorted(set(expected) - set(state_dict))
    if missing:
        raise CheckpointError(path, f"weights missing: {', '.join(missing[:4])}")
    for name, shape in expected.items():
        tensor = state_dict[name]
        if not isinstance(tensor, torch.Tensor):
            raise CheckpointError(path, f"weight {name} is not a tensor")
        if tuple(tensor.shape) != shape:
            raise CheckpointError(path, f"weight {name} has shape {tuple(tensor.shape)}, expected {shape}")
        if not tensor.is_floating_point() or not torch.isfinite(tensor).all():
            raise CheckpointError(path, f"weight {name} is not finite floating point")
    return {name: state_dict[name].float() for name in expected}


def _infer_config(path: Path, state_dict: dict[str, Any]) -> dict[str, int]:
    """Shapes of a bare ``state_dict`` in our layout tell the config."""
    try:
        weight_ih = state_dict["lstm.weight_ih_l0"]
        head = state_dict["head.weight"]
        layers = sum(1 for k in state_dict if str(k).startswith("lstm.weight_ih_l"))
        return {"input_size": int(weight_ih.shape[1]), "hidden_size": int(weight_ih.shape[0]) // 4,
                "num_layers": layers, "num_classes": int(head.shape[0]), "dropout": 0.0}
    except (KeyError, AttributeError, IndexError) as error:
        raise CheckpointError(path, f"bare state_dict lacks {error}") from None
