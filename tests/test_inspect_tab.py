"""The Inspect tab, checked on what the user sees: plot data, label texts and pixels."""
from __future__ import annotations

import re
import threading

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox

from lstm_studio.app import InputSample, Session
from lstm_studio.app.inspect import MINUS, SATURATION_SEED, SATURATION_TAB, TIMELINE_TAB, InspectTab, forget_meaning
from lstm_studio.models import SequenceModel, ModelConfig
from lstm_studio.analysis import first_leading_step, gradient_flow
from lstm_studio.tasks import DigitsTask

pytestmark = pytest.mark.usefixtures("torch_threads")


def _tiny_model(seed: int = 1) -> SequenceModel:
    torch.manual_seed(seed)
    model = SequenceModel(ModelConfig(hidden_size=16, num_layers=2, dropout=0.0))
    with torch.no_grad():
        for parameter in model.cell.parameters():
            parameter.mul_(3.0)
    return model.eval()


@pytest.fixture
def session(qtbot, tiny_digits):
    session = Session()
    session.set_digits(tiny_digits)
    session.set_model(_tiny_model(), "tiny model")
    return session


@pytest.fixture
def tab(qtbot, session):
    tab = InspectTab(session)
    qtbot.addWidget(tab)
    tab.resize(1300, 850)
    tab.show()
    qtbot.waitUntil(lambda: tab.trace is not None, timeout=10000)
    yield tab
    tab.shutdown()


def _engine_trace(session, test_index: int):
    image = session.digits.test_images[test_index].astype(np.float32) / 255
    return session.model.trace(torch.from_numpy(image)[None], notify=False)


def _panel_numbers(tab) -> dict[str, float]:
    """Read the unit panel as plain text, the way the user reads it."""
    document = QTextDocument()
    document.setHtml(tab.gates.equations.text())
    text = document.toPlainText().replace(MINUS, "-")
    patterns = {"f": r"^ft\s*\n(\S+)", "i": r"^it\s*\n(\S+)", "g": r"^gt\s*\n(\S+)", "o": r"^ot\s*\n(\S+)",
                "c_prev": r"^(?:ct-1|c0 \(starts at 0\))\s*\n(\S+)", "c": r"^\s+= \S+ \+ \S+ = (\S+)$",
                "h": r"^ht = .* = (\S+)$"}
    return {name: float(re.search(pattern, text, re.MULTILINE).group(1)) for name, pattern in patterns.items()}


def test_starts_on_the_first_test_digit(tab, session):
    assert session.current_input.test_index == 0
    np.testing.assert_allclose(tab.input_view.image.image, session.digits.test_images[0] / 255.0, atol=1e-6)
    assert "test digit #0" in tab.input_title.text()


@pytest.mark.parametrize(("layer", "unit", "step"), [(0, 5, 9), (1, 11, 1), (1, 0, 28)])
def test_unit_panel_numbers_equal_the_engine_trace(tab, session, layer, unit, step):
    tab.select_unit(layer, unit)
    tab.set_step(step)
    trace = _engine_trace(session, 0)
    expected = {"f": trace.f, "i": trace.i, "g": trace.g, "o": trace.o, "c": trace.c, "h": trace.h}
    shown = _panel_numbers(tab)
    for name, array in expected.items():
        assert shown[name] == pytest.approx(float(array[layer, 0, step - 1, unit]), abs=6e-5), name
    c_prev = 0.0 if step == 1 else float(trace.c[layer, 0, step - 2, unit])
    assert shown["c_prev"] == pytest.approx(c_prev, abs=6e-5)
    assert shown["c"] == pytest.approx(shown["f"] * shown["c_prev"] + shown["i"] * shown["g"], abs=5e-4)
    keeps = round(100 * float(trace.f[layer, 0, step - 1, unit]))
    assert f"keeps {keeps}% of the previous cell state" in tab.gates.equations.text()
    assert f"unit {unit}" in tab.gates.equations.text() and f"t = {step}" in tab.gates.equations.text()


