"""Which ink is the digit: connected blobs of the ink mask, specks and stray marks, several digits.

The rule (applied to the mask of clearly inked pixels, 8-connected):

1. **Specks** — blobs smaller than ``SPECK_FRACTION`` of the largest blob's area (dust, sensor
   noise, JPEG blocks) are dropped.
2. **Digit-sized blobs** — blobs at least ``DIGIT_HEIGHT_FRACTION`` as tall as all the ink together
   and at least ``DIGIT_AREA_FRACTION`` of the largest blob's area. When two or more of them lie
   side by side (their column ranges do not overlap), the picture holds several digits ("42")
   and :class:`SeveralDigitsError` is raised: the model reads exactly one.
3. **Parts and stray marks** — smaller blobs near the digit (the bar of a 5, a pen lifted
   mid-stroke) are part of it; those farther than ``STRAY_DISTANCE`` digit heights from the
   digit's box are stray marks and dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPECK_FRACTION = 0.04
DIGIT_HEIGHT_FRACTION = 0.6
DIGIT_AREA_FRACTION = 0.15
STRAY_DISTANCE = 0.5


class SeveralDigitsError(ValueError):
    """The picture holds more than one digit side by side."""


@dataclass(frozen=True)
class Blob:
    """One 8-connected blob: its pixel count and inclusive box (rows top..bottom, columns left..right)."""

    label: int
    area: int
    top: int
    bottom: int
    left: int
    right: int

    @property
    def height(self) -> int:
        return self.bottom - self.top + 1


def label_blobs(mask: np.ndarray) -> tuple[np.ndarray, list[Blob]]:
    """8-connected components of a boolean mask: a label image (0 = background) and each blob.

    Runs of set pixels are found row by row with NumPy and joined with union-find: a digit's
    mask has a few runs per row, so this is fast without an image-processing library.
    """
    runs = _runs(mask)
    parent = list(range(len(runs)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_row: dict[int, list[int]] = {}
    for k, (row, start, end) in enumerate(runs):
        for j in by_row.get(row - 1, ()):
            _, other_start, other_end = runs[j]
            if other_start <= end + 1 and start <= other_end + 1:  # touching, diagonals included
                parent[root(j)] = root(k)
        by_row.setdefault(row, []).append(k)
    return _paint(mask.shape, runs, [root(k) for k in range(len(runs))])


def _runs(mask: np.ndarray) -> list[tuple[int, int, int]]:
    """``(row, first column, last column)`` of every horizontal run of set pixels."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    rows, cols = np.nonzero(np.diff(padded, axis=1))
    # Each run gives a +1 step (start) then a -1 step (one past its end), in row order.
    return [(int(r), int(s), int(e) - 1) for r, s, e in zip(rows[0::2], cols[0::2], cols[1::2])]


def _paint(shape: tuple[int, int], runs: list[tuple[int, int, int]], roots: list[int]):
    labels = np.zeros(shape, dtype=np.int32)
    numbers: dict[int, int] = {}
    boxes: dict[int, list[int]] = {}
    for (row, start, end), group in zip(runs, roots):
        number = numbers.setdefault(group, len(numbers) + 1)
        labels[row, start:end + 1] = number
        box = boxes.setdefault(number, [0, row, row, start, end])
        box[0] += end - start + 1
        box[1], box[2] = min(box[1], row), max(box[2], row)
        box[3], box[4] = min(box[3], start), max(box[4], end)
    return labels, [Blob(number, *box) for number, box in boxes.items()]


def digit_mask(mask: np.ndarray) -> np.ndarray:
    """The pixels of the one digit in ``mask`` (see the module's rule); all False if nothing is left.

    Raises
    ------
    SeveralDigitsError
        If two or more digit-sized blobs stand side by side.
    """
    labels, blobs = label_blobs(mask)
    if not blobs:
        return np.zeros_like(mask, dtype=bool)
    largest = max(blob.area for blob in blobs)
    blobs = [blob for blob in blobs if blob.area >= SPECK_FRACTION * largest]
    ink_height = max(blob.bottom for blob in blobs) - min(blob.top for blob in blobs) + 1
    digits = [b for b in blobs
              if b.height >= DIGIT_HEIGHT_FRACTION * ink_height and b.area >= DIGIT_AREA_FRACTION * largest]
    digits.sort(key=lambda blob: blob.left)
    if len(digits) > 1 and _side_by_side(digits):
        raise SeveralDigitsError(f"several digits found ({len(digits)} side by side); give one digit per image")
    # A digit broken into pieces may have no piece tall enough: the largest piece anchors it.
    anchors = digits or [max(blobs, key=lambda blob: blob.area)]
    kept = [blob for blob in blobs if blob in anchors or _near(blob, anchors)]
    return np.isin(labels, [blob.label for blob in kept])


def _side_by_side(digits: list[Blob]) -> bool:
    """True if some digit-sized blob's columns lie wholly right of all the blobs left of it."""
    reach = digits[0].right
    for blob in digits[1:]:
        if blob.left > reach:
            return True
        reach = max(reach, blob.right)
    return False


def _near(blob: Blob, digits: list[Blob]) -> bool:
    top, bottom = min(d.top for d in digits), max(d.bottom for d in digits)
    left, right = min(d.left for d in digits), max(d.right for d in digits)
    margin = STRAY_DISTANCE * (bottom - top + 1)
    return (blob.bottom >= top - margin and blob.top <= bottom + margin
            and blob.right >= left - margin and blob.left <= right + margin)
