"""LSTM Studio: watch an LSTM learn, gate by gate.

The core (``cells``, ``models``, ``tasks``, ``data``, ``training``, ``io``, ``cli``, ``watch``) runs
headless and never imports Qt; the desktop app lives in ``lstm_studio.app``.

``import lstm_studio as ls`` is cheap (no torch): ``ls.watch(model, probe=x)`` and
``ls.log(step, loss=...)`` load :mod:`lstm_studio.watch` when first used.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "watch":  # the package lstm_studio.watch, which is callable: ls.watch(model, probe=x)
        return importlib.import_module(f"{__name__}.watch")
    if name == "log":
        return importlib.import_module(f"{__name__}.watch._watcher").log
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
