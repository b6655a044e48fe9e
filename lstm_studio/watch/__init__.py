"""Watch your own training script live: ``ls.watch(model, probe=x)`` and ``ls.log(step, loss=...)``.

The script publishes, over ZeroMQ, its scalars and every recurrent module's gates on a probe
batch; LSTM Studio (File → Attach to a running script…) or any subscriber shows them. Nothing
here imports Qt, and receiving (:class:`Subscriber`) needs no torch; see ``docs/watch.md`` for the
port and the message format.
"""
from __future__ import annotations

import sys
import types
from typing import Any

from ._messages import FORMAT, TOPIC_PREFIX, MessageError, WatchMessage, decode, encode
from ._publisher import WatchError
from ._subscriber import Subscriber, module_traces

#: The publishing side needs torch; it is imported when first used.
_WATCHER_NAMES = ("DEFAULT_EVERY", "DEFAULT_HOST", "DEFAULT_PORT", "Watcher", "current", "default_port", "log",
                  "watch")


def __getattr__(name: str) -> Any:
    if name in _WATCHER_NAMES:
        from . import _watcher

        return getattr(_watcher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _CallableModule(types.ModuleType):
    """``lstm_studio.watch`` is both this package and the function ``ls.watch(model, probe=...)``:
    once the package is imported, ``lstm_studio.watch`` names it, so calling it must watch."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from ._watcher import watch

        return watch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["DEFAULT_EVERY", "DEFAULT_HOST", "DEFAULT_PORT", "FORMAT", "TOPIC_PREFIX", "MessageError", "Subscriber",
           "WatchError", "WatchMessage", "Watcher", "current", "decode", "default_port", "encode", "log",
           "module_traces", "watch"]
