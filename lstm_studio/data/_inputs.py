"""One entry point for every kind of user input: image files, stroke JSON and JSON lines."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ._drawing import Drawing, DrawingError
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
    try:
        stream = path.open(encoding="utf-8")
    except OSError as error:
        yield InputItem(str(path), None, f"{path}: cannot read ({error.strerror})")
        return
    with stream:
        number = 0
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                name = f"{path}:{number}"
                try:
                    yield InputItem(name, render_drawing(Drawing.from_json(line)))
                except DrawingError as error:
                    yield InputItem(name, None, f"{name}: {error}")
        except UnicodeDecodeError:
            yield InputItem(f"{path}:{number + 1}", None, f"{path}:{number + 1}: not UTF-8 text")
