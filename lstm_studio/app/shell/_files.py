"""New model, Open checkpoint… and Save checkpoint…: the session's model to and from files.

A bad file never changes the current model: the checkpoint is loaded and validated
completely before ``session.set_model`` is called, and the dialog names the problem.
Saving goes through the core's atomic ``save_checkpoint``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ._session import Session
from ._settings import open_settings

FILE_FILTER = "LSTM Studio checkpoints (*.pt *.pth);;All files (*)"
DIGIT_SIDE, DIGIT_CLASSES = 28, 10


def unusable_shape(config: Any) -> str:
    """Why a model of ``config`` cannot read the app's 28 x 28 digits into 10 classes, or ``""``."""
    if (config.input_size, config.num_classes) == (DIGIT_SIDE, DIGIT_CLASSES):
        return ""
    return (f"the model reads rows of {config.input_size} pixels into {config.num_classes} classes; "
            f"LSTM Studio needs {DIGIT_SIDE}-pixel rows (28 x 28 digits) and {DIGIT_CLASSES} classes")


class CheckpointFiles(QObject):
    """File actions on the session's model; ``message`` reports outcomes for the status bar."""

    message = Signal(str)

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.training_config: dict[str, Any] | None = None  # of the run that made the current model

    def _folder(self) -> str:
        return str(open_settings().value("files/last_folder", str(Path.home())))

    def _remember_folder(self, path: str) -> None:
        open_settings().setValue("files/last_folder", str(Path(path).parent))

    def new_model(self, layers: int, hidden: int, dropout: float) -> None:
        """Fresh random weights of the given shape become the current model."""
        from ...models import LSTMClassifier, ModelConfig

        model = LSTMClassifier(ModelConfig(hidden_size=hidden, num_layers=layers, dropout=dropout))
        self.training_config = None
        self.session.set_model(model, f"new model, untrained ({layers} × {hidden})", metrics={})
        self.message.emit(f"New model: {layers} layer(s) × {hidden} units, random weights")

    def open_checkpoint(self, path: str | None = None) -> bool:
        """Load ``path`` (or ask for one); on any problem show it and keep the current model."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open checkpoint", self._folder(), FILE_FILTER)
            if not path:
                return False
        from ...io import CheckpointError, load_checkpoint

        try:
            checkpoint = load_checkpoint(path)
            model = checkpoint.build_model("cpu")
        except CheckpointError as error:
            QMessageBox.critical(self.window, "Cannot open checkpoint", str(error))
            return False
        except Exception as error:  # noqa: BLE001 - anything else is still a bad file, not a crash
            QMessageBox.critical(self.window, "Cannot open checkpoint", f"{path}: {type(error).__name__}: {error}")
            return False
        problem = unusable_shape(checkpoint.config)
        if problem:  # a valid checkpoint, but every tab would fail on it: refuse it here, once
            QMessageBox.critical(self.window, "Cannot open checkpoint", f"{path}: {problem}")
            return False
        self._remember_folder(path)
        self.training_config = None
        self.session.set_model(model, f"checkpoint {Path(path).name}", checkpoint.metrics)
        self.message.emit(f"Opened {path}")
        return True

    def load_bundled(self) -> None:
        from ...io import load_bundled

        checkpoint = load_bundled()
        self.training_config = None
        self.session.set_model(checkpoint.build_model("cpu"), "bundled model", checkpoint.metrics)
        self.message.emit("Loaded the bundled model")

    def save_checkpoint(self, path: str | None = None) -> bool:
        """Save the current model (while training: its latest weights) atomically to ``path``."""
        model = self.session.live_model()
        if model is None:
            return False
        if path is None:
            default = str(Path(self._folder()) / "lstm-studio-model.pt")
            path, _ = QFileDialog.getSaveFileName(self.window, "Save checkpoint", default, FILE_FILTER)
            if not path:
                return False
        from ...io import save_checkpoint

        extra = {"training": self.training_config} if self.training_config else None
        metrics = dict(self.session.checkpoint_metrics)
        if self.session.is_training:
            metrics["note"] = "saved while training: the latest weight copy of the run in progress"
        try:
            save_checkpoint(path, model, metrics, extra)
        except OSError as error:
            QMessageBox.critical(self.window, "Cannot save checkpoint", f"{path}: {error.strerror or error}")
            return False
        except Exception as error:  # noqa: BLE001 - e.g. torch refusing the stream: a message, not a crash
            QMessageBox.critical(self.window, "Cannot save checkpoint", f"{path}: {type(error).__name__}: "
                                 f"{str(error).splitlines()[0] if str(error) else ''}")
            return False
        self._remember_folder(path)
        self.message.emit(f"Saved {path}")
        return True
