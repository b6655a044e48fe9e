"""One engine for many cells: the GUI trains and inspects a GRU and a plain RNN as it does an LSTM.

Each test trains a tiny network of that cell in the real window, then checks what the user sees:
the Train tab's heatmaps and saturation, and the Inspect tab's heatmaps, equations (with the
trace's numbers) and saturation.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
from PySide6.QtGui import QTextDocument

from lstm_studio.app.inspect import MINUS, SATURATION_TAB, unit_equations_html, unit_step
from lstm_studio.models import ModelConfig, SequenceModel
from lstm_studio.tasks import images_to_sequence, probe_indices

NUMBER = r"(\S+?)"


def train_tiny(window, qtbot, cell: str) -> None:
    """A 2 x 8 network of ``cell`` from random weights, five batches, probes every step."""
    tab = window.train_tab
    controls = tab.controls
    controls.cell.setCurrentIndex(controls.cell.findData(cell))
    controls.scratch_radio.setChecked(True)
    controls.layers.setValue(2)
    controls.hidden_size.setValue(8)
    controls.batch_size.setValue(32)
    controls.batches_per_epoch.setValue(5)
    controls.epochs.setValue(1)
    controls.threads.setValue(1)
    controls.probe_every.setValue(1)
    controls.device.setCurrentIndex(controls.device.findData("cpu"))
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000) as finished:
        tab.start_training()
    assert finished.args[0].status == "finished"
    assert window.session.snapshot.config.cell == cell
    # Between runs the panels show the trained model's gates on the probe digits.
    qtbot.waitUntil(lambda: tab._trace is not None and tab._trace.cell == cell and not tab._frame_timer.isActive()
                    and tab.gates.names and all(key in tab.gates.values for key in tab.gates.heatmaps), timeout=20_000)


def probe_trace(window):
    """The engine's own trace of the probe digits with the session's model (what the heatmaps must show)."""
    digits = window.session.digits
    images = digits.test_images[probe_indices(digits.test_labels, 16)].astype(np.float32) / 255
    return window.session.snapshot.build_model().trace(images_to_sequence(torch.from_numpy(images)), notify=False)


def inspect_digit(window, qtbot, index: int = 0):
    """Show MNIST test digit ``index`` in Inspect; return the tab and the engine's trace of it."""
    inspect = window.inspect_tab
    window.tabs.setCurrentWidget(inspect)
    qtbot.waitUntil(lambda: inspect.trace is not None, timeout=20_000)
    inspect.choose_test_digit(index)
    version = window.session.snapshot.version
    qtbot.waitUntil(lambda: inspect.sample.test_index == index and inspect.traced_version == version, timeout=20_000)
    image = window.session.digits.test_images[index].astype(np.float32) / 255
    return inspect, window.session.model.trace(torch.from_numpy(image)[None], notify=False)


def panel_text(inspect) -> str:
    """The equations panel as plain text, the way the user reads it."""
    document = QTextDocument()
    document.setHtml(inspect.gates.equations.text())
    return document.toPlainText().replace(MINUS, "-")


def row_value(text: str, symbol: str) -> float:
    """The number in the table row of ``symbol`` (``rt``, ``ht-1``...)."""
    return float(re.search(rf"^{re.escape(symbol)}(?: \(starts at 0\))?\s*\n(\S+)", text, re.MULTILINE).group(1))


def check_train_heatmaps(window, names: tuple[str, ...]) -> None:
    tab = window.train_tab
    trace = probe_trace(window)
    index = tab.panels.drawn_probe
    assert tab.gates.names == names
    for (layer, name), item in tab.gates.heatmaps.items():
        np.testing.assert_allclose(item.image, trace[name][layer, index].T, atol=1e-5)
        field = trace.fields[trace.names.index(name)]
        assert tuple(item.levels) == field.levels == ((0.0, 1.0) if field.is_gate else (-1.0, 1.0))
    assert {name for _, name in tab.gates.heatmaps} == set(names) and len(tab.gates.heatmaps) == 2 * len(names)


