"""Any text file a person opens: read whole when small, sampled in bounded pieces when large, binaries refused.

Decisions: bytes that are not UTF-8 become U+FFFD (the replacement character), which a
:class:`Vocabulary` maps to its ``<unk>`` id; NUL bytes are dropped (a text file only has them in zeroed
holes, e.g. a log preallocated and never written); a file is refused as binary when its first 8 KiB hold a
NUL byte (the heuristic git and grep use) or when more than a tenth of what was read cannot be decoded.
"""
from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ._corpus import Corpus, CorpusError

DEFAULT_FILE_BYTES = 2_000_000
MIN_FILE_BYTES, MAX_FILE_BYTES = 4_096, 64_000_000  # a sample takes a few times its size in memory
HEAD_BYTES = 8_192
PIECE_BYTES = 65_536  # the aimed-for size of one sampled piece
MIN_PIECES, MAX_PIECES = 8, 64  # even a small budget is spread over the file
MAX_UNDECODABLE_SHARE = 0.10
REPLACEMENT = "\ufffd"
USER_FILE_LICENCE = "unknown: a file you opened (its own licence applies)"


def open_text_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_FILE_BYTES) -> Corpus:
    """Read a UTF-8 text file, or a bounded, representative sample of a large one.

    A file of at most ``max_bytes`` bytes is read whole. A larger one is never read whole: 8 to 64
    pieces, together at most ``max_bytes`` bytes, are read at evenly spaced offsets from its first to its
    last byte, each trimmed to whole lines, and the description says so.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    max_bytes : int
        Most bytes kept from the file (4,096 to 64,000,000); each becomes at most one character.

    Returns
    -------
    Corpus
        Named after the file; ``sampled`` tells whether it is a sample.

    Raises
    ------
    CorpusError
        One line naming the file: missing, not a regular file, unreadable, empty, binary, not UTF-8 text.
    """
    path = Path(path)
    if not MIN_FILE_BYTES <= max_bytes <= MAX_FILE_BYTES:
        raise CorpusError(f"{path}: max_bytes must be {MIN_FILE_BYTES:,} to {MAX_FILE_BYTES:,}, got {max_bytes}")
    size = _regular_file_size(path)
    try:
        with open(path, "rb") as stream:
            _refuse_binary_head(path, stream.read(HEAD_BYTES))
            pieces = _read_pieces(stream, size, max_bytes)
    except OSError as error:
        raise CorpusError(f"{path}: cannot be read ({error.strerror or error})") from None
    text, undecodable, nul_bytes = _decode_pieces(pieces)
    if not text.strip():
        raise CorpusError(f"{path}: holds no text (only whitespace or NUL bytes)")
    if undecodable > MAX_UNDECODABLE_SHARE * len(text):
        raise CorpusError(f"{path}: is not UTF-8 text ({undecodable:,} of {len(text):,} characters undecodable)")
    sampled = size > max_bytes
    description = _describe(path, size, text, len(pieces), sampled, undecodable, nul_bytes)
    return Corpus(path.name, text, description, USER_FILE_LICENCE, sampled=sampled)


def _regular_file_size(path: Path) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except OSError as error:
        raise CorpusError(f"{path}: cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise CorpusError(f"{path}: is a folder, not a text file")
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device such as /dev/zero would never end
        raise CorpusError(f"{path}: is not a regular file")
    if info.st_size == 0:
        raise CorpusError(f"{path}: is empty")
    return info.st_size


def _refuse_binary_head(path: Path, head: bytes) -> None:
    if b"\x00" in head:
        raise CorpusError(f"{path}: looks binary (NUL bytes near the start); open a UTF-8 text file")
    decoded = codecs.getincrementaldecoder("utf-8")("replace").decode(head, final=False)
    undecodable = decoded.count(REPLACEMENT) - head.count(REPLACEMENT.encode("utf-8"))
    if undecodable > MAX_UNDECODABLE_SHARE * max(len(decoded), 1):
        raise CorpusError(f"{path}: is not UTF-8 text (its start cannot be decoded); open a UTF-8 text file")


def _read_pieces(stream: BinaryIO, size: int, max_bytes: int) -> list[tuple[bytes, bool, bool]]:
    """``(bytes, starts_the_file, ends_the_file)`` pieces, together at most ``max_bytes`` bytes."""
    if size <= max_bytes:
        stream.seek(0)
        return [(stream.read(max_bytes), True, True)]  # bounded even if the file grew since stat()
    count = min(MAX_PIECES, max(MIN_PIECES, max_bytes // PIECE_BYTES))
    length = max_bytes // count
    pieces = []
    for index in range(count):
        # Evenly spaced from the first byte to the last: the first piece starts the file, the last ends it.
        offset = (size - length) * index // max(count - 1, 1)
        stream.seek(offset)
        chunk = stream.read(length)
        at_start, at_end = offset == 0, offset + len(chunk) >= size
        pieces.append((_whole_lines(chunk, at_start, at_end), at_start, at_end))
    return pieces


def _whole_lines(chunk: bytes, at_start: bool, at_end: bool) -> bytes:
    """Trim a piece to whole lines. ``\\n`` never occurs inside a UTF-8 sequence, so this is safe.

    A piece with no line break at all (one enormous line) is kept as it is; decoding then drops the
    broken UTF-8 sequences at its edges.
    """
    if not at_start and b"\n" in chunk:
        chunk = chunk[chunk.index(b"\n") + 1:]
    if not at_end and b"\n" in chunk:
        chunk = chunk[:chunk.rindex(b"\n") + 1]
    return chunk


def _decode_pieces(pieces: list[tuple[bytes, bool, bool]]) -> tuple[str, int, int]:
    """The text, how many characters could not be decoded, and how many NUL bytes were dropped."""
    texts: list[str] = []
    undecodable = nul_bytes = 0
    for chunk, at_start, at_end in pieces:
        nul_bytes += chunk.count(b"\x00")
        chunk = chunk.replace(b"\x00", b"")
        if not at_start:
            chunk = chunk.lstrip(bytes(range(0x80, 0xC0)))  # a sequence cut in half at the piece's start
        piece = codecs.getincrementaldecoder("utf-8")("replace").decode(chunk, final=at_end)
        undecodable += piece.count(REPLACEMENT) - chunk.count(REPLACEMENT.encode("utf-8"))
        texts.append(piece)
    text = "".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff"), undecodable, nul_bytes


def _describe(path: Path, size: int, text: str, count: int, sampled: bool, undecodable: int, nul_bytes: int) -> str:
    if sampled:
        summary = (f"{path.name}: sampled {len(text):,} characters in {count} pieces spread evenly over "
                   f"the file's {_bytes_for_people(size)}")
    else:
        summary = f"{path.name}: {len(text):,} characters"
    if undecodable:
        summary += f"; {undecodable:,} undecodable bytes shown as {REPLACEMENT}"
    if nul_bytes:
        summary += f"; {nul_bytes:,} NUL bytes dropped"
    return summary


def _bytes_for_people(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"
