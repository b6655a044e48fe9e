"""Reader for UCI pendigits in UNIPEN text: real pen strokes of handwritten digits."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ._drawing import Drawing

#: Pendigits tablet coordinates live in a 500 x 500 box, y pointing up.
TABLET_SIZE = 500


@dataclass(frozen=True)
class PenDigit:
    label: int
    writer: int
    drawing: Drawing  # canvas pixels, y pointing down


def read_pendigits(path: str | os.PathLike[str]) -> list[PenDigit]:
    """Parse a UNIPEN file; y is flipped (``500 - y``) into screen coordinates."""
    digits: list[PenDigit] = []
    label = writer = -1
    strokes: list[list[tuple[float, float]]] = []
    stroke: list[tuple[float, float]] | None = None

    def flush() -> None:
        if label >= 0 and strokes:
            digits.append(PenDigit(label, writer, Drawing(TABLET_SIZE, TABLET_SIZE, strokes)))

    for line in Path(path).read_text(encoding="latin-1").splitlines():
        if line.startswith(".SEGMENT"):
            flush()
            label, writer, strokes, stroke = int(line.split('"')[1]), -1, [], None
        elif line.startswith(".COMMENT") and label >= 0:
            writer = int(line.split()[2])
        elif line.startswith(".PEN_DOWN"):
            stroke = []
        elif line.startswith(".PEN_UP"):
            if stroke:
                strokes.append(stroke)
            stroke = None
        elif stroke is not None and line.strip():
            x, y = line.split()[:2]
            stroke.append((float(x), TABLET_SIZE - float(y)))
    flush()
    return digits


def parse_writers(text: str) -> set[int]:
    """``"1-25"`` or ``"1,3,5-7"`` -> a set of writer ids."""
    writers: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        try:
            writers.update(range(int(low), int(high or low) + 1))
        except ValueError:
            raise ValueError(f"bad writer list {text!r} (use e.g. 1-25 or 1,3,5-7)") from None
    return writers


def render_pendigits(digits: list[PenDigit], pen_widths: tuple[float, ...] = (2.4,)):
    """Render pen digits to MNIST-like uint8 images, once per pen width.

    Returns ``(images [N * len(pen_widths), 28, 28] uint8, labels [N * len(pen_widths)] int64)``.
    """
    import numpy as np

    from ._render import render_drawing

    images, labels = [], []
    for width in pen_widths:
        for digit in digits:
            images.append(np.round(render_drawing(digit.drawing, width).image * 255).astype(np.uint8))
            labels.append(digit.label)
    return np.stack(images), np.array(labels, dtype=np.int64)
