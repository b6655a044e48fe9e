"""The app's shared state: the one current model snapshot, the digits, the current input.

One truth flows one way: the session holds the current :class:`ModelSnapshot` (weights +
config + step, immutable, versioned) and says so with one signal, ``model_changed``; every
view (Draw, Train, Inspect and its sub-views, Save) follows it. While a run trains, the
snapshot is replaced by the run's weights about once a second ("weights after step 1,240").
Tabs subscribe to its signals. Loading (the torch import, the bundled model, the
digits) happens in a background thread so the window appears at once; nothing here
imports torch at module level.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from ...data import DigitSet, Rendering
    from ...models import ModelSnapshot, SequenceModel


@dataclass(frozen=True)
class InputSample:
    """An input to classify or inspect: a 28x28 image (float32, 0..1, ink bright), read-only.

    ``label`` is known for MNIST test digits; ``test_index`` says which one.
    ``rendering`` holds the pipeline stages for drawings and image files.
    """

    image: np.ndarray
    name: str
    label: int | None = None
    test_index: int | None = None
    rendering: Rendering | None = None

    def __post_init__(self) -> None:
        image = np.ascontiguousarray(self.image, dtype=np.float32).reshape(28, 28)
        image.setflags(write=False)
        object.__setattr__(self, "image", image)


class Session(QObject):
    """Shared state of one main window. Lives in the GUI thread; signals are emitted there."""

    loading_message = Signal(str)   # what the background loader is doing
    ready = Signal()                # torch, the model and the digits are loaded
    load_failed = Signal(str)
    model_changed = Signal(object)  # ModelSnapshot: the one current model
    digits_changed = Signal(object)  # DigitSet
    input_changed = Signal(object)  # InputSample
    training_changed = Signal(bool)  # training running (or paused) / idle
    _loaded = Signal(object)        # internal: background loader -> GUI thread

    def __init__(self, data_dir: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir or os.environ.get("LSTM_STUDIO_DATA") or None
        self.snapshot: ModelSnapshot | None = None
        self.digits: DigitSet | None = None
        self.current_input: InputSample | None = None
        self.is_training = False
        self._model: SequenceModel | None = None
        self._model_version = -1
        self._thread: threading.Thread | None = None
        self._loaded.connect(self._on_loaded)

    # --- loading ---------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        return self.snapshot is not None and self.digits is not None

    def start_loading(self) -> None:
        """Import torch, load the bundled model and the digits, in a daemon thread."""
        if self._thread is not None:
            return
        self.loading_message.emit("Loading PyTorch…")
        self._thread = threading.Thread(target=self._load, name="lstm-studio-loader", daemon=True)
        self._thread.start()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        """Block until the loader thread ends (tests, shutdown); True if it did."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _load(self) -> None:
        try:
            from ...data import load_digits
            from ...io import load_bundled
            from ...models import ModelSnapshot

            checkpoint = load_bundled()
            snapshot = ModelSnapshot(checkpoint.config, _numpy(checkpoint.state_dict), "bundled model",
                                     checkpoint.task, checkpoint.metrics, None, checkpoint.training)
            snapshot.build_model()  # imports and warms up the model code here, off the GUI thread
            digits = load_digits(self.data_dir, download=False, allow_mini=True)
            self._loaded.emit((snapshot, digits, None))
        except Exception as error:  # noqa: BLE001 - reported in the window, never a traceback
            self._loaded.emit((None, None, f"{type(error).__name__}: {error}"))

    @Slot(object)
    def _on_loaded(self, payload: tuple) -> None:
        snapshot, digits, error = payload
        if error:
            self.load_failed.emit(error)
            return
        self.set_digits(digits)
        self.set_snapshot(snapshot)
        self.ready.emit()

    # --- the model -------------------------------------------------------------------
    def set_snapshot(self, snapshot: ModelSnapshot) -> None:
        """Make ``snapshot`` the current model and tell every view (one signal)."""
        self.snapshot = snapshot
        self.model_changed.emit(snapshot)

    def set_model(self, model: SequenceModel, source: str, metrics: dict[str, Any] | None = None,
                  task: dict[str, Any] | None = None, training: dict[str, Any] | None = None) -> None:
        """Snapshot ``model``'s weights as the current model (the session keeps no reference to ``model``)."""
        from ...models import ModelSnapshot

        self.set_snapshot(ModelSnapshot.of_model(model, source, task=task or {"name": "digits"},
                                                 metrics=metrics or {}, training=training or {}))

    @property
    def model(self) -> SequenceModel | None:
        """A CPU model (eval mode) of the current snapshot, built once per version, for the GUI thread.

        Background work builds its own from :attr:`snapshot` (``snapshot.build_model()``).
        """
        if self.snapshot is None:
            return None
        if self._model_version != self.snapshot.version:
            self._model, self._model_version = self.snapshot.build_model(), self.snapshot.version
        return self._model

    @property
    def model_source(self) -> str:
        return self.snapshot.source if self.snapshot is not None else ""

    @property
    def checkpoint_metrics(self) -> dict[str, Any]:
        return dict(self.snapshot.metrics) if self.snapshot is not None else {}

    # --- digits, input, training -----------------------------------------------------
    def set_digits(self, digits: DigitSet) -> None:
        self.digits = digits
        self.digits_changed.emit(digits)

    def set_input(self, sample: InputSample) -> None:
        self.current_input = sample
        self.input_changed.emit(sample)

    def set_training(self, running: bool) -> None:
        if running != self.is_training:
            self.is_training = running
            self.training_changed.emit(running)


def _numpy(state_dict: dict[str, Any]) -> dict[str, np.ndarray]:
    from ...models import weights_to_numpy

    return weights_to_numpy(state_dict)
