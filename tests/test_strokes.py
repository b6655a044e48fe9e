"""Stroke JSON and the strokes -> 28x28 pipeline (core, no Qt): files, validation, MNIST-like rendering."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from PIL import Image

from lstm_studio.data import (MAX_POINTS, PEN_WIDTH, Drawing, DrawingError, DrawingTooSmallError,
                              EmptyDrawingError, ImageError, read_pendigits, render_drawing, render_image_file)
from lstm_studio.data._render import CENTRE, _centre_of_mass


@pytest.fixture(scope="module")
def pen_digits(pendigits_path):
    return read_pendigits(pendigits_path)[:60]


def scaled(drawing: Drawing, factor: float, shift: tuple[float, float], canvas: float) -> Drawing:
    return Drawing(canvas, canvas, [[(x * factor + shift[0], y * factor + shift[1]) for x, y in stroke]
                                    for stroke in drawing.strokes])


# --- stroke JSON ---------------------------------------------------------------------------
def test_json_round_trip_keeps_size_and_every_point(tmp_path, pen_digits) -> None:
    original = pen_digits[0].drawing
    original.strokes.append([(12.25, 480.5)])  # a one-point stroke (a dot) survives too
    path = tmp_path / "eight.json"
    original.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"width", "height", "strokes"}
    assert data["strokes"][-1] == [[12.25, 480.5]]
    loaded = Drawing.load(path)
    assert (loaded.width, loaded.height) == (500.0, 500.0)
    assert loaded.strokes == original.strokes
    np.testing.assert_array_equal(render_drawing(loaded).image, render_drawing(original).image)
    assert not list(tmp_path.glob(".*.tmp")), "atomic save left its temporary file behind"


def test_json_uses_canvas_pixels_with_y_down(pendigits_path) -> None:
    """pendigits' tablet y points up; read_pendigits flips it, so a 7's bar ends up on top."""
    seven = next(d for d in read_pendigits(pendigits_path) if d.label == 7)
    first_stroke = np.asarray(seven.drawing.strokes[0])
    assert first_stroke[0, 1] < first_stroke[:, 1].max(), "the stroke should start near the top (small y)"
    image = render_drawing(seven.drawing).image
    inked = np.flatnonzero(image.max(axis=1) > 0.3)

    def span(row: int) -> int:
        return int(np.ptp(np.flatnonzero(image[row] > 0.3)))

    assert span(inked[0] + 1) > 2 * span(inked[-1] - 1), "a 7's wide bar must be at the top, its foot below"


@pytest.mark.parametrize("field", ["width", "height", "strokes"])
def test_missing_field_is_named(field: str) -> None:
    data = {"width": 100, "height": 100, "strokes": [[[1, 2], [3, 4]]]}
    del data[field]
    with pytest.raises(DrawingError, match=field):
        Drawing.from_json(json.dumps(data))


@pytest.mark.parametrize(("text", "message"), [
    ('{"width": 100, "height": 100, "strokes": [[[NaN, 2]]]}', "finite"),
    ('{"width": NaN, "height": 100, "strokes": []}', "finite"),
    ('{"width": 100, "height": 100, "strokes": [[[Infinity, 2]]]}', "finite"),
    ('{"width": 100, "height": 100, "strokes": [[[1e12, 2]]]}', "out of range"),
    ('{"width": 1e300, "height": 100, "strokes": []}', "out of range"),
    ('{"width": 0, "height": 100, "strokes": []}', "positive"),
    ('{"width": 100, "height": 100, "strokes": [[[1, 2, 3]]]}', r"\[x, y\]"),
    ('{"width": 100, "height": 100, "strokes": [[["1", 2]]]}', "number"),
    ('{"width": 100, "height": 100, "strokes": [[[true, 2]]]}', "number"),
    ('{"width": 100, "height": 100, "strokes": {"a": 1}}', "list"),
    ('{"width": 100, "height": 100, "strokes": [5]}', "stroke 0"),
    ('[1, 2, 3]', "object"),
    ('{"width": 100, "height": 100, "strokes": [[[1, 2]]', "not valid JSON"),
    ('', "not valid JSON"),
])
def test_bad_json_gives_a_one_line_error(text: str, message: str) -> None:
    with pytest.raises(DrawingError, match=message) as caught:
        Drawing.from_json(text)
    assert "\n" not in str(caught.value)


def test_unreadable_file_is_a_drawing_error(tmp_path) -> None:
    with pytest.raises(DrawingError, match="cannot read"):
        Drawing.load(tmp_path / "missing.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DrawingError):
        Drawing.load(binary)


def test_hundred_thousand_points_load_and_render(tmp_path) -> None:
    angles = np.linspace(0, 40 * math.pi, 100_000)
    spiral = [[float(200 + r * math.cos(a)), float(200 + r * math.sin(a))]
              for a, r in zip(angles, np.linspace(20, 150, angles.size))]
    path = tmp_path / "spiral.json"
    path.write_text(json.dumps({"width": 400, "height": 400, "strokes": [spiral]}), encoding="utf-8")
    drawing = Drawing.load(path)
    assert drawing.num_points == 100_000
    image = render_drawing(drawing).image
    assert image.shape == (28, 28) and image.max() > 0.9


def test_too_many_points_are_refused() -> None:
    point = [1.0, 2.0]
    with pytest.raises(DrawingError, match="points"):
        Drawing.from_dict({"width": 10, "height": 10, "strokes": [[point] * (MAX_POINTS + 1)]})


# --- the drawing model object --------------------------------------------------------------
def test_listeners_hear_edits_and_stroke_ends() -> None:
    drawing = Drawing(300, 300)
    heard: list[bool] = []
    unsubscribe = drawing.subscribe(heard.append)
    drawing.begin_stroke(10, 10)
    drawing.add_point(10.2, 10.1)  # sub-pixel jitter is dropped, unheard
    drawing.add_point(50, 60)
    drawing.end_stroke()
    assert heard == [False, False, True]
    assert drawing.strokes == [[(10.0, 10.0), (50.0, 60.0)]]
    drawing.undo()
    assert drawing.is_empty and heard[-1] is True
    unsubscribe()
    drawing.begin_stroke(1, 1)
    assert len(heard) == 4


# --- rendering -----------------------------------------------------------------------------
def test_empty_drawing_raises_empty() -> None:
    with pytest.raises(EmptyDrawingError):
        render_drawing(Drawing(400, 400))
    with pytest.raises(EmptyDrawingError):
        render_drawing(Drawing(400, 400, [[]]))


@pytest.mark.parametrize("strokes", [
    [[(200, 200)]],                                   # a stray dot
    [[(200, 200), (201, 201)]],                       # a click with a twitch
    [[(100, 100), (110, 104), (105, 112)], [(108, 108)]],  # a tiny scribble
])
def test_stray_dot_or_tiny_scribble_is_too_small(strokes) -> None:
    with pytest.raises(DrawingTooSmallError, match="larger"):
        render_drawing(Drawing(400, 400, strokes))


def test_rendering_is_mnist_like(pen_digits) -> None:
    for digit in pen_digits[:30]:
        rendering = render_drawing(digit.drawing)
        image = rendering.image
        assert image.shape == (28, 28) and image.dtype == np.float32
        assert 0.0 <= image.min() and image.max() <= 1.0 and image.max() > 0.9
        rows = np.flatnonzero(image.max(axis=1) > 0.05)
        cols = np.flatnonzero(image.max(axis=0) > 0.05)
        # The ink is fitted into 20x20: its longer side spans about 20 pixels, never much more.
        assert 18 <= max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 <= 22
        np.testing.assert_allclose(_centre_of_mass(image), [CENTRE, CENTRE], atol=0.5)
        x0, y0, x1, y1 = rendering.ink_box
        assert x0 < x1 and y0 < y1
        assert rendering.cropped.max() > 0.9


def test_stroke_width_does_not_depend_on_drawing_size(pen_digits) -> None:
    original = pen_digits[1].drawing
    small = scaled(original, 0.25, (30.0, 200.0), 500)
    large = scaled(original, 4.0, (100.0, 50.0), 2100)
    reference = render_drawing(original).image
    np.testing.assert_allclose(render_drawing(small).image, reference, atol=2e-3)
    np.testing.assert_allclose(render_drawing(large).image, reference, atol=2e-3)


@pytest.mark.parametrize("length", [60.0, 300.0])
def test_pen_width_is_fixed_in_output_pixels(length: float) -> None:
    line = Drawing(400, 400, [[(200, 50), (200, 50 + length)]])
    image = render_drawing(line).image
    # Across the middle of a vertical line, the ink adds up to the pen width in pixels.
    assert image[14].sum() == pytest.approx(PEN_WIDTH, abs=0.1)


# --- image files ---------------------------------------------------------------------------
def _digit_picture(pen_digit, size: int = 140) -> np.ndarray:
    """A large white-on-black picture of a pen digit, as a scanner or paint program would give."""
    image = render_drawing(pen_digit.drawing).image
    return np.asarray(Image.fromarray(np.uint8(image * 255)).resize((size, size), Image.Resampling.BICUBIC))


@pytest.mark.parametrize(("suffix", "dark_on_light"), [(".png", False), (".png", True), (".jpg", True),
                                                       (".jpg", False)])
def test_image_files_of_either_polarity(tmp_path, pen_digits, suffix: str, dark_on_light: bool) -> None:
    picture = _digit_picture(pen_digits[2])
    if dark_on_light:
        picture = 255 - picture
    path = tmp_path / f"digit{suffix}"
    Image.fromarray(picture).convert("RGB").save(path, quality=90)
    rendering = render_image_file(path)
    reference = render_drawing(pen_digits[2].drawing).image
    assert rendering.image.shape == (28, 28)
    assert rendering.image[0].max() < 0.1 and rendering.image[:, 0].max() < 0.1, "background must be dark"
    correlation = np.corrcoef(rendering.image.ravel(), reference.ravel())[0, 1]
    assert correlation > 0.85
    np.testing.assert_allclose(_centre_of_mass(rendering.image), [CENTRE, CENTRE], atol=0.6)


def test_transparent_png_uses_the_opaque_pixels_as_ink(tmp_path, pen_digits) -> None:
    alpha = _digit_picture(pen_digits[3])
    rgba = np.zeros(alpha.shape + (4,), np.uint8)
    rgba[..., 3] = alpha  # black ink on a transparent background
    path = tmp_path / "ink.png"
    Image.fromarray(rgba, "RGBA").save(path)
    reference = render_drawing(pen_digits[3].drawing).image
    correlation = np.corrcoef(render_image_file(path).image.ravel(), reference.ravel())[0, 1]
    assert correlation > 0.85


def test_blank_or_broken_images_are_image_errors(tmp_path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (50, 50), 255).save(blank)
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_text("hello", encoding="utf-8")
    for path, message in ((blank, "blank"), (not_an_image, "not a readable image"),
                          (tmp_path / "gone.png", "no such file")):
        with pytest.raises(ImageError, match=message) as caught:
            render_image_file(path)
        assert "\n" not in str(caught.value)
