"""Opening the models people already have (load_any_model) and exporting ours (safetensors, ONNX)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lstm_studio.io import (CheckpointError, ExportError, export_model, import_model, load_any_model,
                            save_checkpoint)
from lstm_studio.io.importers import reference_forward
from lstm_studio.models import ModelConfig, SequenceModel

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"
# file, framework outputs, cell, head
FIXTURES = [("keras3_lstm.keras", "keras3_lstm", "lstm", "last"), ("keras3_lstm_legacy.h5", "keras3_lstm", "lstm", "last"),
            ("tfkeras2_lstm.h5", "tfkeras2_lstm", "lstm", "last"), ("keras3_gru.keras", "keras3_gru", "gru", "every"),
            ("keras3_simplernn.keras", "keras3_simplernn", "rnn", "last"), ("tf1_lstm.ckpt", "tf1_lstm", "lstm", "last"),
            ("torch_lstm.onnx", "torch_lstm", "lstm", "last"), ("torch_lstm_dynamo.onnx", "torch_lstm_dynamo", "lstm", "last"),
            ("torch_gru.onnx", "torch_gru", "gru", "last"), ("torch_rnn.onnx", "torch_rnn", "rnn", "last")]


@pytest.fixture(autouse=True)
def _one_thread(torch_threads) -> None:
    """Every test here runs torch on one thread."""


def _outputs(name: str) -> dict[str, np.ndarray]:
    with np.load(FOREIGN / f"{name}.npz") as data:
        return {key: data[key] for key in data}


@pytest.mark.parametrize(("filename", "outputs", "cell", "head"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_foreign_models_open_as_our_models_with_the_frameworks_numbers(filename, outputs, cell, head) -> None:
    checkpoint = load_any_model(FOREIGN / filename)
    expected = _outputs(outputs)
    assert (checkpoint.config.cell, checkpoint.config.head, checkpoint.config.input_size) == (cell, head, 5)
    assert checkpoint.task["name"] == "sequences" and checkpoint.source_format != "lstm-studio"
    assert checkpoint.notes, "a person should be told what was converted"
    trace = checkpoint.build_model().trace(torch.from_numpy(expected["x"]))
    np.testing.assert_allclose(trace.h[-1], expected["h"], atol=1e-4, rtol=0)  # every step, our trace path
    final = trace.outputs[:, -1] if head == "last" else trace.outputs
    np.testing.assert_allclose(final, expected["y"], atol=1e-4, rtol=0)


def test_our_checkpoints_come_first_and_keep_their_task(tmp_path) -> None:
    model = SequenceModel(ModelConfig(hidden_size=8, num_layers=1))
    save_checkpoint(tmp_path / "ours.pt", model, {"test_accuracy": 0.5}, task={"name": "digits"})
    checkpoint = load_any_model(tmp_path / "ours.pt")
    assert checkpoint.source_format == "lstm-studio" and checkpoint.metrics == {"test_accuracy": 0.5}
    assert checkpoint.task == {"name": "digits"} and checkpoint.notes == ()


def test_a_user_state_dict_keeps_its_head_even_when_named_like_ours(tmp_path) -> None:
    """``rnn.`` is one of our prefixes, but an LSTM under it with an ``fc`` head is someone else's model."""
    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn, self.fc = nn.LSTM(28, 16, batch_first=True), nn.Linear(16, 10)

    user = Classifier()
    torch.save(user.state_dict(), tmp_path / "user.pt")
    checkpoint = load_any_model(tmp_path / "user.pt")
    assert (checkpoint.config.cell, checkpoint.config.output_size) == ("lstm", 10)
    x = torch.rand(3, 28, 28)
    with torch.no_grad():
        expected = torch.softmax(user.fc(user.rnn(x)[0][:, -1]), dim=-1)
    torch.testing.assert_close(checkpoint.build_model().predict_proba(x), expected)


def test_a_28_input_10_class_model_is_offered_to_the_digit_views_with_a_note(tmp_path) -> None:
    torch.save({"lstm.weight_ih_l0": torch.randn(64, 28), "lstm.weight_hh_l0": torch.randn(64, 16),
                "lstm.bias_ih_l0": torch.randn(64), "lstm.bias_hh_l0": torch.randn(64),
                "classifier.weight": torch.randn(10, 16), "classifier.bias": torch.randn(10)}, tmp_path / "m.pt")
    checkpoint = load_any_model(tmp_path / "m.pt")
    assert checkpoint.task == {"name": "digits", "layout": "rows", "chunk": 28, "assumed": True}
    assert checkpoint.config.head_activation == "softmax"  # logits read as class scores
    assert any("MNIST-rows" in note for note in checkpoint.notes)


