"""LSTM Studio: watch an LSTM learn, gate by gate.

The core (``model``, ``data``, ``training``, ``cli``) runs headless and never imports Qt;
the desktop app lives in ``lstm_studio.app``.
"""
from __future__ import annotations

__version__ = "0.1.0"
