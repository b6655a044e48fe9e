"""The training read-out that sits in the window's status bar: speed, position, ETA, progress."""
from __future__ import annotations

import math
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


def format_duration(seconds: float) -> str:
    """``75`` -> ``"1:15"``, ``3725`` -> ``"1:02:05"``; ``"–"`` when unknown."""
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainStatus(QWidget):
    """Samples per second, epoch and batch, ETA and a progress bar for the current run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(14)
        self.state_label = self._label("trainState", "What training is doing")
        self.speed_label = self._label("trainSpeed", "Training throughput: samples per second "
                                                     "(training time only; pauses and evaluation excluded)")
        self.position_label = self._label("trainPosition", "Epoch and batch of the current run, and optimiser steps")
        self.eta_label = self._label("trainEta", "Estimated time left in this run, from the mean batch time so far")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("trainProgress")
        self.progress.setRange(0, 100)  # whole percent: setValue repaints only when the bar changes
        self.progress.setTextVisible(True)
        self.progress.setFixedWidth(170)
        self.progress.setToolTip("Share of this run's planned batches done")
        for widget in (self.state_label, self.speed_label, self.position_label, self.eta_label, self.progress):
            layout.addWidget(widget)
        self.show_idle("Idle")

    def _label(self, name: str, tip: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setToolTip(tip)
        return label

    def show_snapshot(self, snapshot: Any, paused: bool) -> None:
        self.state_label.setText("Paused" if paused else "Training")
        self.speed_label.setText(f"{snapshot.samples_per_s:,.0f} samples/s")
        self.position_label.setText(f"epoch {snapshot.epoch + 1}/{snapshot.epochs} · "
                                    f"batch {snapshot.batch}/{snapshot.batches_per_epoch} · step {snapshot.step:,}")
        self.eta_label.setText(f"ETA {format_duration(snapshot.eta_s)}")
        self._set_progress(snapshot.progress)
        for widget in (self.speed_label, self.position_label, self.eta_label, self.progress):
            widget.setVisible(True)

    def show_starting(self, text: str) -> None:
        self.state_label.setText(text)
        self._set_progress(0.0)
        self.progress.setVisible(True)

    def show_idle(self, text: str, progress: float | None = None) -> None:
        """Between runs: a short summary; the progress bar stays if the run's progress is known."""
        self.state_label.setText(text)
        for widget in (self.speed_label, self.position_label, self.eta_label):
            widget.setVisible(False)
        self.progress.setVisible(progress is not None)
        if progress is not None:
            self._set_progress(progress)

    def _set_progress(self, fraction: float) -> None:
        self.progress.setValue(int(100 * min(1.0, max(0.0, fraction))))
