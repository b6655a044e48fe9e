"""The probe digits: a strip of clickable thumbnails, framed green or red by the current prediction."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

from ..widgets._style import active_theme, digit_pixmap

THUMBNAIL = 28


class ProbePicker(QWidget):
    """One button per probe digit; the checked one is shown in the heatmaps."""

    probe_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probePicker")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        caption = QLabel("Probe:")
        caption.setToolTip("A fixed batch of test digits (the first 0, 1, …, 9, then again) traced while training.\n"
                           "Click one to see its gates. The frame is green when the network classifies it\n"
                           "correctly right now, red when it does not.")
        self._layout.addWidget(caption)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.probe_selected)
        self.buttons: list[QToolButton] = []
        self._labels: list[int] = []
        self._states: list[bool | None] = []
        self._layout.addStretch(1)

    @property
    def selected(self) -> int:
        return max(0, self._group.checkedId())

    def set_digits(self, images: np.ndarray, labels: np.ndarray, selected: int = 0) -> None:
        """Show the probe batch (``images`` [N, 28, 28]); keeps ``selected`` if in range."""
        for button in self.buttons:
            self._group.removeButton(button)
            button.deleteLater()
        self.buttons, self._labels = [], [int(v) for v in labels]
        self._states = [None] * len(labels)
        for index, (image, label) in enumerate(zip(images, labels)):
            button = self._make_button(index, image, int(label))
            self._layout.insertWidget(1 + index, button)
            self.buttons.append(button)
        if self.buttons:
            self.buttons[min(max(selected, 0), len(self.buttons) - 1)].setChecked(True)

    def _make_button(self, index: int, image: np.ndarray, label: int) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(f"probeButton{index}")
        button.setCheckable(True)
        button.setIcon(QIcon(digit_pixmap(image)))
        button.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        button.setToolTip(f"Probe digit {index + 1}: a test image of a {label}")
        self._group.addButton(button, index)
        self._style(button, None)
        return button

    def select(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)
            self.probe_selected.emit(index)

    def set_predictions(self, predicted: np.ndarray | None) -> None:
        """Frame each digit green (right) or red (wrong); restyles only the ones that changed."""
        for index, button in enumerate(self.buttons):
            state = None if predicted is None or index >= len(predicted) else \
                bool(predicted[index] == self._labels[index])
            if state != self._states[index]:
                self._states[index] = state
                self._style(button, state)
                verdict = {None: "", True: " — classified correctly", False:
                           f" — misread as {int(predicted[index])}" if predicted is not None else ""}[state]
                button.setToolTip(f"Probe digit {index + 1}: a test image of a {self._labels[index]}{verdict}")

    def correct_count(self) -> int:
        return sum(1 for state in self._states if state)

    @staticmethod
    def _style(button: QToolButton, state: bool | None) -> None:
        theme = active_theme()
        colour = {None: theme.faint, True: theme.good, False: theme.error}[state]
        button.setStyleSheet(
            f"QToolButton {{ border: 2px solid {colour}; border-radius: 3px; padding: 1px; "
            f"background: {theme.paper}; }}"
            f"QToolButton:checked {{ border: 4px solid {colour}; background: {theme.thumbnail_checked}; }}")
