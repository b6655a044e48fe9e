"""The Lab tab: why LSTMs were made, shown rather than told.

Pick a task that hides what matters far back in the sequence, pick the cells, press Run:
they train side by side on the same batches in a worker thread. The slots only keep the
latest snapshot; a single-shot ~30 Hz frame timer draws it, so bursts never pile up.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from ...lab._cells import LabError
from ..i18n import on_language_change
from ..shell._session import Session
from ..widgets._plots import SteadyLabel
from ..widgets._style import active_theme, label_style
from ._controller import LabController, LabRequest
from ._controls import LabControls, task_help
from ._gates import LabGatePanel
from ._plots import GradientPanel, MetricPanel, SweepPanel
from ._sentences import finished_text, probe_caption, progress_text, start_text, sweep_caption
from ._texts import error_text
from ._verdicts import VerdictPanel

FRAME_INTERVAL_MS = 33
#: A text said again when the language changes: a function that says it, or a fixed text.
Text = Callable[[], str] | str


class LabTab(QWidget):
    """Controls on the left; scores, gradients, verdicts, gates and the sweep on the right."""

    status_message = Signal(str, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.controller = LabController(self)
        #: Extra LabConfig fields for every run (tests use tiny models; the GUI leaves the defaults).
        self.config_overrides: dict[str, Any] = {}
        self.frames_drawn = 0
        self._latest: Any = None
        self._drawn: Any = None         # the snapshot the panels were set up for (a new run: new items)
        self._drawn_frame: Any = None   # the snapshot drawn last
        self._rows_prepared = False
        self._sweeping = False
        # The sweep plot follows the form's settings, redrawn once typing pauses.
        self._sweep_timer = QTimer(self, objectName="labSweepRefreshTimer")
        self._sweep_timer.setSingleShot(True)
        self._sweep_timer.setInterval(300)
        self._sweep_timer.timeout.connect(self.refresh_sweep)
        self._sweep_entries: dict[tuple[int, str], dict[str, Any]] = {}
        self._cache_problem = ""
        self._message: tuple[Text, str] = ("", "info")  # the sidebar's message (said again after a switch)
        self._progress: Text = ""                       # the progress line when no snapshot says it
        self._sweep_text: Text = ""                     # the sweep plot's caption
        self._frame_timer = QTimer(self, objectName="labFrameTimer")
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_INTERVAL_MS)
        self._frame_timer.timeout.connect(self._draw_frame)
        self._build_ui()
        self._connect()
        self._update_state()
        self.retranslate()
        on_language_change(self, self.retranslate)

    # --- construction ------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the tab in the current language; the form, a run in progress and its results stay."""
        self.intro.setText(self.tr("Plain RNNs forget what lies far back: the gradient that should teach them fades "
                                   "on its way. LSTMs were made to fix that with gates. Run the cells side by side "
                                   "and watch."))
        self.comparison_box.setTitle(self.tr("Comparison"))
        self.controls.retranslate()
        self.task_help.setText(task_help(self.controls.task_name))
        for button, text, tip in (
                (self.run_button, self.tr("Run"), self.tr("Train the checked cells side by side")),
                (self.sweep_button, self.tr("Sweep"), self.tr("Run at every length of 'Sweep at' (cached results "
                                                              "are reused) and plot the final score against the "
                                                              "length")),
                (self.stop_button, self.tr("Stop"), self.tr("Stop after the step in progress; the held-out set is "
                                                            "still scored there")),
                (self.export_button, self.tr("Export…"), self.tr("Save the points of this plot as CSV or JSON"))):
            button.setText(text)
            button.setToolTip(tip)
        for index, title, tip in (
                (0, self.tr("Gates on a probe sequence"),
                 self.tr("What each cell's gates and memory do on one fixed probe sequence")),
                (1, self.tr("Sweep: score against length"),
                 self.tr("The final score of each cell against the sequence length"))):
            self.lower_tabs.setTabText(index, title)
            self.lower_tabs.setTabToolTip(index, tip)
        self.probe_label.setText(self.tr("Probe sequence"))
        self.probe_spin.setToolTip(self.tr("Which of the fixed probe sequences the heatmaps show"))
        self.gate_legend.setText(self.tr("Rows are units, columns timesteps. Gates: 0 dark purple → 1 yellow (f near "
                                         "1 <i>keeps</i> the cell state, near 0 <i>erases</i> it). States: −1 blue · "
                                         "0 white · +1 red. Dashed: the steps that matter."))
        for panel in (self.metric_panel, self.gradient_panel, self.gate_panel, self.sweep_panel, self.verdicts):
            panel.retranslate()
        self._say(*self._message)
        self._set_progress(self._progress)
        self._set_sweep_caption(self._sweep_text)
        if self._latest is not None:
            self.probe_caption.setText(probe_caption(self._latest, self.probe_spin.value() - 1))

    def _build_ui(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        sidebar = QScrollArea(self)
        sidebar.setWidgetResizable(True)
        sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sidebar.setWidget(self._build_sidebar())
        sidebar.setFixedWidth(300)
        layout.addWidget(sidebar)
        layout.addWidget(self._build_panels(), 1)

    def _build_sidebar(self) -> QWidget:
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)
        self.intro = QLabel(panel, objectName="labIntro", wordWrap=True)
        self.intro.setStyleSheet(label_style(active_theme().muted))
        column.addWidget(self.intro)
        self.comparison_box = box = QGroupBox(panel)
        self.controls = LabControls(box)
        QVBoxLayout(box).addWidget(self.controls)
        column.addWidget(box)
        self.task_help = QLabel(panel, objectName="labTaskHelp", wordWrap=True)
        self.task_help.setStyleSheet(label_style(active_theme().muted, "font-size: 9pt; "))
        column.addWidget(self.task_help)
        buttons = QHBoxLayout()
        self.run_button = self._button("labRunButton", self.run)
        self.sweep_button = self._button("labSweepButton", self.sweep)
        self.stop_button = self._button("labStopButton", self.stop)
        for button in (self.run_button, self.sweep_button, self.stop_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        # Steady labels: a new text every frame must not lay out the whole window again.
        self.progress_label = SteadyLabel(lines=2, parent=panel)
        self.progress_label.setObjectName("labProgress")
        self.message = QLabel(panel, objectName="labMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.progress_label)
        column.addWidget(self.message)
        column.addStretch(1)
        return panel

    def _button(self, name: str, slot: Any) -> QPushButton:
        button = QPushButton(self, objectName=name)
        button.setMinimumHeight(30)
        button.clicked.connect(slot)
        return button

    def _build_panels(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("labSplitter")
        top = QSplitter(Qt.Orientation.Horizontal, splitter)
        self.metric_panel = MetricPanel(top)
        self.gradient_panel = GradientPanel(top)
        self.verdicts = VerdictPanel()
        verdict_area = QScrollArea(splitter)
        verdict_area.setObjectName("labVerdictArea")
        verdict_area.setWidgetResizable(True)
        verdict_area.setFrameShape(QScrollArea.Shape.NoFrame)
        verdict_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        verdict_area.setWidget(self.verdicts)
        self.lower_tabs = QTabWidget(splitter)
        self.lower_tabs.setObjectName("labLowerTabs")
        self.lower_tabs.addTab(self._build_gate_area(), "")
        self.lower_tabs.addTab(self._build_sweep_area(), "")
        for index, stretch in enumerate((3, 0, 4)):
            splitter.setStretchFactor(index, stretch)
        splitter.setSizes([320, 125, 395])
        self.splitter = splitter
        return splitter

    def _build_gate_area(self) -> QWidget:
        area = QWidget(self)
        column = QVBoxLayout(area)
        column.setContentsMargins(0, 2, 0, 0)
        header = QHBoxLayout()
        self.probe_label = QLabel(area)
        header.addWidget(self.probe_label)
        self.probe_spin = QSpinBox(area, objectName="labProbe")
        self.probe_spin.setRange(1, 1)
        header.addWidget(self.probe_spin)
        self.probe_caption = SteadyLabel(lines=1, rich_text=True, parent=area)
        self.probe_caption.setObjectName("labProbeCaption")
        header.addWidget(self.probe_caption, 1)
        column.addLayout(header)
        self.gate_panel = LabGatePanel(area)
        column.addWidget(self.gate_panel, 1)
        self.gate_legend = QLabel(area, objectName="labGateLegend", wordWrap=True)
        self.gate_legend.setStyleSheet(label_style(active_theme().muted, "font-size: 9pt; "))
        column.addWidget(self.gate_legend)
        return area

    def _build_sweep_area(self) -> QWidget:
        area = QWidget(self)
        column = QVBoxLayout(area)
        column.setContentsMargins(0, 2, 0, 0)
        header = QHBoxLayout()
        self.sweep_caption = QLabel(area, objectName="labSweepCaption", wordWrap=True)
        header.addWidget(self.sweep_caption, 1)
        self.export_button = QPushButton(area, objectName="labExportButton")
        self.export_button.clicked.connect(self.export_sweep)
        header.addWidget(self.export_button)
        column.addLayout(header)
        self.sweep_panel = SweepPanel(area)
        column.addWidget(self.sweep_panel, 1)
        return area

    def _connect(self) -> None:
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.result.connect(self._on_result)
        self.controller.cache_problem.connect(self._on_cache_problem)
        self.controller.failed.connect(self._on_failed)
        self.controller.finished.connect(self._on_finished)
        self.session.ready.connect(self._update_state)
        self.session.ready.connect(self.refresh_sweep)
        self.controls.task_changed.connect(self._on_task_changed)
        self.controls.settings_changed.connect(self._sweep_timer.start)
        self.probe_spin.valueChanged.connect(lambda value: self._request_frame(force=True))
        self._on_task_changed(self.controls.task_name)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._rows_prepared:
            self._rows_prepared = True
            QTimer.singleShot(0, self._prepare_rows)

    @Slot()
    def _prepare_rows(self) -> None:
        """Build the gate rows of the checked cells now, while the user reads the form, not when Run is pressed
        (pyqtgraph takes tens of milliseconds per plot)."""
        try:
            cells = self.controls.cells()
        except LabError:
            return
        for panel in (self.gate_panel, self.metric_panel, self.gradient_panel):
            panel.prepare(cells)

    # --- state ---------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self.controller.is_running

    def _update_state(self) -> None:
        running, ready = self.is_running, self.session.is_ready
        self.run_button.setEnabled(ready and not running)
        self.sweep_button.setEnabled(ready and not running)
        self.stop_button.setEnabled(running)
        self.controls.set_editable(not running)
        if not ready:
            self._set_progress(self._waiting_text)
        elif self._progress == self._waiting_text:
            self._set_progress("")

    def _waiting_text(self) -> str:
        return self.tr("Waiting for PyTorch to load…")

    def _say(self, text: Text, kind: str = "info") -> None:
        """The sidebar's message; a function (said again if the language changes) or a fixed text."""
        self._message = (text, kind)
        self.message.setStyleSheet(label_style(getattr(active_theme(), kind)))  # info, good, warning or error
        self.message.setText(text() if callable(text) else text)

    def _set_progress(self, text: Text) -> None:
        """The progress line: where the run is, or what it waits for."""
        self._progress = text
        self.progress_label.setText(text() if callable(text) else text)

    def _set_sweep_caption(self, text: Text) -> None:
        self._sweep_text = text
        self.sweep_caption.setText(text() if callable(text) else text)

    @Slot(str)
    def _on_task_changed(self, task: str) -> None:
        self.task_help.setText(task_help(task))
        self.refresh_sweep()

    # --- running ---------------------------------------------------------------------------
    def run(self) -> None:
        """Train the checked cells side by side at the chosen length."""
        self._start(sweep=False)

    def sweep(self) -> None:
        """Run the comparison at every length of "Sweep at", reusing cached results."""
        self._start(sweep=True)

    def _start(self, sweep: bool) -> None:
        if self.is_running or not self.session.is_ready:
            return
        from ...lab import LabCache, parse_lengths
        from ...training import gui_thread_cap

        # One torch thread (never more than the GUI's cap): 32-unit models gain nothing from more, and on a
        # busy machine several threads wait on each other (a tiny run measured 5.8 s on 1 thread, 33 s on 2).
        threads = min(1, gui_thread_cap())
        try:
            config = self.controls.config(**{"num_threads": threads, **self.config_overrides})
            lengths = parse_lengths(self.controls.sweep_lengths.text(), config.task) if sweep else ()
        except LabError as error:
            problem = str(error)
            self._say(lambda: error_text(problem), "error")
            return
        digits = self.session.digits if config.task == "seq_mnist" else None
        self._latest = self._drawn = None
        self._cache_problem = ""
        self._sweeping = sweep
        self.controller.start(LabRequest(config, lengths, LabCache(), digits))
        self._say(lambda: start_text(config, lengths))
        self._set_progress(lambda: self.tr("Starting…"))
        self._update_state()

    def stop(self) -> None:
        if self.is_running:
            self.controller.stop()
            self._set_progress(lambda: self.tr("Stopping after this step…"))

    @Slot(object)
    def _on_snapshot(self, snapshot: Any) -> None:
        if self._drawn is None or snapshot.config is not self._drawn.config:
            self._setup_panels(snapshot)
        self._latest = snapshot
        self._request_frame()

    def _setup_panels(self, snapshot: Any) -> None:
        """New items for a run's cells and task (once per run)."""
        info, config = snapshot.task, snapshot.config
        self.metric_panel.setup(info, config)
        self.gradient_panel.setup(info, config)
        self.gate_panel.setup(info, config)
        self.verdicts.setup(config.cells)
        self.probe_spin.blockSignals(True)
        self.probe_spin.setRange(1, max(1, len(info.probe_names)))
        self.probe_spin.blockSignals(False)
        self._drawn = snapshot

    @Slot(object)
    def _on_result(self, result: Any) -> None:
        from ...lab import cell_entry

        for cell in result.cells:
            if result.status == "finished" and cell.status in ("finished", "diverged"):
                entry = cell_entry(result, cell, _device(result.config))
                self._sweep_entries[(result.config.length, cell.spec.key)] = entry
        self.refresh_sweep()

    @Slot(str)
    def _on_cache_problem(self, text: str) -> None:
        self._cache_problem = text
        self.status_message.emit(self.tr("Lab results are not cached: {problem}").format(problem=error_text(text)),
                                 10000)

    @Slot(str)
    def _on_failed(self, text: str) -> None:
        self._say(lambda: self.tr("The lab run failed: {error}").format(error=text), "error")

    @Slot(object)
    def _on_finished(self, results: Any) -> None:
        if results:
            last = results[-1]
            self._say(lambda: finished_text(last), "good" if last.status == "finished" else "info")
            self.status_message.emit(self.tr("Lab: {summary}").format(summary=finished_text(last)), 10000)
        elif results is not None:
            self._say(lambda: self.tr("Every cell of that sweep was already cached: the sweep plot shows them."))
        if self._sweeping and results is not None:
            self.lower_tabs.setCurrentIndex(1)
        self._update_state()
        self._request_frame(force=True)

    # --- drawing -------------------------------------------------------------------------
    def _request_frame(self, force: bool = False) -> None:
        if force:
            self._drawn_frame = None
        if not self._frame_timer.isActive():
            self._frame_timer.start()

    @Slot()
    def _draw_frame(self) -> None:
        snapshot = self._latest
        if snapshot is None:
            return
        if self._drawn_frame is not snapshot:
            self._drawn_frame = snapshot
            self.metric_panel.show(snapshot)
            self.gradient_panel.show(snapshot)
            self.verdicts.show(snapshot)
            self._show_progress(snapshot)
        probe = self.probe_spin.value() - 1
        if self.gate_panel.show(snapshot, probe):
            self.probe_caption.setText(probe_caption(snapshot, probe))
        self.frames_drawn += 1

    def _show_progress(self, snapshot: Any) -> None:
        self._set_progress(lambda: progress_text(snapshot))

    # --- the sweep -----------------------------------------------------------------------
    def refresh_sweep(self) -> None:
        """Redraw the sweep plot with every finished result that has the form's settings."""
        if not self.session.is_ready:
            return
        from ...lab import LabCache, LabCacheError, key_matches, sweep_points, task_metric

        try:
            config = self.controls.config(**self.config_overrides)
        except LabError:
            return
        data = self._data_source(config)
        entries: dict[tuple[int, str], dict[str, Any]] = {}
        try:
            cache = LabCache()
            for entry in cache.matching(config, data, _device(config)):
                entries[(int(entry.get("length", 0)), str(entry.get("key", "")))] = entry
            kept_in, problem = cache.path, ""
        except LabCacheError as error:
            kept_in, problem = None, str(error)
        for (length, key), entry in self._sweep_entries.items():
            if key_matches(entry.get("settings", {}), config, data, _device(config)):
                entries[(length, key)] = entry
        points = sweep_points(entries.values(), config.cells)
        self.sweep_panel.show_points(points, task_metric(config.task), config.cells)
        self._set_sweep_caption(lambda: sweep_caption(points, config, kept_in, problem))
        self.export_button.setEnabled(bool(points))

    def _data_source(self, config: Any) -> str:
        digits = self.session.digits
        return digits.source if config.task == "seq_mnist" and digits is not None else "generated"

    def export_sweep(self) -> None:
        from ...lab import export_points

        points = self.sweep_panel.points
        if not points:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the sweep"), "lab-sweep.csv",
                                              self.tr("CSV table (*.csv);;JSON (*.json)"))
        if not path:
            return
        try:
            export_points(points, path)
        except (LabError, OSError) as error:
            problem = str(error)
            self._say(lambda: self.tr("Could not export: {error}").format(error=error_text(problem)), "error")
            return
        self.status_message.emit(self.tr("Exported {count} points to {path}").format(count=len(points), path=path),
                                 6000)

    # --- settings and shutdown -----------------------------------------------------------------
    def save_settings(self, settings: QSettings) -> None:
        self.controls.save(settings)

    def restore_settings(self, settings: QSettings) -> None:
        self.controls.restore(settings)

    def shutdown(self, timeout_ms: int = 1500) -> bool:
        """Stop the run at once (no final scoring) and wait for its thread; True if it ended."""
        self._frame_timer.stop()
        self._sweep_timer.stop()
        return self.controller.shutdown(timeout_ms)


def _device(config: Any) -> str:
    from ...training import resolve_device

    return resolve_device(config.device).type
