"""Subscribing and deserialising off the GUI thread: a daemon thread turns messages into batches.

The thread owns the ZeroMQ socket (sockets are not thread-safe), decodes every message, turns
trace messages into :class:`~lstm_studio.cells.Trace` objects, and hands the GUI thread at most
one :class:`Batch` every ``BATCH_INTERVAL_S`` through a queued signal: scalars in order, the
newest trace of each module, the newest hello, and whether the script said goodbye. So a script
logging thousands of steps a second costs the GUI thread one slot call per frame, not one per step.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

BATCH_INTERVAL_S = 0.03
RECEIVE_MS = 20
JOIN_TIMEOUT_S = 2.0


@dataclass
class Batch:
    """What arrived since the last batch. Built in the listener thread, then only read."""

    scalars: list[tuple[int, dict[str, float | None]]] = field(default_factory=list)
    traces: dict[str, tuple[int, Any, dict]] = field(default_factory=dict)  # module -> (step, Trace, header)
    labels: list | None = None
    hello: dict[str, Any] | None = None
    bye: dict[str, Any] | None = None
    rejected: int = 0

    def __bool__(self) -> bool:
        return bool(self.scalars or self.traces or self.hello or self.bye)


class WatchListener(QObject):
    """``start(host, port)`` then :attr:`received` (a :class:`Batch`) in the GUI thread; ``stop()`` detaches."""

    received = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, host: str, port: int) -> None:
        self.stop()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, args=(host, port, self._stop),
                                        name="lstm-studio-attach", daemon=True)
        self._thread.start()

    def stop(self) -> bool:
        """Ask the thread to end and wait for it (bounded); True if it ended."""
        self._stop.set()
        if self._thread is None:
            return True
        self._thread.join(JOIN_TIMEOUT_S)
        ended = not self._thread.is_alive()
        self._thread = None
        return ended

    def _listen(self, host: str, port: int, stop: threading.Event) -> None:
        try:
            from ...watch import Subscriber

            subscriber = Subscriber(host, port)
        except Exception as error:  # noqa: BLE001 - said in the window, never a traceback
            self._emit(self.failed, self.tr("cannot listen to {host}:{port}: {error}").format(host=host, port=port,
                                                                                               error=error))
            return
        try:
            self._loop(subscriber, stop)
        finally:
            subscriber.close()

    def _loop(self, subscriber: Any, stop: threading.Event) -> None:
        batch, started = Batch(), time.monotonic()
        while not stop.is_set():
            message = subscriber.receive(RECEIVE_MS)
            if message is not None:
                _add(batch, message)
            if time.monotonic() - started >= BATCH_INTERVAL_S:
                batch.rejected = subscriber.rejected
                if batch and not stop.is_set():
                    self._emit(self.received, batch)
                    batch = Batch()
                started = time.monotonic()

    def _emit(self, signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window was closed and this object deleted meanwhile
            pass

    @Slot()
    def shutdown(self) -> None:
        self.stop()


def _add(batch: Batch, message: Any) -> None:
    """Fold one message into ``batch`` (runs in the listener thread)."""
    if message.kind == "scalars":
        batch.scalars.extend(message.points)
    elif message.kind == "trace":
        from ...watch import module_traces

        for name, trace in module_traces(message).items():
            batch.traces[name] = (message.step or 0, trace, message.header)
        labels = message.header.get("labels")
        batch.labels = labels if isinstance(labels, list) else batch.labels
    elif message.kind == "hello":
        batch.hello = message.header
    elif message.kind == "bye":
        batch.bye = message.header
