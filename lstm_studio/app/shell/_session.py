"""The app's shared state: the current model, the digits, the current input.

Tabs subscribe to its signals. Loading (the torch import, the bundled model, the
digits) happens in a background thread so the window appears at once; nothing here
imports torch at module level.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from ...data import DigitSet, Rendering
    from ...models import LSTMClassifier


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
    model_changed = Signal(object)  # LSTMClassifier (CPU, eval mode)
    digits_changed = Signal(object)  # DigitSet
    input_changed = Signal(object)  # InputSample
    training_changed = Signal(bool)  # training running (or paused) / idle
    _loaded = Signal(object)        # internal: background loader -> GUI thread

    def __init__(self, data_dir: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir or os.environ.get("LSTM_STUDIO_DATA") or None
        self.model: LSTMClassifier | None = None
        self.model_source = ""
        self.checkpoint_metrics: dict[str, Any] = {}
        self.digits: DigitSet | None = None
        self.current_input: InputSample | None = None
        self.is_training = False
        self._live_weights: dict[str, np.ndarray] | None = None
        self._live_model: LSTMClassifier | None = None
        self._live_model_for: int | None = None
        self._thread: threading.Thread | None = None
        self._loaded.connect(self._on_loaded)

    # --- loading ---------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        return self.model is not None and self.digits is not None

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

            checkpoint = load_bundled()
            model = checkpoint.build_model("cpu")
            digits = load_digits(self.data_dir, download=False, allow_mini=True)
            self._loaded.emit((model, checkpoint.metrics, digits, None))
        except Exception as error:  # noqa: BLE001 - reported in the window, never a traceback
            self._loaded.emit((None, {}, None, f"{type(error).__name__}: {error}"))

    @Slot(object)
    def _on_loaded(self, payload: tuple) -> None:
        model, metrics, digits, error = payload
        if error:
            self.load_failed.emit(error)
            return
        self.checkpoint_metrics = dict(metrics)
        self.set_digits(digits)
        self.set_model(model, "bundled model")
        self.ready.emit()

    # --- state -----------------------------------------------------------------------
    def set_model(self, model: LSTMClassifier, source: str, metrics: dict[str, Any] | None = None) -> None:
        """Make ``model`` (moved to CPU, eval mode) the current model and tell every tab."""
        self.model = model.cpu().eval()
        self.model_source = source
        if metrics is not None:
            self.checkpoint_metrics = dict(metrics)
        self.model_changed.emit(self.model)

    def set_digits(self, digits: DigitSet) -> None:
        self.digits = digits
        self.digits_changed.emit(digits)

    def set_input(self, sample: InputSample) -> None:
        self.current_input = sample
        self.input_changed.emit(sample)

    def set_training(self, running: bool) -> None:
        if running != self.is_training:
            self.is_training = running
            if not running:
                self._live_weights = None
            self.training_changed.emit(running)

    # --- weights while training ------------------------------------------------------
    def set_live_weights(self, weights: dict[str, np.ndarray] | None) -> None:
        """The training worker's latest weight copy (from a snapshot)."""
        self._live_weights = weights

    def live_model(self) -> LSTMClassifier | None:
        """The freshest weights: the training run's latest copy while training, else :attr:`model`."""
        if not self.is_training or self._live_weights is None or self.model is None:
            return self.model
        if self._live_model_for != id(self._live_weights):
            import torch

            from ...models import LSTMClassifier

            weights = self._live_weights
            layers = sum(1 for name in weights if name.startswith("lstm.weight_ih_l"))
            config = replace(self.model.config, hidden_size=int(weights["lstm.weight_hh_l0"].shape[1]),
                             num_layers=layers)
            model = LSTMClassifier(config)
            model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in self._live_weights.items()})
            self._live_model, self._live_model_for = model.eval(), id(self._live_weights)
        return self._live_model
