"""One way to write a file so that it is either the old file or the complete new one, never half."""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

#: Permissions of a new file when the umask cannot be read (what most systems' umask 022 gives).
DEFAULT_NEW_FILE_MODE = 0o644


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb", encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Yield a file object whose content replaces ``path`` only when the block ends without error.

    The data goes to a temporary file in the same folder (``tempfile.mkstemp``), which is
    flushed, fsynced and moved over ``path`` with ``os.replace``; the folder is then fsynced so
    the rename survives a power cut. On any exception the temporary file is removed and ``path``
    is untouched. The new file gets the old file's permissions, or those the process umask gives
    a new file (read without changing the umask).

    Parameters
    ----------
    path
        The file to write.
    mode
        ``"wb"`` (bytes) or ``"w"`` (text, line endings written exactly as given).
    encoding
        Of text (default UTF-8).

    Raises
    ------
    OSError
        With ``filename`` set to ``path`` (never the temporary name): e.g. ``IsADirectoryError``
        when ``path`` is a folder, ``PermissionError`` when its folder is not writable.
    """
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_write mode must be 'wb' or 'w', not {mode!r}")
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise _naming(error, path) from None
    with _removed_on_error(temporary, path):
        with _open(handle, mode, encoding) as stream:
            yield stream
            stream.flush()
            _set_mode(stream.fileno(), temporary, _new_mode(target))
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    _fsync_folder(folder)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (same suffix) for writers that only take a file name
    (image exporters...); on normal exit the file written there replaces ``path`` atomically.

    The same guarantees as :func:`atomic_write`: fsynced, renamed over ``path``, removed on any
    error, errors naming the user's path.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    except OSError as error:
        raise _naming(error, path) from None
    os.close(handle)
    with _removed_on_error(temporary, path):
        yield Path(temporary)
        with open(temporary, "rb+") as written:
            _set_mode(written.fileno(), temporary, _new_mode(target))
            os.fsync(written.fileno())
        os.replace(temporary, target)
    _fsync_folder(target.parent)


@contextlib.contextmanager
def _removed_on_error(temporary: str, path: str | os.PathLike[str]) -> Iterator[None]:
    """On any exception in the block, remove ``temporary``; an ``OSError`` is re-raised naming ``path``."""
    try:
        yield
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _naming(error, path) from None
        raise


def _open(handle: int, mode: str, encoding: str) -> IO[Any]:
    if mode == "wb":
        return os.fdopen(handle, "wb")
    return os.fdopen(handle, "w", encoding=encoding, newline="")


def _naming(error: OSError, path: str | os.PathLike[str]) -> OSError:
    """The same kind of error, naming the user's path instead of the temporary file."""
    if error.errno is None:
        return error
    return type(error)(error.errno, error.strerror, str(path))


def _set_mode(handle: int, temporary: str, mode: int) -> None:
    # mkstemp makes the file private (0600); the result should look like any file the user saves.
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:  # Windows: only the read-only flag exists
        os.chmod(temporary, mode)


def _new_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read from ``/proc`` (``os.umask`` would have to change it to read it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o666 & ~DEFAULT_NEW_FILE_MODE


def _fsync_folder(folder: Path) -> None:
    # Without this the rename itself may be lost on a crash. Not every system can open a
    # folder (Windows cannot): the file is complete either way.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
