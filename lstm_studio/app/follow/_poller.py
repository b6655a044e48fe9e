"""Polling a run folder in a background thread, so the GUI thread never waits on a disk or a network.

A timer, not file-change notification: inotify and friends do not see writes that another
machine makes to an NFS, SMB or sshfs folder. Every ``interval_s`` the thread asks its
:class:`~lstm_studio.runs.RunFollower` what is new (reading and decoding the files there, off
the GUI thread) and emits the immutable :class:`~lstm_studio.runs.RunUpdate` through a queued
signal when something changed.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

POLL_INTERVAL_S = 0.5
#: Even with nothing new, an update at least this often (the silence of a run grows: "not responding").
QUIET_UPDATE_S = 2.0


def _interesting(update: Any, previous: Any) -> bool:
    if previous is None:
        return True
    if update.metrics or update.trace is not None or update.weights is not None or update.problems:
        return True
    if update.restarted or update.config is not previous.config:
        return True
    old, new = previous.status, update.status
    return (old.state, old.step, old.reason) != (new.state, new.step, new.reason)


class RunPoller(QObject):
    """Polls one run folder from a daemon thread; ``updated`` carries each interesting ``RunUpdate``."""

    updated = Signal(object)     # lstm_studio.runs.RunUpdate
    failed = Signal(str)         # one line: the poll itself broke (never for a bad file: those are skipped)

    def __init__(self, folder: str | Path, interval_s: float = POLL_INTERVAL_S, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.polls = 0

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="lstm-studio-run-poller", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> bool:
        """Stop polling; True if the thread has ended (a poll stuck on a dead network mount may not)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            return not self._thread.is_alive()
        return True

    def _loop(self) -> None:
        from ...runs import RunFollower

        follower = RunFollower(self.folder)
        previous, last_emit = None, 0.0
        while not self._stop.is_set():
            try:
                update = follower.poll()
            except Exception as error:  # noqa: BLE001 - shown in the tab, never a traceback
                self.failed.emit(f"{type(error).__name__}: {(str(error).splitlines() or [''])[0]}")
                self._stop.wait(self.interval_s * 4)
                continue
            self.polls += 1
            now = time.monotonic()
            if _interesting(update, previous) or now - last_emit >= QUIET_UPDATE_S:
                previous, last_emit = update, now
                if self._stop.is_set():
                    break
                try:
                    self.updated.emit(update)
                except RuntimeError:  # the receiver is gone (the window closed while a poll was slow)
                    break
            self._stop.wait(self.interval_s)
