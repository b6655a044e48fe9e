"""Reader for UCI pendigits in UNIPEN text: real pen strokes of handwritten digits.

The file is validated as it is read: a digit label that is not 0-9, a point that is not two
finite numbers, more points than a drawing may hold or a file that is not UNIPEN at all raise
:class:`PenDigitsError` naming the file and line. Keywords this reader does not use (``.DT``,
``.X_DIM``, ``.INCLUDE``, ...) are skipped, as UNIPEN readers do.
"""
from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._drawing import MAX_COORDINATE, MAX_POINTS, Drawing, DrawingError

#: Pendigits tablet coordinates live in a 500 x 500 box, y pointing up.
TABLET_SIZE = 500
#: Larger files are refused before reading (pendigits' training file is 3.6 MB).
MAX_FILE_BYTES = 256 * 2**20


class PenDigitsError(ValueError):
    """A UNIPEN file that cannot be read: ``str()`` is one line naming the file (and line)."""


@dataclass(frozen=True)
class PenDigit:
    label: int
    writer: int
    drawing: Drawing  # canvas pixels, y pointing down


class _Reader:
    """The state of one pass over a UNIPEN file: the digit and stroke being read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.digits: list[PenDigit] = []
        self.label, self.writer, self.points = -1, -1, 0
        self.strokes: list[list[tuple[float, float]]] = []
        self.stroke: list[tuple[float, float]] | None = None

    def fail(self, number: int, problem: str) -> PenDigitsError:
        return PenDigitsError(f"{self.name}:{number}: {problem}")

    def end_stroke(self) -> None:
        if self.stroke:
            self.strokes.append(self.stroke)
        self.stroke = None

    def end_digit(self) -> None:
        self.end_stroke()
        if self.label >= 0 and self.strokes:
            self.digits.append(PenDigit(self.label, self.writer, Drawing(TABLET_SIZE, TABLET_SIZE, self.strokes)))
        self.label, self.writer, self.points, self.strokes = -1, -1, 0, []

    def read(self, number: int, line: str) -> None:
        if line.startswith(".SEGMENT"):
            self.end_digit()
            self.label = self._label(number, line)
        elif line.startswith(".COMMENT") and self.label >= 0:
            self.writer = _writer(line)
        elif line.startswith(".PEN_DOWN"):
            self.end_stroke()  # a missing .PEN_UP ends the stroke before
            self.stroke = []
        elif line.startswith(".PEN_UP"):
            self.end_stroke()
        elif self.stroke is not None and line.strip() and not line.startswith("."):
            self.stroke.append(self._point(number, line))

    def _label(self, number: int, line: str) -> int:
        parts = line.split('"')
        if len(parts) < 3 or len(parts[1]) != 1 or parts[1] not in "0123456789":
            raise self.fail(number, f"a .SEGMENT needs a digit label in quotes, like \"8\" (got {line[:60]!r})")
        return int(parts[1])

    def _point(self, number: int, line: str) -> tuple[float, float]:
        fields = line.split()
        if len(fields) < 2:
            raise self.fail(number, f"a point needs x and y (got {line[:60]!r})")
        x, y = (_coordinate(field) for field in fields[:2])
        if x is None or y is None:
            raise self.fail(number, f"a point must be two finite numbers within +-{MAX_COORDINATE:g} "
                                    f"(got {line[:60]!r})")
        self.points += 1
        if self.points > MAX_POINTS:
            raise self.fail(number, f"a digit has more than {MAX_POINTS:,} points")
        return x, TABLET_SIZE - y


def read_pendigits(path: str | os.PathLike[str]) -> list[PenDigit]:
    """Parse a UNIPEN file; y is flipped (``500 - y``) into screen coordinates.

    Raises
    ------
    PenDigitsError
        If the file cannot be read, is too large, holds no ``.SEGMENT`` or has a bad line.
    """
    reader = _Reader(str(path))
    found_segment = False
    for number, line in enumerate(_read_lines(path), start=1):
        found_segment |= line.startswith(".SEGMENT")
        reader.read(number, line)
    reader.end_digit()
    if not found_segment:
        raise PenDigitsError(f"{path}: not a UNIPEN file of digits (no .SEGMENT lines)")
    return reader.digits


def _read_lines(path: str | os.PathLike[str]) -> list[str]:
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise PenDigitsError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB: not a pen-digit file")
        # latin-1 maps every byte to a character: any file reads, and bad lines are found by their content.
        return Path(path).read_text(encoding="latin-1").splitlines()
    except OSError as error:
        raise PenDigitsError(f"{path}: cannot read ({error.strerror or error})") from None


def _coordinate(field: str) -> float | None:
    """A finite number within ``MAX_COORDINATE``, or None (``float`` accepts any length of digits)."""
    try:
        value = float(field)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= MAX_COORDINATE else None


def _writer(line: str) -> int:
    """The writer from ``.COMMENT label writer sample`` (pendigits), or -1 if the comment says otherwise."""
    fields = line.split()
    if len(fields) > 2 and fields[2].isdigit() and len(fields[2]) <= 9:
        return int(fields[2])
    return -1


def parse_writers(text: str) -> set[int]:
    """``"1-25"`` or ``"1,3,5-7"`` -> a set of writer ids."""
    writers: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise ValueError(f"bad writer list {text!r} (use e.g. 1-25 or 1,3,5-7)") from None
        if not 0 <= first <= last <= 1_000_000:
            raise ValueError(f"bad writer range {part!r} (writers are numbered from 1, low-high)")
        writers.update(range(first, last + 1))
    return writers


def render_pendigits(digits: Iterable[PenDigit], pen_widths: tuple[float, ...] = (2.4,)
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Render pen digits to MNIST-like uint8 images, once per pen width.

    A digit the canvas could not read either (a stray dot, nothing drawn) is left out, as a user's
    drawing would be refused: the caller can compare the counts. Returns
    ``(images [M, 28, 28] uint8, labels [M] int64)`` with ``M <= len(digits) * len(pen_widths)``.

    Raises
    ------
    PenDigitsError
        If no digit at all can be rendered.
    """
    from ._render import SIZE, render_drawing

    digits = list(digits)
    images, labels = [], []
    for width in pen_widths:
        for digit in digits:
            try:
                images.append(np.round(render_drawing(digit.drawing, width).image * 255).astype(np.uint8))
            except DrawingError:
                continue
            labels.append(digit.label)
    if not images and digits:
        raise PenDigitsError(f"none of the {len(digits):,} pen digits can be rendered (all too small or empty)")
    stacked = np.stack(images) if images else np.zeros((0, SIZE, SIZE), np.uint8)
    return stacked, np.array(labels, dtype=np.int64)
