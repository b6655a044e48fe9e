"""Ctrl+C and ``kill``: the terminal closes the app the same way as closing its window.

Python runs a signal handler only when the interpreter gets control, and Qt's event loop, which
runs in C++, may not give it control for seconds. So the C-level handler also writes the signal
number to a socket (:func:`signal.set_wakeup_fd`), a ``QSocketNotifier`` on the other end wakes
the event loop at once, and its slot closes the window: training stops between batches and its
thread is waited for, the settings are saved. The event loop then ends with the status
``128 + signal number`` (130 for SIGINT, 143 for SIGTERM): the shell's convention for "ended by
this signal", so a script or a service manager can tell it from a normal close (status 0).

After the first signal the default actions come back: a second Ctrl+C ends the process at once
(files are written atomically, so even that leaves nothing half-written).
"""
from __future__ import annotations

import signal
import socket
import sys
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Slot
from PySide6.QtWidgets import QWidget

#: The signals that close the app; SIGTERM is what ``kill``, logout and service managers send.
CLOSING_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class SignalCloser(QObject):
    """Closes ``window`` when the process gets SIGINT or SIGTERM; ``status`` is then 128 + signal.

    Must be made in the main thread (Python only lets it set signal handlers). Call
    :meth:`release` once the event loop has ended and :meth:`restore` before returning.
    """

    def __init__(self, window: QWidget | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.status: int | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, _note) for number in CLOSING_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)

    @Slot()
    def _on_wakeup(self) -> None:
        try:
            received = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        closing = [number for number in received if number in CLOSING_SIGNALS]
        if closing:
            self.close_for(closing[0])

    def close_for(self, number: int) -> None:
        """Close the window as its close button would, then end the event loop with 128 + ``number``."""
        if self.status is not None:
            return
        self.status = 128 + number
        self.release()  # from now on a second signal ends the process at once
        name = signal.Signals(number).name
        print(f"lstm-studio: {name} received: closing (training stops after its batch)", file=sys.stderr,
              flush=True)
        if self.window is not None:
            self.window.close()
        QCoreApplication.exit(self.status)

    def release(self) -> None:
        """Stop listening; a closing signal now has its default action (ends the process)."""
        if self._notifier.isEnabled():
            self._notifier.setEnabled(False)
            signal.set_wakeup_fd(self._previous_fd)
            for number in CLOSING_SIGNALS:
                signal.signal(number, signal.SIG_DFL)
            self._reader.close()
            self._writer.close()

    def restore(self) -> None:
        """Put back the handlers that were there before (for callers that go on running)."""
        self.release()
        for number, handler in self._previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _note(number: int, frame: FrameType | None) -> None:
    """The Python-level handler: nothing to do, the number arrives through the wake-up socket.

    It only has to exist: it replaces the defaults (KeyboardInterrupt, immediate termination).
    """
