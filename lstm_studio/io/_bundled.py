"""The trained model that ships with LSTM Studio."""
from __future__ import annotations

from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from ._any import load_any_model
from ._checkpoint import Checkpoint, load_checkpoint

BUNDLED_MODEL = "model.pt"
_keep_files = ExitStack()  # keeps an extracted copy alive when installed from a zip


def bundled_model_path() -> Path:
    """Filesystem path of the bundled checkpoint."""
    resource = resources.files("lstm_studio.resources").joinpath(BUNDLED_MODEL)
    return Path(_keep_files.enter_context(resources.as_file(resource)))


def load_bundled() -> Checkpoint:
    """Load the bundled checkpoint (see ``resources/README.md`` for how it was trained)."""
    return load_checkpoint(bundled_model_path())


def load_checkpoint_or_bundled(path: str | None) -> Checkpoint:
    """``path`` if given, else the bundled model."""
    return load_checkpoint(path) if path else load_bundled()


def load_any_model_or_bundled(path: str | None) -> Checkpoint:
    """``path`` in any format :func:`~lstm_studio.io.load_any_model` reads, else the bundled model."""
    return load_any_model(path) if path else load_bundled()
