"""Zip archives checked before they are read: declared sizes and compression ratios first."""
from __future__ import annotations

import os
import zipfile
import zlib

from ._result import ModelImportError

MAX_MEMBER_BYTES = 2 << 30       # one member, uncompressed
MAX_ARCHIVE_BYTES = 4 << 30      # all members, uncompressed
MAX_MEMBERS = 100_000
MAX_RATIO = 200                  # real weights barely compress; a bomb compresses 1000:1 and more
RATIO_FLOOR_BYTES = 1 << 20      # small members (JSON, padding) may compress well; that is harmless


def open_checked_zip(path: str | os.PathLike[str]) -> zipfile.ZipFile:
    """Open ``path`` as a zip and refuse it when it declares too much or compresses absurdly well."""
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise ModelImportError(path, f"damaged or truncated zip archive ({error})") from None
    if len(members) > MAX_MEMBERS:
        raise ModelImportError(path, f"zip archive lists {len(members)} files, more than {MAX_MEMBERS}")
    total = 0
    for member in members:
        check_member(path, member)
        total += member.file_size
    if total > MAX_ARCHIVE_BYTES:
        raise ModelImportError(path, f"zip archive declares {total} bytes uncompressed, "
                                     f"more than {MAX_ARCHIVE_BYTES >> 30} GiB")
    return archive


def check_member(path: str | os.PathLike[str], member: zipfile.ZipInfo) -> None:
    """Refuse one member by its declared sizes, before any of it is decompressed."""
    if member.file_size > MAX_MEMBER_BYTES:
        raise ModelImportError(path, f"zip member {member.filename} declares {member.file_size} bytes, "
                                     f"more than {MAX_MEMBER_BYTES >> 30} GiB")
    if member.file_size > RATIO_FLOOR_BYTES:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO:
            raise ModelImportError(path, f"refused: zip member {member.filename} would expand {ratio:.0f}:1 "
                                         f"(a zip bomb?)")


def read_member(path: str | os.PathLike[str], archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """The bytes of one member, at most ``limit``; damage (bad CRC, truncation) is one error line."""
    try:
        member = archive.getinfo(name)
    except KeyError:
        raise ModelImportError(path, f"zip archive has no {name}") from None
    check_member(path, member)
    if member.file_size > limit:
        raise ModelImportError(path, f"{name} declares {member.file_size} bytes, more than {limit} allowed")
    try:
        with archive.open(member) as stream:
            data = stream.read(limit + 1)  # zipfile stops at the declared size and checks the CRC
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise ModelImportError(path, f"{name} in the zip archive is damaged ({error})") from None
    if len(data) > limit:
        raise ModelImportError(path, f"{name} is larger than {limit} bytes")
    return data