def test_forget_gate_text_states_keep_and_erase_correctly():
    assert forget_meaning(0.97).startswith("keeps 97% of the previous cell state")
    assert "erases the memory" in forget_meaning(0.04) and "keeps 4%" in forget_meaning(0.04)
    assert "erases 40%" in forget_meaning(0.6)


def test_heatmaps_and_unit_curves_show_the_trace(tab, session):
    tab.select_unit(0, 7)
    trace = _engine_trace(session, 0)
    assert tab.gates.names == ("i", "f", "o", "g", "c", "h")  # the trace's fields, gates first
    for field, item in tab.gates.heatmaps.items():
        np.testing.assert_allclose(item.image, trace[field][0, 0].T, atol=1e-6)
        assert item.levels is not None and tuple(item.levels) == ((0.0, 1.0) if field in "ifo" else (-1.0, 1.0))
    x, y = tab.gates.curves["f"].getData()
    np.testing.assert_array_equal(x, np.arange(1, 29))
    np.testing.assert_allclose(y, trace.f[0, 0, :, 7], atol=1e-6)
    assert tab.gates.unit_lines["c"][0].value() == 7


def test_scrubber_keys_move_cursors_and_highlight_the_row(tab, qtbot):
    tab.set_step(1)
    tab.activateWindow()
    tab.scrubber.slider.setFocus()
    for _ in range(4):
        qtbot.keyClick(tab.scrubber.slider, Qt.Key.Key_Right)
    qtbot.keyClick(tab.scrubber.slider, Qt.Key.Key_Left)
    assert tab.scrubber.step == 4
    assert tab.input_view.highlighted_row() == 4
    assert all(cursor.value() == 4 for cursor in tab.gates.cursors.values())
    assert tab.timeline.prediction_cursor.value() == 4 and tab.gates.traces_cursor.value() == 4
    assert tab.scrubber.label.text() == "t = 4 / 28"
    qtbot.keyClick(tab.scrubber.slider, Qt.Key.Key_End)
    assert tab.input_view.highlighted_row() == 28


def _row_pixel(tab, row: int):
    view = tab.input_view
    scene_point = view.plot.vb.mapViewToScene(QPointF(1.0, row - 0.5))
    widget_point = view.mapFromScene(scene_point)
    image = view.grab().toImage()
    return image.pixelColor(widget_point.x(), widget_point.y())


def test_highlighted_row_is_yellow_on_screen(tab):
    tab.set_step(9)
    highlighted = _row_pixel(tab, 9)
    tab.set_step(20)
    plain, unread = _row_pixel(tab, 9), _row_pixel(tab, 24)
    assert highlighted.red() > plain.red() + 40 and highlighted.green() > plain.green() + 30
    assert highlighted.blue() <= plain.blue() + 10  # a yellow tint, not a grey one
    assert unread.blue() > unread.red() + 20  # rows not read yet are dimmed with blue


def test_play_advances_and_stops_at_the_end(tab, qtbot):
    tab.set_step(26)
    tab.scrubber.toggle_play()
    qtbot.waitUntil(lambda: not tab.scrubber.timer.isActive(), timeout=5000)
    assert tab.scrubber.step == 28 and tab.scrubber.play_button.text() == "Play"


