"""The Train tab: press Train and watch a recurrent network learn, gate by gate.

The worker thread only sends immutable snapshots. The slots here store the latest one
(and append its scalars to the history); a single-shot ~30 Hz frame timer draws, armed
when new data arrives, so bursts never pile up and an idle tab costs nothing. About once a
second a snapshot carries the run's weights: they become the session's model
(trainer → snapshot → session → every view), "weights after step N".
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from ..i18n import device_text, on_language_change, without_mnemonic
from ..shell._download import MnistDownloader
from ..shell._files import CheckpointFiles, unusable_shape
from ..shell._jobs import BackgroundJobs, JobOutcome
from ..shell._session import Session
from ..shell._settings import read_value
from ..widgets._style import active_theme, label_style
from ._actions import build_actions, name_actions
from ._boxes import DataBox, ModelBox
from ._controller import TrainingController
from ._controls import TrainControls
from ._history import TrainingHistory
from ._panels import TrainPanels
from ._runs import (describe_model, describe_result, describe_shape, final_snapshot, idle_text, live_snapshot,
                    make_request, model_shape, planned_samples, start_text)
from ._status import Text, TrainStatus

FRAME_INTERVAL_MS = 33
PROBE_SIZE = 16


class TrainTab(QWidget):
    """Hyper-parameters, Train / Pause / Stop, and live panels of the run in progress."""

    status_message = Signal(str, int)  # text, milliseconds (0: until replaced)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.controller = TrainingController(self)
        self.history = TrainingHistory()
        self.status = TrainStatus()
        self.files = CheckpointFiles(session, self)
        self.jobs = BackgroundJobs(self, "train")  # the current model's gates on the probe digits, between runs
        self.downloader = MnistDownloader(self)
        self.device_description = ""
        self.warm_up: threading.Thread | None = None  # see _warm_up_optimiser
        self._adopting = False
        self._keep_form_shape = False  # the form's restored shape survives the start-up model
        self.frames_drawn = 0      # frames painted (the benchmark counts them)
        self.snapshots_drawn = 0   # frames that showed a snapshot not shown before
        self._drawn_snapshot: Any = None
        self._latest: Any = None
        self._trace: Any = None
        self._trace_version = 0
        self._probe_labels: np.ndarray | None = None
        self._probe_images: np.ndarray | None = None
        self._pending_start = False
        self._wanted_probe = 0
        self._run: Any = None  # TrainingRequest of the run in progress (or the last one)
        self._before_run: Any = None  # the snapshot a run started from: kept if the run diverges
        self._message: tuple[Text, str] = ("", "info")  # the sidebar's message (said again after a switch)
        self._load_failed = False
        self._frame_timer = QTimer(self)
        self._frame_timer.setObjectName("trainFrameTimer")
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_INTERVAL_MS)
        self._frame_timer.timeout.connect(self._draw_frame)
        build_actions(self)
        self._build_ui()
        self._connect()
        self.retranslate()
        on_language_change(self, self.retranslate)

    # --- construction ------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the tab in the current language; the form's values and a run in progress stay."""
        name_actions(self)
        for button, action in self._action_buttons:
            button.setToolTip(action.toolTip())
        self.settings_box.setTitle(self.tr("Training settings"))
        self.data_box.retranslate()
        self.model_box.retranslate()
        self._show_model_label()
        self._update_shape_hint()
        self._say(*self._message)
        self._update_state()

    def _button(self, name: str, action: QAction) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(action.trigger)
        button.setMinimumHeight(30)
        self._action_buttons.append((button, action))
        return button

    def _build_ui(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._build_sidebar())
        self.panels = TrainPanels(self)
        layout.addWidget(self.panels, 1)
        # The panels' parts, by name, for the rest of this class and for tests.
        self.splitter, self.curves, self.saturation = self.panels, self.panels.curves, self.panels.saturation
        self.gates, self.probe_picker, self.readout = self.panels.gates, self.panels.probe_picker, self.panels.readout
        self.gates_title = self.panels.gates_title

    def _build_sidebar(self) -> QWidget:
        """The boxes and the form scroll; Train / Pause / Stop and the message stay in view below them."""
        sidebar = QWidget(self)
        sidebar.setFixedWidth(300)
        column = QVBoxLayout(sidebar)
        column.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(sidebar)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._build_boxes())
        column.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self._action_buttons: list[tuple[QPushButton, QAction]] = []
        self.train_button = self._button("trainButton", self.train_action)
        self.pause_button = self._button("pauseButton", self.pause_action)
        self.stop_button = self._button("stopButton", self.stop_action)
        for button in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.message = QLabel(sidebar, objectName="trainMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)
        return sidebar

    def _build_boxes(self) -> QWidget:
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)
        self.data_box = DataBox(self.download_action, panel)
        self.model_box = ModelBox(self.new_model_action, self.bundled_action, panel)
        column.addWidget(self.data_box)
        column.addWidget(self.model_box)
        # Their parts, by name, for the rest of this class and for tests.
        self.data_label, self.notice_banner = self.data_box.label, self.data_box.notice
        self.download_button = self.data_box.download_button
        self.model_label, self.live_note, self.shape_hint = self.model_box.label, self.model_box.live_note, \
            self.model_box.shape_hint
        self.new_model_button, self.bundled_button = self.model_box.new_model_button, self.model_box.bundled_button
        self.settings_box = settings_box = QGroupBox(panel)
        self.controls = TrainControls(settings_box)
        QVBoxLayout(settings_box).addWidget(self.controls)
        column.addWidget(settings_box)
        column.addStretch(1)
        return panel

    def _connect(self) -> None:
        session = self.session
        session.ready.connect(self._on_ready)
        session.load_failed.connect(self._on_load_failed)
        session.model_changed.connect(self._on_model_changed)
        session.digits_changed.connect(self._on_digits_changed)
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.epoch_finished.connect(self._on_epoch)
        self.controller.device_chosen.connect(self._on_device_chosen)
        self.controller.failed.connect(self._on_failed)
        self.controller.finished.connect(self._on_finished)
        self.controller.paused_changed.connect(lambda paused: self._update_state())
        self.controls.shape_changed.connect(self._update_shape_hint)
        self.probe_picker.probe_selected.connect(self._on_probe_selected)
        self.files.message.connect(lambda text: self.status_message.emit(text, 5000))
        self.jobs.finished.connect(self._on_job_finished)
        self.downloader.finished.connect(self._on_download_finished)
        self.downloader.failed.connect(self._on_download_failed)

    # --- state ---------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        """A run is in progress (or asked for and waiting for the model to load)."""
        return self.controller.is_running or self._pending_start

    def _update_state(self) -> None:
        running, ready = self.is_running, self.session.is_ready
        paused = self.controller.is_paused
        self.train_action.setEnabled(not running)
        self.stop_action.setEnabled(running)
        self.pause_action.setEnabled(self.controller.is_running)
        self.pause_action.setText(self.tr("&Resume") if paused else self.tr("&Pause"))
        for action in (self.new_model_action, self.open_action, self.bundled_action):
            action.setEnabled(ready and not running)
        self.save_action.setEnabled(ready)
        self.download_action.setEnabled(ready and not self.downloader.is_running)
        for button, action in ((self.train_button, self.train_action), (self.pause_button, self.pause_action),
                               (self.stop_button, self.stop_action), (self.new_model_button, self.new_model_action),
                               (self.download_button, self.download_action)):
            button.setEnabled(action.isEnabled())
            button.setText(without_mnemonic(action.text()))
        self.bundled_button.setEnabled(self.bundled_action.isEnabled() and self.session.model_source != "bundled model")
        self.controls.set_editable(not running)
        self.live_note.setVisible(self.controller.is_running)

    def _say(self, text: Text, kind: str = "info") -> None:
        """The sidebar's message; a function (said again if the language changes) or a fixed text."""
        self._message = (text, kind)
        self.message.setStyleSheet(label_style(getattr(active_theme(), kind)))  # info, good, warning or error
        self.message.setText(text() if callable(text) else text)

    def _show_model_label(self) -> None:
        if self.session.snapshot is not None:
            self.model_label.setText(describe_model(self.session))
        elif self._load_failed:
            self.model_label.setText(self.tr("No model: loading failed"))
        else:
            self.model_label.setText(self.model_box.loading_text())

    def _update_shape_hint(self) -> None:
        """Continuing a model of another shape is impossible: say that Train will start fresh weights."""
        snapshot = self.session.snapshot
        if snapshot is None or self.controls.from_scratch or self.controls.shape() == model_shape(snapshot.config):
            self.shape_hint.setText("")
            return
        self.shape_hint.setText(self.tr("The current model is {current}, not this shape: Train starts fresh weights "
                                        "of {shape}.").format(current=describe_shape(*model_shape(snapshot.config)),
                                                              shape=describe_shape(*self.controls.shape())))

    # --- session -------------------------------------------------------------------------
    @Slot()
    def _on_ready(self) -> None:
        from ...cells import CELL_DESCRIPTIONS, CELLS, FORGET_BIAS_CELLS
        from ...training import available_devices

        self.controls.set_cells({kind: CELL_DESCRIPTIONS.get(kind, "") for kind in CELLS}, FORGET_BIAS_CELLS)
        self.controls.set_devices(available_devices())
        self.controls.restore_device()
        self.warm_up = threading.Thread(target=_warm_up_optimiser, name="lstm-studio-warm-up", daemon=True)
        self.warm_up.start()
        self._update_state()
        if self._pending_start:
            self._pending_start = False
            self.start_training()

    @Slot(str)
    def _on_load_failed(self, error: str) -> None:
        self._pending_start = False
        self._load_failed = True
        self._show_model_label()
        self._say(lambda: self.tr("Loading failed: {error}").format(error=error), "error")
        self._update_state()

    @Slot(object)
    def _on_model_changed(self, snapshot: Any) -> None:
        config = snapshot.config
        self._show_model_label()
        if not self._adopting:
            self.history.clear()
            if not self._keep_form_shape:
                self.controls.set_shape(config.num_layers, config.hidden_size, config.dropout, config.cell)
        self._keep_form_shape = False
        self._update_shape_hint()
        self._update_state()
        if not self.session.is_training:
            self._show_model_trace()

    @Slot(object)
    def _on_digits_changed(self, digits: Any) -> None:
        self.data_box.show_digits(digits)
        from ...tasks import probe_indices

        # The trainer traces the same probe batch: probe_indices(test labels, 16).
        probe = probe_indices(digits.test_labels, PROBE_SIZE)
        self._probe_labels = digits.test_labels[probe]
        self._probe_images = digits.test_images[probe].astype(np.float32) / 255.0
        self.probe_picker.set_digits(digits.test_images[probe], digits.test_labels[probe], self._wanted_probe)
        if self.session.snapshot is not None and not self.session.is_training:
            self._show_model_trace()

    def _show_model_trace(self) -> None:
        """Between runs the panels show the current model's gates on the probe digits (if it reads digits)."""
        snapshot, images = self.session.snapshot, self._probe_images
        if snapshot is None or images is None or unusable_shape(snapshot.config, dict(snapshot.task)):
            return

        def trace(should_stop: Any) -> Any:  # runs in a worker thread, on its own copy of the model
            import torch

            torch.set_num_threads(1)  # sixteen digits: one thread is fastest and leaves the others alone
            model = snapshot.build_model()
            from ...tasks import images_to_sequence

            return model.trace(images_to_sequence(torch.from_numpy(images), model.config.input_size), notify=False)

        self.jobs.start("probe-trace", trace)

    @Slot(object)
    def _on_job_finished(self, outcome: JobOutcome) -> None:
        if outcome.kind != "probe-trace" or self.controller.is_running:
            return
        if outcome.error:
            error = outcome.error
            self._say(lambda: self.tr("Could not trace the probe digits: {error}").format(error=error), "error")
        elif outcome.result is not None:
            self._set_trace(outcome.result)

    def _set_trace(self, trace: Any) -> None:
        self._trace = trace
        self._trace_version += 1
        self._request_frame()

    @Slot(int)
    def _on_probe_selected(self, index: int) -> None:
        self._wanted_probe = index
        self._request_frame()

    # --- running ---------------------------------------------------------------------------
    def start_training(self) -> None:
        """Train the current model (or fresh weights, if the shape was changed) in the background."""
        if self.is_running:
            return
        if not self.session.is_ready:
            self._pending_start = True
            self.status.show_starting(lambda: self.tr("Starting once PyTorch and the model have loaded…"))
            self._update_state()
            return
        scratch = self.controls.from_scratch
        request, fresh = make_request(self.session, self.controls.config_values(), from_scratch=scratch)
        if fresh:
            self.history.clear()
        self.history.start_run(planned_samples(request.config, request.digits))
        self._run, self._before_run = request, self.session.snapshot
        self._latest = None
        self.jobs.cancel("probe-trace")
        self.controller.start(request)
        self.session.set_training(True)
        self.status.show_starting(lambda: self.tr("Starting…"))
        snapshot = self.session.snapshot
        self._say(lambda: start_text(fresh, scratch, snapshot, request.config))
        self._update_state()

    def toggle_pause(self) -> None:
        self.controller.toggle_pause()
        self.status_message.emit(self.tr("Paused: training waits before its next batch") if self.controller.is_paused
                                 else self.tr("Resumed"), 3000)
        self._request_frame()

    def stop_training(self) -> None:
        if self._pending_start:
            self._pending_start = False
            self.status.show_idle(self.status.idle_word)
            self._update_state()
            return
        self.controller.stop()
        self.status.show_starting(lambda: self.tr("Stopping after this batch…"))

    def new_model(self) -> None:
        if not self.is_running and self.session.is_ready:
            cell, layers, hidden = self.controls.shape()
            self.files.new_model(layers, hidden, self.controls.dropout.value(), cell,
                                 self.controls.config_values()["forget_bias"])

    @Slot(str)
    def _on_device_chosen(self, description: str) -> None:
        self.device_description = description
        self.status_message.emit(self.tr("Training on {device}").format(device=device_text(description)), 4000)

    @Slot(object)
    def _on_snapshot(self, snapshot: Any) -> None:
        self._latest = snapshot
        if self.history.add_snapshot(snapshot):
            self._set_trace(snapshot.trace)
        if snapshot.weights is not None:
            self._publish_live(snapshot)
        self._request_frame()

    @Slot(object)
    def _on_epoch(self, report: Any) -> None:
        self.history.add_epoch(report)
        self.status_message.emit(self.tr("Epoch {epoch}: test accuracy {accuracy}, train loss {loss}").format(
            epoch=report.epoch, accuracy=f"{report.test_metric:.2%}", loss=f"{report.train_loss:.4f}"), 8000)
        self._request_frame()

    @Slot(str)
    def _on_failed(self, error: str) -> None:
        self._say(lambda: self.tr("Training failed: {error}").format(error=error), "error")
        QMessageBox.critical(self, self.tr("Training failed"), error)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.session.set_training(False)
        if result is not None:
            rate = self._run.config.learning_rate if self._run else None
            text, kind, headline = describe_result(result, rate)
            self._say(lambda: describe_result(result, rate)[0], kind)
            self.status_message.emit(headline, 10000)
        if result is not None and result.status != "diverged" and result.steps > 0 and result.weights is not None:
            self._adopt(result)  # its model_changed shows the trained model's gates
        elif self._before_run is not None and self.session.snapshot is not self._before_run:
            self._set_session_snapshot(self._before_run)  # diverged or failed: the model before the run
        else:
            self._show_model_trace()  # back to the gates of the model that was kept
        self.status.show_idle(lambda: idle_text(result), None if result is None else self._latest_progress())
        self._update_state()
        self._request_frame()

    def _publish_live(self, snapshot: Any) -> None:
        """The run's latest weights (about once a second) become the session's one current model."""
        self._set_session_snapshot(live_snapshot(self._run, snapshot))

    def _adopt(self, result: Any) -> None:
        """The run's final weights become the session's model, so Draw and Inspect use them."""
        digits = self.session.digits.source if self.session.digits else ""
        self._set_session_snapshot(final_snapshot(self._run, result, digits))

    def _set_session_snapshot(self, snapshot: Any) -> None:
        """Hand the session a snapshot of this tab's run (the form keeps its shape: it made that model)."""
        self._adopting = True
        try:
            self.session.set_snapshot(snapshot)
        finally:
            self._adopting = False

    def _latest_progress(self) -> float | None:
        return None if self._latest is None else self._latest.progress

    def download_mnist(self) -> None:
        from ...data import resolve_data_dir

        self.downloader.start(resolve_data_dir(self.session.data_dir), self.window())
        self._update_state()

    @Slot(object)
    def _on_download_finished(self, digits: Any) -> None:
        self.session.set_digits(digits)
        self.status_message.emit(self.tr("MNIST downloaded: {count} training digits").format(
            count=f"{len(digits.train_labels):,}"), 8000)
        self._update_state()

    @Slot(str)
    def _on_download_failed(self, error: str) -> None:
        self._update_state()
        QMessageBox.warning(self, self.tr("Download failed"),
                            self.tr("MNIST could not be downloaded: {error}").format(error=error))

    # --- drawing -------------------------------------------------------------------------
    def _request_frame(self) -> None:
        if not self._frame_timer.isActive():
            self._frame_timer.start()

    @Slot()
    def _draw_frame(self) -> None:
        running = self.controller.is_running and self._latest is not None
        step = self._latest.trace_step if running else None
        when = self._when_step(step) if running else self._when_current
        if self.panels.draw(self.history, self._trace, self._trace_version, self._probe_labels, when):
            self._frame_timer.start()  # more layers to paint: one more frame
        if running:
            self.status.show_snapshot(self._latest, self.controller.is_paused)
        self.frames_drawn += 1
        if self._latest is not None and self._latest is not self._drawn_snapshot:
            self._drawn_snapshot = self._latest
            self.snapshots_drawn += 1

    def _when_step(self, step: int) -> Any:
        return lambda: self.tr("step {step}").format(step=f"{step:,}")

    def _when_current(self) -> str:
        return self.tr("current model")

    # --- settings and shutdown ---------------------------------------------------------------
    def save_settings(self, settings: QSettings) -> None:
        self.controls.save(settings)
        settings.setValue("train/probe", self._wanted_probe)
        self.panels.save_state(settings)

    def restore_settings(self, settings: QSettings) -> None:
        self.controls.restore(settings)
        self._keep_form_shape = settings.contains("train/cell") and self.session.snapshot is None
        self._wanted_probe = int(read_value(settings, "train/probe", 0, int))
        self.probe_picker.select(self._wanted_probe)
        self.panels.restore_state(settings)

    def wait_background(self, timeout_s: float) -> None:
        """Let the warm-up import finish before the interpreter exits (it must not die half-way)."""
        if self.warm_up is not None:
            self.warm_up.join(timeout_s)

    def shutdown(self, patience_ms: int = 1500, on_slow: Callable[[], None] | None = None) -> None:
        """Stop everything this tab runs; returns once the training thread has ended.

        ``on_slow`` is called if training takes longer than ``patience_ms`` to stop.
        """
        self._frame_timer.stop()
        self.jobs.shutdown()
        if self.warm_up is not None:
            self.warm_up.join(1.0)
        self._pending_start = False
        self.downloader.shutdown()
        self.controller.shutdown(patience_ms, on_slow)
        self.session.set_training(False)


def _warm_up_optimiser() -> None:
    """Import what the first optimiser pulls in (torch._dynamo: seconds of pure-Python imports).

    Done once, in the background while the user looks around, so the first Train does not
    hold the GIL for seconds and stall the window.
    """
    try:
        import torch

        torch.optim.Adam([torch.zeros(1, requires_grad=True)])
    except Exception:  # noqa: BLE001 - only a head start; a real problem shows when training starts
        pass
