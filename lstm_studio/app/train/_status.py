"""The training read-out that sits in the window's status bar: speed, position, ETA, progress."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from ..i18n import on_language_change

#: A text, or a function that says it in the current language (so it can be said again after a switch).
Text = str | Callable[[], str]


def _said(text: Text) -> str:
    return text() if callable(text) else text


def format_duration(seconds: float) -> str:
    """``75`` -> ``"1:15"``, ``3725`` -> ``"1:02:05"``; ``"–"`` when unknown."""
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainStatus(QWidget):
    """Samples per second, epoch and batch, ETA and a progress bar for the current run.

    The texts its owner gives may be functions (:data:`Text`): they are called again when the
    language changes, as are the read-outs of the last snapshot.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(14)
        self.state_label = self._label("trainState")
        self.speed_label = self._label("trainSpeed")
        self.position_label = self._label("trainPosition")
        self.eta_label = self._label("trainEta")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("trainProgress")
        self.progress.setRange(0, 100)  # whole percent: setValue repaints only when the bar changes
        self.progress.setTextVisible(True)
        self.progress.setFixedWidth(170)
        for widget in (self.state_label, self.speed_label, self.position_label, self.eta_label, self.progress):
            layout.addWidget(widget)
        self._state: Text = ""
        self._shown: tuple[Any, bool] | None = None  # the snapshot on display, and whether paused
        self.show_idle(self.idle_word)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def idle_word(self) -> str:
        return self.tr("Idle")

    def retranslate(self) -> None:
        """Tooltips and every read-out in the current language."""
        self.state_label.setToolTip(self.tr("What training is doing"))
        self.speed_label.setToolTip(self.tr("Training throughput: samples per second (training time only; pauses "
                                            "and evaluation excluded)"))
        self.position_label.setToolTip(self.tr("Epoch and batch of the current run, and optimiser steps"))
        self.eta_label.setToolTip(self.tr("Estimated time left in this run, from the mean batch time so far"))
        self.progress.setToolTip(self.tr("Share of this run's planned batches done"))
        self.state_label.setText(_said(self._state))
        if self._shown is not None:
            self._show_numbers(self._shown[0])

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label

    def show_snapshot(self, snapshot: Any, paused: bool, state: Text | None = None) -> None:
        """A running (or paused) run's read-outs; ``state`` replaces "Training" (e.g. "Following")."""
        if state is None:
            state = self.paused_word if paused else self.training_word
        self._state, self._shown = state, (snapshot, paused)
        self.state_label.setText(_said(state))
        self._show_numbers(snapshot)
        self._set_progress(snapshot.progress)
        for widget in (self.speed_label, self.position_label, self.eta_label, self.progress):
            widget.setVisible(True)

    def paused_word(self) -> str:
        return self.tr("Paused")

    def training_word(self) -> str:
        return self.tr("Training")

    def _show_numbers(self, snapshot: Any) -> None:
        self.speed_label.setText(self.tr("{speed} samples/s").format(speed=f"{snapshot.samples_per_s:,.0f}"))
        self.position_label.setText(
            self.tr("epoch {epoch}/{epochs} · batch {batch}/{batches} · step {step}").format(
                epoch=snapshot.epoch + 1, epochs=snapshot.epochs, batch=snapshot.batch,
                batches=snapshot.batches_per_epoch, step=f"{snapshot.step:,}"))
        self.eta_label.setText(self.tr("ETA {time}").format(time=format_duration(snapshot.eta_s)))

    def show_starting(self, text: Text) -> None:
        self._state, self._shown = text, None
        self.state_label.setText(_said(text))
        self._set_progress(0.0)
        self.progress.setVisible(True)

    def show_idle(self, text: Text, progress: float | None = None) -> None:
        """Between runs: a short summary; the progress bar stays if the run's progress is known."""
        self._state, self._shown = text, None
        self.state_label.setText(_said(text))
        for widget in (self.speed_label, self.position_label, self.eta_label):
            widget.setVisible(False)
        self.progress.setVisible(progress is not None)
        if progress is not None:
            self._set_progress(progress)

    def _set_progress(self, fraction: float) -> None:
        self.progress.setValue(int(100 * min(1.0, max(0.0, fraction))))
