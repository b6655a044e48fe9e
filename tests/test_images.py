"""Image files read as a person sees them: every file mode, upright, first frame, blank or several digits."""
from __future__ import annotations

import numpy as np
import pytest
from image_variants import ink, paper, to_uint8
from PIL import Image

from lstm_studio.data import ImageError, ink_map, load_image, load_mini_mnist, render_image, render_image_file
from lstm_studio.data import _images


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    """Five MNIST test digits (uint8, ink bright on black)."""
    return load_mini_mnist().test_images[:5]


@pytest.fixture(scope="module")
def reference(digits) -> np.ndarray:
    """What the plain 28 x 28 digits render to."""
    return np.stack([render_image(Image.fromarray(d)).image for d in digits])


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def dark_on_light(digit: np.ndarray) -> np.ndarray:
    """The digit as black ink on white paper at 4x, 0..1."""
    return paper(ink(digit), 0.96, 0.04)


def _sixteen_bit(d):  # noqa: ANN001, ANN202
    return Image.fromarray(np.round(dark_on_light(d) * 65535).astype(np.uint16))


def _thirty_two_bit(d):  # noqa: ANN001, ANN202 - 16-bit values held in mode "I"
    return Image.fromarray(np.round(dark_on_light(d) * 65535).astype(np.int32), mode="I")


def _float(d):  # noqa: ANN001, ANN202
    return Image.fromarray(dark_on_light(d).astype(np.float32), mode="F")


def _palette_with_transparent_background(d):  # noqa: ANN001, ANN202
    image = Image.fromarray(to_uint8(1 - ink(d)), "L").convert("P")
    image.info["transparency"] = 255  # the white paper's palette entry is transparent
    return image


MODES = {
    "I;16": _sixteen_bit, "I": _thirty_two_bit, "F": _float,
    "P + transparency": _palette_with_transparent_background,
    "LA": lambda d: Image.fromarray(np.stack([np.zeros((112, 112), np.uint8), to_uint8(ink(d))], -1), "LA"),
    "RGBA": lambda d: Image.fromarray(to_uint8(dark_on_light(d))).convert("RGBA"),
    "1": lambda d: Image.fromarray(to_uint8(dark_on_light(d))).convert("1", dither=Image.Dither.NONE),
    "CMYK": lambda d: Image.fromarray(to_uint8(dark_on_light(d))).convert("RGB").convert("CMYK"),
    "RGB": lambda d: Image.fromarray(to_uint8(dark_on_light(d))).convert("RGB"),
}


@pytest.mark.parametrize("mode", list(MODES))
def test_every_file_mode_gives_the_same_digit(digits, reference, mode: str) -> None:
    for digit, expected in zip(digits, reference):
        image = MODES[mode](digit)
        assert image.mode == mode.split()[0]
        assert similarity(render_image(image).image, expected) > 0.9


def test_phone_photo_is_read_upright_from_its_exif_orientation(tmp_path, digits, reference) -> None:
    upright = Image.fromarray(to_uint8(dark_on_light(digits[0]))).convert("RGB").resize((112, 150))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to show": the stored pixels lie on their side
    path = tmp_path / "phone.jpg"
    upright.transpose(Image.Transpose.ROTATE_90).save(path, exif=exif, quality=90)
    loaded = load_image(path)
    assert loaded.size == (112, 150)
    rendering = render_image_file(path)
    assert similarity(rendering.image, render_image(upright).image) > 0.95
    x0, y0, x1, y1 = rendering.ink_box  # in the upright picture's pixels
    assert 0 <= x0 < x1 < 112 and 0 <= y0 < y1 < 150 and y1 - y0 > x1 - x0


def test_damaged_exif_is_ignored(tmp_path, digits) -> None:
    path = tmp_path / "odd.jpg"
    exif = Image.Exif()
    exif[0x0112] = 99  # no such orientation
    Image.fromarray(to_uint8(dark_on_light(digits[1]))).save(path, exif=exif)
    assert render_image_file(path).image.max() > 0.9


@pytest.mark.parametrize("suffix", [".tif", ".png", ".gif"])
def test_only_the_first_frame_is_read(tmp_path, digits, suffix: str) -> None:
    frames = [Image.fromarray(to_uint8(dark_on_light(d))) for d in digits[:3]]
    path = tmp_path / f"frames{suffix}"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert similarity(render_image_file(path).image, render_image(frames[0]).image) > 0.98


