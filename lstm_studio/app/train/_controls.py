"""The hyper-parameter form of the Train tab, remembered between runs (QSettings).

Where a run starts (random weights or the current model), the cell and its shape, the
optimiser and the run's settings. The list of cells comes from the core once it has loaded
(``set_cells``), as the list of devices does: the window appears before torch is imported.
"""
from __future__ import annotations

import math
import os
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QLabel,
                               QRadioButton, QSpinBox, QStyle, QWidget)

from ..i18n import cell_description, on_language_change
from ..shell._settings import read_value
from ..widgets._style import active_theme, label_style
from ..widgets._text import CELL_TITLES, cell_title

DEVICE_LABELS = {"auto": QT_TRANSLATE_NOOP("TrainControls", "Auto (best available)"), "cpu": "CPU",
                 "cuda": QT_TRANSLATE_NOOP("TrainControls", "CUDA (GPU)"),
                 "mps": QT_TRANSLATE_NOOP("TrainControls", "MPS (Apple GPU)")}
#: The forget gate's initial bias: PyTorch's default (uniform around 0), or 1 (keep by default).
FORGET_BIASES = ((QT_TRANSLATE_NOOP("TrainControls", "PyTorch default"), None),
                 (QT_TRANSLATE_NOOP("TrainControls", "1 (keep at first)"), 1.0))


def _tr(text: str) -> str:
    """A text marked with ``QT_TRANSLATE_NOOP("TrainControls", ...)``, in the current language."""
    return QCoreApplication.translate("TrainControls", text)


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


