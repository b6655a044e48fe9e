"""The probe digits: a strip of clickable thumbnails, framed green or red by the current prediction."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

from ..widgets._style import active_theme, digit_pixmap

THUMBNAIL = 28


class ProbePicker(QWidget):
    """One button per probe digit; the checked one is shown in the heatmaps.

    Its owner calls :meth:`retranslate` when the language changes.
    """

    probe_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probePicker")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        self.caption = QLabel()
        self._layout.addWidget(self.caption)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.probe_selected)
        self.buttons: list[QToolButton] = []
        self._labels: list[int] = []
        self._states: list[bool | None] = []
        self._predicted: np.ndarray | None = None
        self._layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """The caption and every thumbnail's tooltip in the current language."""
        self.caption.setText(self.tr("Probe:"))
        self.caption.setToolTip(self.tr("A fixed batch of test digits (the first 0, 1, …, 9, then again) traced "
                                        "while training.\nClick one to see its gates. The frame is green when the "
                                        "network classifies it\ncorrectly right now, red when it does not."))
        for index, button in enumerate(self.buttons):
            button.setToolTip(self._tip(index))

    def _tip(self, index: int) -> str:
        """A thumbnail's tooltip: which test digit it is, and how the network reads it now."""
        label, state = self._labels[index], self._states[index]
        tip = self.tr("Probe digit {number}: a test image of a {label}").format(number=index + 1, label=label)
        if state is True:
            tip += self.tr(" — classified correctly")
        elif state is False and self._predicted is not None:
            tip += self.tr(" — misread as {digit}").format(digit=int(self._predicted[index]))
        return tip

    @property
    def selected(self) -> int:
        return max(0, self._group.checkedId())

    def set_digits(self, images: np.ndarray, labels: np.ndarray, selected: int = 0) -> None:
        """Show the probe batch (``images`` [N, 28, 28]); keeps ``selected`` if in range."""
        for button in self.buttons:
            self._group.removeButton(button)
            button.deleteLater()
        self.buttons, self._labels = [], [int(v) for v in labels]
        self._states, self._predicted = [None] * len(labels), None
        for index, (image, label) in enumerate(zip(images, labels)):
            button = self._make_button(index, image, int(label))
            self._layout.insertWidget(1 + index, button)
            self.buttons.append(button)
            button.setToolTip(self._tip(index))
        if self.buttons:
            self.buttons[min(max(selected, 0), len(self.buttons) - 1)].setChecked(True)

    def _make_button(self, index: int, image: np.ndarray, label: int) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(f"probeButton{index}")
        button.setCheckable(True)
        button.setIcon(QIcon(digit_pixmap(image)))
        button.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self._group.addButton(button, index)
        self._style(button, None)
        return button

    def select(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)
            self.probe_selected.emit(index)

    def set_predictions(self, predicted: np.ndarray | None) -> None:
        """Frame each digit green (right) or red (wrong); restyles only the ones that changed."""
        self._predicted = predicted
        for index, button in enumerate(self.buttons):
            state = None if predicted is None or index >= len(predicted) else \
                bool(predicted[index] == self._labels[index])
            if state != self._states[index]:
                self._states[index] = state
                self._style(button, state)
                button.setToolTip(self._tip(index))

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