def test_a_gru_trains_and_every_view_shows_its_gates(window, qtbot) -> None:
    train_tiny(window, qtbot, "gru")
    tab = window.train_tab
    check_train_heatmaps(window, ("r", "z", "n", "h"))
    assert "GRU" in tab.gates_title.text() and "update gate" in tab.readout.text()
    # Saturation over the run: the GRU's own gates, update gate first, with a curve per layer.
    assert tab.saturation.gates == ("z", "r") and tab.history.saturation_gates == ("z", "r")
    x, high = tab.saturation.curves[1]["z"][0].getData()
    assert len(x) >= 2 and 0 <= high.min() and high.max() <= 100
    # Inspect: the same fields for test digit #0, and the GRU's equations with the trace's numbers.
    inspect, trace = inspect_digit(window, qtbot)
    assert inspect.gates.names == ("r", "z", "n", "h")
    layer = inspect.layer_box.currentIndex()
    for name, item in inspect.gates.heatmaps.items():
        np.testing.assert_allclose(item.image, trace[name][layer, 0].T, atol=1e-6)
    _, series = inspect.gates.curves["z"].getData()
    np.testing.assert_allclose(series, trace.z[layer, 0, :, inspect.gates.unit], atol=1e-6)
    for layer, unit, step in ((0, 3, 9), (1, 5, 1), (1, 0, 20)):
        inspect.select_unit(layer, unit)
        inspect.set_step(step)
        text = panel_text(inspect)
        shown = {name: row_value(text, f"{name}t") for name in "rzn"}
        shown["h_prev"] = row_value(text, "h0" if step == 1 else "ht-1")
        expected = {name: float(trace[name][layer, 0, step - 1, unit]) for name in "rzn"}
        expected["h_prev"] = 0.0 if step == 1 else float(trace.h[layer, 0, step - 2, unit])
        for name, value in expected.items():
            assert shown[name] == pytest.approx(value, abs=6e-5), name
        projected, reset, hidden, new = map(float, re.search(
            rf"= tanh\({NUMBER} \+ {NUMBER}·\(?{NUMBER}\)?\) = tanh\(\S+\) = {NUMBER}$", text, re.MULTILINE).groups())
        assert reset == shown["r"] and math.tanh(projected + reset * hidden) == pytest.approx(new, abs=2e-4)
        h = float(re.search(r"^\s+= \S+ \+ \S+ = (\S+)$", text, re.MULTILINE).group(1))
        assert h == pytest.approx(float(trace.h[layer, 0, step - 1, unit]), abs=6e-5)
        assert h == pytest.approx((1 - shown["z"]) * shown["n"] + shown["z"] * shown["h_prev"], abs=5e-4)
        assert f"keeps {round(100 * expected['z'])}% of the previous hidden state" in text
    # Saturation in Inspect: z and r, scatter points equal to a direct count.
    inspect.saturation.sample_size.setValue(32)
    inspect.subtabs.setCurrentIndex(SATURATION_TAB)
    qtbot.waitUntil(lambda: inspect.saturation.result is not None, timeout=20_000)
    assert inspect.saturation.result.gates == ("z", "r") and set(inspect.saturation.plots) == {"z", "r"}
    assert "Update gate z" in inspect.saturation.summary.text()


def test_a_plain_rnn_trains_and_the_views_say_it_has_no_gates(window, qtbot) -> None:
    train_tiny(window, qtbot, "rnn")
    tab = window.train_tab
    check_train_heatmaps(window, ("h",))
    assert tab.saturation.gates == () and not tab.saturation.plots
    assert "no gates" in tab.saturation.note and "no gates" in tab.readout.text()
    inspect, trace = inspect_digit(window, qtbot, 3)
    assert inspect.gates.names == ("h",)
    inspect.select_unit(1, 4)
    inspect.set_step(12)
    text = panel_text(inspect)
    assert row_value(text, "ht-1") == pytest.approx(float(trace.h[1, 0, 10, 4]), abs=6e-5)
    input_part, hidden_part, h = map(float, re.search(
        rf"= tanh\({NUMBER} \+ \(?{NUMBER}\)?\) = tanh\(\S+\) = {NUMBER}$", text, re.MULTILINE).groups())
    assert h == pytest.approx(float(trace.h[1, 0, 11, 4]), abs=6e-5)
    assert math.tanh(input_part + hidden_part) == pytest.approx(h, abs=2e-4) and "no gates" in text
    inspect.saturation.sample_size.setValue(16)
    inspect.subtabs.setCurrentIndex(SATURATION_TAB)
    qtbot.waitUntil(lambda: inspect.saturation.result is not None, timeout=20_000)
    assert inspect.saturation.result.gates == () and "no gates" in inspect.saturation.status.text()
    assert "no gates" in inspect.saturation.summary.text() and not inspect.saturation.plots


@pytest.mark.parametrize("cell", ["lstm_peephole", "lstm_no_forget"])
def test_the_other_lstms_write_their_own_equations(cell, torch_threads) -> None:
    torch.manual_seed(2)
    model = SequenceModel(ModelConfig(cell=cell, hidden_size=6, num_layers=1)).eval()
    trace = model.trace(torch.rand(1, 28, 28), notify=False)
    weights = {name: value.detach().numpy() for name, value in model.cell.layer_weights(0).items()}
    document = QTextDocument()
    document.setHtml(unit_equations_html(unit_step(trace, 0, 2, 7, weights)))
    text = document.toPlainText().replace(MINUS, "-")
    c_prev, c = float(trace.c[0, 0, 5, 2]), float(trace.c[0, 0, 6, 2])
    assert row_value(text, "ct-1") == pytest.approx(c_prev, abs=6e-5)
    assert float(re.search(r"^\s+= \S+ \+ \S+ = (\S+)$", text, re.MULTILINE).group(1)) == pytest.approx(c, abs=6e-5)
    if cell == "lstm_no_forget":
        assert "ct = ct-1 + it·gt" in text and "nothing erases the cell state" in text and "\nft" not in text
        assert c == pytest.approx(c_prev + float(trace.i[0, 0, 6, 2] * trace.g[0, 0, 6, 2]), abs=1e-5)
    else:
        peephole = float(re.search(r"pf·ct-1 = (\S+?),", text).group(1))
        assert peephole == pytest.approx(float(weights["weight_cf"][2]) * c_prev, abs=6e-5)
        assert "ct = ft·ct-1 + it·gt" in text
