"""The Train tab's Data and Model boxes: which digits training uses, which model the views show."""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ..widgets._style import active_theme, label_style

LIVE_NOTE = ("While training, Draw, Inspect and Save follow this run: they show its weights after the "
             "latest step (refreshed about once a second).")


def _action_button(text: str, name: str, action: QAction, parent: QWidget, tip: str = "") -> QPushButton:
    button = QPushButton(text, parent, objectName=name)
    button.setToolTip(tip or action.toolTip())
    button.clicked.connect(action.trigger)
    return button


class DataBox(QGroupBox):
    """The digits in use (full MNIST or the bundled mini-MNIST), a notice about them, and Download."""

    def __init__(self, download_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__("Data", parent)
        column = QVBoxLayout(self)
        self.label = QLabel("Loading…", self, objectName="dataLabel", wordWrap=True)
        self.label.setToolTip("The digits training uses: full MNIST when it is on disk, else the bundled mini-MNIST")
        self.notice = QLabel(self, objectName="dataNotice", wordWrap=True)
        theme = active_theme()
        self.notice.setStyleSheet(label_style(theme.notice_text, f"background: {theme.notice_background}; "
                                              f"border: 1px solid {theme.notice_border}; "
                                              "border-radius: 4px; padding: 4px; "))
        self.notice.setVisible(False)
        self.download_button = _action_button("Download MNIST…", "downloadButton", download_action, self)
        self.download_button.setVisible(False)
        for widget in (self.label, self.notice, self.download_button):
            column.addWidget(widget)

    def show_digits(self, digits: Any) -> None:
        """Say which digits are loaded (a ``DigitSet``); offer the download unless they are full MNIST."""
        self.label.setText(f"<b>{digits.source}</b>: {len(digits.train_labels):,} training / "
                           f"{len(digits.test_labels):,} test digits")
        self.notice.setText(digits.notice)
        self.notice.setVisible(bool(digits.notice))
        self.download_button.setVisible(digits.source != "mnist")


class ModelBox(QGroupBox):
    """The current model (the session's snapshot), a hint about the form's shape, New model and Back to bundled."""

    def __init__(self, new_model_action: QAction, bundled_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__("Model", parent)
        column = QVBoxLayout(self)
        self.label = QLabel("Loading the bundled model…", self, objectName="modelLabel", wordWrap=True)
        self.label.setToolTip("The model Draw, Inspect and Save use, and that Train can continue")
        self.live_note = QLabel(LIVE_NOTE, self, objectName="liveNote", wordWrap=True)
        self.live_note.setStyleSheet(label_style(active_theme().info, "font-style: italic; "))
        self.live_note.setVisible(False)
        self.shape_hint = QLabel(self, objectName="shapeHint", wordWrap=True)
        self.shape_hint.setStyleSheet(label_style(active_theme().warning))
        for widget in (self.label, self.live_note, self.shape_hint):
            column.addWidget(widget)
        buttons = QVBoxLayout()  # one above the other: side by side they do not fit the sidebar
        self.new_model_button = _action_button("New model", "newModelButton", new_model_action, self)
        self.bundled_button = _action_button("Back to the bundled model", "bundledButton", bundled_action, self,
                                             "Make the trained model that ships with LSTM Studio the current "
                                             "model again")
        buttons.addWidget(self.new_model_button)
        buttons.addWidget(self.bundled_button)
        column.addLayout(buttons)
