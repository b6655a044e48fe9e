"""The confusion matrix of the whole test set: counts in every cell; clicking a cell lists its digits."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QVBoxLayout, QWidget

from ..i18n import on_language_change
from ..widgets._plots import cursor_pen, label_plot, light_view, style_plot
from ..widgets._style import Theme, active_theme
from ..widgets._text import weights_phrase

if TYPE_CHECKING:
    from ...analysis import TestSetEvaluation

CLASSES = 10


def count_colours(theme: Theme) -> tuple[np.ndarray, str, str]:
    """The lookup table for log counts and the text colours on faint and on strong cells.

    Light: white to blue (CET-L12). Dark: from the plot background to blue, so that empty
    cells sink into the background instead of making a bright block.
    """
    if not theme.is_dark:
        return pg.colormap.get("CET-L12").getLookupTable(nPts=256, alpha=False), "#000000", "#ffffff"
    colours = pg.ColorMap([0.0, 1.0], [theme.plot_background, "#3b8be6"])
    return colours.getLookupTable(nPts=256, alpha=False), theme.foreground, "#ffffff"


class ConfusionPanel(QWidget):
    """A 10x10 heatmap (rows: true label, columns: prediction) with the count written in each cell.

    The summary above it says what is going on (:meth:`show_evaluating`, :meth:`show_failed`,
    :meth:`show_not_digits`, or the result of :meth:`set_evaluation`), in the current language.
    """

    cell_clicked = Signal(int, int)  # true class, predicted class

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = light_view()
        self.plot = style_plot(self.view.addPlot())
        self.plot.setAspectLocked(True)
        self.plot.invertY(True)
        ticks = [[(k + 0.5, str(k)) for k in range(CLASSES)]]
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTicks(ticks)
        self.image = pg.ImageItem(axisOrder="row-major")
        lookup, self._faint_text, self._strong_text = count_colours(active_theme())
        self.image.setLookupTable(lookup)
        self.plot.addItem(self.image)
        self.labels = [[self._add_label(row, column) for column in range(CLASSES)] for row in range(CLASSES)]
        self.selection = QGraphicsRectItem()  # the clicked cell, whose digits the browser lists
        pen = cursor_pen(width=3)
        pen.setCosmetic(True)
        self.selection.setPen(pen)
        self.selection.setVisible(False)
        self.plot.addItem(self.selection)
        self.plot.setRange(xRange=(0, CLASSES), yRange=(0, CLASSES), padding=0.02)
        self.view.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._summary = ("evaluating", None)  # what the summary says, and what it says it about
        self.evaluation: TestSetEvaluation | None = None
        self.snapshot: object = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, stretch=1)
        self.counts = np.zeros((CLASSES, CLASSES), dtype=np.int64)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Title, axis labels, tooltip and summary in the current language."""
        label_plot(self.plot, self.tr("Confusion matrix (test set)"), self.tr("true label"),
                   self.tr("predicted class"))
        self.view.setToolTip(self.tr("Rows: true label; columns: predicted class. Colour: log of the count. Click a "
                                     "cell to list its digits in the browser on the left."))
        self._show_summary()

    def show_evaluating(self, count: int | None = None) -> None:
        """The test set (``count`` digits) is being evaluated in the background."""
        self._summary = ("evaluating", count)
        self._show_summary()

    def show_failed(self, error: str) -> None:
        self._summary = ("failed", error)
        self._show_summary()

    def show_not_digits(self) -> None:
        """The model reads sequences: there is no test set of digits to evaluate."""
        self._summary = ("not digits", None)
        self._show_summary()

    def _show_summary(self) -> None:
        state, detail = self._summary
        if state == "result" and self.evaluation is not None:
            counts = self.counts
            source = ""
            if self.snapshot is not None:
                source = self.tr(" with {weights}").format(weights=weights_phrase(self.snapshot))
            text = self.tr("Accuracy {accuracy} on {count} test digits ({wrong} misclassified){source}. Click a "
                           "cell to list its digits.").format(
                accuracy=f"{self.evaluation.accuracy:.2%}", count=f"{int(counts.sum()):,}",
                wrong=int(counts.sum() - np.trace(counts)), source=source)
        elif state == "failed":
            text = self.tr("Evaluation failed: {error}").format(error=detail)
        elif state == "not digits":
            text = self.tr("The test set and its confusion matrix are for models that read digits.")
        elif detail is not None:
            text = self.tr("Evaluating {count} test digits in the background…").format(count=f"{detail:,}")
        else:
            text = self.tr("Evaluating the test set in the background…")
        self.summary.setText(text)

    def _add_label(self, row: int, column: int) -> pg.TextItem:
        label = pg.TextItem("", anchor=(0.5, 0.5), color=self._faint_text)
        label.setPos(column + 0.5, row + 0.5)
        self.plot.addItem(label)
        return label

    def set_evaluation(self, evaluation: TestSetEvaluation | None, snapshot: object = None) -> None:
        """Show the counts of ``evaluation`` (or an empty matrix while none is available); ``snapshot`` is the
        model it was computed with (the summary names its weights)."""
        counts = (np.zeros((CLASSES, CLASSES), dtype=np.int64) if evaluation is None
                  else np.asarray(evaluation.confusion))
        self.counts = counts
        shade = np.log1p(counts).astype(np.float32)
        top = max(1.0, float(shade.max()))
        self.image.setImage(np.ascontiguousarray(shade), autoLevels=False, levels=(0.0, top))
        self.image.setRect(QRectF(0, 0, counts.shape[1], counts.shape[0]))
        for row in range(min(CLASSES, counts.shape[0])):
            for column in range(min(CLASSES, counts.shape[1])):
                label = self.labels[row][column]
                label.setText(str(counts[row, column]) if counts[row, column] else "")
                label.setColor(self._strong_text if shade[row, column] > 0.55 * top else self._faint_text)
        if evaluation is not None:
            self.evaluation, self.snapshot, self._summary = evaluation, snapshot, ("result", None)
            self._show_summary()

    def cell_text(self, true_class: int, predicted_class: int) -> str:
        """The number written in a cell (what the user reads)."""
        return self.labels[true_class][predicted_class].textItem.toPlainText()

    @Slot(object)
    def _on_scene_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.plot.vb.sceneBoundingRect().contains(event.scenePos()):
            point = self.plot.vb.mapSceneToView(event.scenePos())
            self.click_at(point.x(), point.y())

    def click_at(self, x: float, y: float) -> None:
        """A click at view coordinates (x = predicted class, y = true class)."""
        column, row = math.floor(x), math.floor(y)
        if 0 <= row < CLASSES and 0 <= column < CLASSES:
            self.selection.setRect(QRectF(column, row, 1, 1))
            self.selection.setVisible(True)
            self.cell_clicked.emit(row, column)

    def plot_items(self) -> dict[str, pg.PlotItem]:
        """The plots to export, by file-friendly name."""
        return {"confusion_matrix": self.plot}
