"""Python's cyclic garbage collector, run only in the GUI thread.

Left automatic, the collector runs in whichever thread happens to allocate when its threshold is crossed:
the training thread, a background job. If the garbage it finds holds a Qt object (a widget in a reference
cycle, say), that object's C++ destructor then runs in the wrong thread, and PySide6's destructor hooks wait
for the interpreter lock the collecting thread holds: the app freezes for good (seen in a test that ran the
cell finder in a job while the window's texts were being said again). pyqtgraph's ``GarbageCollector`` (the
well-known cure, by Erik Janssens) turns automatic collection off and collects from a QTimer in the GUI
thread, with the interpreter's own thresholds.
"""
from __future__ import annotations

from typing import Any

#: How often the GUI thread looks whether there is garbage to collect (cheap when there is none).
CHECK_INTERVAL_S = 0.1
_collector: Any = None


def collect_garbage_in_gui_thread() -> Any:
    """Start (once per process; call it from the GUI thread) collecting cyclic garbage only in that thread."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=CHECK_INTERVAL_S)
        _collector.timer.setObjectName("lstm-studio-garbage-collector")
    return _collector
