"""Browsing the test digits: a filterable list with thumbnails, and a clickable confusion matrix."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListView, QSpinBox, QVBoxLayout, QWidget

from ..i18n import on_language_change
from ..widgets._style import digit_pixmap

if TYPE_CHECKING:
    from ...data import DigitSet
    from ...analysis import TestSetEvaluation

ALL, MISCLASSIFIED, CELL = range(3)
Index = QModelIndex | QPersistentModelIndex


class DigitListModel(QAbstractListModel):
    """Rows are test-digit indices; text and a thumbnail are made only for the rows on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits: DigitSet | None = None
        self.evaluation: TestSetEvaluation | None = None
        self.indices = np.zeros(0, dtype=np.int64)

    def set_rows(self, digits: DigitSet | None, evaluation: TestSetEvaluation | None, indices: np.ndarray) -> None:
        """List the test digits ``indices`` (with predictions when ``evaluation`` is given)."""
        self.beginResetModel()
        self.digits, self.evaluation, self.indices = digits, evaluation, np.asarray(indices, dtype=np.int64)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.indices)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.digits is None:
            return None
        test_index = int(self.indices[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return self.describe(test_index)
        if role == Qt.ItemDataRole.DecorationRole:
            return _thumbnail(self.digits.test_images[test_index])
        if role == Qt.ItemDataRole.UserRole:
            return test_index
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Click (or press Enter) to inspect this digit.")
        return None

    def describe(self, test_index: int) -> str:
        """One list row: number, label, prediction with ✓/✗ and confidence."""
        label = int(self.digits.test_labels[test_index])
        number = f"#{test_index:<5d}"
        if self.evaluation is None:
            return self.tr("{number}  label {label}").format(number=number, label=label)
        predicted = int(self.evaluation.predictions[test_index])
        mark = "✓" if predicted == label else "✗"
        confidence = float(self.evaluation.confidence[test_index])
        return self.tr("{number}  label {label} → {predicted} {mark}  ({confidence})").format(
            number=number, label=label, predicted=predicted, mark=mark, confidence=f"{confidence:.0%}")


def _thumbnail(image_u8: np.ndarray) -> QPixmap:
    # Ink on the theme's paper (dark on white in the light theme reads better in a list),
    # sharp at any device pixel ratio.
    return digit_pixmap(image_u8, 28)


class TestSetBrowser(QWidget):
    """Pick any test digit; filter to the misclassified ones or to one confusion-matrix cell."""

    __test__ = False
    digit_chosen = Signal(int)  # test index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits: DigitSet | None = None
        self.evaluation: TestSetEvaluation | None = None
        self.cell: tuple[int, int] | None = None
        self.filter = QComboBox()
        self.filter.addItems(["", "", ""])
        self.filter.currentIndexChanged.connect(self._refresh)
        self.jump = QSpinBox()
        self.jump.setPrefix("#")
        self.jump.editingFinished.connect(lambda: self.digit_chosen.emit(self.jump.value()))
        self.list_model = DigitListModel(self)
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(28, 28))
        self.list.clicked.connect(self._on_row_activated)
        self.list.activated.connect(self._on_row_activated)
        self.count = QLabel("")
        self._build_layout()
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """The filter's choices, the tooltips and the count in the current language (the list repaints itself)."""
        self.filter.setItemText(ALL, self.tr("All test digits"))
        self.filter.setItemText(MISCLASSIFIED, self.tr("Misclassified only"))
        self._name_cell_filter()
        self.filter.setToolTip(self.tr("Which test digits to list. 'Misclassified' and the confusion cell need the "
                                       "test-set evaluation (runs in the background)."))
        self.jump.setToolTip(self.tr("Type a test-digit number and press Enter to inspect it."))
        self.list.setToolTip(self.tr("Test digits: number, true label → prediction, confidence. Click one to "
                                     "inspect it."))
        self._show_count()

    def _name_cell_filter(self) -> None:
        if self.cell is None:
            self.filter.setItemText(CELL, self.tr("Confusion cell"))
        else:
            self.filter.setItemText(CELL, self.tr("Cell: label {label} → predicted {predicted}").format(
                label=self.cell[0], predicted=self.cell[1]))
    def _build_layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.filter, stretch=1)
        row.addWidget(self.jump)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list, stretch=1)
        layout.addWidget(self.count)

    def set_digits(self, digits: DigitSet) -> None:
        """Browse a new digit set (its evaluation arrives later)."""
        self.digits, self.evaluation, self.cell = digits, None, None
        self.jump.setRange(0, max(0, len(digits.test_labels) - 1))
        self._refresh()

    def set_evaluation(self, evaluation: TestSetEvaluation | None) -> None:
        """Show predictions; ``None`` while the test set is being evaluated."""
        self.evaluation = evaluation
        self._refresh()

    def show_cell(self, true_class: int, predicted_class: int) -> None:
        """List the digits of ``true_class`` that were predicted as ``predicted_class``."""
        self.cell = (true_class, predicted_class)
        self._name_cell_filter()
        if self.filter.currentIndex() == CELL:
            self._refresh()
        self.filter.setCurrentIndex(CELL)

    def shown_indices(self) -> np.ndarray:
        """The test-digit indices listed now (what the user sees)."""
        return self.list_model.indices

    @Slot()
    def _refresh(self) -> None:
        if self.digits is None:
            return
        indices = self._filtered()
        self.list_model.set_rows(self.digits, self.evaluation, indices)
        self._show_count()

    def _show_count(self) -> None:
        """How many test digits are listed, and why these."""
        if self.digits is None:
            return
        mode, evaluation = self.filter.currentIndex(), self.evaluation
        if mode == ALL:
            note = ""
        elif evaluation is None:
            note = self.tr("(evaluating the test set…)")
        elif mode == MISCLASSIFIED:
            note = self.tr("misclassified")
        elif self.cell is None:
            note = self.tr("(click a confusion-matrix cell)")
        else:
            note = self.tr("with label {label} predicted as {predicted}").format(label=self.cell[0],
                                                                                 predicted=self.cell[1])
        self.count.setText(self.tr("{shown} of {total} test digits {note}").format(
            shown=f"{len(self.list_model.indices):,}", total=f"{len(self.digits.test_labels):,}", note=note).rstrip())

    def _filtered(self) -> np.ndarray:
        mode, evaluation = self.filter.currentIndex(), self.evaluation
        if mode == ALL:
            return np.arange(len(self.digits.test_labels))
        if evaluation is None or mode == CELL and self.cell is None:
            return np.zeros(0, dtype=np.int64)
        if mode == MISCLASSIFIED:
            return evaluation.misclassified()
        return evaluation.cell(*self.cell)

    @Slot(QModelIndex)
    def _on_row_activated(self, index: QModelIndex) -> None:
        self.digit_chosen.emit(int(self.list_model.data(index, Qt.ItemDataRole.UserRole)))

    def select_test_index(self, test_index: int | None) -> None:
        """Mark ``test_index`` in the list if it is listed (without emitting)."""
        if test_index is not None:
            self.jump.setValue(test_index)  # editingFinished, not valueChanged, chooses a digit
        rows = np.flatnonzero(self.list_model.indices == test_index) if test_index is not None else []
        if len(rows):
            model_index = self.list_model.index(int(rows[0]))
            self.list.setCurrentIndex(model_index)
            self.list.scrollTo(model_index)
        else:
            self.list.clearSelection()
