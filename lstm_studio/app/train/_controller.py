"""Training in a worker thread: a QThread drives the core's ``Trainer.run``.

The worker only emits queued signals carrying immutable values (``TrainingSnapshot``,
``EpochReport``, ``TrainResult``, which hold read-only NumPy copies), so the GUI thread
never touches a live tensor. Pause, resume and stop go through the trainer's thread-safe
``threading.Event`` controls and take effect between batches.

A running ``QThread`` must never be destroyed (Qt aborts the process: "QThread: Destroyed while
thread is still running"). So every started thread and its worker are also held by a module-level
registry until the GUI thread has *waited* for the thread; :meth:`TrainingController.shutdown`
waits without a bound once its patience runs out (the run stops between batches and between test
batches, so this ends promptly); a controller destroyed with its window stops its run; and an
``atexit`` hook stops and waits for whatever is still running when the interpreter exits.

Nothing here imports torch at module level: the worker imports it when it runs, which is
after the session has loaded it.
"""
from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot


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

    def __init__(self, request: TrainingRequest, home: QThread) -> None:
        super().__init__()
        self.request = request
        self._home = home  # the GUI thread, where this object goes back once the run is over
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

            self.device_chosen.emit(describe_device(trainer.device, trainer.config.num_threads))
            result = trainer.run(self.snapshot.emit, self.epoch_finished.emit)
        except Exception as error:  # noqa: BLE001 - shown in the window, never a traceback
            self.failed.emit(_one_line(error))
            result = None
        # Hand this object back to the GUI thread so it can be deleted there once released.
        self.moveToThread(self._home)
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


#: Every training thread started and not yet waited for, with its worker. Holding them here means
#: neither can be garbage-collected (destroying its C++ object) while the thread runs, whatever
#: happens to the controller or the window that started them.
_LIVE_RUNS: list[tuple[QThread, _TrainingWorker]] = []


def _forget(thread: QThread) -> None:
    """Drop a thread from the registry; only once it has been waited for (it has finished)."""
    _LIVE_RUNS[:] = [run for run in _LIVE_RUNS if run[0] is not thread]


@atexit.register
def _stop_and_wait_at_exit() -> None:
    """Interpreter exit: stop every run still going and wait for its thread before Python tears
    down the objects (atexit hooks run first; PySide's own clean-up, registered earlier, runs later)."""
    for thread, worker in list(_LIVE_RUNS):
        worker.stop("the program is exiting")
        thread.quit()
        thread.wait()
    _LIVE_RUNS.clear()


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
        self._orphaned: Callable[..., None] | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    @property
    def is_paused(self) -> bool:
        return self._paused

    #: What runs a request in the training thread, and that thread's name (a text run has its own).
    worker_class: type = _TrainingWorker
    thread_name = "lstm-studio-training"

    def start(self, request: TrainingRequest) -> None:
        """Start a run in a new thread. Raises ``RuntimeError`` if one is running."""
        if self._thread is not None:
            raise RuntimeError("a training run is already in progress")
        thread = QThread()
        thread.setObjectName(self.thread_name)
        worker = self.worker_class(request, self.thread())
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.snapshot.connect(self._relay_snapshot)
        worker.epoch_finished.connect(self._relay_epoch)
        worker.device_chosen.connect(self._relay_device)
        worker.failed.connect(self._relay_failed)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(self._on_worker_finished)
        # Deleted with its window while training: nobody listens any more, so the run stops.
        self._orphaned = lambda *_: worker.stop("the window was closed")
        self.destroyed.connect(self._orphaned)
        _LIVE_RUNS.append((thread, worker))
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

    def shutdown(self, patience_ms: int = 1500, on_slow: Callable[[], None] | None = None) -> None:
        """Stop the run and return only once its thread has ended.

        Waits ``patience_ms``; if the thread is still running then (a loaded machine, a long test
        batch), calls ``on_slow`` (the window hides itself) and waits on without a bound: the run
        stops between batches, so this ends, and a running QThread is never destroyed. Used when
        the window closes: the queued ``finished`` is then never delivered, so the run's result
        is dropped on purpose.
        """
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return
        worker.stop("the window was closed")
        thread.quit()  # ends the thread's event loop as soon as run() returns
        if not thread.wait(patience_ms):
            if on_slow is not None:
                on_slow()
            thread.wait()
        self._release(thread, worker)

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
        """Forget a run whose thread has been waited for (never call it while the thread runs)."""
        for signal in (worker.snapshot, worker.epoch_finished, worker.device_chosen, worker.failed,
                       worker.finished):
            signal.disconnect()
        if self._orphaned is not None:
            self.destroyed.disconnect(self._orphaned)
            self._orphaned = None
        worker.deleteLater()
        thread.deleteLater()
        _forget(thread)
        self._thread, self._worker, self._paused = None, None, False