def test_clicking_a_heatmap_cell_selects_unit_and_step(tab, qtbot):
    plot = tab.gates.plots["f"]
    view = tab.gates.heatmap_view
    point = view.mapFromScene(plot.vb.mapViewToScene(QPointF(6.0, 3.5)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: tab.unit_box.value() == 3)
    assert tab.scrubber.step == 6 and tab.gates.unit == 3
    assert "unit 3" in tab.gates.equations.text()


def test_prediction_over_time_marks_the_leading_step(tab, session):
    trace = _engine_trace(session, 0)
    probs = trace.probs_per_step[0]
    for digit, curve in enumerate(tab.timeline.prob_curves):
        np.testing.assert_allclose(curve.getData()[1], probs[:, digit], atol=1e-6)
    assert tab.timeline.leading_line.value() == first_leading_step(probs)
    assert f"leads from step <b>{first_leading_step(probs)}</b>" in tab.timeline.prediction_caption.text()


def test_gradient_flow_panel_shows_the_core_result(tab, session):
    assert tab.flow is None  # computed only once its sub-tab is on screen
    tab.subtabs.setCurrentIndex(TIMELINE_TAB)
    flow = gradient_flow(session.model, session.digits.test_images[0], int(session.digits.test_labels[0]))
    for layer, curve in enumerate(tab.timeline.gradient_curves):
        np.testing.assert_allclose(curve.getOriginalDataset()[1], flow.hidden_grad_norm[layer], rtol=1e-5)
    assert f"true label {flow.target}" in tab.timeline.gradient_caption.text()


def test_gradient_axis_range_shows_every_curve(tab, session, qtbot):
    tab.subtabs.setCurrentIndex(TIMELINE_TAB)
    for test_index in (0, 4):
        tab.choose_test_digit(test_index)
        qtbot.waitUntil(lambda: tab.sample.test_index == test_index and tab.flow is not None)
        low, high = tab.timeline.gradient_plot.vb.viewRange()[1]  # log10 units
        for curve in [*tab.timeline.gradient_curves, tab.timeline.input_curve]:
            values = np.log10(curve.getOriginalDataset()[1])
            assert low <= values.min() and values.max() <= high


def test_unit_curves_stay_inside_their_plot(tab, session):
    cell = _engine_trace(session, 0).c[0, 0]
    tab.select_unit(0, int(np.abs(cell).max(axis=0).argmax()))  # the unit whose cell state goes farthest
    low, high = tab.gates.traces_plot.vb.viewRange()[1]
    for curve in tab.gates.curves.values():
        values = curve.getData()[1]
        assert low <= values.min() and values.max() <= high
    assert max(-low, high) < 2.5 * max(1.0, np.abs(cell).max())  # and the curves still fill it


def test_a_long_title_is_shown_whole(tab, session, qtbot):
    image = session.digits.test_images[2].astype(np.float32) / 255
    session.set_input(InputSample(image, "a drawing with a long, long name that needs more than one line " * 2))
    qtbot.waitUntil(lambda: tab.sample is not None and tab.sample.name.startswith("a drawing"))
    title, plain = tab.input_title, QLabel(tab.input_title.text())
    plain.setWordWrap(True)
    plain.setFont(title.label.font())
    assert title.label.height() == title.height() >= plain.heightForWidth(title.width()) > 3 * plain.fontMetrics().height()


def test_a_drawing_without_label_uses_the_predicted_class(tab, session, qtbot):
    tab.subtabs.setCurrentIndex(TIMELINE_TAB)
    image = np.zeros((28, 28), np.float32)
    image[5:23, 12:16] = 1.0
    session.set_input(InputSample(image, "drawing"))
    qtbot.waitUntil(lambda: tab.sample is not None and tab.sample.name == "drawing")
    assert "predicted class" in tab.timeline.gradient_caption.text()
    assert "drawing" in tab.input_title.text() and "label" not in tab.input_title.text()


def test_saturation_scatter_equals_direct_computation(tab, session, qtbot):
    tab.saturation.sample_size.setValue(48)
    tab.subtabs.setCurrentIndex(SATURATION_TAB)  # computes on first view
    qtbot.waitUntil(lambda: tab.saturation.result is not None, timeout=15000)
    chosen = np.sort(np.random.default_rng(SATURATION_SEED).permutation(len(session.digits.test_labels))[:48])
    trace = session.model.trace(torch.from_numpy(session.digits.test_images[chosen] / np.float32(255)),
                                notify=False)
    for gate, scatters in tab.saturation.scatters.items():
        values = getattr(trace, gate)
        for layer, scatter in enumerate(scatters):
            x, y = scatter.getData()
            np.testing.assert_allclose(x, (values[layer] < 0.1).mean(axis=(0, 1)))
            np.testing.assert_allclose(y, (values[layer] > 0.9).mean(axis=(0, 1)))
    assert "48 test digits" in tab.saturation.status.text()
    scatter = tab.saturation.scatters["i"][0]
    point = scatter.points()[5]
    scatter.sigClicked.emit(scatter, [point], None)  # clicking a point inspects that unit
    assert (tab.layer_box.currentIndex(), tab.unit_box.value()) == (0, 5) and tab.subtabs.currentIndex() == 0


def test_saturation_uses_live_weights_while_training(tab, session, qtbot):
    other = _tiny_model(seed=9)
    from lstm_studio.models import ModelSnapshot

    session.set_training(True)
    session.set_snapshot(ModelSnapshot.of_model(other, "training run", step=1240))
    tab.start_saturation(32)
    qtbot.waitUntil(lambda: tab.saturation.result is not None, timeout=15000)
    assert "weights after step 1,240" in tab.saturation.status.text()
    chosen = np.sort(np.random.default_rng(SATURATION_SEED).permutation(len(session.digits.test_labels))[:32])
    trace = other.trace(torch.from_numpy(session.digits.test_images[chosen] / np.float32(255)), notify=False)
    x, _ = tab.saturation.scatters["f"][1].getData()
    np.testing.assert_allclose(x, (trace.f[1] < 0.1).mean(axis=(0, 1)))
    session.set_training(False)


def test_confusion_counts_equal_direct_evaluation_and_cells_open_examples(tab, session, qtbot):
    qtbot.waitUntil(lambda: tab.evaluation is not None, timeout=15000)
    digits = session.digits
    predicted = DigitsTask(digits).evaluate(session.model, keep_predictions=True).predictions
    for true_class in range(10):
        for predicted_class in range(10):
            count = int(np.sum((digits.test_labels == true_class) & (predicted == predicted_class)))
            assert tab.confusion.cell_text(true_class, predicted_class) == (str(count) if count else "")
    wrong = np.flatnonzero(digits.test_labels != predicted)
    true_class, predicted_class = int(digits.test_labels[wrong[0]]), int(predicted[wrong[0]])
    view, plot = tab.confusion.view, tab.confusion.plot
    tab.subtabs.setCurrentWidget(tab.confusion)
    point = view.mapFromScene(plot.vb.mapViewToScene(QPointF(predicted_class + 0.5, true_class + 0.5)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    expected = np.flatnonzero((digits.test_labels == true_class) & (predicted == predicted_class))
    qtbot.waitUntil(lambda: np.array_equal(tab.browser.shown_indices(), expected))
    tab.browser.filter.setCurrentIndex(1)  # misclassified
    np.testing.assert_array_equal(tab.browser.shown_indices(), wrong)


def test_browser_row_click_inspects_that_digit(tab, session, qtbot):
    browser = tab.browser
    rect = browser.list.visualRect(browser.list_model.index(3))
    qtbot.mouseClick(browser.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert session.current_input.test_index == 3
    qtbot.waitUntil(lambda: tab.sample is not None and tab.sample.test_index == 3)
    np.testing.assert_allclose(tab.gates.heatmaps["h"].image, _engine_trace(session, 3).h[1, 0].T,
                               atol=1e-6)


def test_model_change_retraces_and_reevaluates(tab, session, qtbot):
    session.set_model(_tiny_model(seed=5), "another model")
    version = session.snapshot.version
    qtbot.waitUntil(lambda: tab.evaluated_version == version and tab.traced_version == version, timeout=15000)
    np.testing.assert_allclose(tab.gates.heatmaps["f"].image, _engine_trace(session, 0).f[1, 0].T,
                               atol=1e-6)


def test_export_errors_go_to_a_dialog(tab, monkeypatch, tmp_path):
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(tmp_path / "missing" / "gates.npz"), ""))
    tab.export_gates_dialog()
    assert len(messages) == 1 and "\n" not in messages[0] and "missing" in messages[0]


def test_shutdown_ends_worker_threads(tab, qtbot):
    tab.start_saturation(64)
    tab.start_evaluation()
    tab.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("lstm-studio-inspect")]


def test_in_the_main_window(qtbot, monkeypatch, tmp_path):
    from lstm_studio.app import MainWindow

    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path))  # empty: the bundled mini-MNIST is used
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session.is_ready, timeout=30000)
    window.tabs.setCurrentWidget(window.inspect_tab)
    tab = window.inspect_tab
    qtbot.waitUntil(lambda: tab.trace is not None, timeout=10000)
    assert tab.trace.hidden_size == window.session.model.config.hidden_size
    assert tab.layer_box.count() == window.session.model.config.num_layers
    window.close()
    assert not tab.jobs.is_running("evaluate")


