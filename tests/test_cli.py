"""The headless commands: output formats, files written, and bad input as one line with exit status 2."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from lstm_studio.cli import main
from lstm_studio.data import read_mnist
from lstm_studio.io import load_checkpoint


@pytest.fixture(scope="module")
def digit_images(tmp_path_factory, mnist_dir):
    """A few MNIST test digits as PNG (light on dark) and JPEG (dark on light), with labels."""
    folder = tmp_path_factory.mktemp("digits")
    digits = read_mnist(mnist_dir)
    files = []
    for index in range(4):
        image, label = digits.test_images[index], int(digits.test_labels[index])
        png = folder / f"digit{index}.png"
        Image.fromarray(image).save(png)
        jpeg = folder / f"digit{index}_paper.jpg"
        Image.fromarray(255 - image).resize((140, 140), Image.Resampling.BICUBIC).save(jpeg, quality=95)
        files.append((png, jpeg, label))
    return files


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_train_writes_a_checkpoint_and_reports_json(tmp_path, capsys, torch_threads) -> None:
    out = tmp_path / "model.pt"
    status = main(["train", "--mini", "--epochs", "1", "--limit-batches", "3", "--hidden-size", "8",
                   "--out", str(out), "--json", "--probe-every", "1"])
    assert status == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["epochs"] == 1 and result["device"] == "cpu" and result["samples_per_s"] > 0
    assert 0 <= result["test_accuracy"] <= 1
    checkpoint = load_checkpoint(out)
    assert checkpoint.config.hidden_size == 8 and checkpoint.metrics["epochs"] == 1


def test_evaluate_full_test_set(capsys, mnist_dir) -> None:
    assert main(["evaluate", "--data-dir", str(mnist_dir), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["n"] == 10000 and 0.9 < result["accuracy"] <= 1


def test_classify_images_of_both_polarities(capsys, digit_images) -> None:
    paths = [str(p) for png, jpeg, _ in digit_images for p in (png, jpeg)]
    assert main(["classify", *paths, "--json"]) == 0
    lines = _json_lines(capsys.readouterr().out)
    assert [line["input"] for line in lines] == paths
    labels = [label for _, _, label in digit_images for _ in range(2)]
    assert [line["digit"] for line in lines] == labels
    for line in lines:
        assert len(line["probs"]) == 10 and abs(sum(line["probs"]) - 1) < 1e-4


def test_inspect_writes_every_gate(tmp_path, digit_images) -> None:
    png, _, label = digit_images[0]
    out = tmp_path / "gates.npz"
    assert main(["inspect", str(png), "--out", str(out)]) == 0
    arrays = np.load(out)
    assert arrays["x"].shape == (28, 28) and 0 <= arrays["x"].min() and arrays["x"].max() <= 1
    layers = load_checkpoint_layers()
    for name in "ifgoch":
        assert arrays[name].shape == (layers, 28, 128)
    assert arrays["probs_per_step"].shape == (28, 10)
    assert int(arrays["probs_per_step"][-1].argmax()) == label
    # The saved x is exactly the model input: feeding it again gives the same final probabilities.
    from lstm_studio.io import load_bundled

    model = load_bundled().build_model()
    probs = model.predict_proba(torch.from_numpy(arrays["x"]).unsqueeze(0))[0].numpy()
    np.testing.assert_allclose(probs, arrays["probs_per_step"][-1], atol=1e-5)


def load_checkpoint_layers() -> int:
    from lstm_studio.io import load_bundled

    return load_bundled().config.num_layers


@pytest.mark.parametrize("args, expected", [
    (["classify", "/no/such/file.png"], "no such file"),
    (["classify", "{blank}"], "blank"),
    (["classify", "{text}"], "not a readable image"),
    (["classify", "--checkpoint", "{text}", "{blank}"], "unrecognised format (not PyTorch"),
    (["evaluate", "--checkpoint", "/no/such.pt"], "no such file"),
    (["evaluate", "--data-dir", "{empty}"], "t10k-labels-idx1-ubyte"),
    (["inspect", "{text}", "--out", "{empty}/x.npz"], "not a readable image"),
    (["train", "--mini", "--out", "{empty}"], "is a folder"),
    (["train", "--mini", "--device", "warp-drive", "--out", "{empty}/m.pt"], "device"),
])
def test_bad_input_is_one_line_and_status_2(tmp_path, capsys, args, expected) -> None:
    blank, text, empty = tmp_path / "blank.png", tmp_path / "notes.png", tmp_path / "empty"
    Image.new("L", (50, 50), 255).save(blank)
    text.write_text("not an image")
    empty.mkdir()
    args = [a.format(blank=blank, text=text, empty=empty) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_real_entry_point_in_a_subprocess(tmp_path, digit_images) -> None:
    png, jpeg, label = digit_images[1]
    done = subprocess.run([sys.executable, "-m", "lstm_studio", "classify", str(png), str(jpeg), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [line["digit"] for line in _json_lines(done.stdout)] == [label, label]
    bad = subprocess.run([sys.executable, "-m", "lstm_studio", "classify", str(tmp_path / "missing.png")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
