"""Real kinds of picture files of one MNIST digit, for judging how images are read.

Each variant turns a 28 x 28 MNIST digit (uint8, ink bright on black) into the file a person
might really have of the same digit: dark ink on grey paper, a 16-bit PNG, a phone JPEG stored
sideways with an EXIF orientation tag, a white card with a transparent margin, uneven lighting
with sensor noise, and so on. A reader that sees what a person sees classifies every variant
as it classifies the plain digit. Used by ``tests/test_image_variants.py`` and
``bench/bench_image_variants.py``.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

#: Side of the "paper" pictures in pixels (the digit's 28 px scaled 4x).
PAGE = 112

Variant = Callable[[np.ndarray, np.random.Generator, Path], Path]


def ink(digit: np.ndarray, size: int = PAGE) -> np.ndarray:
    """The digit's ink 0..1 scaled smoothly to ``size`` x ``size`` (as a scan at higher resolution)."""
    big = Image.fromarray(digit).resize((size, size), Image.Resampling.BICUBIC)
    return np.clip(np.asarray(big, dtype=np.float32) / 255.0, 0.0, 1.0)


def to_uint8(values: np.ndarray) -> np.ndarray:
    return np.round(np.clip(values, 0.0, 1.0) * 255).astype(np.uint8)


def paper(amount: np.ndarray, paper_level: float, ink_level: float) -> np.ndarray:
    """Grey levels of ink on paper: ``paper_level`` where there is no ink, ``ink_level`` at full ink."""
    return paper_level + (ink_level - paper_level) * amount


def coloured(amount: np.ndarray, paper_rgb: tuple[int, int, int], ink_rgb: tuple[int, int, int]) -> np.ndarray:
    paper_colour, ink_colour = np.array(paper_rgb, np.float32) / 255, np.array(ink_rgb, np.float32) / 255
    return paper_colour + (ink_colour - paper_colour) * amount[..., None]


def placed(amount: np.ndarray, shape: tuple[int, int], top: int, left: int) -> np.ndarray:
    """``amount`` pasted onto an empty (no ink) page of ``shape``."""
    page = np.zeros(shape, np.float32)
    page[top:top + amount.shape[0], left:left + amount.shape[1]] = amount
    return page


# --- the variants -------------------------------------------------------------------------------
def plain(digit, rng, folder: Path) -> Path:
    """The MNIST digit itself: 28 x 28, light on dark."""
    path = folder / "plain.png"
    Image.fromarray(digit).save(path)
    return path


def inverted(digit, rng, folder: Path) -> Path:
    """Black ink on white, scanned at 4x."""
    path = folder / "inverted.png"
    Image.fromarray(to_uint8(1 - ink(digit))).save(path)
    return path


def grey_paper(digit, rng, folder: Path) -> Path:
    """Dark ink on grey paper (background 0.45)."""
    path = folder / "grey_paper.png"
    Image.fromarray(to_uint8(paper(ink(digit), 0.45, 0.05))).save(path)
    return path


def png_16_bit(digit, rng, folder: Path) -> Path:
    """A 16-bit greyscale PNG (mode ``I;16``) of dark ink on white, as scanners and microscopes write."""
    path = folder / "png16.png"
    values = np.round(paper(ink(digit), 0.97, 0.08) * 65535).astype(np.uint16)
    Image.fromarray(values).save(path)
    return path


def exif_rotated_photo(digit, rng, folder: Path) -> Path:
    """A phone JPEG: the sensor's pixels stored sideways with EXIF orientation 6 (rotate 90 degrees clockwise)."""
    page = placed(ink(digit, 160), (320, 240), 80, 40)
    grey = paper(page, 0.82, 0.12) + rng.normal(0, 0.02, page.shape)
    upright = Image.fromarray(to_uint8(grey)).convert("RGB")
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what the camera wrote; orientation 6 undoes it
    exif = Image.Exif()
    exif[0x0112] = 6
    path = folder / "exif6.jpg"
    stored.save(path, quality=88, exif=exif)
    return path


