"""The Draw tab: real pen strokes replayed with the mouse, and what the user then sees."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QToolButton

from lstm_studio.app import InputSample, Session
from lstm_studio.app.draw import DrawTab, Prediction, explanation, fit_strokes, headline, replay_strokes
from lstm_studio.data import Drawing, read_pendigits, render_drawing, render_image_file
from lstm_studio.models import SequenceModel, ModelConfig
from lstm_studio.io import load_bundled

CANVAS = 360  # the canvas side in these tests


@pytest.fixture(scope="module")
def bundled():
    return load_bundled().build_model("cpu")


PEN_DIGITS = Path(__file__).parent / "data" / "pendigits-first40"  # real pen strokes, shipped with the tests


@pytest.fixture(scope="module")
def pen_digits():
    return read_pendigits(PEN_DIGITS)


@pytest.fixture
def session(qtbot, bundled, tiny_digits):
    session = Session()
    session.set_digits(tiny_digits)
    session.set_model(bundled, "bundled model")
    return session


@pytest.fixture
def tab(qtbot, session):
    widget = DrawTab(session)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.canvas.resize(CANVAS, CANVAS)  # a known size, whatever the layout gives
    return widget


def core_probs(model, drawing: Drawing) -> np.ndarray:
    """The expected answer, computed through the core pipeline alone."""
    return model.predict_proba(torch.from_numpy(render_drawing(drawing).image).unsqueeze(0))[0].numpy()


def as_canvas_drawing(strokes) -> Drawing:
    """The drawing a canvas of side CANVAS records for these mouse points (through the core API)."""
    drawing = Drawing(CANVAS, CANVAS)
    for stroke in strokes:
        drawing.begin_stroke(*stroke[0])
        for point in stroke[1:]:
            drawing.add_point(*point)
        drawing.add_point(*stroke[-1])
        drawing.end_stroke()
    return drawing


def has_digit(text: str) -> bool:
    return re.search(r"\d", text) is not None


def shown_nothing(tab: DrawTab) -> bool:
    heights = tab.probability_chart.bars.opts["height"]
    return tab.prediction is None and not np.any(heights) and not has_digit(tab.prediction_label.text())


@pytest.fixture(scope="module")
def replay_cases(pen_digits, bundled):
    """For six different digits, the first pen sample the bundled model reads right, as mouse points."""
    cases: dict[int, list] = {}
    for digit in pen_digits:
        if digit.label in cases or digit.label not in (0, 1, 3, 4, 7, 8):
            continue
        strokes = fit_strokes(digit.drawing, CANVAS)
        probs = core_probs(bundled, as_canvas_drawing(strokes))
        if int(np.argmax(probs)) == digit.label and probs.max() > 0.9:
            cases[digit.label] = strokes
    assert len(cases) == 6, f"the bundled model reads too few pen digits right: {sorted(cases)}"
    return cases


# --- drawing and reading ---------------------------------------------------------------
def test_replayed_pen_digits_are_read_and_shown(qtbot, tab, bundled, replay_cases) -> None:
    for label, strokes in replay_cases.items():
        tab.clear()
        replay_strokes(tab.canvas, strokes)
        expected = core_probs(bundled, as_canvas_drawing(strokes))
        assert int(np.argmax(expected)) == label, "chosen samples are ones the model reads right"
        assert tab.prediction_label.text() == str(label)
        np.testing.assert_allclose(tab.prediction.probs, expected, atol=1e-4)
        assert f"{expected.max():.0%}" in tab.detail_label.text()


def test_charts_and_pipeline_show_the_prediction(tab, replay_cases) -> None:
    replay_strokes(tab.canvas, replay_cases[3])
    prediction = tab.prediction
    np.testing.assert_allclose(tab.probability_chart.bars.opts["height"], prediction.probs)
    steps = np.stack([curve.getData()[1] for curve in tab.step_chart.curves], axis=1)
    assert steps.shape == (28, 10)
    np.testing.assert_allclose(steps, prediction.probs_per_step)
    np.testing.assert_allclose(steps[-1], prediction.probs, atol=1e-5)
    chosen = tab.step_chart.curves[3].opts["pen"].widthF()
    assert chosen > max(c.opts["pen"].widthF() for i, c in enumerate(tab.step_chart.curves) if i != 3)
    # The 28x28 tile shows the model input: 5x5 screen pixels per input pixel.
    input_tile = tab.pipeline.tiles["pipelineInput"].pixmap().toImage()
    image = tab.rendering.image
    row, col = np.unravel_index(np.argmax(image), image.shape)
    assert input_tile.pixelColor(col * 5 + 2, row * 5 + 2).lightness() > 200
    assert input_tile.pixelColor(2, 2).lightness() < 20
    assert tab.pipeline.tiles["pipelineCropped"].pixmap().toImage().pixelColor(70, 70).isValid()


def test_multi_stroke_digit_is_classified_after_each_stroke(qtbot, tab, replay_cases) -> None:
    strokes = replay_cases[4] if len(replay_cases[4]) > 1 else replay_cases[4] + [[(300.0, 40.0), (320.0, 40.0)]]
    with qtbot.waitSignals([tab.prediction_changed] * len(strokes), timeout=2000):
        replay_strokes(tab.canvas, strokes)


def test_undo_and_clear_shortcuts(qtbot, tab, bundled, replay_cases) -> None:
    replay_strokes(tab.canvas, replay_cases[1])
    assert tab.prediction_label.text() == "1"
    replay_strokes(tab.canvas, [[(40.0, 300.0), (330.0, 40.0)]])  # a slash through it
    assert len(tab.drawing.strokes) == len(replay_cases[1]) + 1
    tab.canvas.setFocus()
    qtbot.keyClick(tab.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(tab.drawing.strokes) == len(replay_cases[1])
    assert tab.prediction_label.text() == "1"
    qtbot.keyClick(tab.canvas, Qt.Key.Key_Escape)
    assert tab.drawing.is_empty and shown_nothing(tab)
    replay_strokes(tab.canvas, replay_cases[1])
    qtbot.keyClick(tab.canvas, Qt.Key.Key_Delete)
    assert tab.drawing.is_empty and shown_nothing(tab)


def test_empty_canvas_gives_a_hint_not_a_digit(tab) -> None:
    assert shown_nothing(tab)
    assert "draw" in tab.prediction_label.text().lower()
    assert not tab.pipeline.tiles["pipelineInput"].pixmap().toImage().pixelColor(70, 70).lightness()


def test_stray_dot_gives_a_clear_message(qtbot, tab) -> None:
    qtbot.mousePress(tab.canvas, Qt.MouseButton.LeftButton, pos=QPoint(180, 180))
    qtbot.mouseRelease(tab.canvas, Qt.MouseButton.LeftButton, pos=QPoint(181, 181))
    assert shown_nothing(tab)
    assert "too small" in tab.detail_label.text().lower()
    replay_strokes(tab.canvas, [[(170.0, 170.0), (176.0, 174.0), (172.0, 179.0)]])  # a tiny scribble
    assert shown_nothing(tab) and "too small" in tab.detail_label.text().lower()


def test_unsure_prediction_says_so() -> None:
    probs = np.array([0, 0, 0, 0, 0.45, 0, 0, 0.05, 0, 0.5], dtype=np.float32)
    unsure = Prediction(9, probs, np.tile(probs, (28, 1)))
    assert headline(unsure) == "9?"
    assert explanation(unsure) == "Not sure: 9 (50%) or 4 (45%)?"
    sure = Prediction(4, np.eye(10, dtype=np.float32)[4], np.tile(np.eye(10)[4], (28, 1)))
    assert (headline(sure), explanation(sure)) == ("4", "100% sure")


# --- the session: model changes and the Inspect tab ------------------------------------
def test_prediction_is_published_for_the_inspect_tab(qtbot, tab, session, replay_cases) -> None:
    published: list[InputSample] = []
    session.input_changed.connect(published.append)
    replay_strokes(tab.canvas, replay_cases[7])
    assert len(published) == len(replay_cases[7]), "one input per finished stroke"
    sample = published[-1]
    assert sample is session.current_input and sample.name == "drawing"
    np.testing.assert_array_equal(sample.image, tab.rendering.image)
    assert sample.rendering is tab.rendering


def test_a_new_model_reclassifies_the_drawing(qtbot, tab, session, replay_cases) -> None:
    replay_strokes(tab.canvas, replay_cases[8])
    torch.manual_seed(3)
    other = SequenceModel(ModelConfig(hidden_size=6, num_layers=1))
    with qtbot.waitSignal(tab.prediction_changed, timeout=2000):
        session.set_model(other, "untrained")
    expected = other.predict_proba(torch.from_numpy(tab.rendering.image).unsqueeze(0))[0].numpy()
    np.testing.assert_allclose(tab.prediction.probs, expected, atol=1e-5)
    assert "untrained" in tab.source_label.text()
    # Someone else's input in the session (an MNIST digit picked in Inspect) is left alone.
    mnist = InputSample(image=np.zeros((28, 28), np.float32), name="MNIST test #0", label=7, test_index=0)
    session.set_input(mnist)
    session.set_model(other, "again")
    assert session.current_input is mnist


def test_before_the_model_loads_the_drawing_waits(qtbot, tiny_digits, bundled, replay_cases) -> None:
    session = Session()
    tab = DrawTab(session)
    qtbot.addWidget(tab)
    tab.show()
    tab.canvas.resize(CANVAS, CANVAS)
    replay_strokes(tab.canvas, replay_cases[0])
    assert tab.prediction is None and not has_digit(tab.prediction_label.text())
    assert "loading" in tab.prediction_label.text().lower()
    session.set_model(bundled, "bundled model")
    assert tab.prediction_label.text() == "0"


# --- files ---------------------------------------------------------------------------------
@pytest.fixture
def dialogs(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


@pytest.mark.parametrize("dark_on_light", [False, True])
def test_image_file_of_either_polarity(tmp_path, tab, bundled, pen_digits, dialogs, dark_on_light) -> None:
    digit = pen_digits[0]
    picture = np.uint8(render_drawing(digit.drawing).image * 255)
    picture = 255 - picture if dark_on_light else picture
    path = tmp_path / "digit.png"
    Image.fromarray(picture).resize((112, 112), Image.Resampling.BICUBIC).save(path)
    assert tab.open_image(path)
    expected = bundled.predict_proba(torch.from_numpy(render_image_file(path).image).unsqueeze(0))[0].numpy()
    np.testing.assert_allclose(tab.prediction.probs, expected, atol=1e-5)
    assert tab.prediction_label.text().rstrip("?") == str(int(np.argmax(expected)))
    assert "digit.png" in tab.source_label.text() and tab.session.current_input.name == "digit.png"
    assert not dialogs
    # Drawing over the image makes the strokes the input again.
    replay_strokes(tab.canvas, [[(60.0, 60.0), (300.0, 300.0)]])
    assert tab.loaded_image is None and "drawing" in tab.source_label.text()


def test_bad_image_file_gets_a_dialog(tmp_path, tab, replay_cases, dialogs) -> None:
    replay_strokes(tab.canvas, replay_cases[7])
    before = tab.prediction
    bad = tmp_path / "broken.png"
    bad.write_text("not an image", encoding="utf-8")
    assert not tab.open_image(bad)
    assert len(dialogs) == 1 and "broken.png" in dialogs[0][1] and "\n" not in dialogs[0][1]
    assert tab.prediction is before, "a bad file leaves the current drawing alone"


def test_save_and_load_stroke_json(tmp_path, tab, replay_cases, dialogs) -> None:
    replay_strokes(tab.canvas, replay_cases[3])
    probs = tab.prediction.probs
    path = tmp_path / "three.json"
    assert tab.save_drawing(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["width"], data["height"]) == (CANVAS, CANVAS)
    assert data["strokes"] == [[list(p) for p in stroke] for stroke in tab.drawing.strokes]
    tab.clear()
    assert tab.load_drawing(path)
    np.testing.assert_array_equal(tab.prediction.probs, probs)
    assert not dialogs


def test_drawing_from_another_canvas_classifies_identically(tmp_path, tab, bundled, pen_digits) -> None:
    path = tmp_path / "pendigit.json"
    pen_digits[5].drawing.save(path)  # a 500 x 500 tablet drawing onto a 360 px canvas
    assert tab.load_drawing(path)
    assert (tab.drawing.width, tab.drawing.height) == (500, 500)
    np.testing.assert_allclose(tab.prediction.probs, core_probs(bundled, Drawing.load(path)), atol=1e-6)
    # Shown scaled to fit: ink inside the canvas where the strokes are, scaled by 360 / 500.
    x, y = pen_digits[5].drawing.strokes[0][len(pen_digits[5].drawing.strokes[0]) // 2]
    image = tab.canvas.grab().toImage()
    assert image.pixelColor(round(x * CANVAS / 500), round(y * CANVAS / 500)).lightness() < 100


def test_bad_drawing_files_get_a_dialog(tmp_path, tab, replay_cases, dialogs) -> None:
    replay_strokes(tab.canvas, replay_cases[0])
    strokes = [list(s) for s in tab.drawing.strokes]
    nan = tmp_path / "nan.json"
    nan.write_text('{"width": 10, "height": 10, "strokes": [[[NaN, 1]]]}', encoding="utf-8")
    assert not tab.load_drawing(nan)
    assert not tab.load_drawing(tmp_path / "missing.json")
    assert [title for title, _ in dialogs] == ["Cannot load this drawing"] * 2
    assert "finite" in dialogs[0][1] and "\n" not in dialogs[0][1]
    assert tab.drawing.strokes == strokes


def test_saving_nothing_or_nowhere_gets_a_dialog(tmp_path, tab, replay_cases, dialogs) -> None:
    assert not tab.save_drawing(tmp_path / "empty.json")
    assert not (tmp_path / "empty.json").exists()
    replay_strokes(tab.canvas, replay_cases[0])
    assert not tab.save_drawing(tmp_path / "no" / "such" / "folder.json")
    assert [title for title, _ in dialogs] == ["Nothing to save", "Cannot save the drawing"]


# --- help ----------------------------------------------------------------------------------
def test_every_control_has_a_tooltip_naming_its_shortcut(tab) -> None:
    buttons = tab.findChildren(QToolButton)
    assert len(buttons) == 5
    for button in buttons:
        action = button.defaultAction()
        assert button.toolTip()
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in button.toolTip()
    assert "Esc" in tab.clear_action.toolTip() and "Del" in tab.clear_action.toolTip()
    assert "Ctrl+Z" in tab.undo_action.toolTip()
    for label in (tab.prediction_label, tab.detail_label, *tab.pipeline.tiles.values()):
        assert label.toolTip()
    assert tab.probability_chart.toolTip() and tab.step_chart.toolTip()
    for widget in tab.findChildren(QLabel):
        assert "forget" not in widget.toolTip().lower() or "near 1 keeps" in widget.toolTip().lower()


def test_in_the_main_window(qtbot, monkeypatch, tmp_path, replay_cases) -> None:
    """Found by object name in the real window, once the session has loaded."""
    from PySide6.QtWidgets import QWidget

    from lstm_studio.app import MainWindow

    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session.is_ready, timeout=30_000)
    canvas = window.findChild(QWidget, "digitCanvas")
    label = window.findChild(QLabel, "predictionLabel")
    assert canvas is not None and label is not None and not has_digit(label.text())
    window.tabs.setCurrentWidget(window.draw_tab)
    canvas.drawing.clear()
    replay_strokes(canvas, [[(x * canvas.width() / CANVAS, y * canvas.height() / CANVAS) for x, y in stroke]
                            for stroke in replay_cases[0]])
    assert label.text() == "0"
    # The tab's keys clash with no window-wide shortcut (an ambiguous shortcut fires neither).
    from PySide6.QtGui import QAction

    tab = window.draw_tab
    tab_keys = {key.toString() for action in tab.actions() for key in action.shortcuts()}
    other_keys = {key.toString() for action in window.findChildren(QAction) if action not in tab.actions()
                  for key in action.shortcuts()}
    assert tab_keys and not tab_keys & other_keys
    with qtbot.waitActive(window):
        window.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.drawing.is_empty and not has_digit(label.text())
    window.close()
    window.session.wait_loaded(5)


def test_a_model_that_cannot_read_the_input_gives_a_message(tab, session, replay_cases) -> None:
    """A checkpoint made for another input size: a message in the tab, not a crash."""
    replay_strokes(tab.canvas, replay_cases[8])
    session.set_model(SequenceModel(ModelConfig(input_size=20, hidden_size=4, num_layers=1)), "odd model")
    assert tab.prediction is None and not has_digit(tab.prediction_label.text())
    assert "cannot classify" in tab.detail_label.text()


def test_a_model_reading_pixels_shows_every_step(tab, session, replay_cases) -> None:
    """A model that reads 4 pixels per step takes 196 steps: the step chart shows all of them."""
    from lstm_studio.tasks import images_to_sequence

    replay_strokes(tab.canvas, replay_cases[1])
    torch.manual_seed(0)
    chunked = SequenceModel(ModelConfig(input_size=4, hidden_size=6, num_layers=1)).eval()
    session.set_model(chunked, "pixel model")
    expected = chunked.trace(images_to_sequence(torch.from_numpy(tab.rendering.image)[None], 4),
                             notify=False).probs_per_step[0]
    steps = np.stack([curve.getData()[1] for curve in tab.step_chart.curves], axis=1)
    assert steps.shape == (196, 10)
    np.testing.assert_allclose(steps, expected, atol=1e-6)
    np.testing.assert_array_equal(tab.step_chart.curves[0].getData()[0], np.arange(1, 197))
    labels = [label for _, label in tab.step_chart.item.getAxis("bottom")._tickLevels[0]]
    assert labels[0] == "1" and labels[-1] == "196"
    assert "4 pixels per step" in tab.step_chart.item.getAxis("bottom").labelText
