"""Fuzzed stroke JSON, JSON lines and UNIPEN files: a result or the module's one-line error, never a crash.

Every example either gives a drawing (which renders or is refused as empty/too small) or raises
``DrawingError`` / ``PenDigitsError`` with a one-line message. Anything else (OverflowError,
ValueError from Python's integer-string limit, IndexError, RecursionError...) fails the test.
"""
from __future__ import annotations

import json

import numpy as np
import pytest
from fuzzing import assert_one_line, examples
from hypothesis import given
from hypothesis import strategies as st

from lstm_studio.data import (Drawing, DrawingError, PenDigitsError, iter_inputs, read_pendigits, render_drawing,
                              render_pendigits)

# --- strategies ---------------------------------------------------------------------------------
huge_integers = st.integers(min_value=300, max_value=6000).map(lambda n: "9" * n)  # 5,000 digits: Python's limit
number_texts = st.one_of(
    st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=False, allow_infinity=False).map(repr),
    huge_integers, huge_integers.map(lambda t: "-" + t), st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999",
                                                                          "-0", "1e-400", "0.5e308"]))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=25)
points = st.lists(st.one_of(st.tuples(number_texts, number_texts).map(lambda p: f"[{p[0]}, {p[1]}]"),
                            json_values.map(json.dumps)), max_size=6)
strokes_text = st.lists(points.map(lambda ps: "[" + ", ".join(ps) + "]"), max_size=4).map(
    lambda ss: "[" + ", ".join(ss) + "]")


@st.composite
def stroke_documents(draw) -> str:  # noqa: ANN001
    """Stroke JSON text: fields of any kind and size, some missing, sometimes cut short."""
    fields = {"width": draw(number_texts | json_values.map(json.dumps)),
              "height": draw(number_texts | json_values.map(json.dumps)),
              "strokes": draw(strokes_text | json_values.map(json.dumps))}
    kept = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1))
    text = "{" + ", ".join(f'"{key}": {fields[key]}' for key in sorted(kept)) + "}"
    if draw(st.booleans()):
        text = text[:draw(st.integers(0, len(text)))]
    return text


def drawing_or_refusal(make) -> Drawing | None:  # noqa: ANN001
    """Call ``make``; a drawing is then rendered. Only DrawingError (one line) may stop either step."""
    try:
        drawing = make()
        image = render_drawing(drawing).image
    except DrawingError as error:
        assert_one_line(error)
        return None
    assert image.shape == (28, 28) and np.isfinite(image).all() and 0 <= image.min() and image.max() <= 1
    return drawing


# --- stroke JSON --------------------------------------------------------------------------------
@examples(150)
@given(stroke_documents())
def test_stroke_json_of_any_shape(text: str) -> None:
    drawing_or_refusal(lambda: Drawing.from_json(text))


@examples(60)
@given(json_values)
def test_any_json_value_as_a_drawing(value) -> None:  # noqa: ANN001
    drawing_or_refusal(lambda: Drawing.from_dict(value))
    drawing_or_refusal(lambda: Drawing.from_json(json.dumps(value)))


