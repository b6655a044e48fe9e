"""Image files (PNG, JPEG, ...) of a digit to the 28x28 model input, either polarity."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from ._drawing import DrawingError
from ._render import BOX, CENTRE, SIZE, Rendering, _centre_of_mass

#: Below this contrast (0..1) between ink and background an image counts as blank.
MIN_CONTRAST = 0.12


class ImageError(DrawingError):
    """An image that cannot be read or holds no digit. ``str()`` is one line."""


def load_image(path: str | os.PathLike[str]) -> Image.Image:
    """Open an image file, or raise :class:`ImageError`."""
    try:
        with Image.open(path) as image:
            image.load()
            return image.copy()
    except FileNotFoundError:
        raise ImageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImageError(f"{path}: is a folder, not an image") from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ImageError(f"{path}: not a readable image ({str(error).splitlines()[0][:100]})") from None


def ink_map(image: Image.Image) -> np.ndarray:
    """Grey levels 0..1 with ink bright, background dark, whatever the file's polarity."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = np.asarray(image.convert("RGBA"), dtype=np.float32) / 255.0
        alpha = rgba[..., 3]
        if alpha.min() < 0.99:  # transparent background: the opaque pixels are the ink
            return alpha
    grey = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = float(np.median(border))
    if background > 0.5:  # dark ink on light paper
        grey, background = 1.0 - grey, 1.0 - background
    return np.clip((grey - background) / max(1e-6, 1.0 - background), 0.0, 1.0)


def render_image(image: Image.Image, name: str = "image") -> Rendering:
    """Fit the ink into 20x20 (aspect kept, antialiased) and centre it by mass in 28x28."""
    ink = ink_map(image)
    if ink.size == 0 or float(ink.max()) < MIN_CONTRAST:
        raise ImageError(f"{name}: image is blank (no digit found)")
    ink = ink / float(ink.max())
    rows = np.flatnonzero((ink > 0.2).any(axis=1))
    cols = np.flatnonzero((ink > 0.2).any(axis=0))
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    height, width = crop.shape
    scale = BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    fitted = np.asarray(Image.fromarray(crop.astype(np.float32), mode="F").resize(size, Image.Resampling.LANCZOS))
    fitted = np.clip(fitted, 0.0, 1.0)
    placed = np.zeros((SIZE, SIZE), dtype=np.float32)
    top, left = (SIZE - size[1]) // 2, (SIZE - size[0]) // 2
    placed[top:top + size[1], left:left + size[0]] = fitted
    dx, dy = CENTRE - _centre_of_mass(placed)
    moved = Image.fromarray(placed, mode="F").transform(
        (SIZE, SIZE), Image.Transform.AFFINE, (1, 0, -dx, 0, 1, -dy), resample=Image.Resampling.BILINEAR)
    x0, y0 = float(cols[0]), float(rows[0])
    return Rendering(np.clip(np.asarray(moved, dtype=np.float32), 0, 1), fitted.astype(np.float32),
                     (x0, y0, float(cols[-1]), float(rows[-1])))


def render_image_file(path: str | os.PathLike[str]) -> Rendering:
    """:func:`load_image` then :func:`render_image`."""
    return render_image(load_image(path), Path(path).name)
