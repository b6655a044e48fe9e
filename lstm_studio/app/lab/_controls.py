"""The Lab tab's form: task, length, cells, forget bias, steps, seed and the lengths of a sweep.

Nothing here imports torch: the lab's settings module is plain Python.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from ...lab._cells import CELLS, CellSpec, LabError
from ...lab._config import DEFAULT_LENGTHS, MAX_LENGTH, MIN_LENGTHS, MNIST_LENGTHS, TASKS, LabConfig
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..shell._settings import read_value
from ._texts import cell_name, task_label

#: One sentence per task: what it asks, and what a model that learned nothing scores (translated where shown).
TASK_HELP = {
    "adding": QT_TRANSLATE_NOOP("LabTask", "Two numbers per step: a value from U[0, 1] and a marker, 1 at two steps "
                                           "(one in each half). Output the sum of the two marked values. Learned "
                                           "nothing: MSE 0.167 (always answering 1). Solved: MSE below 0.01."),
    "temporal_order": QT_TRANSLATE_NOOP("LabTask", "Symbols among distractors a b c d; an X or Y hides in the first "
                                                   "10–20 % and another in 50–60 %. Say their order: XX, XY, YX or "
                                                   "YY. Learned nothing: 25 %. Solved: 95 %."),
    "copy": QT_TRANSLATE_NOOP("LabTask", "Ten symbols (8 kinds), T blanks, a delimiter: write the ten symbols back "
                                         "over the last ten steps. Learned nothing: cross-entropy 10·ln 8 / (T + 20) "
                                         "per step. Solved: below a tenth of that."),
    "seq_mnist": QT_TRANSLATE_NOOP("LabTask", "A digit read as a sequence: 28 rows (T = 28) or its 784 pixels in "
                                              "chunks (T = 196: 4 pixels per step). Learned nothing: 10 %. Solved: "
                                              "90 %."),
}


def task_help(task: str) -> str:
    """:data:`TASK_HELP` of ``task`` in the app's language."""
    return translate("LabTask", TASK_HELP[task])


MNIST_CHOICES = tuple(n for n in MNIST_LENGTHS if n >= 28)
DEFAULT_SWEEP = {"adding": "25, 50, 100, 200", "temporal_order": "20, 40, 60, 80", "copy": "10, 25, 50, 100",
                 "seq_mnist": "28, 56, 112, 196"}


class LengthSpinBox(QSpinBox):
    """A length; for sequential MNIST it steps through the lengths that divide 784 and snaps to them."""

    allowed: tuple[int, ...] = ()

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        if not self.allowed:
            super().stepBy(steps)
            return
        index = min(range(len(self.allowed)), key=lambda k: abs(self.allowed[k] - self.value()))
        self.setValue(self.allowed[max(0, min(len(self.allowed) - 1, index + steps))])

    def snap(self) -> None:
        if self.allowed and self.value() not in self.allowed:
            self.setValue(min(self.allowed, key=lambda n: abs(n - self.value())))


