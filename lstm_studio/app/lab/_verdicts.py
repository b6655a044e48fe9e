"""One line per cell saying, in plain words, what the run shows: solved, learning, or stuck, and what to try."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...lab._verdict import judge
from ..widgets._style import active_theme, label_style
from ._colours import coloured_name
from ._texts import say_all

#: The colour a verdict's words take (a theme field).
KIND_COLOURS = {"solved": "good", "learning": "info", "baseline": "warning", "diverged": "error", "waiting": "muted"}


class VerdictPanel(QWidget):
    """A label per cell, created when a run starts and updated only when its verdict changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labVerdicts")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(4, 2, 4, 2)
        self.column.setSpacing(2)
        self.labels: dict[str, QLabel] = {}
        self.kinds: dict[str, str] = {}
        self._snapshot: Any = None  # the one shown, said again when the language changes
        self.placeholder = QLabel(self, wordWrap=True)
        self.placeholder.setStyleSheet(label_style(active_theme().muted))
        self.column.addWidget(self.placeholder)
        self.retranslate()

    def retranslate(self) -> None:
        """The placeholder and every verdict in the current language (the tab calls it)."""
        self.placeholder.setText(self.tr("Press <b>Run</b> to train the cells side by side on the same batches; a "
                                         "verdict for each appears here."))
        if self._snapshot is not None:
            self.show(self._snapshot)

    def setup(self, cells: tuple[Any, ...]) -> None:
        for label in self.labels.values():
            self.column.removeWidget(label)
            label.deleteLater()
        self.placeholder.setVisible(False)
        self.labels, self.kinds, self._snapshot = {}, {}, None
        for spec in cells:
            label = QLabel(self, objectName=f"labVerdict_{spec.key}", wordWrap=True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.column.addWidget(label)
            self.labels[spec.key] = label

    def show(self, snapshot: Any) -> None:
        self._snapshot = snapshot
        for cell in snapshot.cells:
            verdict = judge(cell, snapshot.task)
            label = self.labels[cell.spec.key]
            text = verdict_html(verdict)
            if label.text() != text:
                label.setText(text)
                self.kinds[cell.spec.key] = verdict.kind

    def plain_text(self, key: str) -> str:
        """A verdict as the user reads it, without markup (tests)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.labels[key].text())
        return document.toPlainText().replace("\u00a0", " ")


def verdict_html(verdict: Any) -> str:
    """A verdict as rich text in the app's language: the cell's name in its colour, the sentences in the colour of
    the verdict's kind, the advice in italics."""
    colour = getattr(active_theme(), KIND_COLOURS[verdict.kind])
    words = f"<span style='color:{colour}'>"
    # The name keeps its own colours wherever the translation puts it: the verdict's colour pauses around it.
    headline = say_all(verdict.sentences, lambda spec: f"</span>{coloured_name(spec)}{words}")
    advice = f" <i>{say_all(verdict.tips)}</i>" if verdict.tips else ""
    return f"{words}{headline}</span>{advice}"
