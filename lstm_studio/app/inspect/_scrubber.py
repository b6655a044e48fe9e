"""The timestep scrubber: play button, slider and step label over t = 1..T (28 for a digit read by rows)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QStyle, QWidget

from ..i18n import on_language_change

PLAY_INTERVAL_MS = 280  # about 3.5 steps a second: slow enough to follow the gates


class StepScrubber(QWidget):
    """Emits :attr:`step_changed` with the 1-based step whenever the slider moves (by hand or by Play)."""

    step_changed = Signal(int)

    def __init__(self, steps: int = 28, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.play_button = QPushButton()
        self.play_button.setCheckable(True)
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.toggled.connect(self._on_play_toggled)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(1, steps)
        self.slider.setPageStep(4)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.valueChanged.connect(self._on_value_changed)
        self.label = QLabel()
        self._fit_label(steps)
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._advance)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, stretch=1)
        layout.addWidget(self.label)
        self._show_label(self.slider.value())
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """The button and the tooltips in the current language."""
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))
        self.play_button.setToolTip(self.tr("Play the steps one after another (Space)."))
        self.slider.setToolTip(self.tr("Timestep t: the network has read the input up to step t, e.g. image rows "
                                       "1..t (Left/Right arrows, Home/End)."))
        self.label.setToolTip(self.tr("The current timestep t of all the steps the input takes."))

    @property
    def step(self) -> int:
        return self.slider.value()

    @property
    def steps(self) -> int:
        return self.slider.maximum()

    def _fit_label(self, steps: int) -> None:
        # A fixed width: a text of another width would re-lay out the whole tab at every step.
        self.label.setFixedWidth(self.label.fontMetrics().horizontalAdvance(f"t = {steps} / {steps}") + 8)

    def set_steps(self, steps: int) -> None:
        """Scrub over 1..``steps`` (a model reading a few pixels per step has more than 28); keeps t if it fits."""
        if steps == self.steps:
            return
        self._fit_label(steps)
        self.slider.setTickInterval(max(1, steps // 28))
        self.slider.setPageStep(max(4, steps // 7))
        self.slider.setRange(1, steps)
        self._show_label(self.slider.value())

    def set_step(self, step: int) -> None:
        """Go to ``step``, clamped to 1..steps."""
        self.slider.setValue(max(1, min(self.steps, step)))

    def step_by(self, delta: int) -> None:
        self.set_step(self.step + delta)

    def toggle_play(self) -> None:
        """Play from the current step (from 1 at the end), or pause."""
        self.play_button.toggle()

    def stop(self) -> None:
        self.play_button.setChecked(False)

    @Slot(bool)
    def _on_play_toggled(self, playing: bool) -> None:
        if playing:
            if self.step >= self.steps:
                self.set_step(1)
            self.timer.start()
        else:
            self.timer.stop()
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    @Slot()
    def _advance(self) -> None:
        if self.step >= self.steps:
            self.stop()
        else:
            self.step_by(1)

    @Slot(int)
    def _on_value_changed(self, step: int) -> None:
        self._show_label(step)
        self.step_changed.emit(step)

    def _show_label(self, step: int) -> None:
        self.label.setText(f"t = {step} / {self.steps}")