def card_with_transparent_margin(digit, rng, folder: Path) -> Path:
    """A white card (opaque) with the digit in dark ink, on a fully transparent margin."""
    size, margin = PAGE, 24
    rgba = np.zeros((size + 2 * margin, size + 2 * margin, 4), np.float32)  # transparent black
    rgba[margin:-margin, margin:-margin, :3] = paper(ink(digit), 1.0, 0.1)[..., None]
    rgba[margin:-margin, margin:-margin, 3] = 1.0
    path = folder / "card.png"
    Image.fromarray(to_uint8(rgba), "RGBA").save(path)
    return path


def transparent_ink(digit, rng, folder: Path) -> Path:
    """Black ink on a transparent background (a drawing program's export): alpha is the ink."""
    rgba = np.zeros((PAGE, PAGE, 2), np.float32)
    rgba[..., 1] = ink(digit)
    path = folder / "transparent_ink.png"
    Image.fromarray(to_uint8(rgba), "LA").save(path)
    return path


def uneven_lighting(digit, rng, folder: Path) -> Path:
    """Paper lit from one corner (light falls from 1.0 to 0.35 across it) with sensor noise."""
    size = 140
    rows, cols = np.mgrid[0:size, 0:size] / (size - 1)
    light = 1.0 - 0.65 * (0.6 * cols + 0.4 * rows)
    reflectance = paper(placed(ink(digit), (size, size), 14, 14), 0.92, 0.15)
    grey = light * reflectance + rng.normal(0, 0.03, (size, size))
    path = folder / "uneven.png"
    Image.fromarray(to_uint8(grey)).save(path)
    return path


def vignette_photo(digit, rng, folder: Path) -> Path:
    """A photo of a page: the digit in the middle of a wider frame, corners darkened, noise, JPEG."""
    height, width = 240, 320
    rows, cols = np.mgrid[0:height, 0:width]
    radius = np.hypot((rows - height / 2) / (height / 2), (cols - width / 2) / (width / 2)) / np.sqrt(2)
    light = 1.0 - 0.6 * radius ** 2
    reflectance = paper(placed(ink(digit, 120), (height, width), 60, 100), 0.9, 0.12)
    grey = light * reflectance + rng.normal(0, 0.02, (height, width))
    path = folder / "vignette.jpg"
    Image.fromarray(to_uint8(grey)).convert("RGB").save(path, quality=85)
    return path


def pencil(digit, rng, folder: Path) -> Path:
    """Low-contrast pencil: light grey strokes (0.65) on white paper (0.92)."""
    path = folder / "pencil.png"
    grey = paper(ink(digit), 0.92, 0.65) + rng.normal(0, 0.01, (PAGE, PAGE))
    Image.fromarray(to_uint8(grey)).save(path)
    return path


def thick_marker(digit, rng, folder: Path) -> Path:
    """A thick marker: every stroke about 2 MNIST pixels wider."""
    amount = np.asarray(Image.fromarray(to_uint8(ink(digit))).filter(ImageFilter.MaxFilter(7)), np.float32) / 255
    path = folder / "marker.png"
    Image.fromarray(to_uint8(paper(amount, 0.95, 0.05))).save(path)
    return path


def jpeg_quality_30(digit, rng, folder: Path) -> Path:
    """Dark on light, saved as a heavily compressed JPEG (quality 30)."""
    path = folder / "q30.jpg"
    Image.fromarray(to_uint8(paper(ink(digit), 0.95, 0.05))).save(path, quality=30)
    return path


def thumbnail_scaled_up(digit, rng, folder: Path) -> Path:
    """The 28 x 28 thumbnail blown up to 1000 x 1000 with blocky pixels."""
    path = folder / "thumb1000.png"
    Image.fromarray(digit).resize((1000, 1000), Image.Resampling.NEAREST).save(path)
    return path


def blue_on_yellow(digit, rng, folder: Path) -> Path:
    """Blue ink on yellow paper."""
    path = folder / "blue_on_yellow.png"
    Image.fromarray(to_uint8(coloured(ink(digit), (250, 228, 130), (30, 55, 190))), "RGB").save(path)
    return path


