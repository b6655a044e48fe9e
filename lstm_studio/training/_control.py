"""Pause, resume and stop a run from another thread: the one control every training loop shares."""
from __future__ import annotations

import threading
import time


class RunControl:
    """Thread-safe run control, checked by the training loop between steps.

    ``pause``/``resume``/``stop`` may be called from any thread; the loop calls :meth:`wait_if_paused`
    and reads :attr:`is_stopping`. Stopping also ends a pause.
    """

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self.stop_reason = ""

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self, reason: str = "stopped by the user") -> None:
        self.stop_reason = reason
        self._stop.set()
        self._running.set()

    @property
    def is_paused(self) -> bool:
        return not self._running.is_set()

    @property
    def is_stopping(self) -> bool:
        return self._stop.is_set()

    def wait_if_paused(self) -> float:
        """Block while paused (a stop ends the wait); return the seconds spent paused."""
        if self._running.is_set():
            return 0.0
        start = time.perf_counter()
        while not self._running.wait(0.05) and not self._stop.is_set():
            pass
        return time.perf_counter() - start
