"""The app on people's own models and sequences: File → Open model… for every format, sequences in Inspect,
File → Export model…."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtWidgets import QMessageBox

from lstm_studio.app.shell._files import MODEL_FILTER
from lstm_studio.io import import_model

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Messages of the error dialogs the test caused (the dialogs themselves are not shown)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    return shown


def _framework(name: str) -> dict[str, np.ndarray]:
    with np.load(FOREIGN / f"{name}.npz") as data:
        return {key: data[key] for key in data}


def _csv(path: Path, x: np.ndarray) -> Path:
    header = ",".join(f"sensor{k}" for k in range(x.shape[1]))
    path.write_text(header + "\n" + "\n".join(",".join(f"{v:.9g}" for v in row) for row in x) + "\n")
    return path


def test_open_model_offers_every_format() -> None:
    for pattern in ("*.pt", "*.safetensors", "*.keras", "*.h5", "*.index", "*.onnx"):
        assert pattern in MODEL_FILTER.split(";;")[0]


def test_a_keras_model_opens_in_inspect_and_reads_a_csv_sequence(window, qtbot, tmp_path, errors) -> None:
    expected = _framework("keras3_lstm")
    inspect = window.inspect_tab
    assert window.train_tab.files.open_checkpoint(str(FOREIGN / "keras3_lstm.keras"))
    assert window.session.snapshot.task["name"] == "sequences" and window.tabs.currentWidget() is inspect
    assert "keras3 model keras3_lstm.keras" in window.windowTitle()
    qtbot.waitUntil(lambda: inspect.sequence_prompt.isVisible())
    assert "reads sequences of 5 features per step" in inspect.sequence_prompt.text()
    assert not inspect.subtabs.isVisible() and not inspect.input_view.isVisible()

    window.own_models.open_sequence(str(_csv(tmp_path / "walk.csv", expected["x"][1])))
    qtbot.waitUntil(lambda: inspect.sequence_shown and inspect.subtabs.isVisible())
    assert errors == []
    lines = inspect.sequence_view.drawn_lines()  # one line per CSV column, as the user wrote it
    np.testing.assert_allclose(np.stack(lines, axis=1), expected["x"][1], rtol=1e-6)
    hidden = inspect.gates.heatmaps["h"].image  # [units, T] of the last layer
    np.testing.assert_allclose(hidden.T, expected["h"][1], atol=1e-4)  # Keras's own h, every step
    assert inspect.scrubber.steps == 6 and inspect.gates.traces_plot.viewRange()[0][1] == pytest.approx(6.5)
    inspect.set_step(3)
    assert inspect.sequence_view.cursor.value() == 3 and inspect.gates.cursors["f"].value() == 3
    assert inspect.now_label.text().startswith("t = 3 of 6: read steps 1–3; would answer class")
    final = expected["y"][1]
    assert f"predicted class <b>{int(final.argmax())}</b> ({final.max():.0%})" in inspect.input_title.text()
    inspect.subtabs.setCurrentIndex(1)  # prediction and gradient flow over the sequence's 6 steps
    qtbot.waitUntil(lambda: inspect.flow is not None)
    assert inspect.flow.hidden_grad_norm.shape == (2, 6)
    x, probs = inspect.timeline.prob_curves[int(final.argmax())].getData()
    np.testing.assert_allclose(x, np.arange(1, 7))
    np.testing.assert_allclose(probs[-1], final.max(), atol=1e-4)
    assert inspect.timeline.prob_curves[5].getData()[0] is None or len(inspect.timeline.prob_curves[5].getData()[0]) == 0

    window.train_tab.files.load_bundled()  # a digit model again: Inspect goes back to test digits
    qtbot.waitUntil(lambda: not inspect.sequence_shown and inspect.trace is not None and inspect.input_view.isVisible())
    assert inspect.scrubber.steps == 28 and inspect.sample.test_index == 0
    assert inspect.layer_box.itemText(0) == "Layer 1 (reads the pixel rows)"


def test_a_file_of_several_sequences_gets_a_chooser(window, qtbot, tmp_path, errors) -> None:
    expected = _framework("tfkeras2_lstm")
    np.save(tmp_path / "both.npy", expected["x"])
    assert window.train_tab.files.open_checkpoint(str(FOREIGN / "tfkeras2_lstm.h5"))
    window.own_models.open_sequence(str(tmp_path / "both.npy"))
    inspect = window.inspect_tab
    qtbot.waitUntil(lambda: inspect.sequence_shown)
    assert inspect.sequence_view.index_box.isVisible() and inspect.sequence_view.index_box.suffix() == " of 2"
    inspect.sequence_view.index_box.setValue(2)
    qtbot.waitUntil(lambda: inspect.sample is not None and inspect.sample.index == 1)
    np.testing.assert_allclose(inspect.gates.heatmaps["h"].image.T, expected["h"][1], atol=1e-4)


def test_a_sequence_that_does_not_fit_and_bad_model_files_are_refused_in_a_dialog(window, qtbot, tmp_path,
                                                                                  errors) -> None:
    before = window.session.snapshot
    (tmp_path / "notes.keras").write_text("not a model")
    torch.save(torch.nn.Sequential(torch.nn.LSTM(3, 4)), tmp_path / "whole.pt")
    assert not window.train_tab.files.open_checkpoint(str(tmp_path / "notes.keras"))
    assert not window.train_tab.files.open_checkpoint(str(tmp_path / "whole.pt"))
    assert window.session.snapshot is before
    assert "weights_only=True" in errors[1] and all("\n" not in e for e in errors)
    np.save(tmp_path / "wide.npy", np.zeros((5, 3)))
    window.own_models.open_sequence(str(tmp_path / "wide.npy"))  # the bundled model reads 28 per step
    assert "3 features per step (shape [1, 5, 3]), but the model reads 28" in errors[2]


def test_a_pytorch_digit_model_goes_to_the_digit_views_as_before(window, qtbot, tmp_path, errors) -> None:
    lstm, head = torch.nn.LSTM(28, 16, batch_first=True), torch.nn.Linear(16, 10)
    torch.save({**{f"rnn.{k}": v for k, v in lstm.state_dict().items()},
                **{f"out.{k}": v for k, v in head.state_dict().items()}}, tmp_path / "mine.pt")
    window.tabs.setCurrentWidget(window.draw_tab)
    assert window.train_tab.files.open_checkpoint(str(tmp_path / "mine.pt"))
    assert window.session.snapshot.task["assumed"] and window.tabs.currentWidget() is window.draw_tab
    window.tabs.setCurrentWidget(window.inspect_tab)
    qtbot.waitUntil(lambda: window.inspect_tab.trace is not None and not window.inspect_tab.sequence_shown)
    assert window.inspect_tab.input_view.isVisible() and window.inspect_tab.trace.hidden_size == 16
    assert window.inspect_tab.scrubber.steps == 28


def test_a_keras_gru_shows_its_own_gates_with_the_frameworks_values(window, qtbot, tmp_path, errors) -> None:
    """A GRU saved by Keras opens in Inspect with its r, z, n, h heatmaps; h is what Keras computed."""
    expected = _framework("keras3_gru")
    np.save(tmp_path / "x.npy", expected["x"][0])
    assert window.train_tab.files.open_checkpoint(str(FOREIGN / "keras3_gru.keras"))
    window.own_models.open_sequence(str(tmp_path / "x.npy"))
    inspect = window.inspect_tab
    qtbot.waitUntil(lambda: inspect.trace is not None and inspect.trace.cell == "gru" and inspect.sequence_shown)
    assert set(name for name in inspect.gates.heatmaps) >= {"r", "z", "n", "h"} and errors == []
    inspect.layer_box.setCurrentIndex(inspect.layer_box.count() - 1)  # the last recurrent layer, as Keras gave it
    np.testing.assert_allclose(inspect.gates.heatmaps["h"].image.T, expected["h"][0], atol=1e-4)


@pytest.mark.parametrize("suffix", ["onnx", "safetensors"])
def test_export_model_writes_a_file_other_tools_read(window, tmp_path, errors, suffix) -> None:
    assert window.own_models.export_action.text() == "&Export model…"
    assert window.train_tab.files.export_model(str(tmp_path / f"bundled.{suffix}"))
    imported = import_model(tmp_path / f"bundled.{suffix}")
    weights = window.session.snapshot.weights
    np.testing.assert_allclose(imported.state_dict["lstm.weight_hh_l1"].numpy(), weights["lstm.weight_hh_l1"])
    assert not window.train_tab.files.export_model(str(tmp_path / "bundled.h5"))
    assert "use .safetensors or .onnx" in errors[-1]
