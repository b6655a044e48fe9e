"""The commands on models from other frameworks and on people's own sequences; ``export``."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lstm_studio.cli import main
from lstm_studio.io import import_model, load_any_model

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"
# model file, the framework's outputs on its fixed input
MODELS = [("keras3_lstm.keras", "keras3_lstm"), ("tfkeras2_lstm.h5", "tfkeras2_lstm"), ("tf1_lstm.ckpt", "tf1_lstm"),
          ("torch_gru.onnx", "torch_gru"), ("keras3_simplernn.keras", "keras3_simplernn"),
          ("keras3_gru.keras", "keras3_gru")]


@pytest.fixture(autouse=True)
def _one_thread(torch_threads) -> None:
    """Every test here runs torch on one thread."""


def _framework(name: str) -> dict[str, np.ndarray]:
    with np.load(FOREIGN / f"{name}.npz") as data:
        return {key: data[key] for key in data}


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.mark.parametrize(("model", "outputs"), MODELS, ids=[m[0] for m in MODELS])
def test_inspect_writes_the_frameworks_own_hidden_states(tmp_path, model, outputs) -> None:
    expected = _framework(outputs)
    np.save(tmp_path / "x.npy", expected["x"])  # two sequences: --index picks the second
    out = tmp_path / "gates.npz"
    assert main(["inspect", "--checkpoint", str(FOREIGN / model), str(tmp_path / "x.npy"), "--index", "1",
                 "--out", str(out)]) == 0
    with np.load(out) as saved:
        np.testing.assert_allclose(saved["h"][-1], expected["h"][1], atol=1e-4, rtol=0)  # [T, H], every step
        np.testing.assert_allclose(saved["x"], expected["x"][1])
        last = saved["probs_per_step" if "probs_per_step" in saved else "outputs_per_step"]
        final = expected["y"][1] if expected["y"].ndim == 2 else expected["y"][1, -1]
        np.testing.assert_allclose(last[-1], final, atol=1e-4, rtol=0)


@pytest.mark.parametrize(("model", "outputs"), MODELS[:4], ids=[m[0] for m in MODELS[:4]])
def test_evaluate_reports_the_accuracy_the_framework_gives(tmp_path, capsys, model, outputs) -> None:
    expected = _framework(outputs)
    labels = np.array([0, 2])
    np.savez(tmp_path / "data.npz", x=expected["x"], y=labels)
    framework_accuracy = float((expected["y"].argmax(axis=-1) == labels).mean())
    assert main(["evaluate", "--checkpoint", str(FOREIGN / model), "--data", str(tmp_path / "data.npz"),
                 "--json"]) == 0
    result = _json_lines(capsys.readouterr().out)[-1]
    assert result["metric"] == "accuracy" and result["n"] == 2
    assert result["accuracy"] == pytest.approx(framework_accuracy)


def test_classify_prints_a_class_per_sequence_of_npy_npz_and_csv(tmp_path, capsys) -> None:
    expected = _framework("keras3_lstm")
    np.savez(tmp_path / "two.npz", x=expected["x"])
    header = ",".join(f"feature{k}" for k in range(5))
    rows = "\n".join(",".join(f"{v:.9g}" for v in row) for row in expected["x"][1])
    (tmp_path / "one.csv").write_text(f"{header}\n{rows}\n")
    assert main(["classify", "--checkpoint", str(FOREIGN / "keras3_lstm.keras"), str(tmp_path / "two.npz"),
                 str(tmp_path / "one.csv"), "--json"]) == 0
    lines = _json_lines(capsys.readouterr().out)
    assert [line["input"] for line in lines] == [f"{tmp_path / 'two.npz'}[0]", f"{tmp_path / 'two.npz'}[1]",
                                                 str(tmp_path / "one.csv")]
    for line, probs in zip(lines, [expected["y"][0], expected["y"][1], expected["y"][1]]):
        assert line["class"] == int(probs.argmax()) and line["output_kind"] == "probs"
        np.testing.assert_allclose(line["outputs"], probs, atol=1e-4)
    assert main(["classify", "--checkpoint", str(FOREIGN / "keras3_simplernn.keras"), str(tmp_path / "one.csv")]) == 0
    assert capsys.readouterr().out.startswith(f"{tmp_path / 'one.csv'}: class ")


@pytest.mark.parametrize(("args", "problem"), [
    (["evaluate"], "reads sequences of 5 features per step, not digits"),
    (["classify", "IMAGE.png"], "reads sequences of 5 features per step, not digits"),
    (["classify", "WIDE.npy"], "3 features per step (shape [1, 4, 3]), but the model reads 5"),
    (["inspect", "WIDE.npy", "--out", "OUT.npz", "--index", "0"], "3 features per step"),
    (["inspect", "ONE.npy", "--out", "OUT.npz", "--index", "4"], "--index 4 is out of range (the file holds 1 "
                                                                    "sequence)"),
])
def test_sequence_mistakes_are_one_line_and_status_2(tmp_path, capsys, args, problem) -> None:
    np.save(tmp_path / "WIDE.npy", np.zeros((4, 3)))
    np.save(tmp_path / "ONE.npy", np.zeros((4, 5)))
    files = {"IMAGE.png", "WIDE.npy", "ONE.npy", "OUT.npz"}
    args = [str(tmp_path / a) if a in files else a for a in args]
    assert main([args[0], "--checkpoint", str(FOREIGN / "keras3_lstm.keras"), *args[1:]]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("lstm-studio: ") and problem in error


def test_a_whole_pickled_model_is_refused_by_every_command(tmp_path, capsys) -> None:
    import torch

    torch.save(torch.nn.Sequential(torch.nn.LSTM(3, 4)), tmp_path / "whole.pt")
    np.save(tmp_path / "x.npy", np.zeros((2, 3)))
    for args in (["classify", str(tmp_path / "x.npy")], ["export", "--to", str(tmp_path / "m.onnx")]):
        assert main([args[0], "--checkpoint", str(tmp_path / "whole.pt"), *args[1:]]) == 2
        assert "weights_only=True" in capsys.readouterr().err
    assert not (tmp_path / "m.onnx").exists()


@pytest.mark.parametrize("suffix", ["onnx", "safetensors"])
def test_export_command_writes_a_file_the_importer_reads_back(tmp_path, capsys, suffix) -> None:
    out = tmp_path / f"model.{suffix}"
    assert main(["export", "--checkpoint", str(FOREIGN / "keras3_lstm.keras"), "--to", str(out), "--json"]) == 0
    result = _json_lines(capsys.readouterr().out)[-1]
    assert result == {"file": str(out), "format": suffix, "bytes": out.stat().st_size, "cell": "lstm"}
    original, exported = load_any_model(FOREIGN / "keras3_lstm.keras"), import_model(out)
    assert exported.config["head_activation"] == "softmax"
    for name, tensor in original.state_dict.items():
        np.testing.assert_allclose(exported.state_dict[name].numpy(), tensor.numpy(), atol=1e-6)


def test_export_of_the_bundled_model_and_a_bad_target(tmp_path, capsys) -> None:
    assert main(["export", "--to", str(tmp_path / "bundled.safetensors")]) == 0
    assert load_any_model(tmp_path / "bundled.safetensors").config.hidden_size == 128
    assert main(["export", "--to", str(tmp_path / "model.h5")]) == 2
    assert "use .safetensors or .onnx" in capsys.readouterr().err


def test_train_continues_a_foreign_digit_model(tmp_path, capsys) -> None:
    """A PyTorch nn.LSTM(28, H) + Linear(H, 10) state_dict trains on digits like one of ours."""
    import torch

    lstm, fc = torch.nn.LSTM(28, 12, batch_first=True), torch.nn.Linear(12, 10)
    torch.save({**{f"encoder.{k}": v for k, v in lstm.state_dict().items()},
                **{f"fc.{k}": v for k, v in fc.state_dict().items()}}, tmp_path / "theirs.pt")
    out = tmp_path / "ours.pt"
    assert main(["train", "--mini", "--epochs", "1", "--limit-batches", "2", "--checkpoint",
                 str(tmp_path / "theirs.pt"), "--out", str(out)]) == 0
    assert load_any_model(out).config.hidden_size == 12
