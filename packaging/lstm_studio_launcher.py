"""Entry script of the frozen app (PyInstaller needs a file, not a console-script entry point)."""
from __future__ import annotations

import multiprocessing
import sys

from lstm_studio.__main__ import main

if __name__ == "__main__":
    # A frozen program that ever starts a child process must call this first (no-op otherwise).
    multiprocessing.freeze_support()
    sys.exit(main())
