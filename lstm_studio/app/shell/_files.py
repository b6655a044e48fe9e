"""New model, Open model…, Save checkpoint… and Export model…: the session's model to and from files.

Open model… reads every format :func:`~lstm_studio.io.load_any_model` reads (LSTM Studio
checkpoints, PyTorch state_dicts, safetensors, Keras, TensorFlow 1 checkpoints, ONNX). A bad file
never changes the current model: it is loaded and validated completely before
``session.set_snapshot`` is called, and a dialog names the problem. A model that reads digit rows
goes to every tab as before; any other opens in Inspect, which asks for a sequence to feed it.
Saving and exporting go through the core's atomic writers.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..i18n import translate
from ._session import Session
from ._settings import open_settings

FILE_FILTER = QT_TRANSLATE_NOOP("CheckpointFiles", "LSTM Studio checkpoints (*.pt *.pth);;All files (*)")
MODEL_FILTER = QT_TRANSLATE_NOOP("CheckpointFiles", "Models (*.pt *.pth *.bin *.safetensors *.keras *.h5 *.hdf5 "
                                 "*.index *.onnx);;LSTM Studio and PyTorch (*.pt *.pth *.bin);;safetensors "
                                 "(*.safetensors);;Keras (*.keras *.h5 *.hdf5);;TensorFlow 1 checkpoints "
                                 "(*.index);;ONNX (*.onnx);;All files (*)")
EXPORT_FILTER = "ONNX (*.onnx);;safetensors (*.safetensors)"
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
    sequence_model_opened = Signal()  # a model that reads no digit rows became the current one

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
        self.message.emit(self.tr("New model: {cell}, %n layer(s) × {hidden} units, random weights", "", layers)
                          .format(cell=cell, hidden=hidden))

    def open_checkpoint(self, path: str | None = None) -> bool:
        """Open a model file of any format (``path``, or ask for one); on any problem show it and keep
        the current model."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open model"), self._folder(),
                                                  translate("CheckpointFiles", MODEL_FILTER))
            if not path:
                return False
        from ...io import CheckpointError, load_any_model

        try:
            checkpoint = load_any_model(path)
        except CheckpointError as error:
            QMessageBox.critical(self.window, self.tr("Cannot open model"), str(error))
            return False
        except Exception as error:  # noqa: BLE001 - anything else is still a bad file, not a crash
            QMessageBox.critical(self.window, self.tr("Cannot open model"), f"{path}: {type(error).__name__}: {error}")
            return False
        self._remember_folder(path)
        name = Path(path).name
        source = f"checkpoint {name}" if checkpoint.source_format == "lstm-studio" else \
            f"{checkpoint.source_format} model {name}"
        self.session.set_snapshot(_snapshot(checkpoint, source))
        notes = f" ({'; '.join(checkpoint.notes)})" if checkpoint.source_format != "lstm-studio" else ""
        self.message.emit(self.tr("Opened {path}").format(path=path) + notes)
        if unusable_shape(checkpoint.config, checkpoint.task):
            self.sequence_model_opened.emit()
        return True

    open_model = open_checkpoint

    def export_model(self, path: str | None = None) -> bool:
        """Export the current model to ONNX or safetensors (``path``, or ask); problems go to a dialog."""
        written = export_dialog(self.window, self.session.snapshot, self._folder(), path)
        if written:
            self._remember_folder(written)
            self.message.emit(self.tr("Exported {path}").format(path=written))
        return bool(written)

    def load_bundled(self) -> None:
        from ...io import load_bundled

        self.session.set_snapshot(_snapshot(load_bundled(), "bundled model"))
        self.message.emit(self.tr("Loaded the bundled model"))

    def save_checkpoint(self, path: str | None = None) -> bool:
        """Save exactly the snapshot every view shows (while training: the run's latest weights) to ``path``."""
        snapshot = self.session.snapshot
        if snapshot is None:
            return False
        if path is None:
            default = str(Path(self._folder()) / "lstm-studio-model.pt")
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save checkpoint"), default,
                                                  translate("CheckpointFiles", FILE_FILTER))
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
            QMessageBox.critical(self.window, self.tr("Cannot save checkpoint"), f"{path}: {error.strerror or error}")
            return False
        except Exception as error:  # noqa: BLE001 - e.g. torch refusing the stream: a message, not a crash
            QMessageBox.critical(self.window, self.tr("Cannot save checkpoint"), f"{path}: {type(error).__name__}: "
                                 f"{str(error).splitlines()[0] if str(error) else ''}")
            return False
        self._remember_folder(path)
        self.message.emit(self.tr("Saved {path}").format(path=path))
        return True


def _snapshot(checkpoint: Any, source: str) -> Any:
    from ...models import ModelSnapshot, weights_to_numpy

    return ModelSnapshot(checkpoint.config, weights_to_numpy(checkpoint.state_dict), source, checkpoint.task,
                         checkpoint.metrics, None, checkpoint.training)


def export_dialog(window: QWidget, snapshot: Any, folder: str, path: str | None = None) -> str:
    """Export ``snapshot``'s model to ONNX or safetensors (``path``, or ask); the file written, or ``""``."""
    if snapshot is None:
        return ""
    if path is None:
        default = str(Path(folder) / "lstm-studio-model.onnx")
        title = translate("CheckpointFiles", "Export model")
        path, _ = QFileDialog.getSaveFileName(window, title, default, EXPORT_FILTER)
        if not path:
            return ""
    from ...io import ExportError, export_model

    try:
        written = export_model(path, snapshot.build_model(), task=dict(snapshot.task), metrics=dict(snapshot.metrics))
    except ExportError as error:
        QMessageBox.critical(window, translate("CheckpointFiles", "Cannot export the model"), str(error))
        return ""
    return str(written)
