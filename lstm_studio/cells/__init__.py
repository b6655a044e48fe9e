"""Recurrent cells: a fused fast path plus an exact step-by-step trace path over the same weights."""
from __future__ import annotations

from ._lstm import GateLSTM, TraceTensors
from ._trace import GATE_NAMES, LEVELS, SHORT_NAMES, STATE_NAMES, GateTrace

__all__ = ["GATE_NAMES", "LEVELS", "SHORT_NAMES", "STATE_NAMES", "GateLSTM", "GateTrace", "TraceTensors"]