def test_whole_model_pickle_is_refused_with_the_weights_only_explanation(tmp_path) -> None:
    torch.save(nn.Sequential(nn.LSTM(3, 4)), tmp_path / "whole.pt")
    with pytest.raises(CheckpointError) as caught:
        load_any_model(tmp_path / "whole.pt")
    message = str(caught.value)
    assert "\n" not in message and "weights_only=True" in message and "state_dict()" in message


@pytest.mark.parametrize("name", ["missing.keras", "empty.onnx"])
def test_unreadable_files_are_one_line(tmp_path, name) -> None:
    path = tmp_path / name
    if name.startswith("empty"):
        path.write_bytes(b"")
    with pytest.raises(CheckpointError) as caught:
        load_any_model(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


# --- exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["onnx", "safetensors"])
@pytest.mark.parametrize(("cell", "head", "activation"), [("lstm", "last", "softmax"), ("gru", "every", "sigmoid"),
                                                          ("rnn", "last", "linear"), ("lstm", "none", "linear")])
def test_exports_reimport_with_identical_outputs(tmp_path, suffix, cell, head, activation) -> None:
    config = ModelConfig(cell=cell, input_size=5, hidden_size=7, num_layers=2, output_size=0 if head == "none" else 3,
                         head=head, head_activation=activation, dropout=0.0)
    model = SequenceModel(config).eval()
    path = export_model(tmp_path / f"model.{suffix}", model, task={"name": "sequences"})
    imported = import_model(path)  # the foreign importer: what another tool's file would go through
    assert imported.config["source_format"] == suffix
    assert (imported.config["cell"], imported.config["head"]) == (cell, head)
    x = torch.randn(4, 9, 5)  # another batch and length than the export's example input
    hidden, outputs = reference_forward(imported, x.numpy())
    with torch.no_grad():
        expected = model.activate(model(x)).numpy()
    np.testing.assert_allclose(outputs if outputs is not None else hidden, expected, atol=1e-5, rtol=0)
    reopened = load_any_model(path).build_model()
    np.testing.assert_allclose(reopened.predict_proba(x).numpy(), expected, atol=1e-5, rtol=0)


@pytest.mark.parametrize("config", [ModelConfig(cell="lstm_peephole", hidden_size=6, num_layers=2),
                                    ModelConfig(cell="gru", input_size=4, hidden_size=6, vocab_size=11, output_size=11,
                                                head="every")], ids=["peephole", "embedding"])
def test_safetensors_keeps_every_cell_and_embedding_for_lstm_studio(tmp_path, config) -> None:
    model = SequenceModel(config).eval()
    path = export_model(tmp_path / "model.safetensors", model, task={"name": "x"}, metrics={"loss": 1.5})
    reopened = load_any_model(path)
    assert reopened.config == config and reopened.task == {"name": "x"} and reopened.metrics == {"loss": 1.5}
    x = torch.randint(0, 11, (2, 5)) if config.vocab_size else torch.rand(2, 28, 28)
    torch.testing.assert_close(reopened.build_model().predict_proba(x), model.predict_proba(x))


def test_onnx_refuses_step_only_cells_in_one_line(tmp_path) -> None:
    model = SequenceModel(ModelConfig(cell="lstm_no_forget", hidden_size=4, num_layers=1))
    with pytest.raises(ExportError) as caught:
        export_model(tmp_path / "m.onnx", model)
    assert "no ONNX operator" in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "m.onnx").exists()


def test_export_refuses_unknown_suffixes_and_folders(tmp_path) -> None:
    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    with pytest.raises(ExportError, match="use .safetensors or .onnx"):
        export_model(tmp_path / "m.h5", model)
    (tmp_path / "folder.onnx").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_model(tmp_path / "folder.onnx", model)


def test_a_safetensors_file_that_lies_about_its_shapes_is_refused_before_reading(tmp_path) -> None:
    from safetensors.torch import save_file

    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    path = export_model(tmp_path / "m.safetensors", model)
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as store:
        metadata = store.metadata()
        tensors = {key: store.get_tensor(key) for key in store.keys()}
    tensors["head.weight"] = torch.zeros(10, 5)
    save_file(tensors, tmp_path / "bad.safetensors", metadata=metadata)
    with pytest.raises(CheckpointError, match="head.weight has shape"):
        load_any_model(tmp_path / "bad.safetensors")