def test_arrow_and_space_shortcuts_work_anywhere_in_the_tab(tab, qtbot):
    tab.set_step(10)
    tab.activateWindow()
    qtbot.waitUntil(lambda: tab.isActiveWindow())
    tab.gates.heatmap_view.setFocus()
    qtbot.keyClick(tab.gates.heatmap_view, Qt.Key.Key_Right)
    assert tab.scrubber.step == 11 and tab.input_view.highlighted_row() == 11
    qtbot.keyClick(tab.gates.heatmap_view, Qt.Key.Key_Left)
    qtbot.keyClick(tab.gates.heatmap_view, Qt.Key.Key_Left)
    assert tab.scrubber.step == 9
    qtbot.keyClick(tab.gates.heatmap_view, Qt.Key.Key_Space)
    assert tab.scrubber.timer.isActive()
    qtbot.keyClick(tab.gates.heatmap_view, Qt.Key.Key_Space)
    assert not tab.scrubber.timer.isActive()
    qtbot.keyClick(tab.gates.heatmap_view, Qt.Key.Key_Home)
    assert tab.scrubber.step == 1


def test_every_control_has_a_tooltip(tab):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QListView, QSlider

    controls = [widget for kind in (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider, QListView)
                for widget in tab.findChildren(kind)
                if not widget.isHidden() and widget.window() is tab.window()]  # not a combo box's popup
    assert len(controls) >= 10
    assert [c for c in controls if not c.toolTip()] == []
    assert all(tab.subtabs.tabToolTip(index) for index in range(tab.subtabs.count()))


