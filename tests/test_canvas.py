"""The drawing canvas: pointer input goes into the Drawing model, the widget paints what the model holds."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from lstm_studio.app.draw import DigitCanvas, replay_strokes, stroke_path
from lstm_studio.data import Drawing

SIDE = 300


@pytest.fixture
def canvas(qtbot):
    widget = DigitCanvas(Drawing())
    qtbot.addWidget(widget)
    widget.resize(SIDE, SIDE)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def is_ink(colour: QColor) -> bool:
    return colour.lightness() < 100


def test_canvas_is_named_and_matches_its_size(canvas) -> None:
    assert canvas.objectName() == "digitCanvas"
    assert (canvas.drawing.width, canvas.drawing.height) == (SIDE, SIDE)
    canvas.resize(360, 360)
    assert (canvas.drawing.width, canvas.drawing.height) == (360, 360), "an empty drawing follows the canvas"


def test_qtbot_mouse_draws_a_stroke(qtbot, canvas) -> None:
    """QTest's press / move / release reach the canvas; the moves become points of one stroke."""
    heard: list[bool] = []
    canvas.drawing.subscribe(heard.append)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(50, 60))
    for x in (80, 110, 140):
        qtbot.mouseMove(canvas, QPoint(x, 60 + x // 2))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(170, 150))
    assert canvas.drawing.strokes == [[(50, 60), (80, 100), (110, 115), (140, 130), (170, 150)]]
    assert heard[-1] is True and heard.count(True) == 1, "exactly one 'stroke finished'"
    image = canvas.grab().toImage()
    assert is_ink(image.pixelColor(110, 115)), "the stroke is painted"
    assert not is_ink(image.pixelColor(250, 40))


def test_moves_without_a_press_draw_nothing(qtbot, canvas) -> None:
    qtbot.mouseMove(canvas, QPoint(40, 40))
    qtbot.mouseMove(canvas, QPoint(100, 100))
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=QPoint(100, 100))
    assert canvas.drawing.is_empty


def test_quick_second_stroke_is_not_split_by_a_double_click(qtbot, canvas) -> None:
    """A fast second press arrives as press + double-click; it must stay one stroke."""
    replay_strokes(canvas, [[(100, 100), (100, 200)]])
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(101, 101))
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(101, 101))
    qtbot.mouseMove(canvas, QPoint(180, 101))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(180, 101))
    assert [len(stroke) for stroke in canvas.drawing.strokes] == [2, 2]


def test_model_changes_repaint_the_canvas(canvas) -> None:
    """Undo / clear / replace on the Drawing (not the widget) show up on screen."""
    canvas.drawing.replace(Drawing(SIDE, SIDE, [[(20, 150), (280, 150)]]))
    assert is_ink(canvas.grab().toImage().pixelColor(150, 150))
    canvas.drawing.undo()
    assert not is_ink(canvas.grab().toImage().pixelColor(150, 150))


def test_drawing_for_another_canvas_is_shown_scaled_but_kept(qtbot, canvas) -> None:
    """A 600x600 drawing on a 300 px canvas: shown at half size, its coordinates untouched."""
    canvas.drawing.replace(Drawing(600, 600, [[(500, 500), (560, 560)]]))
    image = canvas.grab().toImage()
    assert is_ink(image.pixelColor(265, 265))
    assert not is_ink(image.pixelColor(150, 150))
    # New strokes are recorded in the drawing's own coordinates.
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 50))
    assert canvas.drawing.strokes[-1] == [(100.0, 100.0), (200.0, 100.0)]
    assert (canvas.drawing.width, canvas.drawing.height) == (600, 600)
    canvas.drawing.clear()
    assert (canvas.drawing.width, canvas.drawing.height) == (SIDE, SIDE), "after Clear, back to canvas pixels"


def test_touch_draws_with_the_first_finger(canvas) -> None:
    device = QTest.createTouchDevice()
    QTest.touchEvent(canvas, device).press(0, QPoint(60, 60), canvas).commit()
    QTest.touchEvent(canvas, device).move(0, QPoint(120, 90), canvas).commit()
    QTest.touchEvent(canvas, device).release(0, QPoint(200, 120), canvas).commit()
    QApplication.processEvents()
    assert canvas.drawing.strokes == [[(60, 60), (120, 90), (200, 120)]]


def test_pen_tablet_events_draw(canvas) -> None:
    pen = QPointingDevice("test stylus", 7, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)

    def send(kind: QEvent.Type, x: float, y: float, pressure: float) -> None:
        point = QPointF(x, y)
        pressed = Qt.MouseButton.LeftButton if pressure > 0 else Qt.MouseButton.NoButton
        event = QTabletEvent(kind, pen, point, canvas.mapToGlobal(point), pressure, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, pressed)
        QApplication.sendEvent(canvas, event)

    send(QEvent.Type.TabletMove, 10, 10, 0.0)  # hovering above the screen: no ink
    send(QEvent.Type.TabletPress, 40, 40, 0.5)
    send(QEvent.Type.TabletMove, 90, 120, 0.6)
    send(QEvent.Type.TabletRelease, 150, 200, 0.0)
    assert canvas.drawing.strokes == [[(40, 40), (90, 120), (150, 200)]]


def test_stroke_path_is_smooth_and_keeps_its_ends() -> None:
    points = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (20.0, 10.0)]
    path = stroke_path(points)
    assert path.pointAtPercent(0.0).toTuple() == pytest.approx((0.0, 0.0))
    assert path.pointAtPercent(1.0).toTuple() == pytest.approx((20.0, 10.0))
    assert path.elementCount() > len(points), "the corners are replaced by curves"
    dot = stroke_path([(5.0, 5.0)])
    assert not dot.isEmpty()


def test_empty_canvas_shows_a_hint_and_no_ink(canvas) -> None:
    image = canvas.grab().toImage()
    dark = sum(is_ink(image.pixelColor(x, y)) for x in range(0, SIDE, 3) for y in range(0, SIDE, 3))
    assert dark == 0
    assert canvas.hint and "digit" in canvas.hint.lower()
    assert "Ctrl+Z" in canvas.toolTip() and "Esc" in canvas.toolTip()
