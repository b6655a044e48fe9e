"""Lab runs in a worker thread: a QThread drives the core's ``LabRunner`` (one comparison) or ``Sweep``.

The worker only emits queued signals carrying immutable ``LabSnapshot`` values. Stop goes
through the runner's thread-safe events and takes effect between steps. Nothing here
imports torch at module level.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot


@dataclass(frozen=True)
class LabRequest:
    """One job: ``config`` at its length, or a sweep over ``lengths``; ``cache`` may be ``None``."""

    config: Any                        # lstm_studio.lab.LabConfig
    lengths: tuple[int, ...] = ()      # empty: one comparison at config.length
    cache: Any = None                  # lstm_studio.lab.LabCache
    digits: Any = None                 # DigitSet for sequential MNIST


class _LabWorker(QObject):
    snapshot = Signal(object)       # LabSnapshot, at most every ~100 ms
    result = Signal(object)         # LabSnapshot: a comparison (one length) has ended
    cache_problem = Signal(str)
    finished = Signal(object)       # list of LabSnapshot, or None when the job failed
    failed = Signal(str)

    def __init__(self, request: LabRequest) -> None:
        super().__init__()
        self.request = request
        self._lock = threading.Lock()
        self._job: Any = None
        self._stop: tuple[str, bool] | None = None

    def stop(self, reason: str, final_evaluation: bool = True) -> None:
        with self._lock:
            self._stop = (reason, final_evaluation)
            if self._job is not None:
                self._job.stop(reason, final_evaluation)

    @Slot()
    def run(self) -> None:
        try:
            results = self._run()
        except Exception as error:  # noqa: BLE001 - shown in the window, never a traceback
            text = str(error).strip().splitlines()
            self.failed.emit(f"{type(error).__name__}: {text[0] if text else ''}")
            results = None
        self.moveToThread(QCoreApplication.instance().thread())
        self.finished.emit(results)

    def _run(self) -> list[Any]:
        from ...lab import Sweep

        request = self.request
        lengths = request.lengths or (request.config.length,)
        # One comparison always trains (the point is to watch it), cached or not.
        sweep = Sweep(request.config, lengths, request.cache, request.digits, use_cached=bool(request.lengths))
        with self._lock:
            self._job = sweep
            if self._stop is not None:
                sweep.stop(*self._stop)
        results = sweep.run(self.snapshot.emit, self.result.emit)
        if sweep.cache_problem:
            self.cache_problem.emit(sweep.cache_problem)
        return results


class LabController(QObject):
    """Starts and stops lab jobs, one at a time. Lives in the GUI thread."""

    started = Signal()
    snapshot = Signal(object)
    result = Signal(object)
    cache_problem = Signal(str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _LabWorker | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, request: LabRequest) -> None:
        """Start ``request`` in a new thread. Raises ``RuntimeError`` if a job is running."""
        if self._thread is not None:
            raise RuntimeError("a lab run is already in progress")
        thread = QThread()
        thread.setObjectName("lstm-studio-lab")
        worker = _LabWorker(request)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.snapshot.connect(self._relay_snapshot)
        worker.result.connect(self._relay_result)
        worker.cache_problem.connect(self._relay_cache_problem)
        worker.failed.connect(self._relay_failed)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(self._on_worker_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        self.started.emit()

    def stop(self, reason: str = "stopped by the user") -> None:
        """Stop after the step in progress; the held-out set is scored there, then ``finished`` follows."""
        if self._worker is not None:
            self._worker.stop(reason)

    def shutdown(self, timeout_ms: int = 1500) -> bool:
        """Stop at once (no final scoring) and wait for the thread, at most ``timeout_ms``; True if it ended."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return True
        worker.stop("the window was closed", final_evaluation=False)
        thread.quit()
        if not thread.wait(timeout_ms):
            return False
        self._release(thread, worker)
        return True

    def wait(self, timeout_ms: int) -> bool:
        return self._thread is None or self._thread.wait(timeout_ms)

    @Slot(object)
    def _relay_snapshot(self, snapshot: object) -> None:
        self.snapshot.emit(snapshot)

    @Slot(object)
    def _relay_result(self, result: object) -> None:
        self.result.emit(result)

    @Slot(str)
    def _relay_cache_problem(self, text: str) -> None:
        self.cache_problem.emit(text)

    @Slot(str)
    def _relay_failed(self, text: str) -> None:
        self.failed.emit(text)

    @Slot(object)
    def _on_worker_finished(self, results: object) -> None:
        thread, worker = self._thread, self._worker
        if worker is None or self.sender() is not worker:
            return
        thread.wait()
        self._release(thread, worker)
        self.finished.emit(results)

    def _release(self, thread: QThread, worker: _LabWorker) -> None:
        for signal in (worker.snapshot, worker.result, worker.cache_problem, worker.failed, worker.finished):
            signal.disconnect()
        worker.deleteLater()
        thread.deleteLater()
        self._thread, self._worker = None, None