def test_a_failing_background_job_shows_one_line(tab, qtbot, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr("lstm_studio.analysis.gate_saturation", broken)
    tab.start_saturation(32)
    qtbot.waitUntil(lambda: tab.saturation.button.isEnabled(), timeout=10000)
    assert tab.saturation.status.text() == "Failed: RuntimeError: out of memory"


def test_a_model_reading_pixels_scrubs_all_its_steps(tab, session, qtbot):
    """4 pixels per step: 196 steps to scrub, and the highlight marks the 4 pixels step t reads."""
    torch.manual_seed(0)
    session.set_model(SequenceModel(ModelConfig(input_size=4, hidden_size=6, num_layers=1)).eval(), "pixel model")
    qtbot.waitUntil(lambda: tab.traced_version == session.snapshot.version, timeout=10000)
    assert tab.trace.num_steps == 196 and tab.scrubber.steps == 196
    assert tab.gates.heatmaps["f"].image.shape == (6, 196)
    tab.set_step(8)  # pixels 29..32: the first four of image row 2
    assert tab.input_view.highlighted_row() == 2
    box = tab.input_view.highlight.path().boundingRect()
    assert (box.left(), box.top(), box.width(), box.height()) == (0, 1, 4, 1)
    assert "pixels 29–32" in tab.gates.equations.text() and "pixels 1–32 of 784" in tab.now_label.text()
    assert tab.scrubber.label.text() == "t = 8 / 196"