def _spin(name: str, low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox(objectName=name)
    box.setRange(low, high)
    box.setValue(value)
    box.setAccelerated(True)
    box.setGroupSeparatorShown(True)
    return box


class LabControls(QWidget):
    """The settings of a comparison; :meth:`config` turns them into a validated :class:`LabConfig`."""

    task_changed = Signal(str)
    settings_changed = Signal()  # anything that decides which results the sweep plot shows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.task = QComboBox(self, objectName="labTask")
        for name in TASKS:
            self.task.addItem("", name)
        self.length = LengthSpinBox(self, objectName="labLength")
        self.steps = _spin("labSteps", 10, 1_000_000, 2000)
        self.steps.setSingleStep(500)
        self.seed = _spin("labSeed", 0, 2 ** 31 - 1, 0)
        self.sweep_lengths = QLineEdit(self, objectName="labSweepLengths")
        self.row_labels = [QLabel(self) for _ in range(7)]
        fields = (self.task, self.length, self._build_cells(), self._build_biases(), self.steps, self.seed,
                  self.sweep_lengths)
        for label, field in zip(self.row_labels, fields):
            form.addRow(label, field)
        self.task.currentIndexChanged.connect(self._on_task_changed)
        for box in (self.steps, self.seed):
            box.valueChanged.connect(self.settings_changed)
        for check in (*self.cell_boxes.values(), self.bias_default, self.bias_one):
            check.toggled.connect(self.settings_changed)
        self.retranslate()
        self._on_task_changed()

    def retranslate(self) -> None:
        """Every text of the form in the current language (the tab calls it); the settings stay."""
        names = (self.tr("Task"), self.tr("Length T"), self.tr("Cells"), self.tr("Forget bias"), self.tr("Steps"),
                 self.tr("Seed"), self.tr("Sweep at"))
        for label, name in zip(self.row_labels, names):
            label.setText(name)
        for index, name in enumerate(TASKS):
            self.task.setItemText(index, task_label(name))
        self.task.setToolTip(task_help(self.task_name))
        self.length.setToolTip(self.tr("Sequence length T: how far back the answer lies"))
        self.steps.setToolTip(self.tr("Training steps, every cell on the same batches"))
        self.seed.setToolTip(self.tr("Seed of the batches and of every cell's starting weights"))
        self.sweep_lengths.setToolTip(self.tr("Lengths a sweep runs at, e.g. 25, 50, 100, 200 (results already "
                                              "cached are reused)"))
        for kind, check in self.cell_boxes.items():
            short = self.tr("LSTM without forget gate") if kind == "lstm_no_forget" else cell_name(kind)
            check.setText(short)
            check.setToolTip(self.tr("The original 1997 LSTM: no forget gate") if kind == "lstm_no_forget"
                             else cell_name(kind))
        self.bias_default.setText(self.tr("PyTorch default (≈ 0)"))
        tip = self.tr("The forget gate's starting bias in the LSTMs. Check both to run each LSTM twice, side by "
                      "side. With 1 the gate starts at σ(1) ≈ 0.73: the cell keeps its state from the start.")
        for check in (self.bias_default, self.bias_one):
            check.setToolTip(tip)

    def _build_cells(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.cell_boxes: dict[str, QCheckBox] = {}
        for index, kind in enumerate(CELLS):
            check = QCheckBox(box, objectName=f"labCell_{kind}")
            check.setChecked(kind in ("rnn", "gru", "lstm"))
            grid.addWidget(check, index, 0)
            self.cell_boxes[kind] = check
        return box

    def _build_biases(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.bias_default = QCheckBox(box, objectName="labBiasDefault")
        self.bias_one = QCheckBox("1", box, objectName="labBiasOne")
        self.bias_default.setChecked(True)
        for check in (self.bias_default, self.bias_one):
            column.addWidget(check)
        return box

    def _on_task_changed(self) -> None:
        task = self.task_name
        self.length.allowed = MNIST_CHOICES if task == "seq_mnist" else ()
        self.length.setRange(28 if task == "seq_mnist" else MIN_LENGTHS[task],
                             784 if task == "seq_mnist" else MAX_LENGTH)
        self.length.setValue(DEFAULT_LENGTHS[task])
        self.sweep_lengths.setText(DEFAULT_SWEEP[task])
        self.task.setToolTip(task_help(task))
        self.task_changed.emit(task)

    @property
    def task_name(self) -> str:
        return str(self.task.currentData())

    def cells(self) -> tuple[CellSpec, ...]:
        """The checked cells; each LSTM with a forget gate once per checked bias."""
        biases = [bias for bias, check in ((None, self.bias_default), (1.0, self.bias_one)) if check.isChecked()]
        specs = []
        for kind, check in self.cell_boxes.items():
            if not check.isChecked():
                continue
            if kind in ("lstm", "lstm_peephole"):
                if not biases:
                    raise LabError("check a forget bias for the LSTMs")
                specs.extend(CellSpec(kind, bias) for bias in biases)
            else:
                specs.append(CellSpec(kind))
        if not specs:
            raise LabError("check at least one cell")
        return tuple(specs)

    def config(self, **overrides: Any) -> LabConfig:
        """The comparison these settings describe (``overrides``: other :class:`LabConfig` fields).

        Raises :class:`LabError` with one line when they cannot be run."""
        self.length.snap()
        steps = self.steps.value()
        values = dict(task=self.task_name, length=self.length.value(), cells=self.cells(), steps=steps,
                      seed=self.seed.value(), eval_every=min(100, steps))
        return LabConfig(**(values | overrides))

    def set_editable(self, editable: bool) -> None:
        for widget in (self.task, self.length, self.steps, self.seed, self.sweep_lengths, self.bias_default,
                       self.bias_one, *self.cell_boxes.values()):
            widget.setEnabled(editable)

    # --- settings ------------------------------------------------------------------------
    def save(self, settings: QSettings) -> None:
        settings.setValue("lab/task", self.task_name)
        settings.setValue("lab/length", self.length.value())
        settings.setValue("lab/steps", self.steps.value())
        settings.setValue("lab/seed", self.seed.value())
        settings.setValue("lab/sweep", self.sweep_lengths.text())
        settings.setValue("lab/cells", ",".join(k for k, c in self.cell_boxes.items() if c.isChecked()))
        settings.setValue("lab/bias_default", self.bias_default.isChecked())
        settings.setValue("lab/bias_one", self.bias_one.isChecked())

    def restore(self, settings: QSettings) -> None:
        index = self.task.findData(read_value(settings, "lab/task", "adding", str))
        self.task.setCurrentIndex(max(0, index))
        self.length.setValue(int(read_value(settings, "lab/length", self.length.value(), int)))
        self.length.snap()
        self.steps.setValue(int(read_value(settings, "lab/steps", self.steps.value(), int)))
        self.seed.setValue(int(read_value(settings, "lab/seed", 0, int)))
        self.sweep_lengths.setText(str(read_value(settings, "lab/sweep", self.sweep_lengths.text(), str)))
        checked = str(read_value(settings, "lab/cells", "rnn,gru,lstm", str)).split(",")
        for kind, check in self.cell_boxes.items():
            check.setChecked(kind in checked)
        self.bias_default.setChecked(bool(read_value(settings, "lab/bias_default", True, bool)))
        self.bias_one.setChecked(bool(read_value(settings, "lab/bias_one", False, bool)))
