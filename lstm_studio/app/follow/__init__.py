"""Following a run folder live (File → Follow a run…): the Train tab's panels fed from files."""
from __future__ import annotations

from ._feed import FeedResult, RunFeed
from ._menu import RunFollowing
from ._poller import RunPoller
from ._tab import FollowTab

__all__ = ["FeedResult", "FollowTab", "RunFeed", "RunFollowing", "RunPoller"]
