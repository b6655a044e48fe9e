"""What state a run is in, from its ``status.json`` and how recently its heartbeat was seen.

``status.json`` says ``running`` until the run ends. A run whose process died without a word
(killed, out of memory, the machine lost) says ``running`` forever; its heartbeat stops
changing, and after :data:`STALE_FACTOR` heartbeat intervals of silence it is shown as
*not responding (crashed?)*. If the heartbeat comes back (a network folder that hiccupped),
it is running again.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ._format import FINAL_STATUSES, RUNNING

#: A running run silent for this many heartbeat intervals is "not responding".
STALE_FACTOR = 3.0
WAITING = "waiting"          # no run.json and no status.json yet
STARTING = "starting"        # run.json is there, the first heartbeat is not
NOT_RESPONDING = "not responding"
STATES = (WAITING, STARTING, RUNNING, NOT_RESPONDING, *FINAL_STATUSES)


@dataclass(frozen=True)
class RunStatus:
    """A run's state as a reader sees it now.

    ``state`` is one of :data:`STATES`; ``status`` is what ``status.json`` says (``None``
    without one); ``silent_s`` is how long the heartbeat has not changed.
    """

    state: str
    status: str | None = None
    step: int = 0
    reason: str = ""
    host: str = ""
    pid: int | None = None
    updated: str = ""
    silent_s: float = 0.0
    heartbeat_s: float = 0.0

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATUSES

    @property
    def is_live(self) -> bool:
        return self.state == RUNNING

    def describe(self) -> str:
        """``running``, ``not responding (crashed?): silent for 2 min``, ``diverged: the loss became nan``."""
        if self.state == NOT_RESPONDING:
            return f"not responding (crashed?): silent for {_duration(self.silent_s)}"
        if self.state == WAITING:
            return "waiting for the run to start"
        if self.is_final and self.reason:
            return f"{self.state}: {self.reason}"
        return self.state


def run_status(status: dict[str, Any] | None, has_config: bool, silent_s: float) -> RunStatus:
    """The state machine: ``status.json`` (or None), whether ``run.json`` exists, and the heartbeat's silence."""
    if status is None:
        return RunStatus(STARTING if has_config else WAITING)
    said = status.get("status")
    said = said if isinstance(said, str) else None
    heartbeat = _number(status.get("heartbeat_s"), 10.0)
    state = said if said in FINAL_STATUSES else RUNNING
    if state == RUNNING and silent_s > STALE_FACTOR * max(heartbeat, 0.1):
        state = NOT_RESPONDING
    return RunStatus(state, said, int(_number(status.get("step"), 0)), str(status.get("reason") or "")[:500],
                     str(status.get("host") or ""), _int_or_none(status.get("pid")), str(status.get("updated") or ""),
                     silent_s, heartbeat)


class HeartbeatWatch:
    """How long a run's heartbeat has not changed, measured on this machine's clock.

    The first time a heartbeat is seen its age comes from its own ``updated_unix`` time (so a
    run that died yesterday is stale at once); after that, from when this reader saw it change,
    so a writer whose clock is off does not look stale for ever.
    """

    def __init__(self) -> None:
        self._beat: tuple[Any, Any] | None = None
        self._seen_at = 0.0

    def silent_s(self, status: dict[str, Any] | None, monotonic_now: float, wall_now: float) -> float:
        if status is None:
            return 0.0
        beat = (status.get("beat"), status.get("updated_unix"))
        if beat != self._beat:
            first = self._beat is None
            self._beat = beat
            age = wall_now - _number(status.get("updated_unix"), wall_now) if first else 0.0
            self._seen_at = monotonic_now - max(0.0, age)
        return max(0.0, monotonic_now - self._seen_at)


def _number(value: Any, default: float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return default


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
