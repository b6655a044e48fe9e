"""Strokes to a 28x28 model input, the way MNIST was made.

MNIST fitted each digit's ink into a 20x20 box (aspect ratio kept, antialiased) and then
centred it by centre of mass in a 28x28 field. We do the same with vector strokes: the
skeleton is scaled into the box and drawn with a pen whose width is fixed in *output*
pixels, so a digit drawn small or large gets the same stroke thickness.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from ._drawing import Drawing, DrawingError

SIZE = 28          # model input is SIZE x SIZE
BOX = 20           # the ink is fitted into BOX x BOX, as in MNIST
CENTRE = 14.0      # MNIST's centre of mass, in pixel-index coordinates (measured: 13.99, 14.00)
PEN_WIDTH = 2.4    # pen width in output pixels (chosen on pendigits writers 1-25; see README)
SUPERSAMPLE = 8    # render at 8x and box-filter down: antialiasing
#: A drawing whose ink spans less than this fraction of the canvas is "too small to read".
MIN_EXTENT_FRACTION = 0.06


class EmptyDrawingError(DrawingError):
    """Nothing drawn."""


class DrawingTooSmallError(DrawingError):
    """A stray dot or a tiny scribble: not enough ink to read a digit from."""


@dataclass(frozen=True)
class Rendering:
    """The stages of the pipeline, for the model and for showing the user.

    ``cropped`` is the ink fitted into the 20x20 box, drawn at 4x for display;
    ``image`` is the 28x28 float32 model input in 0..1 (ink bright on black).
    """

    image: np.ndarray
    cropped: np.ndarray
    ink_box: tuple[float, float, float, float]  # x0, y0, x1, y1 in canvas pixels


def render_drawing(drawing: Drawing, pen_width: float = PEN_WIDTH) -> Rendering:
    """Render a :class:`Drawing` to the model input; see :func:`render_strokes`."""
    return render_strokes(drawing.strokes, (drawing.width, drawing.height), pen_width)


def render_strokes(strokes: Sequence[Sequence[tuple[float, float]]], canvas_size: tuple[float, float] | None = None,
                   pen_width: float = PEN_WIDTH) -> Rendering:
    """Render strokes (canvas pixels, y down) to a 28x28 MNIST-like image.

    Raises
    ------
    EmptyDrawingError
        If there are no points.
    DrawingTooSmallError
        If the ink spans less than ``MIN_EXTENT_FRACTION`` of the canvas.
    """
    arrays = [np.asarray(stroke, dtype=np.float64).reshape(-1, 2) for stroke in strokes if len(stroke)]
    if not arrays:
        raise EmptyDrawingError("nothing drawn: draw a digit")
    points = np.concatenate(arrays)
    low, high = points.min(axis=0), points.max(axis=0)
    extent = float((high - low).max())
    reference = max(canvas_size) if canvas_size else extent
    if extent <= 0 or extent < MIN_EXTENT_FRACTION * reference:
        raise DrawingTooSmallError("too little ink to read a digit: draw it larger")
    scale = (BOX - pen_width) / extent
    # Scaled to fit (BOX - pen) x (BOX - pen); points closer than 1/16 output pixel add nothing.
    skeleton = [_decimate((a - low) * scale, 1 / 16) for a in arrays]
    size = (high - low) * scale + pen_width
    cropped = _draw(skeleton, pen_width, offset=np.full(2, pen_width / 2), shape=np.ceil(size).astype(int),
                    supersample=4)
    first = _draw(skeleton, pen_width, offset=(SIZE - size) / 2 + pen_width / 2, shape=(SIZE, SIZE))
    shift = CENTRE - _centre_of_mass(first)
    image = _draw(skeleton, pen_width, offset=(SIZE - size) / 2 + pen_width / 2 + shift, shape=(SIZE, SIZE))
    return Rendering(image, cropped, (float(low[0]), float(low[1]), float(high[0]), float(high[1])))


def _draw(strokes: list[np.ndarray], pen_width: float, offset: np.ndarray, shape, supersample: int = SUPERSAMPLE) -> np.ndarray:
    """Antialiased round-capped polylines; returns float32 ``shape`` (rows = y) in 0..1.

    ``shape`` is given as (width, height) in output pixels.
    """
    width, height = int(shape[0]), int(shape[1])
    k = supersample
    canvas = Image.new("L", (width * k, height * k), 0)
    pen = ImageDraw.Draw(canvas)
    radius = pen_width * k / 2
    for stroke in strokes:
        # Pixel (i, j) covers [i, i+1): a point at x maps to x * k in the big canvas.
        scaled = (stroke + offset) * k
        flat = [tuple(p) for p in scaled.tolist()]
        if len(flat) > 1:
            pen.line(flat, fill=255, width=max(1, round(pen_width * k)), joint="curve")
        for x, y in (flat[0], flat[-1]) if len(flat) > 1 else flat:
            pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    small = canvas.reduce(k)  # box filter: each output pixel is the mean of k x k samples
    return np.asarray(small, dtype=np.float32) / 255.0


def _decimate(stroke: np.ndarray, spacing: float) -> np.ndarray:
    """Keep one point per ``spacing`` of path length (and both ends): a 100,000-point
    stroke then renders as fast as a hand-drawn one, with no visible change."""
    if len(stroke) < 3:
        return stroke
    steps = np.hypot(*np.diff(stroke, axis=0).T)
    bucket = np.floor(np.concatenate([[0.0], np.cumsum(steps)]) / spacing)
    keep = np.concatenate([[True], bucket[1:] != bucket[:-1]])
    keep[-1] = True
    return stroke[keep]


def _centre_of_mass(image: np.ndarray) -> np.ndarray:
    """``(x, y)`` centre of mass in pixel-index coordinates."""
    total = float(image.sum())
    if total <= 0:
        return np.array([CENTRE, CENTRE])
    rows, cols = np.indices(image.shape)
    return np.array([(image * cols).sum() / total, (image * rows).sum() / total])