@examples(30)
@given(st.integers(1, 200_000), st.sampled_from(["[", "{\"a\": "]))
def test_deep_nesting_is_refused_not_a_recursion_crash(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    for text in (opener * depth + closer * depth, '{"width": 1, "height": 1, "strokes": ' + "[" * depth):
        drawing_or_refusal(lambda: Drawing.from_json(text))
    nested: list = []
    for _ in range(min(depth, 2000)):
        nested = [nested]
    drawing_or_refusal(lambda: Drawing.from_dict({"width": 9, "height": 9, "strokes": [[nested]]}))


def test_python_numbers_beyond_any_float_are_out_of_range() -> None:
    """The two crashes fuzzing found: a 400-digit integer (OverflowError) and 5,000 digits (ValueError)."""
    for digits in (400, 5000):
        text = '{"width": %s, "height": 10, "strokes": [[[1, 2], [3, 4]]]}' % ("9" * digits)
        with pytest.raises(DrawingError, match="width is not a finite number"):
            Drawing.from_json(text)
    with pytest.raises(DrawingError, match="width is out of range"):
        Drawing.from_dict({"width": 10**400, "height": 10, "strokes": []})


@examples(40)
@given(st.binary(max_size=200))
def test_stroke_files_of_random_bytes(tmp_path, data: bytes) -> None:
    path = tmp_path / "drawing.json"
    path.write_bytes(data)
    drawing_or_refusal(lambda: Drawing.load(path))


# --- JSON lines ---------------------------------------------------------------------------------
good_line = st.sampled_from([
    '{"width": 100, "height": 100, "strokes": [[[20, 20], [80, 80]], [[80, 20], [20, 80]]]}',
    '{"width": 300, "height": 300, "strokes": [[[150, 30], [150, 270]]]}'])
any_line = st.one_of(good_line, stroke_documents(), st.text(max_size=40).map(lambda t: t.replace("\n", " ")),
                     st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")))


@examples(60)
@given(st.lists(any_line, max_size=8))
def test_json_lines_give_one_item_per_line_in_order(tmp_path, lines) -> None:  # noqa: ANN001
    raw = [line if isinstance(line, bytes) else line.encode("utf-8") for line in lines]
    path = tmp_path / "drawings.jsonl"
    path.write_bytes(b"\n".join(raw))
    items = list(iter_inputs(path))
    expected = [f"{path}:{number}" for number, line in enumerate(raw, start=1) if line.strip()]
    assert [item.name for item in items] == expected
    for item in items:
        assert (item.rendering is None) == bool(item.error)
        if item.error:
            assert item.error.startswith(item.name + ": ") and "\n" not in item.error


# --- UNIPEN -------------------------------------------------------------------------------------
unipen_lines = st.one_of(
    st.sampled_from([".PEN_DOWN", ".PEN_UP", ".DT 100", ".INCLUDE x", "", ".COMMENT 8 12 224",
                     '.SEGMENT DIGIT 0 ? "8"', '.SEGMENT DIGIT 1 ? "x"', '.SEGMENT DIGIT 1 ?', ".COMMENT a b c",
                     ".COMMENT 1 " + "9" * 5000]),
    st.tuples(number_texts, number_texts).map(lambda p: f" {p[0]}  {p[1]}"),
    st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda p: f" {p[0]}  {p[1]}"),
    st.text(max_size=30).map(lambda t: t.replace("\n", " ").replace("\r", " ")))


def pen_digits_or_refusal(path) -> list | None:  # noqa: ANN001
    try:
        digits = read_pendigits(path)
        images, labels = render_pendigits(digits)
    except PenDigitsError as error:
        assert_one_line(error)
        assert str(path) in str(error) or "pen digits" in str(error)
        return None
    assert images.shape == (len(labels), 28, 28) and set(labels.tolist()) <= set(range(10))
    for digit in digits:
        assert np.isfinite(np.concatenate([np.reshape(s, (-1, 2)) for s in digit.drawing.strokes] or
                                          [np.zeros((0, 2))])).all()
    return digits


@examples(120)
@given(st.lists(unipen_lines, max_size=25))
def test_unipen_files_of_any_lines(tmp_path, lines) -> None:  # noqa: ANN001
    path = tmp_path / "pen.unipen"
    path.write_text("\n".join(lines), encoding="utf-8")
    pen_digits_or_refusal(path)


@examples(40)
@given(st.integers(0, 40_000), st.binary(max_size=30), st.booleans())
def test_real_unipen_file_cut_or_damaged(tmp_path, pendigits_path, cut: int, garbage: bytes, insert: bool) -> None:
    data = pendigits_path.read_bytes()[:3000 + cut]
    if insert:
        at = len(data) // 2
        data = data[:at] + garbage + data[at:]
    path = tmp_path / "pen.unipen"
    path.write_bytes(data)
    pen_digits_or_refusal(path)


def test_a_single_dot_is_left_out_and_alone_is_refused(tmp_path) -> None:
    """A stray dot as a digit crashed training with DrawingTooSmallError; now it is left out."""
    dot = '.SEGMENT DIGIT 0 ? "3"\n.COMMENT 3 1 1\n.PEN_DOWN\n 250 250\n.PEN_UP\n'
    seven = '.SEGMENT DIGIT 1 ? "7"\n.COMMENT 7 1 2\n.PEN_DOWN\n 100 400\n 400 400\n 200 50\n.PEN_UP\n'
    path = tmp_path / "pen.unipen"
    path.write_text(dot + seven, encoding="utf-8")
    images, labels = render_pendigits(read_pendigits(path))
    assert labels.tolist() == [7] and images.shape == (1, 28, 28)
    path.write_text(dot, encoding="utf-8")
    with pytest.raises(PenDigitsError, match="none of the 1 pen digits can be rendered"):
        render_pendigits(read_pendigits(path))
