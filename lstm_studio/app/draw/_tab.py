"""The Draw tab: draw a digit (or load one) and watch the network read it.

The strokes live in a Qt-free :class:`~lstm_studio.data.Drawing`; the canvas renders it.
When a stroke ends, the drawing goes through exactly the core pipeline the CLI uses
(``render_drawing``) and the session's model; the tab shows every stage of that pipeline,
the ten probabilities and how the guess evolves row by row.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QFont, QImage, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QSizePolicy, QToolButton,
                               QVBoxLayout, QWidget)

from ...data import (Drawing, DrawingError, DrawingTooSmallError, EmptyDrawingError, Rendering, load_image,
                    render_drawing, render_image)
from ._canvas import DigitCanvas, SquareHolder
from ._pipeline import PipelineView, drawing_picture, file_picture
from ._plots import ProbabilityChart, StepChart
from ._prediction import Prediction, explanation, headline, predict
from ..i18n import on_language_change, snapshot_label, source_text
from ..shell._session import InputSample, Session
from ..widgets._style import active_theme


@dataclass(frozen=True)
class LoadedImage:
    """An image file shown on the canvas instead of strokes, until the user draws again."""

    name: str
    picture: QImage
    rendering: Rendering


def pil_to_qimage(image: Image.Image) -> QImage:
    """A PIL image as an RGBA QImage that owns its pixels."""
    rgba = np.ascontiguousarray(np.asarray(image.convert("RGBA"), dtype=np.uint8))
    height, width = rgba.shape[:2]
    return QImage(rgba.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()


def _set_style(widget: QWidget, style: str) -> None:
    """Set a style sheet only when it changes: re-polishing costs time on every stroke."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


