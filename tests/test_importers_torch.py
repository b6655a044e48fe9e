"""PyTorch state_dicts (torch.save, weights_only) and .safetensors files of nn.LSTM/GRU/RNN models."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from lstm_studio.io.importers import ModelImportError, import_model, reference_forward

MODULES = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


class Classifier(torch.nn.Module):
    """A typical user model: any recurrent cell under any name, and a Linear on the last step."""

    def __init__(self, cell: str, inputs: int, hidden: int, layers: int, classes: int, bias: bool = True) -> None:
        super().__init__()
        self.encoder = torch.nn.Module()
        self.encoder.rnn = MODULES[cell](inputs, hidden, layers, batch_first=True, bias=bias)
        self.fc = torch.nn.Linear(hidden, classes)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder.rnn(x)[0]
        return hidden, self.fc(hidden[:, -1])


def _check_reproduces(path: Path, model: Classifier, inputs: int) -> None:
    x = torch.randn(3, 9, inputs, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        expected_hidden, expected_logits = model(x)
    imported = import_model(path)
    hidden, logits = reference_forward(imported, x.numpy())
    np.testing.assert_allclose(hidden, expected_hidden.numpy(), atol=1e-5, rtol=0)
    np.testing.assert_allclose(logits, expected_logits.numpy(), atol=1e-5, rtol=0)


@pytest.mark.parametrize(("cell", "inputs", "hidden", "layers", "classes"),
                         [("lstm", 3, 16, 1, 10), ("lstm", 28, 5, 3, 2), ("gru", 4, 9, 2, 6), ("rnn", 6, 11, 2, 1)])
def test_state_dict_of_any_cell_and_size_is_recognised_by_its_shapes(tmp_path, cell, inputs, hidden, layers,
                                                                     classes) -> None:
    torch.manual_seed(len(cell) + hidden)
    model = Classifier(cell, inputs, hidden, layers, classes).eval()
    torch.save(model.state_dict(), tmp_path / "model.pt")
    imported = import_model(tmp_path / "model.pt")
    assert imported.config == {"cell": cell, "input_size": inputs, "hidden_size": hidden, "num_layers": layers,
                               "output_size": classes, "head": "last", "head_activation": "linear",
                               "source_format": "pytorch"}
    assert set(imported.state_dict) >= {f"{cell}.weight_ih_l{layers - 1}", "head.weight", "head.bias"}
    _check_reproduces(tmp_path / "model.pt", model, inputs)


@pytest.mark.parametrize("wrapper", ["module.", "_orig_mod.", "module._orig_mod."])
def test_ddp_and_compile_prefixes_are_removed(tmp_path, wrapper) -> None:
    model = Classifier("lstm", 4, 6, 2, 3).eval()
    torch.save({wrapper + k: v for k, v in model.state_dict().items()}, tmp_path / "wrapped.pt")
    _check_reproduces(tmp_path / "wrapped.pt", model, 4)
    assert any("wrapper prefixes" in note for note in import_model(tmp_path / "wrapped.pt").notes)


def test_trainer_dict_wrapping_a_state_dict_and_bias_free_layers(tmp_path) -> None:
    model = Classifier("gru", 3, 5, 1, 4, bias=False).eval()
    torch.save({"epoch": 12, "model_state_dict": model.state_dict(), "optimizer": {"lr": 0.1}}, tmp_path / "ckpt.pth")
    _check_reproduces(tmp_path / "ckpt.pth", model, 3)
    assert any("bias=False" in note for note in import_model(tmp_path / "ckpt.pth").notes)


def test_recurrent_module_without_head(tmp_path) -> None:
    lstm = torch.nn.LSTM(2, 3, 1)
    torch.save(lstm.state_dict(), tmp_path / "bare.pt")
    imported = import_model(tmp_path / "bare.pt")
    assert imported.config["output_size"] == 0 and imported.config["head"] == "none"
    assert imported.config["head_activation"] == "none" and set(imported.state_dict) == {
        "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0"}


def test_safetensors_with_and_without_saved_config(tmp_path) -> None:
    model = Classifier("lstm", 5, 8, 2, 3).eval()
    tensors = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(tensors, str(tmp_path / "plain.safetensors"))
    _check_reproduces(tmp_path / "plain.safetensors", model, 5)
    config = {"head": "every", "head_activation": "sigmoid"}
    save_file(tensors, str(tmp_path / "configured.safetensors"), metadata={"lstm_studio_config": json.dumps(config)})
    imported = import_model(tmp_path / "configured.safetensors")
    assert imported.config["source_format"] == "safetensors"
    assert (imported.config["head"], imported.config["head_activation"]) == ("every", "sigmoid")


def test_whole_pickled_model_is_refused_with_advice(tmp_path) -> None:
    torch.save(Classifier("lstm", 2, 3, 1, 2), tmp_path / "whole.pt")
    with pytest.raises(ModelImportError) as caught:
        import_model(tmp_path / "whole.pt")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'whole.pt'}: refused")
    assert "weights_only" in message and "state_dict()" in message and "\n" not in message


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_torchscript_archive_is_refused(tmp_path) -> None:
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), str(tmp_path / "scripted.pt"))
    with pytest.raises(ModelImportError, match="TorchScript"):
        import_model(tmp_path / "scripted.pt")


@pytest.mark.parametrize(("build", "problem"), [
    (lambda: torch.nn.LSTM(3, 4, 2, bidirectional=True), r"layer weight_ih_l0_reverse .*bidirectional"),
    (lambda: torch.nn.LSTM(3, 4, 1, proj_size=2), r"layer weight_hr_l0 .*proj_size"),
])
def test_bidirectional_and_projected_lstms_are_refused_naming_the_layer(tmp_path, build, problem) -> None:
    torch.save(build().state_dict(), tmp_path / "refused.pt")
    with pytest.raises(ModelImportError, match=problem):
        import_model(tmp_path / "refused.pt")


@pytest.mark.parametrize(("state", "problem"), [
    ({**{f"encoder.{k}": v for k, v in torch.nn.LSTM(2, 3).state_dict().items()},
      **{f"decoder.{k}": v for k, v in torch.nn.LSTM(3, 3).state_dict().items()}}, "several recurrent modules"),
    ({**torch.nn.LSTM(2, 3).state_dict(), "fc1.weight": torch.zeros(8, 3), "fc2.weight": torch.zeros(2, 8)},
     "tensors not understood"),
    ({**torch.nn.LSTM(2, 3).state_dict(), "embedding.weight": torch.zeros(50, 2)}, "embedding"),
    ({"weight_ih_l0": torch.zeros(10, 2), "weight_hh_l0": torch.zeros(10, 5)}, "not 4H"),
    ({"lstm.weight_ih_l1": torch.zeros(8, 2), "lstm.weight_hh_l1": torch.zeros(8, 2)}, "numbered"),
    ({"weight": torch.zeros(2, 2)}, "no recurrent weights"),
])
def test_state_dicts_that_are_not_one_rnn_and_a_head_are_refused(tmp_path, state, problem) -> None:
    torch.save(state, tmp_path / "odd.pt")
    with pytest.raises(ModelImportError, match=problem):
        import_model(tmp_path / "odd.pt")


def test_nan_weights_and_integer_weights_are_refused(tmp_path) -> None:
    state = torch.nn.GRU(2, 3).state_dict()
    state["weight_hh_l0"][0, 0] = float("nan")
    torch.save(state, tmp_path / "nan.pt")
    with pytest.raises(ModelImportError, match="NaN"):
        import_model(tmp_path / "nan.pt")
    state = {k: v.to(torch.int32) for k, v in torch.nn.GRU(2, 3).state_dict().items()}
    torch.save(state, tmp_path / "int.pt")
    with pytest.raises(ModelImportError, match="not floating point"):
        import_model(tmp_path / "int.pt")


def test_truncated_torch_and_safetensors_files_are_one_line_errors(tmp_path) -> None:
    torch.save(torch.nn.LSTM(4, 8).state_dict(), tmp_path / "full.pt")
    save_file(torch.nn.LSTM(4, 8).state_dict(), str(tmp_path / "full.safetensors"))
    for name in ("full.pt", "full.safetensors"):
        data = (tmp_path / name).read_bytes()
        cut = tmp_path / f"cut-{name}"
        cut.write_bytes(data[: len(data) * 2 // 3])
        with pytest.raises(ModelImportError) as caught:
            import_model(cut)
        assert str(caught.value).startswith(f"{cut}: ") and "\n" not in str(caught.value)


def test_safetensors_declaring_a_huge_tensor_is_refused_before_reading(tmp_path) -> None:
    header = json.dumps({"w": {"dtype": "F32", "shape": [1 << 20, 1 << 20], "data_offsets": [0, 16]}}).encode()
    path = tmp_path / "huge.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header + bytes(16))
    with pytest.raises(ModelImportError) as caught:
        import_model(path)
    assert str(caught.value).startswith(f"{path}: ")
