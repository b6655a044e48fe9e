"""Exports round-trip: gate arrays (.npz, .csv) and plots (PNG, SVG via pyqtgraph's exporters)."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import numpy as np
import pyqtgraph as pg
import pytest
import torch
from PySide6.QtGui import QImage

from lstm_studio.io._export import load_trace_csv, save_trace_csv, save_trace_npz, trace_arrays
from lstm_studio.app import Session
from lstm_studio.app.inspect import ExportError, InspectTab, export_gates, export_plot, export_plots
from lstm_studio.models import ModelConfig, SequenceModel

SHORT_NAMES = {"i": "input_gate", "f": "forget_gate", "g": "candidate", "o": "output_gate",
               "c": "cell_state", "h": "hidden_state"}

pytestmark = pytest.mark.usefixtures("torch_threads")


@pytest.fixture(scope="module")
def trace(tiny_digits):
    torch.manual_seed(2)
    model = SequenceModel(ModelConfig(hidden_size=6, num_layers=2, dropout=0.0)).eval()
    return model.trace(torch.from_numpy(tiny_digits.test_images[:2] / np.float32(255)), notify=False)


@pytest.mark.parametrize("index", [0, 1])
def test_npz_round_trip(trace, tmp_path, index):
    path = save_trace_npz(tmp_path / "gates.npz", trace, index)
    with np.load(path) as loaded:
        assert set(loaded.files) == {"x", *SHORT_NAMES, "probs_per_step"}
        for name, array in trace_arrays(trace, index).items():
            np.testing.assert_array_equal(loaded[name], array)
        assert loaded["f"].shape == (2, 28, 6)


def test_csv_round_trip(trace, tmp_path):
    path = save_trace_csv(tmp_path / "gates.csv", trace, 1)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "layer,t,unit,i,f,g,o,c,h" and len(lines) == 1 + 2 * 28 * 6
    assert lines[1].startswith("0,1,0,")  # steps are numbered from 1, as in the app
    loaded = load_trace_csv(path)
    for letter, name in SHORT_NAMES.items():
        np.testing.assert_allclose(loaded[letter], getattr(trace, name)[:, 1], rtol=1e-6, atol=1e-7)


def test_a_gru_trace_exports_its_own_gate_names(tiny_digits, tmp_path):
    model = SequenceModel(ModelConfig(cell="gru", hidden_size=5, num_layers=1)).eval()
    gru = model.trace(torch.from_numpy(tiny_digits.test_images[:1] / np.float32(255)), notify=False)
    with np.load(save_trace_npz(tmp_path / "gru.npz", gru)) as loaded:
        assert set(loaded.files) == {"x", "r", "z", "n", "h", "probs_per_step"}
    lines = save_trace_csv(tmp_path / "gru.csv", gru).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "layer,t,unit,r,z,n,h"
    np.testing.assert_allclose(load_trace_csv(tmp_path / "gru.csv")["z"], gru.z[:, 0], rtol=1e-6, atol=1e-7)


def test_app_gate_export_picks_the_writer_by_suffix(trace, tmp_path):
    export_gates(trace, tmp_path / "a.npz")
    export_gates(trace, tmp_path / "a.CSV")
    with np.load(tmp_path / "a.npz") as loaded:
        np.testing.assert_array_equal(loaded["h"], trace.h[:, 0])
    np.testing.assert_allclose(load_trace_csv(tmp_path / "a.CSV")["c"], trace.c[:, 0], rtol=1e-6, atol=1e-7)
    with pytest.raises(ExportError, match="npz or .csv"):
        export_gates(trace, tmp_path / "a.txt")
    with pytest.raises(ExportError, match="missing"):
        export_gates(trace, tmp_path / "missing" / "a.npz")


@pytest.fixture
def plot_widget(qtbot):
    widget = pg.PlotWidget(background="w")
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.plot(np.arange(28), np.sin(np.arange(28) / 4), pen="b")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _assert_png(path, min_width: int = 1) -> None:
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= min_width and image.height() > 10


def _assert_svg(path) -> None:
    root = ElementTree.parse(path).getroot()
    assert root.tag.endswith("svg") and len(list(root.iter())) > 5


def test_plot_exports_to_png_and_svg(plot_widget, tmp_path):
    plot = plot_widget.getPlotItem()
    _assert_png(export_plot(plot, tmp_path / "curve.png"), min_width=int(1.9 * plot.sceneBoundingRect().width()))
    _assert_svg(export_plot(plot, tmp_path / "curve.svg"))
    with pytest.raises(ExportError, match=".png or .svg"):
        export_plot(plot, tmp_path / "curve.jpg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curve.png", "curve.svg"]  # no partial files left


def test_a_failed_plot_export_leaves_the_old_file(qtbot, tmp_path):
    good = tmp_path / "plot.png"
    good.write_bytes(b"keep me")
    unshown = pg.PlotItem()  # never laid out: no size
    with pytest.raises(ExportError, match="no size"):
        export_plot(unshown, good)
    assert good.read_bytes() == b"keep me"
    with pytest.raises(ExportError, match="not a folder"):
        export_plots({"x": unshown}, tmp_path / "nowhere")


@pytest.fixture
def tab(qtbot, tiny_digits):
    torch.manual_seed(4)
    session = Session()
    session.set_digits(tiny_digits)
    session.set_model(SequenceModel(ModelConfig(hidden_size=8, num_layers=2, dropout=0.0)).eval(), "tiny")
    tab = InspectTab(session)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    qtbot.waitUntil(lambda: tab.trace is not None, timeout=10000)
    yield tab
    tab.shutdown()


def test_tab_exports_gates_and_every_plot_even_on_unseen_sub_tabs(tab, tmp_path, monkeypatch):
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(tmp_path / "gates"), "CSV table (*.csv)"))
    tab.export_gates_dialog()
    loaded = load_trace_csv(tmp_path / "gates.csv")  # the chosen filter's suffix was added
    np.testing.assert_allclose(loaded["f"], tab.trace.f[:, 0], rtol=1e-6, atol=1e-7)
    assert "gates.csv" in tab.message.text()
    folder = tmp_path / "plots"
    folder.mkdir()
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getExistingDirectory", lambda *args, **kwargs: str(folder))
    tab.export_plots_dialog()  # the saturation and confusion pages were never shown
    written = sorted(folder.iterdir())
    names = {path.name for path in written}
    assert "test_digit_0_confusion_matrix.png" in names and "test_digit_0_saturation_forget_gate.svg" in names
    assert "test_digit_0_layer2_forget_gate.png" in names and "test_digit_0_gradient_flow.svg" in names
    assert len(written) == 2 * len(tab.all_plots())
    assert f"Wrote {len(written)} files" in tab.message.text()
    assert tab.subtabs.currentIndex() == 0  # the user's sub-tab is back
    for path in written:
        _assert_png(path) if path.suffix == ".png" else _assert_svg(path)