class DrawTab(QWidget):
    """Canvas on the left; prediction, pipeline and charts on the right.

    ``prediction_changed`` carries the new :class:`Prediction`, or ``None`` when there is none.
    """

    prediction_changed = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.drawing = Drawing(400, 400)
        self.canvas = DigitCanvas(self.drawing)
        self.prediction: Prediction | None = None
        self.rendering: Rendering | None = None
        self.loaded_image: LoadedImage | None = None
        self._published: InputSample | None = None
        self._folder = ""
        self.theme = active_theme()
        self._hint_style = f"color: {self.theme.muted};"
        self._warn_style = f"color: {self.theme.warning};"
        self._build_actions()
        self._build_layout()
        self._retranslate_static()
        self.setAcceptDrops(True)
        self.drawing.subscribe(self._on_drawing_changed)
        session.model_changed.connect(self._on_model_changed)
        self.classify_current()
        on_language_change(self, self.retranslate)

    # --- building --------------------------------------------------------------------
    def _action(self, keys: list[QKeySequence], slot) -> QAction:  # noqa: ANN001
        action = QAction(self)
        action.setShortcuts(keys)
        # Only while the Draw tab has focus. The keys must still differ from window-wide ones
        # (the File menu's Ctrl+O / Ctrl+S): an ambiguous shortcut fires neither.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.undo_action = self._action([QKeySequence(QKeySequence.StandardKey.Undo)], self.drawing.undo)
        self.clear_action = self._action([QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Delete)],
                                         self.clear)
        self.open_image_action = self._action([QKeySequence("Ctrl+I")], self.ask_open_image)
        self.load_action = self._action([QKeySequence("Ctrl+L")], self.ask_load_drawing)
        self.save_action = self._action([QKeySequence("Ctrl+Shift+S")], self.ask_save_drawing)

    def _name_action(self, action: QAction, text: str, tip: str) -> None:
        action.setText(text)
        names = self.tr(" or ").join(key.toString(QKeySequence.SequenceFormat.NativeText)
                                     for key in action.shortcuts())
        action.setToolTip(f"{tip} ({names})")

    def empty_help(self) -> str:
        """What to do on an empty canvas (the detail under "Draw a digit")."""
        return self.tr("Use the mouse, a pen or a finger.\nEsc clears · Ctrl+Z undoes a stroke.")

    def retranslate(self) -> None:
        """Every text of the tab in the current language, the prediction's included (the drawing stays)."""
        self._retranslate_static()
        self.classify_current(publish=False)

    def _retranslate_static(self) -> None:
        self._name_action(self.undo_action, self.tr("Undo"), self.tr("Remove the last stroke"))
        self._name_action(self.clear_action, self.tr("Clear"), self.tr("Erase the canvas"))
        self._name_action(self.open_image_action, self.tr("Open image…"),
                          self.tr("Classify a PNG or JPEG of a digit, dark on light or light on dark"))
        self._name_action(self.load_action, self.tr("Load drawing…"), self.tr("Load strokes from a stroke JSON file"))
        self._name_action(self.save_action, self.tr("Save drawing…"),
                          self.tr("Save the strokes as stroke JSON (canvas pixels, y pointing down)"))
        self.intro.setText(self.tr("<b>Draw one digit, 0 to 9, in the box.</b> It is classified each time you lift "
                                   "the pen."))
        self.intro.setToolTip(self.empty_help())
        self.how.setText(self.tr("How it works: your strokes are scaled so the ink fits a 20×20 box (with a fixed "
                                 "pen width) and centred by mass in a 28×28 image, the way the MNIST digits the "
                                 "model learned from were made. The network (an LSTM, a GRU or a plain RNN) reads "
                                 "that image one row per step, top to bottom; after the last row its hidden state "
                                 "gives the answer."))
        self.prediction_label.setToolTip(self.tr("The digit the network reads in your drawing (a question mark when "
                                                 "it is not sure)."))
        self.detail_label.setToolTip(self.tr("How sure the model is: the probability of its answer."))
        self.source_label.setToolTip(self.tr("The input being classified and the model classifying it (while "
                                             "training: the step its weights are from)."))

    def _build_layout(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(16)
        layout.addLayout(self._left_column(), 5)
        layout.addLayout(self._right_column(), 6)

    def _left_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.intro = intro = QLabel()
        intro.setWordWrap(True)
        column.addWidget(intro)
        holder = SquareHolder(self.canvas)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        holder.setSizePolicy(policy)
        column.addWidget(holder)
        buttons = QHBoxLayout()
        for action in (self.undo_action, self.clear_action, self.open_image_action, self.load_action,
                       self.save_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumHeight(32)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.how = how = QLabel()
        how.setWordWrap(True)
        how.setStyleSheet(self._hint_style)
        how.setAlignment(Qt.AlignmentFlag.AlignTop)
        column.addWidget(how, 1)
        return column

    def _right_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(self._prediction_panel(), 1)
        self.pipeline = PipelineView()
        top.addWidget(self.pipeline, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        self.probability_chart = ProbabilityChart()
        self.step_chart = StepChart()
        column.addWidget(self.probability_chart, 4)
        column.addWidget(self.step_chart, 5)
        return column

    def _prediction_panel(self) -> QFrame:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMinimumWidth(230)
        # Fixed sizes: a new text must never re-layout the tab (that re-renders every chart).
        panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(panel)
        self.prediction_label = QLabel()
        self.prediction_label.setObjectName("predictionLabel")
        self.prediction_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prediction_label.setFixedHeight(132)
        self.prediction_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("predictionDetail")
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label.setWordWrap(True)
        self.detail_label.setFixedHeight(3 * self.detail_label.fontMetrics().lineSpacing() + 4)
        self.detail_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.source_label = QLabel()
        self.source_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.source_label.setWordWrap(True)
        self.source_label.setFixedHeight(2 * self.source_label.fontMetrics().lineSpacing() + 4)
        self.source_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.source_label.setStyleSheet(f"color: {self.theme.faint};")
        layout.addWidget(self.prediction_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.source_label)
        return panel

    # --- user actions ----------------------------------------------------------------
    @Slot()
    def clear(self) -> None:
        """Erase the strokes (and any loaded image)."""
        self.loaded_image = None
        self.canvas.set_picture(None)
        self.drawing.clear()

    def open_image(self, path: str | os.PathLike[str]) -> bool:
        """Classify an image file through the same pipeline; a bad file gets a dialog. True if shown."""
        try:
            image = load_image(path)
            rendering = render_image(image, Path(path).name)
        except DrawingError as error:
            self._error(self.tr("Cannot use this image"), str(error))
            return False
        self.clear()
        self.loaded_image = LoadedImage(Path(path).name, pil_to_qimage(image), rendering)
        self.canvas.set_picture(self.loaded_image.picture)
        self.classify_current()
        return True

    def load_drawing(self, path: str | os.PathLike[str]) -> bool:
        """Replace the strokes with a stroke JSON file's; a bad file gets a dialog. True if loaded."""
        try:
            loaded = Drawing.load(path)
        except DrawingError as error:
            self._error(self.tr("Cannot load this drawing"), f"{Path(path).name}: {error}")
            return False
        self.loaded_image = None
        self.canvas.set_picture(None)
        self.drawing.replace(loaded)  # its own canvas size: shown scaled, classified as saved
        return True

    def save_drawing(self, path: str | os.PathLike[str]) -> bool:
        """Write the strokes as stroke JSON (atomically). True if written."""
        if self.drawing.is_empty:
            self._error(self.tr("Nothing to save"), self.tr("The canvas holds no strokes: draw a digit first."))
            return False
        try:
            self.drawing.save(path)
        except OSError as error:
            self._error(self.tr("Cannot save the drawing"), f"{path}: {error.strerror or error}")
            return False
        return True

    @Slot()
    def ask_open_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open an image of a digit"), self._folder,
                                              self.tr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;"
                                                      "All files (*)"))
        if path:
            self._folder = str(Path(path).parent)
            self.open_image(path)

    @Slot()
    def ask_load_drawing(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load a drawing"), self._folder, self._drawing_filter())
        if path:
            self._folder = str(Path(path).parent)
            self.load_drawing(path)

    @Slot()
    def ask_save_drawing(self) -> None:
        if self.drawing.is_empty:
            self.save_drawing("")  # explains that there is nothing to save
            return
        start = str(Path(self._folder) / "drawing.json")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the drawing"), start, self._drawing_filter())
        if path:
            path = path if Path(path).suffix else f"{path}.json"
            self._folder = str(Path(path).parent)
            self.save_drawing(path)

    def _drawing_filter(self) -> str:
        return self.tr("Stroke JSON (*.json);;All files (*)")

    def _error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message.splitlines()[0] if message else title)

    # --- drag and drop ---------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = event.mimeData().urls()[0].toLocalFile()
        if Path(path).suffix.lower() == ".json":
            self.load_drawing(path)
        else:
            self.open_image(path)
        event.acceptProposedAction()

    # --- classifying -----------------------------------------------------------------
    def _on_drawing_changed(self, finished: bool) -> None:
        if not finished and self.loaded_image is not None and not self.drawing.is_empty:
            # Drawing over a loaded image: the strokes are the input from now on.
            self.loaded_image = None
            self.canvas.set_picture(None)
        if finished:
            self.classify_current()

    @Slot(object)
    def _on_model_changed(self, model: object) -> None:
        # Re-publish only our own input: an MNIST digit picked in Inspect must stay there.
        current = self.session.current_input
        self.classify_current(publish=current is None or current is self._published)

    def classify_current(self, publish: bool = True) -> None:
        """Render the current input, classify it and show every stage.

        ``publish`` hands the input to the other tabs (the Inspect tab) through the session.
        """
        self.pipeline.set_source(from_file=self.loaded_image is not None)
        rendering, raw = self._render_current()
        self.rendering = rendering
        if rendering is None:
            return
        self.pipeline.show_stages(raw, rendering)
        model = self.session.model
        if model is None:
            self._show_message(self.tr("Loading…"), self.tr("The model is loading; your digit will be classified "
                                                            "as soon as it is ready."), self._hint_style)
            return
        try:
            prediction = predict(model, rendering.image)
        except (RuntimeError, ValueError) as error:  # e.g. a checkpoint for another input size
            message = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
            self._show_message("—", self.tr("This model cannot classify the input: {problem}").format(problem=message),
                               self._warn_style)
            return
        self._show_prediction(prediction)
        if publish:
            name = self.loaded_image.name if self.loaded_image is not None else "drawing"
            self._published = InputSample(image=rendering.image, name=name, rendering=rendering)
            self.session.set_input(self._published)

    def _render_current(self) -> tuple[Rendering | None, QImage | None]:
        """The rendering and the 'raw' picture, or ``(None, None)`` after showing why not."""
        if self.loaded_image is not None:
            image = self.loaded_image
            return image.rendering, file_picture(image.picture, image.rendering.ink_box, self.pipeline.ratio)
        side = float(max(self.canvas.width(), self.canvas.height()))
        try:
            rendering = render_drawing(self.drawing)
        except EmptyDrawingError:
            self.pipeline.clear()
            self._show_message(self.tr("Draw a digit"), self.empty_help(), self._hint_style)
            return None, None
        except DrawingError as error:  # DrawingTooSmallError, or a drawing that cannot be rendered
            self.pipeline.clear(drawing_picture(self.drawing, None, self.canvas.pen_width, side, self.pipeline.ratio))
            too_small = isinstance(error, DrawingTooSmallError)
            self._show_message("?", self.tr("Too small to read: draw the digit larger, filling most of the box.")
                               if too_small else str(error), self._warn_style)
            return None, None
        return rendering, drawing_picture(self.drawing, rendering.ink_box, self.canvas.pen_width, side,
                                          self.pipeline.ratio)

    # --- showing ---------------------------------------------------------------------
    def _set_headline(self, text: str, point_size: int, style: str) -> None:
        label = self.prediction_label
        if label.font().pointSize() != point_size:
            font = QFont(self.font())
            font.setPointSize(point_size)
            font.setBold(True)
            label.setFont(font)
        _set_style(label, style)
        label.setText(text)

    def _show_message(self, headline_text: str, detail: str, style: str) -> None:
        """No prediction: a hint or a warning instead of a digit, and empty charts."""
        self.prediction = None
        self._set_headline(headline_text, 22 if len(headline_text) > 1 else 72, style)  # one symbol: big
        self.detail_label.setText(detail)
        _set_style(self.detail_label, style)
        self.source_label.setText(self._source_text())
        self.probability_chart.show_probs(None, None)
        self.step_chart.show_steps(None, None)
        self.prediction_changed.emit(None)

    def _show_prediction(self, prediction: Prediction) -> None:
        self.prediction = prediction
        # A sure answer in the palette's own text colour; an unsure one as a warning.
        style = "" if prediction.is_sure else self._warn_style
        self._set_headline(headline(prediction), 96, style)
        self.detail_label.setText(explanation(prediction))
        _set_style(self.detail_label, style)
        self.source_label.setText(self._source_text())
        self.probability_chart.show_probs(prediction.probs, prediction.digit)
        self.step_chart.show_steps(prediction.probs_per_step, prediction.digit)
        self.prediction_changed.emit(prediction)

    def _source_text(self) -> str:
        if self.loaded_image is not None:
            source = self.tr("image {name}").format(name=self.loaded_image.name)
        else:
            source = self.tr("your drawing")
        snapshot = self.session.snapshot
        model = self.tr("loading…") if snapshot is None else source_text(snapshot.source)
        if snapshot is not None and snapshot.is_live:
            model = self.tr("the training run's {weights}").format(weights=snapshot_label(snapshot))
        return self.tr("Input: {source}\nModel: {model}").format(source=source, model=model)
