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


def unusable_shape(config: Any, task: dict[str, Any] | None = None) -> str:
    """Why a model of ``config`` cannot classify the app's 28 x 28 digits, or ``""``."""
    from ...tasks import digits_chunk

    try:
        digits_chunk(task, config.input_size)
    except ValueError as error:
        return str(error)
    if config.output_size != DIGIT_CLASSES or config.head != "last" or config.vocab_size:
        return (f"the model gives {config.output_size} outputs ({config.head} step); the digit views need "
                f"{DIGIT_CLASSES} classes at the last step")
    return ""


class CheckpointFiles(QObject):
    """File actions on the session's model; ``message`` reports outcomes for the status bar."""

    message = Signal(str)

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window

    def _folder(self) -> str:
        return str(open_settings().value("files/last_folder", str(Path.home())))

    def _remember_folder(self, path: str) -> None:
        open_settings().setValue("files/last_folder", str(Path(path).parent))

    def new_model(self, layers: int, hidden: int, dropout: float, cell: str = "lstm",
                  forget_bias: float | None = None) -> None:
        """Fresh random weights of the given shape become the current model."""
        from ...models import ModelConfig, SequenceModel

        model = SequenceModel(ModelConfig(cell=cell, hidden_size=hidden, num_layers=layers, dropout=dropout,
                                          forget_bias=forget_bias))
        self.session.set_model(model, f"new {cell} model, untrained ({layers} × {hidden})", metrics={})
        self.message.emit(f"New model: {cell}, {layers} layer(s) × {hidden} units, random weights")

    def open_checkpoint(self, path: str | None = None) -> bool:
        """Load ``path`` (or ask for one); on any problem show it and keep the current model."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open checkpoint", self._folder(), FILE_FILTER)
            if not path:
                return False
        from ...io import CheckpointError, load_checkpoint

        try:
            checkpoint = load_checkpoint(path)
        except CheckpointError as error:
            QMessageBox.critical(self.window, "Cannot open checkpoint", str(error))
            return False
        except Exception as error:  # noqa: BLE001 - anything else is still a bad file, not a crash
            QMessageBox.critical(self.window, "Cannot open checkpoint", f"{path}: {type(error).__name__}: {error}")
            return False
        problem = unusable_shape(checkpoint.config, checkpoint.task)
        if problem:  # a valid checkpoint, but every tab would fail on it: refuse it here, once
            QMessageBox.critical(self.window, "Cannot open checkpoint", f"{path}: {problem}")
            return False
        self._remember_folder(path)
        self.session.set_snapshot(_snapshot(checkpoint, f"checkpoint {Path(path).name}"))
        self.message.emit(f"Opened {path}")
        return True

    def load_bundled(self) -> None:
        from ...io import load_bundled

        self.session.set_snapshot(_snapshot(load_bundled(), "bundled model"))
        self.message.emit("Loaded the bundled model")

    def save_checkpoint(self, path: str | None = None) -> bool:
        """Save exactly the snapshot every view shows (while training: the run's latest weights) to ``path``."""
        snapshot = self.session.snapshot
        if snapshot is None:
            return False
        if path is None:
            default = str(Path(self._folder()) / "lstm-studio-model.pt")
            path, _ = QFileDialog.getSaveFileName(self.window, "Save checkpoint", default, FILE_FILTER)
            if not path:
                return False
        from ...io import save_checkpoint

        metrics = dict(snapshot.metrics)
        if snapshot.step is not None:
            metrics |= {"step": snapshot.step, "note": f"saved while training: the {snapshot.label}"}
        try:
            save_checkpoint(path, snapshot.build_model(), metrics, task=dict(snapshot.task),
                            training=dict(snapshot.training))
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


def _snapshot(checkpoint: Any, source: str) -> Any:
    from ...models import ModelSnapshot, weights_to_numpy

    return ModelSnapshot(checkpoint.config, weights_to_numpy(checkpoint.state_dict), source, checkpoint.task,
                         checkpoint.metrics, None, checkpoint.training)
