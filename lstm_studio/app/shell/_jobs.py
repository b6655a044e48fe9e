"""Background jobs for the tabs: a function runs in a daemon thread, its result comes back as a signal.

Only immutable results cross back (the core's frozen dataclasses). A newer job of the same
kind supersedes an older one: the old one is asked to stop and its result is dropped.

The Train tab (the current model's gates on the probe digits) and the Inspect tab (test-set
evaluation, gate saturation) share this one helper. superqt's ``thread_worker`` was weighed and
not taken: it would add a dependency (and the packaged app's size) yet still need the
newest-result-wins bookkeeping and the bounded join at shutdown that this class is.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

_log = logging.getLogger(__name__)

#: A job function receives ``should_stop`` and returns an immutable result (or None when stopped).
JobFunction = Callable[[Callable[[], bool]], Any]


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job reports: its kind, its generation, and its result or a one-line error."""

    kind: str
    generation: int
    result: Any = None
    error: str = ""


class BackgroundJobs(QObject):
    """Runs at most one job per kind; emits :attr:`finished` in the GUI thread with a :class:`JobOutcome`."""

    finished = Signal(object)  # JobOutcome of the latest job of its kind
    _done = Signal(object)     # worker thread -> GUI thread (queued)

    def __init__(self, parent: QObject | None = None, owner: str = "app") -> None:
        super().__init__(parent)
        self.owner = owner  # names the threads: lstm-studio-<owner>-<kind>
        self._generation: dict[str, int] = {}
        self._running: dict[str, tuple[threading.Thread, threading.Event]] = {}
        self._threads: list[threading.Thread] = []  # every thread started, joined at shutdown
        self._done.connect(self._on_done)

    def start(self, kind: str, function: JobFunction) -> int:
        """Run ``function(should_stop)`` in a daemon thread, superseding a running job of ``kind``."""
        self.cancel(kind)
        generation = self._generation.get(kind, 0) + 1
        self._generation[kind] = generation
        stop = threading.Event()
        thread = threading.Thread(target=self._work, args=(kind, generation, function, stop),
                                  name=f"lstm-studio-{self.owner}-{kind}", daemon=True)
        self._running[kind] = (thread, stop)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return generation

    def is_running(self, kind: str) -> bool:
        """Whether a job of ``kind`` was started and has not reported yet."""
        entry = self._running.get(kind)
        return entry is not None and entry[0].is_alive()

    def cancel(self, kind: str) -> None:
        """Ask the job of ``kind`` to stop; its result, if any, is dropped."""
        entry = self._running.pop(kind, None)
        if entry is not None:
            entry[1].set()

    def shutdown(self, timeout_s: float = 3.0) -> None:
        """Ask every job to stop and wait (bounded) for their threads, so none outlives the window."""
        for _, stop in self._running.values():
            stop.set()
        self._running.clear()
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads = [t for t in self._threads if t.is_alive()]

    def _work(self, kind: str, generation: int, function: JobFunction, stop: threading.Event) -> None:
        try:
            _cap_worker_threads()
            outcome = JobOutcome(kind, generation, result=function(stop.is_set))
        except Exception as error:  # noqa: BLE001 - reported in the window, never a traceback
            _log.debug("background job %r failed", kind, exc_info=True)  # the user sees the one-line error
            outcome = JobOutcome(kind, generation, error=f"{type(error).__name__}: {error}")
        if stop.is_set():
            return
        try:
            self._done.emit(outcome)
        except RuntimeError:  # the window was closed meanwhile: nobody is listening
            pass

    @Slot(object)
    def _on_done(self, outcome: JobOutcome) -> None:
        if outcome.generation != self._generation.get(outcome.kind):
            return  # superseded by a newer job
        self._running.pop(outcome.kind, None)
        self.finished.emit(outcome)


def _cap_worker_threads() -> None:
    """Leave a core to the GUI thread (torch's thread count is per thread here)."""
    import torch

    from ...training import gui_thread_cap

    torch.set_num_threads(gui_thread_cap())
