"""The hyper-parameter form of the Train tab, remembered between runs (QSettings)."""
from __future__ import annotations

import math
import os
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget)

from ..shell._settings import read_value

DEVICE_LABELS = {"auto": "Auto (best available)", "cpu": "CPU", "cuda": "CUDA (GPU)", "mps": "MPS (Apple GPU)"}


class LogSpinBox(QDoubleSpinBox):
    """A positive number stepped through 1, 2, 5 x 10^k (the usual learning-rate grid)."""

    def __init__(self, minimum: float, maximum: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(8)
        self.setRange(minimum, maximum)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        grid = [m * 10.0 ** e for e in range(-8, 3) for m in (1, 2, 5)]
        value = self.value()
        index = min(range(len(grid)), key=lambda k: abs(math.log(grid[k] / value)))
        self.setValue(grid[min(max(index + steps, 0), len(grid) - 1)])

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, position: int) -> object:
        from PySide6.QtGui import QValidator

        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, position
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, position


class DoublingSpinBox(QSpinBox):
    """Steps by doubling and halving (batch sizes); any value can still be typed."""

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        self.setValue(int(self.value() * 2.0 ** steps))


def _spin(name: str, low: int, high: int, tip: str, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setToolTip(tip)
    box.setSpecialValueText(special)
    box.setAccelerated(True)
    return box


class TrainControls(QWidget):
    """Layers, hidden size, learning rate, batch size, epochs, dropout, probe interval, device, threads."""

    shape_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_shape(form)
        self._build_optimiser(form)
        self._build_run(form)
        self.layers.valueChanged.connect(self._on_shape_edited)
        self.hidden_size.valueChanged.connect(self._on_shape_edited)
        self._on_shape_edited()

    def _build_shape(self, form: QFormLayout) -> None:
        self.layers = _spin("layersSpin", 1, 6, "Stacked LSTM layers. Each layer reads the hidden states of the one "
                                                "below.\nChanging the shape makes Train start from fresh weights.")
        self.hidden_size = _spin("hiddenSizeSpin", 2, 1024, "Units per layer: the size of the cell state c and "
                                                            "hidden state h.\nChanging the shape makes Train start "
                                                            "from fresh weights.")
        self.dropout = QDoubleSpinBox(objectName="dropoutSpin", minimum=0.0, maximum=0.9, singleStep=0.05,
                                      decimals=2)
        self.dropout.setToolTip("Dropout between stacked layers while training (none with a single layer)")
        form.addRow("Layers", self.layers)
        form.addRow("Hidden size", self.hidden_size)
        form.addRow("Dropout", self.dropout)

    def _build_optimiser(self, form: QFormLayout) -> None:
        self.learning_rate = LogSpinBox(1e-6, 100.0)
        self.learning_rate.setObjectName("learningRateSpin")
        self.learning_rate.setToolTip("Adam learning rate. 1e-3 is a good start; 10 makes training diverge\n"
                                      "(the run then stops with the reason and keeps the model as it was).")
        self.schedule = QComboBox(objectName="scheduleCombo")
        self.schedule.addItem("Constant", "constant")
        self.schedule.addItem("Cosine decay", "cosine")
        self.schedule.setToolTip("Keep the learning rate constant, or decay it to 0 over the run")
        self.batch_size = DoublingSpinBox(objectName="batchSizeSpin", minimum=1, maximum=4096)
        self.batch_size.setToolTip("Digits per optimiser step (the arrows double and halve it)")
        self.epochs = _spin("epochsSpin", 1, 500, "Passes over the training digits in this run")
        self.batches_per_epoch = _spin("batchesPerEpochSpin", 0, 1_000_000,
                                       "Stop each epoch after this many batches (all: the whole training set).\n"
                                       "Small numbers make quick demonstrations.", "all")
        form.addRow("Learning rate", self.learning_rate)
        form.addRow("LR schedule", self.schedule)
        form.addRow("Batch size", self.batch_size)
        form.addRow("Epochs", self.epochs)
        form.addRow("Batches/epoch", self.batches_per_epoch)

    def _build_run(self, form: QFormLayout) -> None:
        self.augment = QCheckBox("Jitter digits", objectName="augmentCheck")
        self.augment.setToolTip("Randomly rotate, scale, shear, shift and thicken the training digits,\n"
                                "so the network also reads hand-drawn digits well")
        self.probe_every = _spin("probeEverySpin", 0, 100_000,
                                 "Trace the probe digits' gates every N optimiser steps.\nauto: as often as "
                                 "possible while tracing takes at most 1% of training time.", "auto")
        self.device = QComboBox(objectName="deviceCombo")
        self.device.setToolTip("Where to train: Auto picks a GPU when there is one, else the CPU")
        self.set_devices(["cpu"])
        cores = os.cpu_count() or 1
        self.threads = _spin("threadsSpin", 0, cores, f"CPU threads for training (this machine has {cores} "
                             f"cores).\nauto: all but one, so the window stays responsive.", "auto")
        form.addRow("Augment", self.augment)
        form.addRow("Probe every", self.probe_every)
        form.addRow("Device", self.device)
        form.addRow("CPU threads", self.threads)

    # --- state ---------------------------------------------------------------------------
    def set_devices(self, names: list[str]) -> None:
        """Offer Auto plus the devices that exist here (``available_devices()``)."""
        current = self.device.currentData() or "auto"
        self.device.clear()
        for name in ["auto", *[n for n in ("cuda", "mps", "cpu") if n in names]]:
            self.device.addItem(DEVICE_LABELS[name], name)
        index = self.device.findData(current)
        self.device.setCurrentIndex(max(0, index))

    def set_shape(self, layers: int, hidden: int, dropout: float) -> None:
        """Show the current model's shape (the controls then continue that model)."""
        self.layers.setValue(layers)
        self.hidden_size.setValue(hidden)
        self.dropout.setValue(dropout)

    def shape(self) -> tuple[int, int]:
        return self.layers.value(), self.hidden_size.value()

    def _on_shape_edited(self) -> None:
        self.dropout.setEnabled(self.layers.value() > 1)
        self.shape_changed.emit()

    def config_values(self) -> dict[str, Any]:
        """Keyword arguments for ``TrainConfig`` (threads 0 means "auto", resolved by the caller)."""
        return {
            "num_layers": self.layers.value(), "hidden_size": self.hidden_size.value(),
            "dropout": self.dropout.value() if self.layers.value() > 1 else 0.0,
            "learning_rate": self.learning_rate.value(), "lr_schedule": self.schedule.currentData(),
            "batch_size": self.batch_size.value(), "epochs": self.epochs.value(),
            "limit_batches": self.batches_per_epoch.value() or None, "augment": self.augment.isChecked(),
            "probe_every": self.probe_every.value() or None, "device": self.device.currentData() or "auto",
            "num_threads": self.threads.value() or None,
        }

    # --- persistence ---------------------------------------------------------------------
    _KEYS = {"layers": (2, int), "hidden_size": (128, int), "dropout": (0.2, float),
             "learning_rate": (1e-3, float), "batch_size": (128, int), "epochs": (1, int),
             "batches_per_epoch": (0, int), "probe_every": (0, int), "threads": (0, int)}

    def save(self, settings: QSettings) -> None:
        for key in self._KEYS:
            settings.setValue(f"train/{key}", getattr(self, key).value())
        settings.setValue("train/augment", self.augment.isChecked())
        settings.setValue("train/schedule", self.schedule.currentData())
        settings.setValue("train/device", self.device.currentData())

    def restore(self, settings: QSettings) -> None:
        for key, (default, kind) in self._KEYS.items():
            getattr(self, key).setValue(read_value(settings, f"train/{key}", default, kind))
        self.augment.setChecked(bool(read_value(settings, "train/augment", False, bool)))
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(settings.value("train/schedule", "constant"))))
        self._saved_device = str(settings.value("train/device", "auto"))
        self.device.setCurrentIndex(max(0, self.device.findData(self._saved_device)))

    def restore_device(self) -> None:
        """Re-apply the saved device once the real device list is known."""
        saved = getattr(self, "_saved_device", "auto")
        self.device.setCurrentIndex(max(0, self.device.findData(saved)))

    def set_editable(self, editable: bool) -> None:
        for child in self.findChildren(QWidget):
            child.setEnabled(editable)
        if editable:
            self.dropout.setEnabled(self.layers.value() > 1)
