"""One line per cell saying, in plain words, what the run shows: solved, learning, or stuck, and what to try."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...lab._verdict import judge
from ..widgets._style import active_theme, label_style
from ._colours import coloured_name

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
        self.placeholder = QLabel("Press <b>Run</b> to train the cells side by side on the same batches; a verdict "
                                  "for each appears here.", self, wordWrap=True)
        self.placeholder.setStyleSheet(label_style(active_theme().muted))
        self.column.addWidget(self.placeholder)

    def setup(self, cells: tuple[Any, ...]) -> None:
        for label in self.labels.values():
            self.column.removeWidget(label)
            label.deleteLater()
        self.placeholder.setVisible(False)
        self.labels, self.kinds = {}, {}
        for spec in cells:
            label = QLabel(self, objectName=f"labVerdict_{spec.key}", wordWrap=True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.column.addWidget(label)
            self.labels[spec.key] = label

    def show(self, snapshot: Any) -> None:
        theme = active_theme()
        for cell in snapshot.cells:
            verdict = judge(cell, snapshot.task)
            words = verdict.headline.removeprefix(cell.spec.label)
            advice = f" <i>{verdict.advice}</i>" if verdict.advice else ""
            colour = getattr(theme, KIND_COLOURS[verdict.kind])
            text = f"{coloured_name(cell.spec)}<span style='color:{colour}'>{words}</span>{advice}"
            label = self.labels[cell.spec.key]
            if label.text() != text:
                label.setText(text)
                self.kinds[cell.spec.key] = verdict.kind

    def plain_text(self, key: str) -> str:
        """A verdict as the user reads it, without markup (tests)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.labels[key].text())
        return document.toPlainText().replace("\u00a0", " ")
