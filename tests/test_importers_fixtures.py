"""Models saved by the real frameworks (tests/fixtures/foreign, made by make_fixtures.py) import
into plain nn.LSTM/GRU/RNN + nn.Linear that reproduce the framework's own outputs."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from lstm_studio.io import import_model as import_model_from_io
from lstm_studio.io.importers import ImportedModel, build_torch_modules, import_model, reference_forward

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"
TOLERANCE = 1e-4

# file to open, npz of the framework's outputs, cell, layers, head, head activation, source format
CASES = [
    ("keras3_lstm.keras", "keras3_lstm", "lstm", 2, "last", "softmax", "keras3"),
    ("keras3_lstm_legacy.h5", "keras3_lstm", "lstm", 2, "last", "softmax", "keras3-h5"),
    ("tfkeras2_lstm.h5", "tfkeras2_lstm", "lstm", 2, "last", "softmax", "keras2-h5"),
    ("keras3_gru.keras", "keras3_gru", "gru", 2, "every", "sigmoid", "keras3"),
    ("keras3_simplernn.keras", "keras3_simplernn", "rnn", 1, "last", "linear", "keras3"),
    ("tf1_lstm.ckpt", "tf1_lstm", "lstm", 2, "last", "linear", "tf1-checkpoint"),
    ("torch_lstm.onnx", "torch_lstm", "lstm", 2, "last", "linear", "onnx"),
    ("torch_lstm_dynamo.onnx", "torch_lstm_dynamo", "lstm", 2, "last", "linear", "onnx"),
    ("torch_gru.onnx", "torch_gru", "gru", 2, "last", "linear", "onnx"),
    ("torch_rnn.onnx", "torch_rnn", "rnn", 2, "last", "linear", "onnx"),
    ("helper_lstm_batchfirst.onnx", "helper_lstm_batchfirst", "lstm", 1, "last", "softmax", "onnx"),
]


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


def _outputs(name: str) -> dict[str, np.ndarray]:
    with np.load(FOREIGN / f"{name}.npz") as data:
        return {key: data[key] for key in data}


@pytest.mark.parametrize(("filename", "outputs", "cell", "layers", "head", "activation", "source"), CASES,
                         ids=[case[0] for case in CASES])
def test_imported_model_reproduces_the_frameworks_outputs(filename, outputs, cell, layers, head, activation,
                                                          source) -> None:
    model = import_model(FOREIGN / filename)
    expected = _outputs(outputs)
    assert model.config == {"cell": cell, "input_size": 5, "hidden_size": 7, "num_layers": layers, "output_size": 3,
                            "head": head, "head_activation": activation, "source_format": source}
    hidden, scores = reference_forward(model, expected["x"])
    np.testing.assert_allclose(hidden, expected["h"], atol=TOLERANCE, rtol=0)
    np.testing.assert_allclose(scores, expected["y"], atol=TOLERANCE, rtol=0)
    assert model.notes, "a person should be told what was converted"


def test_state_dict_loads_strictly_into_plain_torch_modules() -> None:
    model = import_model(FOREIGN / "keras3_lstm.keras")
    lstm = torch.nn.LSTM(5, 7, 2, batch_first=True)
    lstm.load_state_dict({k.removeprefix("lstm."): v for k, v in model.state_dict.items() if k.startswith("lstm.")})
    head = torch.nn.Linear(7, 3)
    head.load_state_dict({"weight": model.state_dict["head.weight"], "bias": model.state_dict["head.bias"]})
    expected = _outputs("keras3_lstm")
    with torch.no_grad():
        hidden = lstm(torch.from_numpy(expected["x"]))[0]
        probabilities = torch.softmax(head(hidden[:, -1]), dim=-1).numpy()
    np.testing.assert_allclose(probabilities, expected["y"], atol=TOLERANCE, rtol=0)
    assert all(t.dtype == torch.float32 and t.is_contiguous() for t in model.state_dict.values())


def test_keras_biases_are_not_zero_so_a_misplaced_gate_would_show() -> None:
    """The fixtures were saved with random biases; a bias mapped to the wrong gate changes the outputs."""
    model = import_model(FOREIGN / "keras3_gru.keras")
    assert float(model.state_dict["gru.bias_hh_l1"].abs().min()) > 0
    swapped = dict(model.state_dict)
    bias = swapped["gru.bias_ih_l0"].clone()
    swapped["gru.bias_ih_l0"] = torch.cat([bias[7:14], bias[:7], bias[14:]])  # r and z exchanged
    expected = _outputs("keras3_gru")
    hidden, _ = reference_forward(ImportedModel(model.config, swapped), expected["x"])
    assert np.abs(hidden - expected["h"]).max() > 10 * TOLERANCE


def test_tf1_forget_bias_is_added_at_import_and_changes_the_outputs() -> None:
    """The fb05 checkpoint was built with LSTMCell(forget_bias=0.5): 0.5 reproduces it, the default 1.0 does not."""
    expected = _outputs("tf1_lstmcell_fb05")
    matching = import_model(FOREIGN / "tf1_lstmcell_fb05.ckpt.index", forget_bias=0.5)
    default = import_model(FOREIGN / "tf1_lstmcell_fb05.ckpt.index")
    hidden, scores = reference_forward(matching, expected["x"])
    np.testing.assert_allclose(hidden, expected["h"], atol=TOLERANCE, rtol=0)
    np.testing.assert_allclose(scores, expected["y"], atol=TOLERANCE, rtol=0)
    assert np.abs(reference_forward(default, expected["x"])[0] - expected["h"]).max() > 10 * TOLERANCE
    forget_rows = slice(7, 14)
    gap = matching.state_dict["lstm.bias_ih_l0"] - default.state_dict["lstm.bias_ih_l0"]
    assert torch.allclose(gap[forget_rows], torch.full((7,), -0.5))
    assert torch.count_nonzero(torch.cat([gap[:7], gap[14:]])) == 0
    assert any("forget_bias 0.5" in note for note in matching.notes)
    assert matching.config["head"] == "last" and matching.config["output_size"] == 3  # softmax_w / softmax_b


@pytest.mark.parametrize("name", ["tf1_lstm.ckpt", "tf1_lstm.ckpt.index", "tf1_lstm.ckpt.data-00000-of-00001"])
def test_tf1_checkpoint_opens_from_its_prefix_index_or_data_file(name: str) -> None:
    model = import_model(FOREIGN / name)
    assert model.config["num_layers"] == 2 and model.config["source_format"] == "tf1-checkpoint"


def test_tf1_checkpoint_folder_follows_its_checkpoint_file(tmp_path: Path) -> None:
    for suffix in (".index", ".data-00000-of-00001"):
        (tmp_path / f"model.ckpt-100{suffix}").write_bytes((FOREIGN / f"tf1_lstm.ckpt{suffix}").read_bytes())
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "model.ckpt-100"\n'
                                         'all_model_checkpoint_paths: "model.ckpt-100"\n')
    model = import_model(tmp_path)
    expected = _outputs("tf1_lstm")
    np.testing.assert_allclose(reference_forward(model, expected["x"])[1], expected["y"], atol=TOLERANCE, rtol=0)


def test_forget_bias_for_other_formats_is_ignored_and_said_so() -> None:
    model = import_model(FOREIGN / "keras3_lstm.keras", forget_bias=0.0)
    plain = import_model(FOREIGN / "keras3_lstm.keras")
    assert all(torch.equal(model.state_dict[k], plain.state_dict[k]) for k in plain.state_dict)
    assert any("forget_bias 0 ignored" in note for note in model.notes)


def test_dispatch_reads_content_not_the_file_name(tmp_path: Path) -> None:
    """A renamed file still opens as what it is."""
    for source, disguise in (("keras3_lstm.keras", "model.bin"), ("tfkeras2_lstm.h5", "weights.dat"),
                             ("torch_lstm.onnx", "exported.model")):
        target = tmp_path / disguise
        target.write_bytes((FOREIGN / source).read_bytes())
        assert import_model(target).config["hidden_size"] == 7


def test_io_package_re_exports_the_importer() -> None:
    assert import_model_from_io is import_model
    recurrent, head = build_torch_modules(import_model(FOREIGN / "torch_gru.onnx"))
    assert isinstance(recurrent, torch.nn.GRU) and recurrent.batch_first and head.out_features == 3


def test_fixture_folder_stays_small() -> None:
    total = sum(p.stat().st_size for p in FOREIGN.iterdir() if p.is_file())
    assert total < 512 * 1024


def test_importers_need_no_qt_and_name_the_package_when_a_reader_is_missing() -> None:
    """Core code: no Qt. h5py/onnx/safetensors load only when a file needs them; without them the
    error says which package to install, and PyTorch files and TF1 checkpoints still open."""
    code = (
        "import sys\n"
        "for blocked in ('PySide6', 'pyqtgraph', 'h5py', 'onnx', 'safetensors'):\n"
        "    sys.modules[blocked] = None\n"
        "from lstm_studio.io.importers import ModelImportError, import_model\n"
        f"folder = r'{FOREIGN}'\n"
        "assert import_model(folder + '/tf1_lstm.ckpt').config['num_layers'] == 2\n"
        "for name in ('keras3_lstm.keras', 'tfkeras2_lstm.h5', 'torch_lstm.onnx'):\n"
        "    try:\n"
        "        import_model(folder + '/' + name)\n"
        "    except ModelImportError as error:\n"
        "        assert 'pip install h5py onnx safetensors' in str(error), str(error)\n"
        "    else:\n"
        "        raise AssertionError(name + ' opened without its reader')\n"
        "print('importers-ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "importers-ok" in done.stdout
