"""``atomic_write``: the target is the old file or the complete new one, and errors name the user's path."""
from __future__ import annotations

import errno
import os
import stat

import numpy as np
import pytest

from lstm_studio.io._atomic import atomic_write


def _leftovers(folder) -> list[str]:  # noqa: ANN001
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_bytes_and_text_exactly(tmp_path) -> None:
    with atomic_write(tmp_path / "a.bin") as stream:
        stream.write(b"\x00\x01")
    with atomic_write(tmp_path / "a.csv", "w") as stream:
        stream.write("é,1\r\nb,2\n")  # line endings are written as given
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "a.csv").read_bytes() == "é,1\r\nb,2\n".encode()
    assert _leftovers(tmp_path) == []


def test_failure_inside_the_block_keeps_the_old_file(tmp_path) -> None:
    target = tmp_path / "gates.npz"
    target.write_bytes(b"the good old file")
    with pytest.raises(RuntimeError, match="disk on fire"):
        with atomic_write(target) as stream:
            stream.write(b"half a new fi")
            raise RuntimeError("disk on fire")
    assert target.read_bytes() == b"the good old file"
    assert _leftovers(tmp_path) == []


def test_a_folder_is_refused_by_its_own_name(tmp_path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        with atomic_write(folder) as stream:
            stream.write(b"x")
    assert caught.value.filename == str(folder) and "folder" in str(caught.value)
    assert _leftovers(tmp_path) == [] and list(folder.iterdir()) == []


def test_missing_or_unwritable_folder_names_the_users_path(tmp_path, monkeypatch) -> None:
    missing = tmp_path / "no" / "such" / "file.npz"
    with pytest.raises(FileNotFoundError) as caught:
        with atomic_write(missing):
            pass
    assert caught.value.filename == str(missing)

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003 - as mkstemp fails in a read-only folder
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "tmpabc"))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(PermissionError) as caught:
        with atomic_write(tmp_path / "file.npz"):
            pass
    assert caught.value.filename == str(tmp_path / "file.npz")


def test_permissions_follow_the_old_file_or_the_umask_which_is_never_changed(tmp_path, monkeypatch) -> None:
    def no_umask(*args):  # noqa: ANN002
        raise AssertionError("atomic_write must not call os.umask (it changes the whole process)")

    monkeypatch.setattr(os, "umask", no_umask)
    kept = tmp_path / "private.json"
    kept.write_text("{}")
    kept.chmod(0o600)
    with atomic_write(kept, "w") as stream:
        stream.write("[]")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    new = tmp_path / "new.json"
    with atomic_write(new, "w") as stream:
        stream.write("[]")
    assert stat.S_IMODE(new.stat().st_mode) & 0o644 == 0o644  # readable like any saved file, not 0600


def test_numpy_archive_round_trip(tmp_path) -> None:
    with atomic_write(tmp_path / "x.npz") as stream:
        np.savez_compressed(stream, a=np.arange(5))
    with np.load(tmp_path / "x.npz") as loaded:
        np.testing.assert_array_equal(loaded["a"], np.arange(5))
