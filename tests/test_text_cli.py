"""The text commands: ``train --task text``, ``sample`` and ``inspect --text`` (tiny runs)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from lstm_studio.cli import main
from lstm_studio.text import load_text_model

TINY = ["--hidden-size", "12", "--layers", "1", "--seq-len", "16", "--batch-size", "8", "--embedding-size", "6",
        "--threads", "1", "--corpus-bytes", "20000"]


@pytest.fixture(scope="module")
def text_checkpoint(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("text") / "tiny.pt"
    assert main(["train", "--task", "text", "--corpus", "generated", "--epochs", "1", *TINY, "--out", str(path)]) == 0
    return str(path)


def test_train_text_reports_bits_per_char_and_writes_a_self_contained_checkpoint(tmp_path, capsys) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("the cat sat on the mat. " * 400, encoding="utf-8")
    out = tmp_path / "model.pt"
    assert main(["train", "--task", "text", "--corpus", str(corpus), "--epochs", "2", *TINY, "--out", str(out),
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"val_bits_per_char", "chars_per_s", "steps"} <= set(result)
    train_chars = 24 * 400 - 24 * 40  # the last 10% is held out
    per_epoch = (train_chars - 16) // 8 // 16  # 8 streams of 16 characters, each epoch at a random offset < 16
    assert result["steps"] == 2 * per_epoch and result["chars_per_s"] > 0 and result["epochs"] == 2
    assert 0 < result["val_bits_per_char"] < np.log2(result["vocab_size"])  # it learnt something
    model = load_text_model(out)
    assert set(model.vocabulary.chars) == set("the cat sat on mat.") and model.seq_len == 16
    assert model.metrics["val_bits_per_char"] == pytest.approx(result["val_bits_per_char"])


def test_train_text_for_minutes_stops_at_the_time_limit(tmp_path, capsys) -> None:
    out = tmp_path / "timed.pt"
    assert main(["train", "--task", "text", "--corpus", "generated", "--minutes", "0.01", *TINY, "--out", str(out),
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["status"] == "finished" and "time limit" in result["reason"]
    assert result["steps"] >= 1 and result["val_bits_per_char"] > 0 and out.exists()


def test_sample_is_reproducible_under_a_seed(text_checkpoint, capsys) -> None:
    texts = []
    for seed in ("3", "3", "4"):
        assert main(["sample", "--checkpoint", text_checkpoint, "--prime", "(", "--length", "60", "--seed", seed,
                     "--json"]) == 0
        texts.append(json.loads(capsys.readouterr().out)["text"])
    assert texts[0] == texts[1] != texts[2] and len(texts[0]) == 60
    assert main(["sample", "--checkpoint", text_checkpoint, "--prime", "ab", "--length", "10", "--seed", "3"]) == 0
    assert capsys.readouterr().out.startswith("ab")


def test_inspect_text_saves_gates_characters_and_next_character_probabilities(text_checkpoint, tmp_path) -> None:
    out = tmp_path / "gates.npz"
    assert main(["inspect", "--checkpoint", text_checkpoint, "--text", "a (b) c", "--out", str(out)]) == 0
    with np.load(out) as saved:
        assert "".join(saved["chars"]) == "a (b) c"
        assert saved["f"].shape == (1, 7, 12) and saved["h"].shape == (1, 7, 12)
        probs = saved["probs_per_step"]
        assert probs.shape == (7, len(saved["vocabulary"])) and np.allclose(probs.sum(axis=1), 1, atol=1e-5)
        assert np.array_equal(saved["top_ids"][:, 0], probs.argmax(axis=1))
    source = tmp_path / "input.txt"
    source.write_text("a (b) c", encoding="utf-8")
    again = tmp_path / "again.npz"
    assert main(["inspect", "--checkpoint", text_checkpoint, str(source), "--out", str(again)]) == 0
    with np.load(out) as first, np.load(again) as second:
        assert np.allclose(first["c"], second["c"])


def test_a_text_file_without_a_checkpoint_is_read_by_the_bundled_text_model(tmp_path) -> None:
    source = tmp_path / "line.txt"
    source.write_text("To be, or not", encoding="utf-8")
    out = tmp_path / "line.npz"
    assert main(["inspect", str(source), "--out", str(out)]) == 0
    with np.load(out) as saved:
        assert "".join(saved["chars"]) == "To be, or not"
        assert saved["h"].shape == (2, 13, 128)  # the bundled 2 x 128 text model, not the digits model


def test_digit_options_and_text_options_do_not_mix(tmp_path, capsys, monkeypatch) -> None:
    assert main(["train", "--corpus", "generated", "--out", str(tmp_path / "m.pt")]) == 2
    assert "--corpus is an option of --task text" in capsys.readouterr().err
    monkeypatch.setenv("WORLD_SIZE", "2")  # as under torchrun: text trains in one process
    assert main(["train", "--task", "text", "--out", str(tmp_path / "m.pt")]) == 2
    assert "torchrun" in capsys.readouterr().err
    assert not (tmp_path / "m.pt").exists()


@pytest.mark.parametrize("argv, message", [
    (["train", "--task", "text", "--corpus", "no-such-corpus"], "no-such-corpus: no such file"),
    (["train", "--task", "text", "--corpus", "{text}", "--epochs", "1"], "too few"),
    (["sample", "--checkpoint", "{digits}"], "not on text"),
    (["sample", "--checkpoint", "{missing}"], "no such file"),
    (["inspect", "--out", "{out}"], "give INPUT"),
])
def test_bad_text_input_is_one_line(argv, message, tmp_path, capsys) -> None:
    from lstm_studio.io import save_checkpoint
    from lstm_studio.models import SequenceModel

    short = tmp_path / "short.txt"
    short.write_text("tiny", encoding="utf-8")
    digits = save_checkpoint(tmp_path / "digits.pt", SequenceModel(), task={"name": "digits"})
    names = {"text": str(short), "digits": str(digits), "missing": str(tmp_path / "nope.pt"),
             "out": str(tmp_path / "x.npz")}
    assert main([arg.format(**names) for arg in argv] + ["--out", str(tmp_path / "m.pt")] * (argv[0] == "train")) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and message in error[0] and "Traceback" not in error[0]