def _picture(height: int = 240, width: int = 320, seed: int = 0) -> dict[str, Image.Image]:
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:height, 0:width]
    radius = np.hypot(rows / height - 0.5, cols / width - 0.5) * np.sqrt(2)
    dust = np.full((height, width), 0.9)
    dust[rng.integers(0, height, 30), rng.integers(0, width, 30)] = 0.1
    card = np.zeros((100, 100, 4), np.uint8)
    card[20:80, 20:80] = 255
    grey = {"white paper": np.ones((height, width)), "grey paper": np.full((height, width), 0.45),
            "light gradient": 0.3 + 0.6 * cols / width, "sensor noise": 0.7 + rng.normal(0, 0.06, (height, width)),
            "vignette and noise": 0.9 * (1 - 0.6 * radius ** 2) + rng.normal(0, 0.02, (height, width)),
            "dust only": dust}
    pictures = {name: Image.fromarray(to_uint8(values)) for name, values in grey.items()}
    pictures["transparent"] = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
    pictures["blank card, transparent margin"] = Image.fromarray(card, "RGBA")
    pictures["one pixel"] = Image.new("L", (1, 1), 0)
    return pictures


@pytest.mark.parametrize("name", list(_picture()))
def test_a_picture_without_a_digit_is_blank(name: str) -> None:
    with pytest.raises(ImageError, match="image is blank") as caught:
        render_image(_picture()[name], name)
    assert str(caught.value) == f"{name}: image is blank (no digit found)"


def test_several_digits_side_by_side_are_refused(digits) -> None:
    mini = load_mini_mnist()
    four, two = (mini.test_images[np.flatnonzero(mini.test_labels == label)[0]] for label in (4, 2))
    forty_two = Image.fromarray(to_uint8(dark_on_light(np.hstack([four, two]))))
    with pytest.raises(ImageError, match="several digits found") as caught:
        render_image(forty_two, "42.png")
    assert str(caught.value).startswith("42.png: several digits found") and "\n" not in str(caught.value)


def test_dust_and_stray_specks_do_not_move_the_digit(digits, reference) -> None:
    clean = paper(ink(digits[2], 100), 0.92, 0.1)
    page = np.full((300, 300), 0.92)
    page[100:200, 100:200] = clean
    dusty = page.copy()
    for y, x in [(10, 20), (40, 270), (280, 30), (250, 260), (150, 15), (20, 150)]:  # far from the digit
        dusty[y:y + 2, x:x + 2] = 0.1
    plain = render_image(Image.fromarray(to_uint8(page))).image
    np.testing.assert_allclose(render_image(Image.fromarray(to_uint8(dusty))).image, plain, atol=0.02)
    assert similarity(plain, reference[2]) > 0.95


def test_pictures_larger_than_the_limit_are_refused_before_decoding(tmp_path, monkeypatch) -> None:
    path = tmp_path / "big.png"
    Image.new("L", (400, 300), 255).save(path)
    monkeypatch.setattr(_images, "MAX_PIXELS", 100_000)
    with pytest.raises(ImageError, match=r"too large \(400 x 300 pixels"):
        load_image(path)


def test_digit_keeps_its_place_in_the_picture_for_the_ink_box(digits) -> None:
    """The ink box (drawn by the app over the picture) is in the picture's own pixels, big or small."""
    page = np.full((1200, 1600), 0.95)
    page[500:700, 900:1100] = paper(ink(digits[3], 200), 0.95, 0.05)
    x0, y0, x1, y1 = render_image(Image.fromarray(to_uint8(page))).ink_box
    rows = np.flatnonzero(ink(digits[3], 200).max(axis=1) > 0.3)
    assert 890 <= x0 and x1 <= 1110 and abs(y0 - (500 + rows[0])) < 10 and abs(y1 - (500 + rows[-1])) < 10


def test_ink_map_is_bright_ink_on_black_whatever_the_paper(digits) -> None:
    """Dark ink on lit-from-the-side paper and light ink on black give the same ink map."""
    amount = ink(digits[4])
    light = np.linspace(1.0, 0.4, amount.shape[1])[None, :]
    on_paper = ink_map(Image.fromarray(to_uint8(light * paper(amount, 0.9, 0.1))))
    on_black = ink_map(Image.fromarray(to_uint8(amount)))
    assert on_paper.shape == on_black.shape == amount.shape
    assert on_paper[amount < 0.05].max() < 0.1 and np.median(on_paper[amount > 0.9]) > 0.9
    assert np.abs(on_paper - on_black).mean() < 0.03
