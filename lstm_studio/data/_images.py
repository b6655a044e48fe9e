"""Image files (PNG, JPEG, GIF, TIFF, ...) of one digit to the 28x28 model input.

Pictures are read as a person sees them: upright (EXIF orientation), the first frame, any
bit depth or colour mode, ink told from the paper around it whatever the polarity, colour or
lighting (see ``_ink``), specks and stray marks ignored, and a picture of several digits refused
(see ``_blobs``). The ink is then fitted into 20x20 and centred by mass in 28x28, as MNIST was.
"""
from __future__ import annotations

import os
import struct
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ._blobs import SeveralDigitsError, digit_mask
from ._drawing import DrawingError
from ._ink import WORK_SIZE, picture_ink
from ._render import BOX, CENTRE, SIZE, Rendering, _centre_of_mass

#: Larger pictures are refused before decoding (a 50-megapixel photo is fine).
MAX_PIXELS = 50_000_000
#: A digit spans at least this fraction of the picture's longer side; smaller ink is dust.
MIN_DIGIT_FRACTION = 0.05
#: Pixels at least this inked form the blobs the digit is found among.
MASK_LEVEL = 0.3
#: Pixels at least this inked set the box the digit is cropped to (as before MNIST's 20x20 fit).
CROP_LEVEL = 0.2


class ImageError(DrawingError):
    """An image that cannot be read or holds no digit (or several). ``str()`` is one line."""


def load_image(path: str | os.PathLike[str]) -> Image.Image:
    """Open an image file's first frame, upright (EXIF orientation applied), or raise :class:`ImageError`.

    Large JPEGs are decoded at a reduced size (still at least twice the working size), which is
    all the digit needs and much faster.
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns about damaged files (corrupt EXIF, TIFF tags past the end) and large
            # ones; we either read the picture or refuse it in one line, so its warnings would
            # only add lines of noise on stderr.
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                return _first_frame_upright(image, path)
    except ImageError:
        raise
    except FileNotFoundError:
        raise ImageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImageError(f"{path}: is a folder, not an image") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError,
            MemoryError) as error:
        reason = (str(error).splitlines() or [type(error).__name__])[0][:100]
        raise ImageError(f"{path}: not a readable image ({reason})") from None


def _first_frame_upright(image: Image.Image, path: str | os.PathLike[str]) -> Image.Image:
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageError(f"{path}: image too large ({width} x {height} pixels; at most "
                         f"{MAX_PIXELS // 1_000_000} megapixels)")
    if width < 1 or height < 1:
        raise ImageError(f"{path}: image has no pixels")
    image.seek(0)
    if image.format == "JPEG":
        image.draft(image.mode, (2 * WORK_SIZE, 2 * WORK_SIZE))
    image.load()
    try:
        return ImageOps.exif_transpose(image) or image.copy()
    except (ValueError, TypeError, KeyError, SyntaxError, struct.error):  # damaged EXIF: keep as stored
        return image.copy()


def ink_map(image: Image.Image) -> np.ndarray:
    """Ink 0..1 (ink bright, background dark) whatever the picture's polarity, colour or lighting.

    At the working size (the longer side at most ``WORK_SIZE`` pixels); all zero if blank.
    """
    return picture_ink(image).ink


def render_image(image: Image.Image, name: str = "image") -> Rendering:
    """The digit in a picture as the model input: fitted into 20x20 (aspect kept), centred by mass in 28x28.

    Raises
    ------
    ImageError
        If the picture holds no digit ("image is blank") or several side by side ("several
        digits found").
    """
    found = picture_ink(image)
    if found.is_blank:
        raise ImageError(f"{name}: image is blank (no digit found)")
    try:
        keep = digit_mask(found.ink >= MASK_LEVEL)
    except SeveralDigitsError as error:
        raise ImageError(f"{name}: {error}") from None
    if not _large_enough(keep):
        raise ImageError(f"{name}: image is blank (no digit found)")
    ink = found.ink * _grown(keep)  # the digit's blobs with their soft edges; specks and strays gone
    rows = np.flatnonzero((ink >= CROP_LEVEL).any(axis=1))
    cols = np.flatnonzero((ink >= CROP_LEVEL).any(axis=0))
    fitted = _fit_box(ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
    box = tuple(float(v) / found.scale for v in (cols[0], rows[0], cols[-1], rows[-1]))
    return Rendering(_centred(fitted), fitted, box)  # type: ignore[arg-type]


def render_image_file(path: str | os.PathLike[str]) -> Rendering:
    """:func:`load_image` then :func:`render_image`."""
    return render_image(load_image(path), Path(path).name)


def _large_enough(keep: np.ndarray) -> bool:
    """True if the digit's ink spans at least ``MIN_DIGIT_FRACTION`` of the picture (and 3 pixels):
    less is dust or a stray dot, as a dot on the canvas is "too small to read"."""
    rows, cols = np.flatnonzero(keep.any(axis=1)), np.flatnonzero(keep.any(axis=0))
    if rows.size == 0:
        return False
    extent = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    return extent >= max(3, MIN_DIGIT_FRACTION * max(keep.shape))


def _grown(mask: np.ndarray) -> np.ndarray:
    """``mask`` grown by about 2% of its height (at least a pixel) to take in antialiased edges."""
    rows = np.flatnonzero(mask.any(axis=1))
    radius = max(1, round(0.02 * (rows[-1] - rows[0] + 1)))
    grown = mask.copy()
    for axis in (0, 1):  # a square grows as a row of pixels grown down its columns
        source = grown.copy()
        for step in range(1, radius + 1):
            ahead = [slice(None)] * 2
            behind = [slice(None)] * 2
            ahead[axis], behind[axis] = slice(step, None), slice(None, -step)
            grown[tuple(ahead)] |= source[tuple(behind)]
            grown[tuple(behind)] |= source[tuple(ahead)]
    return grown.astype(np.float32)


def _fit_box(crop: np.ndarray) -> np.ndarray:
    """The crop scaled so its longer side is ``BOX`` pixels (Lanczos, aspect kept), 0..1."""
    height, width = crop.shape
    scale = BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    fitted = Image.fromarray(crop.astype(np.float32), mode="F").resize(size, Image.Resampling.LANCZOS)
    return np.clip(np.asarray(fitted, dtype=np.float32), 0.0, 1.0)


def _centred(fitted: np.ndarray) -> np.ndarray:
    """``fitted`` placed in 28x28 with its centre of mass at MNIST's (14, 14)."""
    height, width = fitted.shape
    placed = np.zeros((SIZE, SIZE), dtype=np.float32)
    top, left = (SIZE - height) // 2, (SIZE - width) // 2
    placed[top:top + height, left:left + width] = fitted
    dx, dy = CENTRE - _centre_of_mass(placed)
    moved = Image.fromarray(placed, mode="F").transform(
        (SIZE, SIZE), Image.Transform.AFFINE, (1, 0, -dx, 0, 1, -dy), resample=Image.Resampling.BILINEAR)
    return np.clip(np.asarray(moved, dtype=np.float32), 0.0, 1.0)
