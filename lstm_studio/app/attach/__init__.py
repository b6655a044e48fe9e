"""File → Attach to a running script…: a training script watched with ``ls.watch``, shown live."""
from __future__ import annotations

from ._dialog import AttachDialog, default_port
from ._window import AttachWindow

__all__ = ["AttachDialog", "AttachWindow", "default_port"]