def red_on_green(digit, rng, folder: Path) -> Path:
    """Red ink on green paper: nearly the same brightness, different colour."""
    path = folder / "red_on_green.png"
    Image.fromarray(to_uint8(coloured(ink(digit), (110, 175, 110), (215, 60, 50))), "RGB").save(path)
    return path


def palette_gif(digit, rng, folder: Path) -> Path:
    """A 16-colour palette GIF (mode ``P``)."""
    path = folder / "palette.gif"
    rgb = Image.fromarray(to_uint8(coloured(ink(digit), (245, 245, 240), (20, 20, 60))), "RGB")
    rgb.quantize(16).save(path)
    return path


def cmyk_jpeg(digit, rng, folder: Path) -> Path:
    """A CMYK JPEG, as print workflows write."""
    path = folder / "cmyk.jpg"
    Image.fromarray(to_uint8(paper(ink(digit), 0.96, 0.06))).convert("RGB").convert("CMYK").save(path, quality=90)
    return path


def bilevel(digit, rng, folder: Path) -> Path:
    """A 1-bit image (mode ``1``), as a fax or a thresholding scanner gives."""
    path = folder / "bilevel.png"
    Image.fromarray(to_uint8(1 - ink(digit))).convert("1", dither=Image.Dither.NONE).save(path)
    return path


def animated_gif(digit, rng, folder: Path) -> Path:
    """An animated GIF whose first frame is the digit (the second, another picture, is ignored)."""
    path = folder / "animated.gif"
    first = Image.fromarray(to_uint8(paper(ink(digit), 0.95, 0.05)))
    second = Image.fromarray(to_uint8(paper(ink(np.rot90(digit).copy()), 0.95, 0.05)))
    first.save(path, save_all=True, append_images=[second], duration=200, loop=0)
    return path


def dusty_small_in_photo(digit, rng, folder: Path) -> Path:
    """A small digit in a large photo of paper with dust specks and a gentle light gradient."""
    height, width = 450, 600
    amount = placed(ink(digit, 100), (height, width), 160, 260)
    for _ in range(12):  # specks of 1-3 px, away from the digit
        y, x = int(rng.integers(10, height - 10)), int(rng.choice([rng.integers(10, 200), rng.integers(420, 590)]))
        amount[y:y + int(rng.integers(1, 4)), x:x + int(rng.integers(1, 4))] = 1.0
    light = 1.0 - 0.3 * np.mgrid[0:height, 0:width][1] / width
    grey = light * paper(amount, 0.9, 0.12) + rng.normal(0, 0.02, (height, width))
    path = folder / "dusty.jpg"
    Image.fromarray(to_uint8(grey)).save(path, quality=90)
    return path


VARIANTS: dict[str, Variant] = {
    "plain": plain, "inverted": inverted, "grey paper 0.45": grey_paper, "16-bit PNG": png_16_bit,
    "EXIF-rotated JPEG": exif_rotated_photo, "card, transparent margin": card_with_transparent_margin,
    "transparent background": transparent_ink, "uneven light + noise": uneven_lighting,
    "vignette photo": vignette_photo, "pencil (low contrast)": pencil, "thick marker": thick_marker,
    "JPEG quality 30": jpeg_quality_30, "28 px -> 1000 px": thumbnail_scaled_up,
    "blue on yellow": blue_on_yellow, "red on green": red_on_green, "palette GIF": palette_gif,
    "CMYK JPEG": cmyk_jpeg, "1-bit": bilevel, "animated GIF": animated_gif,
    "small digit, dusty photo": dusty_small_in_photo,
}


def write_variants(digit: np.ndarray, folder: Path, seed: int) -> dict[str, Path]:
    """Write every variant of ``digit`` into ``folder`` (created); the noise depends on ``seed`` only."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    return {name: make(digit, rng, folder) for name, make in VARIANTS.items()}
