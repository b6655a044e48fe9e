"""``lstm-studio classify`` on stroke JSON and JSON lines: the canvas's pipeline, results in input order."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from lstm_studio.cli import main
from lstm_studio.data import Drawing, read_pendigits, render_drawing
from lstm_studio.io import load_bundled


@pytest.fixture(scope="module")
def pen_digits(pendigits_path):
    return read_pendigits(pendigits_path)[:8]


@pytest.fixture(scope="module")
def bundled_model():
    return load_bundled().build_model("cpu")


def expected_probs(model, drawing: Drawing) -> np.ndarray:
    """What the canvas shows for ``drawing``: the core rendering, then the model."""
    x = torch.from_numpy(render_drawing(drawing).image).unsqueeze(0)
    return model.predict_proba(x)[0].numpy()


def run_json(capsys, *args: str) -> tuple[int, list[dict], str]:
    status = main(["classify", "--json", *args])
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_jsonl_gives_one_line_per_drawing_in_input_order(tmp_path, capsys, pen_digits, bundled_model,
                                                         torch_threads) -> None:
    path = tmp_path / "digits.jsonl"
    lines = [digit.drawing.to_json() for digit in pen_digits[:4]]
    lines.insert(2, '{"width": 100, "height": 100, "strokes": [[[NaN, 1]]]}')  # line 3: bad
    lines.insert(4, "")                                                        # line 5: blank, skipped
    lines.append(json.dumps({"width": 400, "height": 400, "strokes": [[[200, 200]]]}))  # a stray dot
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    status, results, err = run_json(capsys, str(path))

    assert status == 2, "failures make the exit status 2"
    assert [r["input"] for r in results] == [f"{path}:{n}" for n in (1, 2, 3, 4, 6, 7)]
    good = [r for r in results if r["digit"] is not None]
    for result, digit in zip(good, pen_digits[:4]):
        probs = expected_probs(bundled_model, digit.drawing)
        assert result["digit"] == int(np.argmax(probs))
        np.testing.assert_allclose(result["probs"], probs, atol=1e-5)
        assert sum(result["probs"]) == pytest.approx(1.0, abs=1e-4)
    bad, dot = results[2], results[-1]
    assert bad["digit"] is None and "finite" in bad["error"]
    assert dot["digit"] is None and "larger" in dot["error"]
    assert len(err.strip().splitlines()) == 2  # one line on stderr per failure, no traceback


def test_stroke_json_file_classifies_like_the_canvas(tmp_path, capsys, pen_digits, bundled_model,
                                                     torch_threads) -> None:
    path = tmp_path / "digit.json"
    pen_digits[5].drawing.save(path)
    status, results, _ = run_json(capsys, str(path))
    assert status == 0
    probs = expected_probs(bundled_model, Drawing.load(path))
    assert results == [{"input": str(path), "digit": int(np.argmax(probs)), "probs": pytest.approx(probs.tolist(),
                                                                                                   abs=1e-5)}]


def test_mixed_inputs_keep_argument_order(tmp_path, capsys, pen_digits, torch_threads) -> None:
    stroke_file = tmp_path / "a.json"
    pen_digits[0].drawing.save(stroke_file)
    lines_file = tmp_path / "b.jsonl"
    lines_file.write_text("\n".join(d.drawing.to_json() for d in pen_digits[1:3]), encoding="utf-8")
    image_file = tmp_path / "c.png"
    image = render_drawing(pen_digits[3].drawing).image
    Image.fromarray(np.uint8(255 - image * 255)).resize((84, 84)).save(image_file)  # dark on light

    status, results, _ = run_json(capsys, str(lines_file), str(image_file), str(stroke_file))

    assert status == 0
    assert [r["input"] for r in results] == [f"{lines_file}:1", f"{lines_file}:2", str(image_file), str(stroke_file)]
    assert all(r["digit"] in range(10) for r in results)


def test_plain_output_names_each_drawing(tmp_path, capsys, pen_digits, bundled_model, torch_threads) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join(d.drawing.to_json() for d in pen_digits[6:8]), encoding="utf-8")
    assert main(["classify", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    for line, number, digit in zip(out, (1, 2), pen_digits[6:8]):
        expected = int(np.argmax(expected_probs(bundled_model, digit.drawing)))
        assert line.startswith(f"{path}:{number}: {expected} (")


DOT = '.SEGMENT DIGIT 0 ? "3"\n.COMMENT 3 1 1\n.PEN_DOWN\n 250 250\n.PEN_UP\n'


@pytest.mark.parametrize(("content", "expected"), [
    (DOT, "none of the 1 pen digits can be rendered"),
    (DOT + ".PEN_DOWN\n 12 nan\n", "pen.unipen:7: a point must be two finite numbers"),
    ('.SEGMENT DIGIT 0 ? "3"\n.PEN_DOWN\n 1e999 4\n', "pen.unipen:3: a point must be two finite"),
    ('.SEGMENT DIGIT 0 ? "Q"\n', 'pen.unipen:1: a .SEGMENT needs a digit label'),
    ("\x89PNG\r\n\x1a\n\x00\x00 binary \xff\xfe", "not a UNIPEN file of digits"),
    ("", "not a UNIPEN file of digits"),
])
def test_train_with_a_bad_unipen_file_is_one_line_and_keeps_the_old_checkpoint(tmp_path, capsys, content,
                                                                              expected) -> None:
    strokes, out = tmp_path / "pen.unipen", tmp_path / "model.pt"
    strokes.write_bytes(content.encode("latin-1"))
    out.write_bytes(b"the previous checkpoint")
    assert main(["train", "--mini", "--strokes", str(strokes), "--out", str(out), "--limit-batches", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("lstm-studio: --strokes ") and expected in err[0]
    assert out.read_bytes() == b"the previous checkpoint"


def test_train_leaves_out_a_stray_dot_and_says_so(tmp_path, capsys, pendigits_path, torch_threads) -> None:
    strokes, out = tmp_path / "pen.unipen", tmp_path / "model.pt"
    good = pendigits_path.read_text(encoding="latin-1").split(".SEGMENT")[1:4]
    strokes.write_text(DOT + "".join(".SEGMENT" + segment for segment in good), encoding="latin-1")
    status = main(["train", "--mini", "--strokes", str(strokes), "--out", str(out), "--limit-batches", "1",
                   "--hidden-size", "4", "--epochs", "1", "--probe-every", "0"])
    assert status == 0
    err = capsys.readouterr().err
    assert "left out 1 pen digit(s) too small to read" in err and "adding 9 rendered pen digits" in err
    assert out.exists()
