"""From any picture to an ink map: ink bright (1) on black (0), as a person would point at it.

A picture of a digit is paper (or a screen, a card, a background) plus ink. The paper is the
majority of the picture and changes slowly (uneven light, a vignette); the ink is what differs
from the paper *around it*. So:

1. Colour channels 0..1 of the first frame at a working size, whatever the file's mode
   (16-bit, palette, CMYK, 1-bit, with or without transparency).
2. Transparency is flattened onto the right backdrop: a transparent margin around an opaque card
   is more card; transparent background around opaque strokes is paper of the opposite shade.
3. The paper is fitted as a smooth (quadratic) surface per channel, robustly: pixels far from
   the fit are left out and the fit repeated, so the ink never pulls it.
4. Ink is the difference from that paper along the direction the deviating pixels mostly take
   (darker, lighter, or a colour), so polarity comes from the majority of the ink itself. Dark
   ink is measured relative to the paper's brightness, which cancels uneven lighting.
5. That difference is put on a 0..1 scale: zero at a noise floor (three times the paper's
   noise), one at the stroke cores (the 90th percentile of the inked pixels).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

#: The picture is read at most this many pixels on its longer side.
WORK_SIZE = 256
#: The paper surface is fitted on a grid at most this many pixels on its longer side.
FIT_SIZE = 64
#: Below this ink contrast (relative to the paper) a picture counts as blank.
MIN_CONTRAST = 0.12
#: The noise floor, in standard deviations of the paper's noise.
NOISE_FLOOR = 3.0
#: Ink must stand this many noise deviations above the paper to count.
MIN_SIGNAL_TO_NOISE = 6.0
#: Opaque pixels filling at least this fraction of their box may be a card (paper), not strokes;
#: filling this much they are one.
CARD_FILL, SOLID_CARD_FILL = 0.5, 0.9
#: Opaque pixels differing this much from the card's shade are ink on it.
CARD_INK_DIFFERENCE = 0.3
HIGH_BIT_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I", "F"})
ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})


@dataclass(frozen=True)
class InkMap:
    """Ink 0..1 ``[H, W]`` at the working size, and working pixels per picture pixel."""

    ink: np.ndarray
    scale: float

    @property
    def is_blank(self) -> bool:
        return not bool(self.ink.any())


def picture_ink(image: Image.Image) -> InkMap:
    """The ink map of a picture (see the module's description); all zero when no ink stands out."""
    colour, alpha, scale = picture_channels(image)
    colour = flatten_alpha(colour, alpha)
    return InkMap(ink_on_paper(colour, fit_paper(colour)), scale)


# --- 1. channels ----------------------------------------------------------------------------------
def picture_channels(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None, float]:
    """Colour ``[H, W, C]`` (C = 1 or 3) and alpha ``[H, W]`` (or None) in 0..1, at the working size."""
    if image.mode in HIGH_BIT_MODES:
        frame = Image.fromarray(_unit_range(np.asarray(image), image.mode), mode="F")
    else:
        has_alpha = image.mode in ALPHA_MODES or "transparency" in image.info
        grey = image.mode in ("1", "L") and not has_alpha
        frame = image.convert("L" if grey else "RGBA" if has_alpha else "RGB")
    scale = min(1.0, WORK_SIZE / max(frame.size))
    if scale < 1.0:
        size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
        frame = frame.resize(size, Image.Resampling.BOX, reducing_gap=2.0)
    values = np.asarray(frame, dtype=np.float32)
    values = values if frame.mode == "F" else values / 255.0
    values = values.reshape(frame.height, frame.width, -1)
    if values.shape[2] in (2, 4):
        return values[..., :-1], values[..., -1], scale
    return values, None, scale


def _unit_range(values: np.ndarray, mode: str) -> np.ndarray:
    """High-bit-depth values to 0..1: 16-bit by their full range, 32-bit by what they hold."""
    values = np.nan_to_num(values.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    if mode.startswith("I;16"):
        return (values / 65535.0).astype(np.float32)
    low, high = float(values.min(initial=0.0)), float(values.max(initial=0.0))
    if low >= 0 and high <= 1 and mode == "F":
        return values.astype(np.float32)
    for full in (255.0, 65535.0):  # an 8- or 16-bit picture held in a 32-bit mode
        if low >= 0 and high <= full:
            return (values / full).astype(np.float32)
    return ((values - low) / max(high - low, 1e-12)).astype(np.float32)


# --- 2. transparency ------------------------------------------------------------------------------
def flatten_alpha(colour: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """Composite ``colour`` over the backdrop its transparent parts stand for.

    Opaque pixels that form a card (paper with ink on it, or a photo with a few transparent
    pixels) make the transparent margin more of that card. Opaque pixels that are strokes on
    nothing are the ink: the transparent rest is paper of the opposite shade.
    """
    if alpha is None or float(alpha.min()) > 0.99:
        return colour
    opaque = alpha > 0.5
    grey = colour.mean(axis=-1)
    if _is_card(opaque, grey):
        backdrop = np.median(colour[opaque], axis=0)
    else:
        # The strokes' shade is that of their cores, not of the antialiased fringe some files
        # bake into the colour (a GIF whose paper colour alone was made transparent).
        core = _eroded(opaque, 2)
        level = float(np.median(grey[core if core.any() else opaque])) if opaque.any() else float(grey.mean())
        backdrop = np.full(colour.shape[-1], 1.0 if level < 0.5 else 0.0, dtype=np.float32)
    weight = alpha[..., None]
    return (colour * weight + backdrop * (1.0 - weight)).astype(np.float32)


def _is_card(opaque: np.ndarray, grey: np.ndarray) -> bool:
    """True if the opaque pixels are a card, not strokes.

    A card fills its box (a blank or inked rectangle), or fills at least half of it with ink
    inside that differs from the card, while its edge (next to the transparent margin) has the
    card's own shade. Strokes on a transparent background leave most of their box empty, or
    have no ink of another shade within them, or have edges of another shade (antialiasing).
    """
    rows, cols = np.flatnonzero(opaque.any(axis=1)), np.flatnonzero(opaque.any(axis=0))
    if rows.size == 0:
        return False
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    fill = opaque.sum() / (height * width)
    if min(height, width) < max(height, width) / 3 or fill < CARD_FILL:
        return False
    if fill >= SOLID_CARD_FILL:
        return True
    level = float(np.median(grey[opaque]))
    inked = float(np.mean(np.abs(grey[opaque] - level) > CARD_INK_DIFFERENCE))
    edge = opaque & ~_eroded(opaque, 1)
    return inked >= 0.02 and abs(float(np.median(grey[edge])) - level) < CARD_INK_DIFFERENCE / 2


def _eroded(mask: np.ndarray, times: int) -> np.ndarray:
    """``mask`` without its outer ``times`` rings of pixels (4-neighbour erosion)."""
    for _ in range(times):
        inner = np.zeros_like(mask)
        inner[1:-1, 1:-1] = mask[1:-1, 1:-1] & mask[:-2, 1:-1] & mask[2:, 1:-1] & mask[1:-1, :-2] & mask[1:-1, 2:]
        mask = inner
    return mask


# --- 3. the paper -----------------------------------------------------------------------------------
def fit_paper(colour: np.ndarray, rounds: int = 8) -> np.ndarray:
    """The paper under the ink: a quadratic surface per channel fitted robustly, ``[H, W, C]``."""
    small = _shrink(colour, FIT_SIZE)
    basis = _quadratic_basis(*small.shape[:2])
    values = small.reshape(-1, small.shape[2]).astype(np.float64)
    # Start from the picture's margin, mostly paper even when the digit fills the frame (without
    # the pixels far from its median: a stroke that reaches the edge). Then fit the surface to
    # the pixels near the fit, over the whole picture, until they stay the same.
    margin = _margin(*small.shape[:2])
    inliers = margin & _near(values, np.median(values[margin], axis=0), margin)
    coefficients = np.zeros((basis.shape[1], values.shape[1]))
    coefficients[0] = np.median(values[margin], axis=0)
    for _ in range(rounds):
        if inliers.sum() < 4 * basis.shape[1]:
            break
        chosen = basis[inliers]
        coefficients = np.linalg.solve(chosen.T @ chosen + 1e-9 * np.eye(basis.shape[1]), chosen.T @ values[inliers])
        updated = _near(values, basis @ coefficients, inliers)
        if (updated == inliers).all():
            break
        inliers = updated
    return _surface(coefficients, *colour.shape[:2])


def _margin(height: int, width: int, fraction: float = 0.15) -> np.ndarray:
    """Flat mask of the pixels within ``fraction`` of the picture's size from its edges."""
    rows, cols = np.arange(height)[:, None], np.arange(width)[None, :]
    band_y, band_x = max(1, round(fraction * height)), max(1, round(fraction * width))
    edge = (rows < band_y) | (rows >= height - band_y) | (cols < band_x) | (cols >= width - band_x)
    return edge.ravel()


def _near(values: np.ndarray, fitted: np.ndarray, inliers: np.ndarray) -> np.ndarray:
    """Pixels within three robust deviations (at least 0.02) of the fit, per the current inliers."""
    residual = np.abs(values - fitted).max(axis=1)
    spread = 1.4826 * float(np.median(residual[inliers]))
    return residual <= max(3.0 * spread, 0.02)


def _surface(coefficients: np.ndarray, height: int, width: int) -> np.ndarray:
    """The quadratic surface ``[H, W, C]`` over the whole picture, clipped to 0..1."""
    x = np.linspace(-1, 1, width, dtype=np.float32)
    y = np.linspace(-1, 1, height, dtype=np.float32)
    channels = []
    for c0, cx, cy, cxx, cxy, cyy in coefficients.T.astype(np.float32):
        along_x = c0 + cx * x + cxx * x * x
        along_y = cy * y + cyy * y * y
        channels.append(along_y[:, None] + along_x[None, :] + cxy * np.outer(y, x))
    return np.clip(np.stack(channels, axis=-1), 0.0, 1.0)


def _shrink(colour: np.ndarray, size: int) -> np.ndarray:
    height, width = colour.shape[:2]
    scale = min(1.0, size / max(height, width))
    if scale == 1.0:
        return colour
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    channels = [np.asarray(Image.fromarray(np.ascontiguousarray(colour[..., k]), mode="F")
                           .resize(target, Image.Resampling.BOX)) for k in range(colour.shape[2])]
    return np.stack(channels, axis=-1)


def _quadratic_basis(height: int, width: int) -> np.ndarray:
    """``[H * W, 6]``: 1, x, y, x², xy, y² with x and y in -1..1 across the picture."""
    y, x = np.meshgrid(np.linspace(-1, 1, height), np.linspace(-1, 1, width), indexing="ij")
    x, y = x.ravel(), y.ravel()
    return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)


# --- 4 and 5. the ink -----------------------------------------------------------------------------
def ink_on_paper(colour: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """Ink 0..1 ``[H, W]``: the difference from the paper along the ink's direction, noise removed."""
    difference = colour - paper
    direction = _ink_direction(difference)
    if direction is None:
        return np.zeros(colour.shape[:2], dtype=np.float32)
    signal = difference @ direction
    if direction.sum() < 0:  # darker than the paper: relative to the light falling on it
        signal = signal / np.maximum(paper.mean(axis=-1), 0.03)
    noise = _robust_spread(signal)
    if noise > 0.01 and min(signal.shape) >= 48:  # visible sensor noise: a 3 x 3 median calms it
        signal = _median3(signal)
    floor = max(NOISE_FLOOR * noise, 0.02)
    inked = signal[signal > floor]
    if inked.size == 0:
        return np.zeros(colour.shape[:2], dtype=np.float32)
    contrast = float(np.percentile(inked, 90))
    if contrast < MIN_CONTRAST or contrast < MIN_SIGNAL_TO_NOISE * noise:
        return np.zeros(colour.shape[:2], dtype=np.float32)
    return np.clip((signal - floor) / (contrast - floor), 0.0, 1.0).astype(np.float32)


def _ink_direction(difference: np.ndarray) -> np.ndarray | None:
    """Unit vector (per channel) along which the pixels that differ from the paper mostly differ,
    signed so that most of that difference is positive; None if nothing differs."""
    magnitude = np.sqrt((difference ** 2).sum(axis=-1))
    spread = 1.4826 * float(np.median(_sample(magnitude)))
    deviant = difference[magnitude > max(4.0 * spread, 0.03)]
    if len(deviant) == 0:
        return None
    if deviant.shape[1] == 1:
        direction = np.ones(1)
    else:
        direction = np.linalg.eigh(deviant.T.astype(np.float64) @ deviant)[1][:, -1]
    if float((deviant @ direction).sum()) < 0:
        direction = -direction
    return direction.astype(np.float32)


def _median3(values: np.ndarray) -> np.ndarray:
    """3 x 3 median (edges repeated): removes single noisy pixels, keeps strokes and their edges."""
    padded = np.pad(values, 1, mode="edge")
    height, width = values.shape
    shifted = np.stack([padded[r:r + height, c:c + width] for r in range(3) for c in range(3)])
    return np.partition(shifted, 4, axis=0)[4]


def _sample(values: np.ndarray, at_most: int = 20_000) -> np.ndarray:
    """An even sample of ``values``' pixels: enough for a median, and fast on a large picture."""
    flat = values.reshape(-1)
    return flat[::max(1, flat.size // at_most)]


def _robust_spread(values: np.ndarray) -> float:
    """The standard deviation of the majority (the paper): 1.4826 x the median absolute deviation."""
    sample = _sample(values)
    return 1.4826 * float(np.median(np.abs(sample - np.median(sample))))
