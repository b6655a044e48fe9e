"""Training in a worker thread: a QThread drives the core's ``Trainer.run``.

The worker only emits queued signals carrying immutable values (``TrainingSnapshot``,
``EpochReport``, ``TrainResult``, which hold read-only NumPy copies), so the GUI thread
never touches a live tensor. Pause, resume and stop go through the trainer's thread-safe
``threading.Event`` controls and take effect between batches.

Nothing here imports torch at module level: the worker imports it when it runs, which is
after the session has loaded it.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot


@dataclass(frozen=True)
class TrainingRequest:
    """Everything one run needs, captured in the GUI thread before the worker starts.

    ``initial_weights`` are read-only NumPy copies of a ``state_dict`` to continue from;
    ``None`` starts from fresh weights of the config's shape.
    """

    config: Any                                  # lstm_studio.training.TrainConfig
    digits: Any                                  # lstm_studio.data.DigitSet
    model_config: Any = None                     # ModelConfig of the model the run trains
    initial_weights: Mapping[str, np.ndarray] | None = None  # None: fresh random weights


class _TrainingWorker(QObject):
    """Runs one training in its thread; everything it says goes out through queued signals."""

    snapshot = Signal(object)        # TrainingSnapshot
    epoch_finished = Signal(object)  # EpochReport
    device_chosen = Signal(str)      # e.g. "cpu (1 threads)"
    finished = Signal(object)        # TrainResult, or None when the run failed
    failed = Signal(str)             # one line

    def __init__(self, request: TrainingRequest) -> None:
        super().__init__()
        self.request = request
        self._lock = threading.Lock()
        self._trainer: Any = None
        self._paused = False
        self._stop_reason: str | None = None

    def pause(self, paused: bool) -> None:
        """Thread-safe; remembered if the trainer does not exist yet."""
        with self._lock:
            self._paused = paused
            if self._trainer is not None:
                self._trainer.pause() if paused else self._trainer.resume()

    def stop(self, reason: str) -> None:
        with self._lock:
            self._stop_reason = reason
            if self._trainer is not None:
                self._trainer.stop(reason)

    @Slot()
    def run(self) -> None:
        try:
            trainer = self._build_trainer()
            with self._lock:
                self._trainer = trainer
                if self._paused:
                    trainer.pause()
                if self._stop_reason is not None:
                    trainer.stop(self._stop_reason)
            from ...training import describe_device

            self.device_chosen.emit(describe_device(trainer.device))
            result = trainer.run(self.snapshot.emit, self.epoch_finished.emit)
        except Exception as error:  # noqa: BLE001 - shown in the window, never a traceback
            self.failed.emit(_one_line(error))
            result = None
        # Hand this object back to the GUI thread so it can be deleted there once released.
        self.moveToThread(QCoreApplication.instance().thread())
        self.finished.emit(result)

    def _build_trainer(self) -> Any:
        from ...models import SequenceModel, model_from_weights
        from ...tasks import DigitsTask
        from ...training import Trainer

        request, config = self.request, self.request.config
        task = DigitsTask(request.digits, augment=config.augment)
        if request.initial_weights is not None:
            model = model_from_weights(request.model_config, request.initial_weights).train()
        else:
            model = SequenceModel(request.model_config or config.model_config(task))
        # Built here, in the worker thread, so torch's thread cap applies to this thread.
        return Trainer(config, task, model)


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


class TrainingController(QObject):
    """Starts, pauses, resumes and stops training runs; one run at a time.

    Lives in the GUI thread. Its signals are emitted there (the worker's arrive queued).
    """

    started = Signal()
    snapshot = Signal(object)
    epoch_finished = Signal(object)
    device_chosen = Signal(str)
    finished = Signal(object)        # TrainResult or None (failed)
    failed = Signal(str)
    paused_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _TrainingWorker | None = None
        self._paused = False

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    @property
    def is_paused(self) -> bool:
        return self._paused

    def start(self, request: TrainingRequest) -> None:
        """Start a run in a new thread. Raises ``RuntimeError`` if one is running."""
        if self._thread is not None:
            raise RuntimeError("a training run is already in progress")
        thread = QThread()
        thread.setObjectName("lstm-studio-training")
        worker = _TrainingWorker(request)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.snapshot.connect(self._relay_snapshot)
        worker.epoch_finished.connect(self._relay_epoch)
        worker.device_chosen.connect(self._relay_device)
        worker.failed.connect(self._relay_failed)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(self._on_worker_finished)
        self._thread, self._worker, self._paused = thread, worker, False
        thread.start()
        self.started.emit()

    def set_paused(self, paused: bool) -> None:
        if self._worker is None or paused == self._paused:
            return
        self._paused = paused
        self._worker.pause(paused)
        self.paused_changed.emit(paused)

    def toggle_pause(self) -> None:
        self.set_paused(not self._paused)

    def stop(self, reason: str = "stopped by the user") -> None:
        """Ask the run to stop after the batch in progress; ``finished`` follows."""
        if self._worker is not None:
            self._worker.stop(reason)

    def shutdown(self, timeout_ms: int = 1500) -> bool:
        """Stop the run and wait for its thread, at most ``timeout_ms``; True if it ended.

        Used when the window closes: the queued ``finished`` is then never delivered,
        so the run's result is dropped on purpose.
        """
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return True
        worker.stop("the window was closed")
        thread.quit()  # ends the thread's event loop as soon as run() returns
        if not thread.wait(timeout_ms):
            return False
        self._release(thread, worker)
        return True

    def wait(self, timeout_ms: int) -> bool:
        """Block until the thread ends (tests, shutdown backstops); True if no run is left."""
        return self._thread is None or self._thread.wait(timeout_ms)

    @Slot(object)
    def _relay_snapshot(self, snapshot: object) -> None:
        self.snapshot.emit(snapshot)

    @Slot(object)
    def _relay_epoch(self, report: object) -> None:
        self.epoch_finished.emit(report)

    @Slot(str)
    def _relay_device(self, description: str) -> None:
        self.device_chosen.emit(description)

    @Slot(str)
    def _relay_failed(self, message: str) -> None:
        self.failed.emit(message)

    @Slot(object)
    def _on_worker_finished(self, result: object) -> None:
        thread, worker = self._thread, self._worker
        if worker is None or self.sender() is not worker:
            return  # a run already released by shutdown()
        thread.wait()  # run() has returned and quit() was called in the worker: instant
        self._release(thread, worker)
        self.finished.emit(result)

    def _release(self, thread: QThread, worker: _TrainingWorker) -> None:
        for signal in (worker.snapshot, worker.epoch_finished, worker.device_chosen, worker.failed,
                       worker.finished):
            signal.disconnect()
        worker.deleteLater()
        thread.deleteLater()
        self._thread, self._worker, self._paused = None, None, False
