"""The Train tab's Data and Model boxes: which digits training uses, which model the views show."""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import digits_notice_text, digits_source_text
from ..widgets._style import active_theme, label_style


def _action_button(name: str, action: QAction, parent: QWidget) -> QPushButton:
    button = QPushButton(parent, objectName=name)
    button.clicked.connect(action.trigger)
    return button


class DataBox(QGroupBox):
    """The digits in use (full MNIST or the bundled mini-MNIST), a notice about them, and Download.

    Its owner (the Train tab) calls :meth:`retranslate` when the language changes.
    """

    def __init__(self, download_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.download_action = download_action
        self.digits: Any = None
        column = QVBoxLayout(self)
        self.label = QLabel(self, objectName="dataLabel", wordWrap=True)
        self.notice = QLabel(self, objectName="dataNotice", wordWrap=True)
        theme = active_theme()
        self.notice.setStyleSheet(label_style(theme.notice_text, f"background: {theme.notice_background}; "
                                              f"border: 1px solid {theme.notice_border}; "
                                              "border-radius: 4px; padding: 4px; "))
        self.notice.setVisible(False)
        self.download_button = _action_button("downloadButton", download_action, self)
        self.download_button.setVisible(False)
        for widget in (self.label, self.notice, self.download_button):
            column.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        """Title, texts and tooltips in the current language."""
        self.setTitle(self.tr("Data"))
        self.label.setToolTip(self.tr("The digits training uses: full MNIST when it is on disk, else the bundled "
                                      "mini-MNIST"))
        self.download_button.setText(self.tr("Download MNIST…"))
        self.download_button.setToolTip(self.download_action.toolTip())
        if self.digits is None:
            self.label.setText(self.tr("Loading…"))
        else:
            self.show_digits(self.digits)

    def show_digits(self, digits: Any) -> None:
        """Say which digits are loaded (a ``DigitSet``); offer the download unless they are full MNIST."""
        self.digits = digits
        self.label.setText(self.tr("<b>{source}</b>: {train} training / {test} test digits").format(
            source=digits_source_text(digits.source), train=f"{len(digits.train_labels):,}",
            test=f"{len(digits.test_labels):,}"))
        self.notice.setText(digits_notice_text(digits.notice))
        self.notice.setVisible(bool(digits.notice))
        self.download_button.setVisible(digits.source != "mnist")


class ModelBox(QGroupBox):
    """The current model (the session's snapshot), a hint about the form's shape, New model and Back to bundled.

    The Train tab sets the label and the hint, and calls :meth:`retranslate` when the language changes.
    """

    def __init__(self, new_model_action: QAction, bundled_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_model_action = new_model_action
        column = QVBoxLayout(self)
        self.label = QLabel(self, objectName="modelLabel", wordWrap=True)
        self.live_note = QLabel(self, objectName="liveNote", wordWrap=True)
        self.live_note.setStyleSheet(label_style(active_theme().info, "font-style: italic; "))
        self.live_note.setVisible(False)
        self.shape_hint = QLabel(self, objectName="shapeHint", wordWrap=True)
        self.shape_hint.setStyleSheet(label_style(active_theme().warning))
        for widget in (self.label, self.live_note, self.shape_hint):
            column.addWidget(widget)
        buttons = QVBoxLayout()  # one above the other: side by side they do not fit the sidebar
        self.new_model_button = _action_button("newModelButton", new_model_action, self)
        self.bundled_button = _action_button("bundledButton", bundled_action, self)
        buttons.addWidget(self.new_model_button)
        buttons.addWidget(self.bundled_button)
        column.addLayout(buttons)
        self.label.setText(self.loading_text())
        self.retranslate()

    def loading_text(self) -> str:
        return self.tr("Loading the bundled model…")

    def retranslate(self) -> None:
        """Title, fixed texts and tooltips in the current language (the label is the Train tab's)."""
        self.setTitle(self.tr("Model"))
        self.label.setToolTip(self.tr("The model Draw, Inspect and Save use, and that Train can continue"))
        self.live_note.setText(self.tr("While training, Draw, Inspect and Save follow this run: they show its "
                                       "weights after the latest step (refreshed about once a second)."))
        self.new_model_button.setText(self.tr("New model"))
        self.new_model_button.setToolTip(self.new_model_action.toolTip())
        self.bundled_button.setText(self.tr("Back to the bundled model"))
        self.bundled_button.setToolTip(self.tr("Make the trained model that ships with LSTM Studio the current "
                                               "model again"))
