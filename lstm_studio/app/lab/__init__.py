"""The Lab tab: RNN, GRU and LSTM side by side on tasks built to need long-term memory."""
from __future__ import annotations

from ._tab import LabTab

__all__ = ["LabTab"]
