"""Replay recorded pen strokes onto a canvas as real mouse events (tests, benchmarks, demos).

The events go through Qt's event delivery exactly as a person's mouse would, so what is
exercised is the whole path: canvas -> Drawing -> rendering -> model -> what the tab shows.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from ...data import Drawing

Strokes = list[list[tuple[float, float]]]


def fit_strokes(drawing: Drawing, side: float, margin: float = 0.1) -> Strokes:
    """``drawing``'s strokes scaled into a ``side`` x ``side`` canvas, ``margin`` of it left free
    on each side, rounded to whole pixels (as a mouse reports them)."""
    scale = side * (1 - 2 * margin) / max(drawing.width, drawing.height)
    offset = side * margin
    return [[(float(round(x * scale + offset)), float(round(y * scale + offset))) for x, y in stroke]
            for stroke in drawing.strokes if stroke]


def send_mouse(widget: QWidget, kind: QEvent.Type, x: float, y: float, pressed: bool) -> None:
    """Deliver one left-button mouse event to ``widget`` (moves carry the held button)."""
    point = QPointF(x, y)
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else left
    buttons = left if pressed else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, point, widget.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def replay_strokes(widget: QWidget, strokes: Sequence[Sequence[tuple[float, float]]],
                   before_release: Callable[[], None] | None = None) -> None:
    """Press, move through and release each stroke with the left button.

    ``before_release`` runs just before each release (a benchmark starts its clock there).
    """
    for stroke in strokes:
        send_mouse(widget, QEvent.Type.MouseButtonPress, *stroke[0], pressed=True)
        for x, y in stroke[1:]:
            send_mouse(widget, QEvent.Type.MouseMove, x, y, pressed=True)
        if before_release is not None:
            before_release()
        send_mouse(widget, QEvent.Type.MouseButtonRelease, *stroke[-1], pressed=False)
