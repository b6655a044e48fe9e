"""Fuzzed image files, MNIST IDX files and whole ``lstm-studio classify`` runs.

Images give a rendering or ``ImageError``; IDX files give digits or ``MnistMissing``; through the
CLI every bad file is one line on stderr, the good ones are classified and the status is 2.
"""
from __future__ import annotations

import io
import json
import warnings

import numpy as np
import pytest
from fuzzing import assert_one_line, examples
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from lstm_studio.cli import main
from lstm_studio.data import MNIST_FILES, ImageError, MnistMissing, load_image, read_mnist, render_image


def rendering_or_refusal(make) -> None:  # noqa: ANN001
    """``make()`` renders or raises ImageError (one line); a warning (more lines on stderr) fails too."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            image = make().image
    except ImageError as error:
        assert_one_line(error)
        return
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert np.isfinite(image).all() and 0 <= image.min() and image.max() <= 1


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


# --- pictures in memory: every mode, size and value --------------------------------------------
MODE_ARRAYS = {
    "L": hnp.arrays(np.uint8, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=40)),
    "RGB": hnp.arrays(np.uint8, st.tuples(st.integers(1, 30), st.integers(1, 30), st.just(3))),
    "RGBA": hnp.arrays(np.uint8, st.tuples(st.integers(1, 30), st.integers(1, 30), st.just(4))),
    "LA": hnp.arrays(np.uint8, st.tuples(st.integers(1, 30), st.integers(1, 30), st.just(2))),
    "I;16": hnp.arrays(np.uint16, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=30)),
    "I": hnp.arrays(np.int32, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=30)),
    "F": hnp.arrays(np.float32, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=30),
                    elements=st.floats(width=32)),
}


@examples(120)
@given(st.sampled_from(sorted(MODE_ARRAYS)).flatmap(lambda mode: st.tuples(st.just(mode), MODE_ARRAYS[mode])))
def test_pictures_of_any_mode_and_content(case) -> None:  # noqa: ANN001
    mode, array = case
    image = Image.fromarray(array, mode=mode) if mode in ("I", "F", "LA") else Image.fromarray(array)
    rendering_or_refusal(lambda: render_image(image, "fuzz.png"))


@examples(40)
@given(hnp.arrays(np.uint8, st.tuples(st.integers(8, 60), st.integers(8, 60))),
       st.sampled_from(["1", "P", "CMYK", "LA", "PA", "YCbCr", "HSV", "I;16"]))
def test_pictures_converted_to_unusual_modes(array: np.ndarray, mode: str) -> None:
    image = Image.fromarray(array).convert("RGB").convert(mode) if mode != "I;16" else \
        Image.fromarray(array.astype(np.uint16) * 257)
    rendering_or_refusal(lambda: render_image(image, "fuzz"))


# --- picture files: random bytes, damaged and truncated real files -------------------------------
def _digit_file(fmt: str) -> bytes:
    from lstm_studio.data import load_mini_mnist

    return encoded(Image.fromarray(255 - load_mini_mnist().test_images[0]).resize((56, 56)), fmt)


REAL_FILES = {fmt: _digit_file(fmt) for fmt in ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")}
MAGIC = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"BM", b"II*\x00", b"RIFF\x00\x00\x00\x00WEBP", b""]


@examples(80)
@given(st.sampled_from(sorted(REAL_FILES)), st.integers(0, 3000), st.binary(max_size=16), st.integers(0, 3000))
def test_damaged_or_cut_picture_files(tmp_path, fmt: str, cut: int, garbage: bytes, at: int) -> None:
    data = REAL_FILES[fmt]
    data = data[:at] + garbage + data[at + len(garbage):]  # overwrite some bytes
    path = tmp_path / f"digit.{fmt.lower()}"
    path.write_bytes(data[:max(0, len(data) - cut)])
    rendering_or_refusal(lambda: render_image(load_image(path), path.name))


@examples(40)
@given(st.sampled_from(MAGIC), st.binary(max_size=300))
def test_random_bytes_behind_an_image_signature(tmp_path, magic: bytes, body: bytes) -> None:
    path = tmp_path / "noise.png"
    path.write_bytes(magic + body)
    rendering_or_refusal(lambda: render_image(load_image(path), path.name))


def test_a_tiny_file_claiming_a_gigapixel_is_refused_before_decoding(tmp_path) -> None:
    header = REAL_FILES["PNG"]
    huge = header[:16] + (40_000).to_bytes(4, "big") + (40_000).to_bytes(4, "big") + header[24:]
    path = tmp_path / "bomb.png"
    path.write_bytes(huge)
    with pytest.raises(ImageError) as caught:
        load_image(path)
    assert_one_line(caught.value)
    assert "too large" in str(caught.value) or "not a readable image" in str(caught.value)


# --- MNIST IDX files ---------------------------------------------------------------------------
@examples(60)
@given(st.sampled_from(MNIST_FILES), st.integers(0, 5000), st.binary(max_size=12), st.integers(0, 20))
def test_damaged_mnist_files_are_missing_not_a_crash(tmp_path, mnist_dir, name: str, cut: int, garbage: bytes,
                                                     at: int) -> None:
    for other in MNIST_FILES:
        data = (mnist_dir / "MNIST" / "raw" / other).read_bytes()
        if other == name:
            data = (data[:at] + garbage + data[at + len(garbage):])[:max(0, len(data) - cut)]
        (tmp_path / other).write_bytes(data)
    try:
        digits = read_mnist(tmp_path)
    except MnistMissing as error:
        assert_one_line(error)
        return
    assert digits.test_images.shape[1:] == (28, 28) and len(digits.test_images) == len(digits.test_labels)
    assert digits.train_labels.max() <= 9


# --- the command line -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled_model_once():
    """``classify`` loads the bundled model on every call; load it once for the fuzz examples."""
    from lstm_studio.io import load_bundled

    checkpoint = load_bundled()
    return checkpoint, checkpoint.build_model("cpu")


file_contents = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(sorted(REAL_FILES)).map(REAL_FILES.get),
    st.sampled_from(sorted(REAL_FILES)).flatmap(lambda f: st.integers(1, len(REAL_FILES[f])).map(
        lambda n, f=f: REAL_FILES[f][:n])),
    st.sampled_from(['{"width": 100, "height": 100, "strokes": [[[10, 10], [90, 90]]]}',
                     '{"width": 100, "height": 100, "strokes": [[[50, 50]]]}', '{"width": %s}' % ("9" * 5000),
                     "[" * 50_000]).map(str.encode),
)


@examples(40)
@given(st.lists(st.tuples(st.sampled_from([".png", ".jpg", ".json", ".jsonl", ".npz", ".gif"]), file_contents),
                min_size=1, max_size=4))
def test_classify_any_files(tmp_path, capsys, monkeypatch, bundled_model_once, files) -> None:  # noqa: ANN001
    monkeypatch.setattr("lstm_studio.cli._digits.load_model", lambda *args: bundled_model_once)
    paths = []
    for index, (suffix, content) in enumerate(files):
        paths.append(tmp_path / f"input{index}{suffix}")
        paths[-1].write_bytes(content)
    before = {p: p.read_bytes() for p in paths}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would be extra lines on stderr
        status = main(["classify", "--json", *map(str, paths)])
    captured = capsys.readouterr()
    results = [json.loads(line) for line in captured.out.splitlines()]
    failures = [r for r in results if r["digit"] is None]
    assert status == (2 if failures else 0)
    assert len(captured.err.splitlines()) == len(failures) and "Traceback" not in captured.err
    assert all(line.startswith("lstm-studio: ") for line in captured.err.splitlines())
    named = {str(p) for p in paths}
    assert all(r["input"] in named or r["input"].rsplit(":", 1)[0] in named for r in results)  # file or file:line
    assert {p: p.read_bytes() for p in paths} == before  # inputs are never written
