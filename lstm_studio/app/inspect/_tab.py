"""The Inspect tab: step through the timesteps of any input and see what every gate did (any cell).

The trace is computed once per input (the gradient flow too, once its sub-tab is shown);
moving to another step only moves cursors and rewrites a few labels. Test-set evaluation and
gate saturation run in background threads and come back as immutable results.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from ..i18n import on_language_change
from ..shell._jobs import BackgroundJobs, JobOutcome
from ..shell._session import InputSample, Session
from ..shell._torch_threads import one_torch_thread
from ..widgets._plots import SteadyLabel
from ..widgets._style import active_theme
from ..widgets._text import read_so_far
from ._confusion import ConfusionPanel
from ._export import export_pages, gates_dialog, plots_dialog, safe_file_stem
from ._gates import GatesPanel
from ._input import InputView
from ._measure import evaluation_job, layer_weights, saturation_job, saturation_sample
from ._saturation import SaturationPanel
from ._scrubber import StepScrubber
from ._sequence_tab import SequenceInspection
from ._testset import TestSetBrowser
from ._texts import InspectTexts
from ._timeline import TimelinePanel

if TYPE_CHECKING:
    from ...analysis import GradientFlow
    from ...cells import Trace

GATES_TAB, TIMELINE_TAB, SATURATION_TAB, CONFUSION_TAB = range(4)


class InspectTab(InspectTexts, SequenceInspection, QWidget):
    """Timestep scrubber, gate heatmaps, unit equations, prediction and gradient over time,
    gate saturation, and a test-set browser with a confusion matrix."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.sample: InputSample | None = None
        self.trace: Trace | None = None
        self.flow: GradientFlow | None = None
        self.answer, self.leading_step = 0, 28
        self.built = False
        self._needs_input = False
        self._evaluation_stale = False
        self.traced_version = -1  # the session snapshot the shown trace was computed with
        self.evaluated_version = -1  # ... and the one the test-set browser and confusion matrix show
        self._watched_window: QWidget | None = None
        self.layer_reads_sequence = False  # the first layer's name: it reads pixel rows, or a sequence
        self.jobs = BackgroundJobs(self, "inspect")
        self.jobs.finished.connect(self._on_job_finished)
        self._input_timer = QTimer(self)  # coalesces bursts of input changes into one trace
        self._input_timer.setSingleShot(True)
        self._input_timer.setInterval(0)
        self._input_timer.timeout.connect(self._apply_input)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel(self.tr("Loading the inspector…"))
        layout.addWidget(self._placeholder)
        self._connect_session()
        on_language_change(self, self.retranslate)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def ensure_built(self) -> None:
        """Build the widgets. Done on first show: two dozen plots would slow the window's start-up."""
        if self.built:
            return
        self.built = True
        self._build_widgets()
        self._build_layout()
        self._build_shortcuts()
        self._connect_widgets()
        self.retranslate()
        self._set_controls_enabled(False)
        if self.session.is_ready:
            self._on_ready()

    # --- construction ------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.scrubber = StepScrubber()
        self.layer_box = QComboBox()
        self.layer_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit_box = QSpinBox()
        self.export_gates_button = QPushButton()
        self.export_plots_button = QPushButton()
        self.input_title = SteadyLabel(lines=2)
        self.input_view = InputView()
        self.now_label = SteadyLabel(lines=2)
        self.browser = TestSetBrowser()
        self.gates = GatesPanel()
        self.timeline = TimelinePanel()
        self.saturation = SaturationPanel()
        self.confusion = ConfusionPanel()
        self.subtabs = QTabWidget()
        for panel in (self.gates, self.timeline, self.saturation, self.confusion):
            self.subtabs.addTab(panel, "")
        self.message = QLabel("")
        self.message.setStyleSheet(f"color: {active_theme().muted}")

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addWidget(self.input_title)
        self.input_view.setFixedHeight(250)
        left_layout.addWidget(self.input_view)
        left_layout.addWidget(self.now_label)
        self.browser_title = QLabel()
        left_layout.addWidget(self.browser_title)
        left_layout.addWidget(self.browser, stretch=1)
        controls = QHBoxLayout()
        controls.addWidget(self.scrubber, stretch=1)
        for widget in (self.layer_box, self.unit_box, self.export_gates_button, self.export_plots_button):
            controls.addWidget(widget)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addLayout(controls)
        right_layout.addWidget(self.subtabs, stretch=1)
        right_layout.addWidget(self.message)
        self._build_sequence_view(left_layout, right_layout)  # a sequence input (SequenceInspection)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 1100])
        self.layout().removeWidget(self._placeholder)
        self._placeholder.deleteLater()
        self.layout().addWidget(splitter)

    def _build_shortcuts(self) -> None:
        scrubber = self.scrubber
        for key, action in ((Qt.Key.Key_Left, lambda: scrubber.step_by(-1)),
                            (Qt.Key.Key_Right, lambda: scrubber.step_by(1)),
                            (Qt.Key.Key_Home, lambda: scrubber.set_step(1)),
                            (Qt.Key.Key_End, lambda: scrubber.set_step(scrubber.steps)),
                            (Qt.Key.Key_Space, scrubber.toggle_play)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    def _connect_session(self) -> None:
        session = self.session
        session.ready.connect(self._on_ready)
        session.model_changed.connect(self._on_model_changed)
        session.digits_changed.connect(self._on_digits_changed)
        session.input_changed.connect(self._on_input_changed)
        session.training_changed.connect(self._on_training_changed)

    def _connect_widgets(self) -> None:
        self.scrubber.step_changed.connect(self._on_step_changed)
        self.layer_box.currentIndexChanged.connect(self._on_layer_changed)
        self.unit_box.valueChanged.connect(self._on_unit_changed)
        self.gates.cell_clicked.connect(self._on_cell_clicked)
        self.saturation.recompute_requested.connect(self.start_saturation)
        self.saturation.unit_clicked.connect(self._on_saturation_unit_clicked)
        self.confusion.cell_clicked.connect(self._on_confusion_cell_clicked)
        self.browser.digit_chosen.connect(self.choose_test_digit)
        self.subtabs.currentChanged.connect(self._on_subtab_changed)
        self.export_gates_button.clicked.connect(self.export_gates_dialog)
        self.export_plots_button.clicked.connect(self.export_plots_dialog)

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self.scrubber, self.layer_box, self.unit_box, self.export_gates_button,
                       self.export_plots_button, self.saturation.button):
            widget.setEnabled(enabled)

    # --- session events ----------------------------------------------------------------
    @Slot()
    def _on_ready(self) -> None:
        if not self.built:
            return  # ensure_built() does this
        if self.session.digits is not None:
            self.browser.set_digits(self.session.digits)
        self._configure_model_shape()
        self.start_evaluation()
        if self.session.current_input is not None:
            self._on_input_changed(self.session.current_input)
        elif self.isVisible():
            self.choose_test_digit(0)

    @Slot(object)
    def _on_model_changed(self, _snapshot: object) -> None:
        if not self.built or not self.session.is_ready:
            return
        self._configure_model_shape()
        if self.isVisible():
            self.start_evaluation()
        else:
            self._evaluation_stale = True  # evaluated when the tab is shown: a hidden tab costs training nothing
        if self.saturation.result is not None:
            self.saturation.set_stale()
        if self.session.current_input is not None:
            self._on_input_changed(self.session.current_input)

    @Slot(object)
    def _on_digits_changed(self, digits: object) -> None:
        if not self.built:
            return
        self.browser.set_digits(digits)
        self.start_evaluation()

    @Slot(object)
    def _on_input_changed(self, _sample: object) -> None:
        if self.built and self.isVisible():
            self._input_timer.start()
        else:
            self._needs_input = True  # traced when the tab is shown: no work for a hidden tab

    @Slot(bool)
    def _on_training_changed(self, running: bool) -> None:
        if not self.built:
            return
        self.saturation.set_training(running)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.ensure_built()
        self._watch_window()
        if not self.session.is_ready:
            return
        if self._evaluation_stale:
            self.start_evaluation()
        if self.session.current_input is None:
            self.choose_test_digit(0)
        elif self._needs_input:
            self._input_timer.start()

    # --- choosing and showing an input ---------------------------------------------------
    @Slot(int)
    def choose_test_digit(self, test_index: int) -> None:
        """Make MNIST test digit ``test_index`` the session's current input."""
        digits = self.session.digits
        if digits is None or not 0 <= test_index < len(digits.test_labels):
            return
        image = digits.test_images[test_index].astype(np.float32) / 255.0
        self.session.set_input(InputSample(image, f"test digit #{test_index}", int(digits.test_labels[test_index]),
                                           test_index))

    @Slot()
    def _apply_input(self) -> None:
        if self.session.current_input is not None:
            self.show_input(self.session.current_input)

    def show_input(self, sample: InputSample) -> None:
        """Trace ``sample`` once and redraw every panel (the gradient flow when its sub-tab is shown)."""
        model = self.session.model
        if model is None:
            return
        self.ensure_built()
        if self.show_sequence_if_needed(sample):  # a sequence, or a model that reads no digits
            return
        import torch

        from ...analysis import first_leading_step

        self._needs_input = False
        from ...tasks import images_to_sequence

        x = images_to_sequence(torch.from_numpy(sample.image.copy())[None], model.config.input_size)
        with one_torch_thread():
            self.trace = model.trace(x, notify=False)
        self.traced_version = self.session.snapshot.version
        self.sample, self.flow = sample, None
        probs = self.trace.probs_per_step[0]
        self.answer, self.leading_step = int(probs[-1].argmax()), first_leading_step(probs)
        self._configure_model_shape()
        self.scrubber.set_steps(self.trace.num_steps)
        self.input_view.set_steps(self.trace.num_steps)
        self.input_view.set_image(sample.image)
        self.gates.set_trace(self.trace, self.layer_box.currentIndex(), layer_weights(model))
        self.timeline.set_trace(self.trace, self.leading_step, self.answer)
        self._update_gradient_flow()
        self.browser.select_test_index(sample.test_index)
        self._show_title()
        self._set_controls_enabled(True)
        self._on_step_changed(self.scrubber.step)

    def _update_gradient_flow(self) -> None:
        """Compute ‖∂loss/∂h_t‖ for the current input if its panel is on screen. The backward pass
        through the trace is cheap (~2 ms), but updating hidden curves is not free and most views
        never look at them."""
        if self.flow is not None or self.sample is None or self.subtabs.currentIndex() != TIMELINE_TAB:
            return
        from ...analysis import trace_gradient_flow

        with one_torch_thread():  # other cells than the LSTM take autograd's path: one input, one thread
            self.flow = trace_gradient_flow(self.session.model, self.trace, self.sample.label)
        self.timeline.set_gradient(self.flow)

    def _configure_model_shape(self) -> None:
        model = self.session.model
        if model is None:
            return
        layers, hidden = model.config.num_layers, model.config.hidden_size
        if self.layer_box.count() != layers:
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            self.layer_box.addItems([""] * layers)
            self._name_layers()
            self.layer_box.setCurrentIndex(layers - 1)
            self.layer_box.blockSignals(False)
        if self.unit_box.maximum() != hidden - 1:  # setRange re-lays out the controls, even to the same range
            self.unit_box.setRange(0, hidden - 1)

    # --- steps, layers, units ----------------------------------------------------------
    def set_step(self, step: int) -> None:
        """Go to step ``step`` (1..T), as the slider does."""
        self.scrubber.set_step(step)

    @Slot(int)
    def _on_step_changed(self, step: int) -> None:
        """Cheap by design: the trace is already there; only cursors and texts change."""
        if self.sequence_step_changed(step):
            return
        self.input_view.set_step(step)
        if self.trace is None:
            return
        self.gates.set_step(step)
        self.timeline.set_step(step)
        probs = self.trace.probs_per_step[0, step - 1]
        guess = int(probs.argmax())
        settled = self.tr(" (settled)") if step >= self.leading_step else ""
        read = read_so_far(step, self.trace.num_steps)
        self.now_label.setText(self.tr("t = {step}: read {read}; would answer <b>{guess}</b> ({percent}){settled}. "
                                       "Final answer {answer} leads from t = {leading}.").format(
            step=step, read=read, guess=guess, percent=f"{probs[guess]:.0%}", settled=settled, answer=self.answer,
            leading=self.leading_step))

    @Slot(int)
    def _on_layer_changed(self, layer: int) -> None:
        if layer >= 0:
            self.gates.set_layer(layer)

    @Slot(int)
    def _on_unit_changed(self, unit: int) -> None:
        self.gates.set_unit(unit)

    @Slot(int, int)
    def _on_cell_clicked(self, unit: int, step: int) -> None:
        self.unit_box.setValue(unit)
        self.scrubber.set_step(step)

    def select_unit(self, layer: int, unit: int) -> None:
        """Show ``unit`` of ``layer`` (0-based) in the heatmaps and the unit panel."""
        self.layer_box.setCurrentIndex(layer)
        self.unit_box.setValue(unit)

    @Slot(int, int)
    def _on_saturation_unit_clicked(self, layer: int, unit: int) -> None:
        self.select_unit(layer, unit)
        self.subtabs.setCurrentIndex(GATES_TAB)

    @Slot(int, int)
    def _on_confusion_cell_clicked(self, true_class: int, predicted_class: int) -> None:
        self.browser.show_cell(true_class, predicted_class)

    @Slot(int)
    def _on_subtab_changed(self, index: int) -> None:
        self._update_gradient_flow()
        if index == SATURATION_TAB and self.saturation.result is None and not self.jobs.is_running("saturation"):
            self.start_saturation(self.saturation.sample_size.value())

    # --- background work ---------------------------------------------------------------
    def start_evaluation(self) -> None:
        """Classify the whole test set with the current snapshot (fast path, background thread).

        While one evaluation runs, newer snapshots (a run in progress sends one a second) only mark
        the result stale; the next evaluation starts when this one ends, with the newest weights.
        """
        if not self.session.is_ready:
            return
        self.ensure_built()
        if not self.is_digits_model():
            self.confusion.show_not_digits()
            return
        if self.jobs.is_running("evaluate"):
            self._evaluation_stale = True
            return
        self._evaluation_stale = False
        digits = self.session.digits
        if self.browser.evaluation is None:
            self.confusion.show_evaluating(len(digits.test_labels))
        self.jobs.start("evaluate", evaluation_job(self.session.snapshot, digits.test_images, digits.test_labels))

    @Slot(int)
    def start_saturation(self, sample_size: int = 256) -> None:
        """Measure gate saturation over a fixed random sample of test digits, with the freshest weights."""
        if not self.session.is_ready:
            return
        self.ensure_built()
        if not self.is_digits_model():
            self.saturation.set_failed(lambda: self.tr("gate saturation is measured over test digits; this model "
                                                       "reads sequences"))
            return
        snapshot, digits = self.session.snapshot, self.session.digits
        chosen = saturation_sample(len(digits.test_labels), sample_size)
        images = digits.test_images[chosen]  # a private copy for the worker
        self.saturation.set_busy(len(chosen))
        self.jobs.start("saturation", saturation_job(snapshot, images, snapshot))

    @Slot(object)
    def _on_job_finished(self, outcome: JobOutcome) -> None:
        if outcome.kind == "evaluate":
            if outcome.error:
                self.confusion.show_failed(outcome.error)
            elif outcome.result is not None and outcome.result[0] is not None:
                evaluation, snapshot = outcome.result
                self.evaluated_version = snapshot.version
                self.browser.set_evaluation(evaluation)
                self.confusion.set_evaluation(evaluation, snapshot)
                self.browser.select_test_index(self.sample.test_index if self.sample else None)
            if self._evaluation_stale and self.isVisible():
                self.start_evaluation()
        elif outcome.kind == "saturation":
            if outcome.error:
                self.saturation.set_failed(outcome.error)
            elif outcome.result is not None and outcome.result[0] is not None:
                self.saturation.set_result(*outcome.result)

    @property
    def evaluation(self) -> object:
        """The latest test-set evaluation (``TestSetEvaluation``), or ``None`` while it runs."""
        return self.browser.evaluation if self.built else None

    # --- exports -----------------------------------------------------------------------
    def plots_by_page(self) -> dict[QWidget, dict[str, pg.PlotItem]]:
        """Every plot of the tab by file-friendly name, grouped by the sub-tab page showing it."""
        layer = self.layer_box.currentIndex() + 1
        gates = {"input": self.input_view.plot}
        gates |= {f"layer{layer}_{field}": plot for field, plot in self.gates.export_plots().items()}
        gates["unit_traces"] = self.gates.traces_plot
        pages = {self.gates: gates}
        for panel in (self.timeline, self.saturation, self.confusion):
            pages[panel] = panel.plot_items()
        return pages

    def all_plots(self) -> dict[str, pg.PlotItem]:
        """Every plot of the tab by file-friendly name."""
        return {name: plot for plots in self.plots_by_page().values() for name, plot in plots.items()}

    def export_all_plots(self, folder: str) -> list:
        """Write every plot as PNG and SVG into ``folder``; raises :class:`ExportError`."""
        prefix = safe_file_stem(self.sample.name) + "_" if self.sample else ""
        return export_pages(self.subtabs, self.plots_by_page(), folder, prefix)

    @Slot()
    def export_gates_dialog(self) -> None:
        """Ask for a .npz/.csv file and write the current input's gate arrays; errors go to a dialog."""
        if self.trace is not None:
            self._report(gates_dialog(self, self.trace, safe_file_stem(self.sample.name) + "_gates.npz"))

    @Slot()
    def export_plots_dialog(self) -> None:
        """Ask for a folder and write every plot as PNG and SVG; errors go to a dialog."""
        self._report(plots_dialog(self, self.export_all_plots))

    def _report(self, message: str) -> None:
        if message:
            self.message.setText(message)

    # --- shutdown ----------------------------------------------------------------------
    def _watch_window(self) -> None:
        window = self.window()
        if window is not self and window is not self._watched_window:
            window.installEventFilter(self)
            self._watched_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._watched_window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    @Slot()
    def shutdown(self) -> None:
        """Stop playing and end the background threads (bounded wait). Safe to call twice."""
        if self.built:
            self.scrubber.stop()
        self._input_timer.stop()
        self.jobs.shutdown()
