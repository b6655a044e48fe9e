"""Gate traces of the current model on the probe digits, computed off the GUI thread.

Between runs the Train tab shows the current model's gates. A trace is a few hundred small
torch ops; run in the GUI thread while another thread trains, each op waits for the GIL and
the window would stall for a second. So it runs in a short-lived daemon thread and the
result comes back as a queued signal; a newer request makes older results stale.
"""
from __future__ import annotations

import threading
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot


class ModelTracer(QObject):
    """``request(model, images)`` -> later ``traced(Trace)`` for the newest request only."""

    traced = Signal(object)
    _done = Signal(object, int)  # trace, request number (worker thread -> GUI thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = 0
        self._closed = False
        self._threads: list[threading.Thread] = []
        self._done.connect(self._on_done)

    def request(self, model: Any, images: np.ndarray) -> None:
        """Trace ``model`` on ``images`` (float32 [N, 28, 28], 0..1) in the background."""
        self._latest += 1
        thread = threading.Thread(target=self._trace, args=(model, images, self._latest),
                                  name="lstm-studio-probe-trace", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _trace(self, model: Any, images: np.ndarray, number: int) -> None:
        import torch

        # Sixteen digits: one thread is fastest, and it leaves the other cores alone.
        torch.set_num_threads(1)
        trace = model.trace(torch.from_numpy(images), notify=False)
        try:
            self._done.emit(trace, number)
        except RuntimeError:  # the window was closed and this object deleted meanwhile
            pass

    @Slot(object, int)
    def _on_done(self, trace: Any, number: int) -> None:
        if number == self._latest and not self._closed:
            self.traced.emit(trace)

    def cancel(self) -> None:
        """Drop any result still to come (a run started, or the window closes)."""
        self._latest += 1

    def close(self, timeout_s: float = 2.0) -> None:
        """Drop late results and wait (bounded) for running traces: torch work in a daemon
        thread while the interpreter shuts down aborts the process."""
        self._closed = True
        for thread in self._threads:
            thread.join(timeout_s)