def _spin(name: str, low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setAccelerated(True)
    return box


class TrainControls(QWidget):
    """Start from, cell, layers, hidden size, forget bias, dropout, learning rate, batch size, epochs,
    probe interval, device, threads."""

    shape_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._forget_bias_cells: tuple[str, ...] = ("lstm", "lstm_peephole")
        self._cell_descriptions: dict[str, str] = {}
        self._build_start(form)
        self._build_shape(form)
        self._build_optimiser(form)
        self._build_run(form)
        self.retranslate()
        on_language_change(self, self.retranslate)
        self.layers.valueChanged.connect(self._on_shape_edited)
        self.hidden_size.valueChanged.connect(self._on_shape_edited)
        self.cell.currentIndexChanged.connect(self._on_shape_edited)
        self.start_group.idToggled.connect(lambda *_: self.shape_changed.emit())
        self._on_shape_edited()

    def _build_start(self, form: QFormLayout) -> None:
        """Random weights (the default: a newcomer sees a network learn) or the current model."""
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 4)
        grid.setVerticalSpacing(0)
        self.start_title = QLabel(box)
        grid.addWidget(self.start_title, 0, 0, 1, 2)
        self.scratch_radio = QRadioButton(box, objectName="scratchRadio")
        self.continue_radio = QRadioButton(box, objectName="continueRadio")
        self.start_group = QButtonGroup(self)
        indent = self.scratch_radio.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + 6
        self.start_notes: list[QLabel] = []
        for index, radio in enumerate((self.scratch_radio, self.continue_radio)):
            self.start_group.addButton(radio, index)
            note = QLabel(box)
            self.start_notes.append(note)
            note.setStyleSheet(label_style(active_theme().muted))
            note.setContentsMargins(indent, 0, 0, 0)
            grid.addWidget(radio, 1 + 2 * index, 0, 1, 2)
            grid.addWidget(note, 2 + 2 * index, 0, 1, 2)
        self.scratch_radio.setChecked(True)
        form.addRow(box)

    def _build_shape(self, form: QFormLayout) -> None:
        self.cell = QComboBox(objectName="cellCombo")
        for kind in CELL_TITLES:  # the core's descriptions follow with set_cells
            self.cell.addItem(cell_title(kind), kind)
        self.cell.setCurrentIndex(self.cell.findData("lstm"))
        self.layers = _spin("layersSpin", 1, 6)
        self.hidden_size = _spin("hiddenSizeSpin", 2, 1024)
        self.forget_bias = QComboBox(objectName="forgetBiasCombo")
        for text, value in FORGET_BIASES:
            self.forget_bias.addItem(_tr(text), value)
        self.dropout = QDoubleSpinBox(objectName="dropoutSpin", minimum=0.0, maximum=0.9, singleStep=0.05,
                                      decimals=2)
        for field in (self.cell, self.layers, self.hidden_size, self.forget_bias, self.dropout):
            form.addRow(QLabel(self), field)

    def _build_optimiser(self, form: QFormLayout) -> None:
        self.learning_rate = LogSpinBox(1e-6, 100.0)
        self.learning_rate.setObjectName("learningRateSpin")
        self.schedule = QComboBox(objectName="scheduleCombo")
        self.schedule.addItem("", "constant")
        self.schedule.addItem("", "cosine")
        self.batch_size = DoublingSpinBox(objectName="batchSizeSpin", minimum=1, maximum=4096)
        self.epochs = _spin("epochsSpin", 1, 500)
        self.batches_per_epoch = _spin("batchesPerEpochSpin", 0, 1_000_000)
        for field in (self.learning_rate, self.schedule, self.batch_size, self.epochs, self.batches_per_epoch):
            form.addRow(QLabel(self), field)

    def _build_run(self, form: QFormLayout) -> None:
        self.augment = QCheckBox(objectName="augmentCheck")
        self.probe_every = _spin("probeEverySpin", 0, 100_000)
        self.device = QComboBox(objectName="deviceCombo")
        self.set_devices(["cpu"])
        self.threads = _spin("threadsSpin", 0, os.cpu_count() or 1)
        for field in (self.augment, self.probe_every, self.device, self.threads):
            form.addRow(QLabel(self), field)

    def retranslate(self) -> None:
        """Every label, choice and tooltip of the form in the current language (the values stay)."""
        self.start_title.setText(self.tr("<b>Start from</b>"))
        self.scratch_radio.setText(self.tr("Scratch: random weights"))
        self.scratch_radio.setToolTip(self.tr("Train a new network of the shape below from random weights: the "
                                              "curves start at chance and you watch it learn."))
        self.continue_radio.setText(self.tr("The current model"))
        self.continue_radio.setToolTip(self.tr("Keep training the model Draw and Inspect show now (the bundled one, "
                                               "a file, or the last run).\nIt must have the shape below; the bundled "
                                               "model is already trained, so its curves start near the top."))
        for note, text in zip(self.start_notes, (self.tr("watch it learn"), self.tr("continue training it"))):
            note.setText(text)
        self._retranslate_shape()
        self._retranslate_optimiser()
        self._retranslate_run()

    def _name_row(self, field: QWidget, label: str, tip: str) -> None:
        self.form.labelForField(field).setText(label)
        field.setToolTip(tip)

    def _retranslate_shape(self) -> None:
        self._name_row(self.cell, self.tr("Cell"), self.tr("The recurrent cell: a plain RNN, a GRU, or an LSTM "
                                                           "(three variants).\nChanging the cell makes Train start "
                                                           "from fresh weights."))
        self._name_cells()
        self._name_row(self.layers, self.tr("Layers"), self.tr("Stacked recurrent layers. Each layer reads the "
                                                               "hidden states of the one below.\nChanging the shape "
                                                               "makes Train start from fresh weights."))
        self._name_row(self.hidden_size, self.tr("Hidden size"),
                       self.tr("Units per layer: the size of the hidden state h (and of an LSTM's cell state "
                               "c).\nChanging the shape makes Train start from fresh weights."))
        self._name_row(self.forget_bias, self.tr("Forget bias"),
                       self.tr("The forget gate's bias when a run starts from random weights.\n1 makes a new LSTM "
                               "keep its cell state until it learns to erase it (Gers et al. 2000; Jozefowicz et "
                               "al. 2015).\nOnly for cells with a forget gate; ignored when training continues a "
                               "model."))
        for index, (text, _value) in enumerate(FORGET_BIASES):
            self.forget_bias.setItemText(index, _tr(text))
        self._name_row(self.dropout, self.tr("Dropout"), self.tr("Dropout between stacked layers while training "
                                                                 "(none with a single layer)"))

    def _retranslate_optimiser(self) -> None:
        self._name_row(self.learning_rate, self.tr("Learning rate"),
                       self.tr("Adam learning rate. 1e-3 is a good start; 10 makes training diverge\n(the run then "
                               "stops with the reason and keeps the model as it was)."))
        self._name_row(self.schedule, self.tr("LR schedule"),
                       self.tr("Keep the learning rate constant, or decay it to 0 over the run"))
        self.schedule.setItemText(0, self.tr("Constant"))
        self.schedule.setItemText(1, self.tr("Cosine decay"))
        self._name_row(self.batch_size, self.tr("Batch size"),
                       self.tr("Digits per optimiser step (the arrows double and halve it)"))
        self._name_row(self.epochs, self.tr("Epochs"), self.tr("Passes over the training digits in this run"))
        self._name_row(self.batches_per_epoch, self.tr("Batches/epoch"),
                       self.tr("Stop each epoch after this many batches (all: the whole training set).\nSmall "
                               "numbers make quick demonstrations."))
        self.batches_per_epoch.setSpecialValueText(self.tr("all"))

    def _retranslate_run(self) -> None:
        self.augment.setText(self.tr("Jitter digits"))
        self._name_row(self.augment, self.tr("Augment"),
                       self.tr("Randomly rotate, scale, shear, shift and thicken the training digits,\nso the "
                               "network also reads hand-drawn digits well"))
        self._name_row(self.probe_every, self.tr("Probe every"),
                       self.tr("Trace the probe digits' gates every N optimiser steps.\nauto: as often as possible "
                               "while tracing takes at most 1% of training time."))
        self.probe_every.setSpecialValueText(self.tr("auto"))
        self._name_row(self.device, self.tr("Device"),
                       self.tr("Where to train: Auto picks a GPU when there is one, else the CPU"))
        for index in range(self.device.count()):
            self.device.setItemText(index, _tr(DEVICE_LABELS[self.device.itemData(index)]))
        cores = os.cpu_count() or 1
        self._name_row(self.threads, self.tr("CPU threads"),
                       self.tr("CPU threads for training (this machine has {cores} cores).\nauto: all but one, so "
                               "the window stays responsive.").format(cores=cores))
        self.threads.setSpecialValueText(self.tr("auto"))

    # --- state ---------------------------------------------------------------------------
    def set_devices(self, names: list[str]) -> None:
        """Offer Auto plus the devices that exist here (``available_devices()``)."""
        current = self.device.currentData() or "auto"
        self.device.clear()
        for name in ["auto", *[n for n in ("cuda", "mps", "cpu") if n in names]]:
            self.device.addItem(_tr(DEVICE_LABELS[name]), name)
        index = self.device.findData(current)
        self.device.setCurrentIndex(max(0, index))

    def set_cells(self, descriptions: dict[str, str], forget_bias_cells: tuple[str, ...] | None = None) -> None:
        """Offer these cells (kind -> one line, the core's ``CELL_DESCRIPTIONS``), keeping the chosen one."""
        current = self.cell.currentData() or getattr(self, "_saved_cell", "lstm")
        if forget_bias_cells is not None:
            self._forget_bias_cells = tuple(forget_bias_cells)
        self._cell_descriptions = dict(descriptions)
        self.cell.blockSignals(True)
        self.cell.clear()
        for kind in descriptions:
            self.cell.addItem(cell_title(kind), kind)
        self._name_cells()
        self.cell.setCurrentIndex(max(0, self.cell.findData(current)))
        self.cell.blockSignals(False)
        self._on_shape_edited()

    def _name_cells(self) -> None:
        """Each cell's title and, as its tooltip, the core's description of it."""
        for index in range(self.cell.count()):
            kind = self.cell.itemData(index)
            description = self._cell_descriptions.get(kind, "")
            self.cell.setItemText(index, cell_title(kind))
            self.cell.setItemData(index, cell_description(description) if description else cell_title(kind),
                                  Qt.ItemDataRole.ToolTipRole)

    def set_shape(self, layers: int, hidden: int, dropout: float, cell: str | None = None) -> None:
        """Show a model's shape (the form then continues that model, if asked to)."""
        if cell is not None and self.cell.findData(cell) >= 0:
            self.cell.setCurrentIndex(self.cell.findData(cell))
        self.layers.setValue(layers)
        self.hidden_size.setValue(hidden)
        self.dropout.setValue(dropout)

    def shape(self) -> tuple[str, int, int]:
        """``(cell, layers, hidden size)`` as chosen."""
        return self.cell.currentData() or "lstm", self.layers.value(), self.hidden_size.value()

    @property
    def from_scratch(self) -> bool:
        """Whether Train starts from random weights (else it continues the current model)."""
        return self.scratch_radio.isChecked()

    def _on_shape_edited(self) -> None:
        self.dropout.setEnabled(self.layers.value() > 1)
        self.forget_bias.setEnabled(self.cell.currentData() in self._forget_bias_cells)
        self.shape_changed.emit()

    def config_values(self) -> dict[str, Any]:
        """Keyword arguments for ``TrainConfig`` (threads 0 means "auto", resolved by the caller)."""
        cell = self.cell.currentData() or "lstm"
        return {
            "cell": cell, "forget_bias": self.forget_bias.currentData() if cell in self._forget_bias_cells else None,
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
        settings.setValue("train/cell", self.cell.currentData())
        settings.setValue("train/forget_bias", self.forget_bias.currentIndex())
        settings.setValue("train/from_scratch", self.from_scratch)

    def restore(self, settings: QSettings) -> None:
        for key, (default, kind) in self._KEYS.items():
            getattr(self, key).setValue(read_value(settings, f"train/{key}", default, kind))
        self._saved_cell = str(settings.value("train/cell", "lstm"))
        if self.cell.findData(self._saved_cell) < 0:  # the cell list comes later (set_cells)
            self.cell.addItem(cell_title(self._saved_cell), self._saved_cell)
        self.cell.setCurrentIndex(max(0, self.cell.findData(self._saved_cell)))
        bias = int(read_value(settings, "train/forget_bias", 0, int))
        self.forget_bias.setCurrentIndex(bias if 0 <= bias < self.forget_bias.count() else 0)
        scratch = bool(read_value(settings, "train/from_scratch", True, bool))
        (self.scratch_radio if scratch else self.continue_radio).setChecked(True)
        self.augment.setChecked(bool(read_value(settings, "train/augment", False, bool)))
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(settings.value("train/schedule", "constant"))))
        self._saved_device = str(settings.value("train/device", "auto"))
        self.device.setCurrentIndex(max(0, self.device.findData(self._saved_device)))

    def restore_device(self) -> None:
        """Re-apply the saved device once the real device list is known."""
        saved = getattr(self, "_saved_device", "auto")
        self.device.setCurrentIndex(max(0, self.device.findData(saved)))

    def set_editable(self, editable: bool) -> None:
        """Lock the form while a run goes on (the dropout and forget-bias rules still apply after)."""
        self.setEnabled(editable)
