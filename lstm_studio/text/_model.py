"""A character model with its vocabulary: from a checkpoint, from the bundled text model, or from a training run."""
from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..data.text import Vocabulary
from ..io import Checkpoint, CheckpointError, load_checkpoint
from ..tasks import text_vocabulary

BUNDLED_TEXT_MODEL = "text_model.pt"
_keep_files = ExitStack()  # keeps an extracted copy alive when installed from a zip


@dataclass(frozen=True)
class TextModel:
    """A character-level model (eval mode, CPU unless moved), its vocabulary and where it came from."""

    model: Any
    vocabulary: Vocabulary
    task: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    @property
    def seq_len(self) -> int:
        return int(self.task.get("seq_len", 128))


def bundled_text_model_path() -> Path:
    """Filesystem path of the bundled character model (see ``resources/README.md``)."""
    resource = resources.files("lstm_studio.resources").joinpath(BUNDLED_TEXT_MODEL)
    return Path(_keep_files.enter_context(resources.as_file(resource)))


def text_model_from_checkpoint(checkpoint: Checkpoint, source: str = "", device: Any = "cpu") -> TextModel:
    """The model and vocabulary a checkpoint holds; :class:`CheckpointError` if it is not a character model."""
    try:
        vocabulary = text_vocabulary(checkpoint.task)
    except ValueError as error:
        raise CheckpointError(checkpoint.path or source, str(error)) from None
    config = checkpoint.config
    if not config.vocab_size or config.head != "every" or config.output_size != len(vocabulary):
        raise CheckpointError(checkpoint.path or source, f"not a character model for its {len(vocabulary)}-symbol "
                                                         "vocabulary (embedding, a guess at every character)")
    return TextModel(checkpoint.build_model(device), vocabulary, dict(checkpoint.task), dict(checkpoint.metrics),
                     source or checkpoint.path)


def load_text_model(path: str | os.PathLike[str] | None = None, device: Any = "cpu") -> TextModel:
    """The character model in ``path``, or the bundled one; :class:`CheckpointError` (one line) otherwise."""
    if path is None:
        return text_model_from_checkpoint(load_checkpoint(bundled_text_model_path()), "bundled text model", device)
    return text_model_from_checkpoint(load_checkpoint(path), f"checkpoint {Path(path).name}", device)
