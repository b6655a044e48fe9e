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


def _diverging_in_epoch(monkeypatch, epoch: int) -> None:  # noqa: ANN001
    """Make every run's loss turn NaN at the first batch of ``epoch`` (0-based)."""
    from lstm_studio.training import _trainer

    divergence = _trainer._Loop._divergence
    monkeypatch.setattr(_trainer._Loop, "_divergence", lambda loop, loss: "the loss became nan"
                        if loop.epoch == epoch else divergence(loop, loss))


def test_train_diverging_in_epoch_two_says_the_file_holds_epoch_one(tmp_path, capsys, monkeypatch,
                                                                     torch_threads) -> None:
    out = tmp_path / "model.pt"
    _diverging_in_epoch(monkeypatch, 1)
    status = main(["train", "--mini", "--epochs", "3", "--limit-batches", "2", "--hidden-size", "8",
                   "--out", str(out)])
    err = capsys.readouterr().err
    checkpoint = load_checkpoint(out)
    assert status == 1 and checkpoint.metrics["epochs"] == 1
    accuracy = checkpoint.metrics["test_accuracy"]
    # Two batches per epoch: the first batch of epoch 2 is step 3.
    assert (f"training diverged: the loss became nan at step 3; the learning rate (0.001) is probably too high; "
            f"{out} holds the weights after epoch 1 (test accuracy {accuracy:.2%})") in err
    assert "was not written" not in err


def test_train_diverging_in_epoch_one_says_nothing_was_written(tmp_path, capsys, monkeypatch,
                                                               torch_threads) -> None:
    out = tmp_path / "model.pt"
    _diverging_in_epoch(monkeypatch, 0)
    status = main(["train", "--mini", "--epochs", "2", "--limit-batches", "2", "--hidden-size", "8",
                   "--out", str(out)])
    assert status == 1 and not out.exists()
    assert f"at step 1; the learning rate (0.001) is probably too high; nothing was written to {out}" in \
        capsys.readouterr().err


def test_train_reports_the_thread_count_it_was_given(tmp_path, capsys, torch_threads) -> None:
    """``--threads 1`` says 1 thread, whatever the calling thread had (the cap applies where it trains)."""
    torch.set_num_threads(2)
    status = main(["train", "--mini", "--epochs", "1", "--limit-batches", "1", "--hidden-size", "8",
                   "--device", "cpu", "--threads", "1", "--out", str(tmp_path / "model.pt")])
    assert status == 0 and "on cpu (1 thread) with" in capsys.readouterr().err


def test_evaluate_reads_the_mnist_files(capsys, mnist_dir) -> None:
    """The IDX fixture holds 300 real MNIST test digits; the bundled model reads nearly all of them.
    (Its accuracy on the full 10,000: ``bench/check_bundled_model.py``.)"""
    assert main(["evaluate", "--data-dir", str(mnist_dir), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["n"] == 300 and 0.97 <= result["accuracy"] <= 1


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


@pytest.mark.parametrize("where", ["out_folder", "csv_folder", "missing_folder"])
def test_inspect_unwritable_out_names_the_users_path_and_leaves_nothing(tmp_path, capsys, digit_images,
                                                                         where) -> None:
    png = digit_images[0][0]
    folder = tmp_path / "results"
    folder.mkdir()
    out, csv = {"out_folder": (folder, None), "csv_folder": (tmp_path / "g.npz", folder),
                "missing_folder": (tmp_path / "nowhere" / "g.npz", None)}[where]
    args = ["inspect", str(png), "--out", str(out)] + (["--csv", str(csv)] if csv else [])
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    named = csv or out
    assert str(named) in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert ".tmp" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]  # no temporary file, no half output
    assert list(folder.iterdir()) == []


def test_inspect_failing_mid_write_keeps_the_old_file(tmp_path, capsys, digit_images, monkeypatch) -> None:
    out = tmp_path / "gates.npz"
    out.write_bytes(b"yesterday's good export")

    def disk_full(stream, **arrays):  # noqa: ANN001, ANN003
        stream.write(b"PK\x03\x04 partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez_compressed", disk_full)
    assert main(["inspect", str(digit_images[0][0]), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert f"cannot write {out}: No space left on device" in err and len(err.splitlines()) == 1
    assert out.read_bytes() == b"yesterday's good export"
    assert [p.name for p in tmp_path.iterdir()] == ["gates.npz"]


@pytest.fixture
def mixed_inputs(tmp_path, digit_images, pendigits_path):
    """A good image, a missing file, a blank image, a picture of "42", bad JSON, a good drawing."""
    from lstm_studio.data import load_mini_mnist, read_pendigits

    mini = load_mini_mnist()
    four, two = (mini.test_images[np.flatnonzero(mini.test_labels == label)[0]] for label in (4, 2))
    forty_two = tmp_path / "42.png"
    Image.fromarray(255 - np.hstack([four, two])).resize((224, 112)).save(forty_two)
    blank = tmp_path / "blank.jpg"
    Image.new("RGB", (300, 200), (235, 232, 225)).save(blank)
    bad_json = tmp_path / "broken.json"
    bad_json.write_text('{"width": 100, "height": 100, "strokes": [[[1, 2]', encoding="utf-8")
    drawing = tmp_path / "drawing.json"
    read_pendigits(pendigits_path)[0].drawing.save(drawing)
    png, _, label = digit_images[0]
    paths = [png, tmp_path / "missing.png", blank, forty_two, bad_json, drawing]
    return [str(p) for p in paths], label


def test_classify_reports_each_bad_file_goes_on_and_exits_2(capsys, mixed_inputs) -> None:
    paths, label = mixed_inputs
    assert main(["classify", *paths]) == 2
    captured = capsys.readouterr()
    out, err = captured.out.splitlines(), captured.err.splitlines()
    assert [line.split(": ")[0] for line in out] == [paths[0], paths[5]]  # the good ones, in order
    assert out[0].startswith(f"{paths[0]}: {label} (")
    assert len(err) == 4 and "Traceback" not in captured.err
    for line, path, reason in zip(err, paths[1:5], ["no such file", "image is blank", "several digits found",
                                                    "not valid JSON"]):
        assert line.startswith(f"lstm-studio: {path}: ") and reason in line


def test_classify_json_keeps_bad_files_in_input_order(capsys, mixed_inputs) -> None:
    paths, label = mixed_inputs
    assert main(["classify", "--json", *paths]) == 2
    lines = _json_lines(capsys.readouterr().out)
    assert [line["input"] for line in lines] == paths
    assert [line["digit"] is None for line in lines] == [False, True, True, True, True, False]
    assert lines[0]["digit"] == label and "several digits" in lines[3]["error"]
