"""A text drawn as a grid of character cells: each coloured by a value (a unit, a connectivity), and under
each one the model's top guesses for the next character, shaded by their probability (Karpathy et al. 2015).

Only the cells inside the repainted rectangle are drawn, so a long text in a scroll area stays cheap.
Click a character to choose it; drag across characters to select a span.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..widgets._style import active_theme

#: How characters that have no glyph of their own are shown in a cell.
SHOWN_AS = {"\n": "↵", "\t": "⇥", " ": " ", "\r": "↵"}
LINE_GAP = 6


def shown(char: str) -> str:
    """The glyph of a character in a cell (a line break as ↵, other control characters as ·)."""
    if char in SHOWN_AS:
        return SHOWN_AS[char]
    return "·" if not char.isprintable() else char


def _rgb(colour: QColor) -> np.ndarray:
    return np.array([colour.red(), colour.green(), colour.blue()], dtype=np.float32)


def _mix(values: np.ndarray, low: QColor, high: np.ndarray) -> np.ndarray:
    """RGBA ``[T, 4]`` uint8: ``low`` blended towards ``high`` (``[T, 3]`` or ``[3]``) by ``values`` in 0..1;
    alpha 0 (no colour) where a value is NaN."""
    values = np.asarray(values, dtype=np.float32)
    known = np.isfinite(values)
    share = np.clip(np.where(known, values, 0.0), 0.0, 1.0)[:, None]
    base = _rgb(low)
    rgba = np.zeros((len(values), 4), dtype=np.uint8)
    rgba[:, :3] = np.round(base + share * (np.asarray(high, dtype=np.float32) - base))
    rgba[:, 3] = np.where(known, 255, 0)
    return rgba


def diverging_colours(values: np.ndarray, background: QColor) -> np.ndarray:
    """Values in -1..1 as blue (negative) to red (positive) over ``background``, RGBA ``[T, 4]``; NaN: no colour."""
    values = np.asarray(values, dtype=np.float32)
    targets = np.where((values > 0)[:, None], _rgb(QColor(214, 39, 40)), _rgb(QColor(31, 119, 180)))
    return _mix(np.abs(values), background, targets)


def intensity_colours(values: np.ndarray, background: QColor, accent: QColor) -> np.ndarray:
    """Values in 0..1 as ``accent`` of that strength over ``background``, RGBA ``[T, 4]``; NaN: no colour."""
    return _mix(values, background, _rgb(accent))


class CharGrid(QWidget):
    """Characters in wrapped lines of cells, optional guess rows under each, a cursor and a selected span.

    ``break_lines``: start a new line after a line break (as text reads), or run on (compact, a passage).
    """

    char_clicked = Signal(int)
    span_selected = Signal(int, int)  # start, end (exclusive)

    def __init__(self, guess_rows: int = 5, break_lines: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.break_lines = break_lines
        self.setObjectName("charGrid")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(8.0, font.pointSizeF()))
        self.setFont(font)
        self.guess_rows = guess_rows
        self.text = ""
        self.colours = np.zeros((0, 4), dtype=np.uint8)  # RGBA per character; alpha 0: no colour
        self.guesses: list[list[str]] = []
        self.guess_colours = np.zeros((0, 0, 4), dtype=np.uint8)
        self.cursor, self.span = -1, None
        self._positions = np.zeros((0, 2), dtype=np.int32)
        self._drag_from = -1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(False)

    # --- data ----------------------------------------------------------------------------
    @property
    def cell_size(self) -> QSize:
        metrics = self.fontMetrics()  # cheap enough per call; paintEvent reads it once
        return QSize(metrics.horizontalAdvance("M") + 3, metrics.height() + 2)

    def set_text(self, text: str, colours: np.ndarray | None = None,
                 guesses: list[list[str]] | None = None, guess_probs: np.ndarray | None = None) -> None:
        """Show ``text``; ``colours`` RGBA per character, ``guesses[t]`` the likeliest next characters after ``t``
        (shaded by ``guess_probs[t]``)."""
        relayout = text != self.text
        self.text = text
        self.colours = colours if colours is not None else np.zeros((len(text), 4), dtype=np.uint8)
        self.guesses = guesses or []
        if guess_probs is not None:
            probs = np.asarray(guess_probs, dtype=np.float32)
            shades = intensity_colours(probs.ravel(), active_theme().qcolor("plot_background"),
                                       QColor(active_theme().good))
            self.guess_colours = shades.reshape(*probs.shape, 4)
        if relayout:
            self._layout_cells()
        self.update()

    def set_colours(self, colours: np.ndarray) -> None:
        self.colours = colours
        self.update()

    def colour_at(self, index: int) -> QColor | None:
        """The colour of character ``index``'s cell, or None when it has none."""
        if index >= len(self.colours) or self.colours[index, 3] == 0:
            return None
        r, g, b, _ = (int(v) for v in self.colours[index])
        return QColor(r, g, b)

    def set_cursor(self, index: int) -> None:
        if index != self.cursor:
            self.cursor = index
            self.update()

    def set_span(self, span: tuple[int, int] | None) -> None:
        self.span = span
        self.update()

    # --- geometry ------------------------------------------------------------------------
    @property
    def line_height(self) -> int:
        return self.cell_size.height() * (1 + self.guess_rows) + LINE_GAP

    def _layout_cells(self) -> None:
        """Cell positions ``[T, 2]`` (column, line): lines wrap at the width and after every line break."""
        per_line = max(8, self.width() // self.cell_size.width())
        positions = np.zeros((len(self.text), 2), dtype=np.int32)
        column = line = 0
        for index, char in enumerate(self.text):
            if column >= per_line:
                column, line = 0, line + 1
            positions[index] = column, line
            column += 1
            if char == "\n" and self.break_lines:
                column, line = 0, line + 1
        self._positions = positions
        lines = int(positions[-1, 1]) + 1 if len(positions) else 1
        self.setMinimumHeight(lines * self.line_height)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(600, max(self.minimumHeight(), self.line_height))

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._layout_cells()

    def cell_rect(self, index: int) -> QRect:
        """Where character ``index`` is drawn (its guesses are below it)."""
        column, line = self._positions[index]
        size = self.cell_size
        return QRect(int(column) * size.width(), int(line) * self.line_height, size.width(), size.height())

    def index_at(self, point: QPoint) -> int:
        """The character under ``point`` (the nearest one of its line), or -1."""
        if not len(self._positions):
            return -1
        line = point.y() // self.line_height
        column = point.x() // self.cell_size.width()
        on_line = np.flatnonzero(self._positions[:, 1] == line)
        if not len(on_line):
            return -1
        return int(on_line[np.argmin(np.abs(self._positions[on_line, 0] - column))])

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        theme = active_theme()
        painter = QPainter(self)
        painter.fillRect(event.rect(), theme.qcolor("plot_background"))
        if not self.text:
            return
        size, line_height = self.cell_size, self.line_height
        width, height = size.width(), size.height()
        first = max(0, event.rect().top() // line_height)
        last = event.rect().bottom() // line_height
        visible = np.flatnonzero((self._positions[:, 1] >= first) & (self._positions[:, 1] <= last))
        # Plain Python lists: indexing NumPy arrays cell by cell would cost more than the painting.
        positions, colours = self._positions[visible].tolist(), self.colours[visible].tolist()
        ink, muted = QColor(theme.ink), QColor(theme.muted)
        span = self.span or (0, 0)
        for index, (column, line), (r, g, b, a) in zip(visible.tolist(), positions, colours):
            rect = QRect(column * width, line * line_height, width, height)
            if a:
                painter.fillRect(rect, QColor(r, g, b))
            if span[0] <= index < span[1]:
                painter.fillRect(rect, QColor(255, 200, 0, 90))
            char = self.text[index]
            painter.setPen(muted if char in "\n\t" else ink)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown(char))
        if self.guesses:
            self._paint_guesses(painter, visible, size, ink)
        self._paint_cursor(painter)

    def _paint_guesses(self, painter: QPainter, visible: np.ndarray, size: QSize, ink: QColor) -> None:
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)
        painter.setFont(small)
        painter.setPen(ink)
        shades = self.guess_colours.tolist() if len(self.guess_colours) else []
        for index in visible.tolist():
            if index >= len(self.guesses):
                break
            rect = self.cell_rect(index)
            for row, guess in enumerate(self.guesses[index][: self.guess_rows]):
                below = rect.translated(0, (row + 1) * size.height())
                if index < len(shades):
                    r, g, b, _ = shades[index][row]
                    painter.fillRect(below, QColor(r, g, b))
                painter.drawText(below, Qt.AlignmentFlag.AlignCenter, shown(guess))
        painter.setFont(self.font())

    def _paint_cursor(self, painter: QPainter) -> None:
        if 0 <= self.cursor < len(self.text):
            rect = self.cell_rect(self.cursor)
            rect.setHeight(rect.height() * (1 + (self.guess_rows if self.guesses else 0)))
            painter.setPen(QPen(QColor(active_theme().accent), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))

    # --- mouse ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._drag_from = self.index_at(event.position().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.index_at(event.position().toPoint())
        start, self._drag_from = self._drag_from, -1
        if index < 0 or start < 0:
            return
        if index == start:
            self.char_clicked.emit(index)
        else:
            low, high = sorted((start, index))
            self.span_selected.emit(low, high + 1)
