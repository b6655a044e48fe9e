"""One entry point for every kind of user input: image files, stroke JSON and JSON lines."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ._drawing import MAX_FILE_BYTES, Drawing, DrawingError
from ._images import render_image_file
from ._render import Rendering, render_drawing

STROKE_SUFFIXES = {".json"}
STROKE_LINES_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class InputItem:
    """One digit to classify: its name (``file`` or ``file:line``) and its rendering or error."""

    name: str
    rendering: Rendering | None
    error: str = ""


def iter_inputs(path: str | os.PathLike[str]) -> Iterator[InputItem]:
    """Yield one :class:`InputItem` per digit in ``path``; errors become items, never exceptions."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in STROKE_LINES_SUFFIXES:
        yield from _iter_stroke_lines(path)
        return
    try:
        if suffix in STROKE_SUFFIXES:
            rendering = render_drawing(Drawing.load(path))
        else:
            rendering = render_image_file(path)
    except DrawingError as error:
        message = str(error)
        yield InputItem(str(path), None, message if message.startswith(str(path)) else f"{path}: {message}")
        return
    yield InputItem(str(path), rendering)


def _iter_stroke_lines(path: Path) -> Iterator[InputItem]:
    """One item per non-blank line; a bad line (not UTF-8, not a drawing, too long) is an error item."""
    try:
        stream = path.open("rb")
    except OSError as error:
        yield InputItem(str(path), None, f"{path}: cannot read ({error.strerror or error})")
        return
    with stream:
        for number, raw in enumerate(_lines(stream), start=1):
            name = f"{path}:{number}"
            if raw is None:
                yield InputItem(name, None, f"{name}: line longer than {MAX_FILE_BYTES // 2**20} MiB: not a drawing")
                continue
            if not raw.strip():
                continue
            try:
                yield InputItem(name, render_drawing(Drawing.from_json(raw.decode("utf-8"))))
            except UnicodeDecodeError:
                yield InputItem(name, None, f"{name}: not UTF-8 text")
            except DrawingError as error:
                yield InputItem(name, None, f"{name}: {error}")


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines as bytes, reading at most ``MAX_FILE_BYTES`` of any one line (None for a longer one)."""
    while True:
        line = stream.readline(MAX_FILE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_FILE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(2**20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line without holding it
            yield None
            continue
        yield line
