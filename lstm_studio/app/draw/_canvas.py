"""The drawing canvas: renders a :class:`~lstm_studio.data.Drawing` and forwards pointer input to it.

The strokes live in the Qt-free ``Drawing``; this widget only paints them and turns mouse,
pen (tablet) and touch events into ``begin_stroke`` / ``add_point`` / ``end_stroke`` calls.
A drawing made for another canvas size (e.g. loaded from a file) is shown scaled to fit,
while its own coordinates, and so its classification, stay untouched.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen,
                           QResizeEvent, QTabletEvent, QTransform)
from PySide6.QtWidgets import QWidget

from ...data import Drawing
from ..i18n import on_language_change
from ..widgets._style import active_theme


#: Longer strokes are thinned for display only: painting a 100,000-point stroke file took 0.5 s
#: a repaint. The drawing keeps every point, so its classification is unchanged.
MAX_PATH_POINTS = 2_000


def stroke_path(points: Sequence[tuple[float, float]]) -> QPainterPath:
    """A smooth path through ``points``: quadratic curves between the midpoints of segments.

    Pen samples arrive every few milliseconds along a straight chord; curving through the
    midpoints hides those corners without moving the ends of the stroke.
    """
    if len(points) > MAX_PATH_POINTS:
        stride = -(-len(points) // MAX_PATH_POINTS)
        points = [*points[:-1:stride], points[-1]]
    path = QPainterPath(QPointF(*points[0]))
    if len(points) == 1:
        # A dot: a zero-length line, which a round-capped pen draws as a disc.
        path.lineTo(QPointF(points[0][0] + 0.01, points[0][1]))
        return path
    for (x0, y0), (x1, y1) in zip(points[1:-1], points[2:]):
        path.quadTo(QPointF(x0, y0), QPointF((x0 + x1) / 2, (y0 + y1) / 2))
    path.lineTo(QPointF(*points[-1]))
    return path


def fit_transform(content_width: float, content_height: float, target: QRectF) -> QTransform:
    """Scale (aspect kept) and centre a ``content_width`` x ``content_height`` area into ``target``."""
    scale = min(target.width() / content_width, target.height() / content_height)
    dx = target.x() + (target.width() - content_width * scale) / 2
    dy = target.y() + (target.height() - content_height * scale) / 2
    return QTransform(scale, 0, 0, scale, dx, dy)


def paint_strokes(painter: QPainter, paths: Sequence[QPainterPath], transform: QTransform,
                  pen_width: float, colour: QColor | None = None) -> None:
    """Draw stroke paths (in drawing coordinates) antialiased, round caps and joins (the theme's ink)."""
    colour = colour or active_theme().qcolor("ink")
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setTransform(transform, combine=True)
    scale = transform.m11() or 1.0
    pen = QPen(colour, pen_width / scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for path in paths:
        painter.drawPath(path)
    painter.restore()


class DigitCanvas(QWidget):
    """Draw a digit with the mouse, a pen or a finger.

    It is paper-like in both themes: dark ink on white in the light one, light ink on a dark
    page in the dark one (which is also how the MNIST digits look).

    Parameters
    ----------
    drawing
        The model object that holds the strokes. The canvas subscribes to it and repaints
        on every change, whoever made it (the pointer, Undo, loading a file).
    """

    def __init__(self, drawing: Drawing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitCanvas")
        self.drawing = drawing
        self._paths: list[QPainterPath] = []
        self._painted: list[tuple[int, int]] = []  # (id, length) of each stroke in _paths
        self._pointer_down = False
        self._picture: QImage | None = None
        self.hint = ""
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(220, 220)
        self.retranslate()
        on_language_change(self, self.retranslate)
        self._unsubscribe = drawing.subscribe(self._on_drawing_changed)
        self.destroyed.connect(self._unsubscribe)

    def retranslate(self) -> None:
        """The hint on the empty canvas and the tooltip, in the current language."""
        self.hint = self.tr("Draw a digit here")
        self.setToolTip(self.tr("Draw one digit with the mouse, a pen or a finger; it is classified when you lift.\n"
                                "Esc or Delete clears, Ctrl+Z undoes the last stroke."))
        self.setAccessibleName(self.tr("Digit drawing canvas"))
        self.update()

    # --- what is shown ---------------------------------------------------------------
    @property
    def pen_width(self) -> float:
        """On-screen pen width: thick enough to look like a marker at any canvas size."""
        return max(5.0, min(self.width(), self.height()) / 22)

    def set_picture(self, picture: QImage | None) -> None:
        """Show a loaded image (scaled to fit) under the strokes, or none."""
        self._picture = picture
        self.update()

    def drawing_transform(self) -> QTransform:
        """Drawing coordinates -> widget pixels (identity when the drawing matches the canvas)."""
        return fit_transform(self.drawing.width, self.drawing.height, QRectF(self.rect()))

    def _on_drawing_changed(self, finished: bool) -> None:
        strokes = self.drawing.strokes
        shown = [(id(stroke), len(stroke)) for stroke in strokes if stroke]
        if shown == self._painted:
            # A stroke's end changes nothing on screen; skipping the repaint keeps the
            # moment of classification cheap.
            return
        if not finished and strokes and shown[:-1] == self._painted[:len(shown) - 1]:
            # Mid-stroke: only the stroke being drawn changed.
            del self._paths[len(shown) - 1:]
            self._paths.append(stroke_path(strokes[-1]))
        else:
            self._paths = [stroke_path(stroke) for stroke in strokes if stroke]
            self._match_canvas_if_empty()
        self._painted = shown
        self.update()

    def _match_canvas_if_empty(self) -> None:
        # New strokes are recorded in this canvas's pixels; a loaded drawing keeps its own size.
        if self.drawing.is_empty and self.width() > 0 and self.height() > 0:
            self.drawing.width, self.drawing.height = float(self.width()), float(self.height())

    # --- Qt overrides ----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), active_theme().qcolor("paper"))
        if self._picture is not None:
            target = fit_transform(self._picture.width(), self._picture.height(), QRectF(self.rect()))
            painter.setTransform(target)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(0, 0, self._picture)
            painter.resetTransform()
        paint_strokes(painter, self._paths, self.drawing_transform(), self.pen_width)
        self._paint_frame(painter)

    def _paint_frame(self, painter: QPainter) -> None:
        theme = active_theme()
        painter.setPen(QPen(theme.qcolor("paper_guide"), 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 8, 8)
        if self.drawing.is_empty and self._picture is None and not self._pointer_down:
            font = painter.font()
            font.setPointSizeF(max(11.0, self.height() / 30))
            painter.setFont(font)
            painter.setPen(theme.qcolor("paper_hint"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.hint)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._match_canvas_if_empty()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._press(event.position())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        # Qt sends a press and then this for a quick second stroke; the default would
        # press again and split the stroke.
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._move(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._release(event.position())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt override
        # Accepting a tablet event stops Qt from also synthesising a mouse event for it.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._press(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._move(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._release(event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel):
            self._touch(event)
            return True
        return super().event(event)

    # --- pointer -> drawing ----------------------------------------------------------
    def _touch(self, event: QEvent) -> None:
        points = event.points()  # the first finger draws; others are ignored
        if not points:
            return
        position = points[0].position()
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._press(position)
        elif kind == QEvent.Type.TouchUpdate:
            self._move(position)
        else:
            self._release(position)
        event.accept()

    def _to_drawing(self, position: QPointF) -> tuple[float, float]:
        inverse, _ = self.drawing_transform().inverted()
        point = inverse.map(position)
        return point.x(), point.y()

    def _press(self, position: QPointF) -> None:
        if self._pointer_down:  # a press without release (e.g. a second device): close the stroke
            self._release(position)
        self._match_canvas_if_empty()
        self._pointer_down = True
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.drawing.begin_stroke(*self._to_drawing(position))

    def _move(self, position: QPointF) -> None:
        if self._pointer_down:
            self.drawing.add_point(*self._to_drawing(position))

    def _release(self, position: QPointF) -> None:
        if self._pointer_down:
            self.drawing.add_point(*self._to_drawing(position))
            self._pointer_down = False
            self.drawing.end_stroke()


class SquareHolder(QWidget):
    """Keeps its one child square and centred: a digit is drawn in a square box."""

    def __init__(self, child: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.child = child
        child.setParent(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.child.minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return width

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        side = min(self.width(), self.height())
        self.child.setGeometry((self.width() - side) // 2, (self.height() - side) // 2, side, side)
