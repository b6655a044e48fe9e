"""The one way LSTM Studio writes a file: all of it, or none of it.

A temporary file in the target's folder is written, flushed and fsynced, then renamed over
the target with ``os.replace`` (atomic on POSIX and Windows), and the folder is fsynced. A crash
or an error at any moment leaves either the old file or the complete new one, and no stray
temporary file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

#: Permissions of a new file before the umask, as ``open()`` would create it.
_DEFAULT_MODE = 0o666


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb", encoding: str | None = None) -> Iterator[IO[Any]]:
    """Yield a file object; on normal exit its content replaces ``path`` atomically.

    Raises ``IsADirectoryError`` if ``path`` is a folder (nothing is created), and whatever
    the writing raised, after removing the temporary file.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder", str(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes 0600; give the file the permissions an ordinary new file would get.
        os.chmod(temporary, _DEFAULT_MODE & ~_current_umask())
        with os.fdopen(handle, mode, encoding=encoding if "b" not in mode else None) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _current_umask() -> int:
    """The process umask, read without changing it (``os.umask`` would, for a moment, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022  # the near-universal default where /proc is not available


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
