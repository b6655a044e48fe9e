"""What every command shares: one-line errors, JSON output, loading a model."""
from __future__ import annotations

import json
import sys
from typing import Any


class CliError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status 2 (or ``status``)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def emit_json(payload: dict) -> None:
    """One JSON object as one line on stdout, flushed (scripts read it as it comes)."""
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def note(text: str) -> None:
    """A line for the person at the terminal (stderr: stdout stays for results)."""
    print(text, file=sys.stderr)


def load_model(path: str | None, device: str = "cpu") -> tuple[Any, Any]:
    """``(checkpoint, model in eval mode on device)`` from ``path`` (any format LSTM Studio reads: its
    checkpoints, PyTorch, safetensors, Keras, TF1, ONNX), or the bundled model; errors become :class:`CliError`.

    For a model from another framework, what was converted is said on stderr.
    """
    from ..io import CheckpointError, load_any_model_or_bundled
    from ..training import resolve_device

    try:
        checkpoint = load_any_model_or_bundled(path)
        model = checkpoint.build_model(resolve_device(device))
    except (CheckpointError, ValueError) as error:
        raise CliError(str(error)) from None
    if checkpoint.source_format != "lstm-studio":
        note(f"{path}: {checkpoint.source_format} model, {'; '.join(checkpoint.notes)}")
    return checkpoint, model
