"""The Follow tab: a run written to a folder (here, on shared storage, anywhere) shown as if it trained here.

It reuses the Train tab's panels (curves, gate saturation, gate heatmaps, probe picker) and its
status read-out, fed from the run folder instead of a trainer: a :class:`RunPoller` reads the
files in a background thread, a :class:`RunFeed` turns them into the Train tab's values, and a
~30 Hz single-shot frame timer draws the latest. The run's newest weights become the
session's model (``weights after step N``), so Draw and Inspect follow the run too, unless a
run is training in this window (that one owns the model).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..shell._files import unusable_shape
from ..shell._session import Session
from ..train._panels import TrainPanels
from ..train._status import TrainStatus
from ..widgets._style import active_theme, label_style
from ._feed import RunFeed
from ._poller import POLL_INTERVAL_S, RunPoller

FRAME_INTERVAL_MS = 33
STATE_COLOURS = {"running": "good", "finished": "good", "starting": "info", "waiting": "muted",
                 "stopped": "warning", "not responding": "error", "diverged": "error", "crashed": "error"}


class FollowTab(QWidget):
    """Follows one run folder at a time; :meth:`follow` starts, :meth:`stop_following` ends."""

    closed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None,
                 poll_interval_s: float = POLL_INTERVAL_S) -> None:
        super().__init__(parent)
        self.setObjectName("followTab")
        self.session = session
        self.poll_interval_s = poll_interval_s
        self.poller: RunPoller | None = None
        self.feed = RunFeed()
        self.folder: Path | None = None
        self.status_value: Any = None       # the newest RunStatus
        self.trace_record: Any = None       # the newest TraceRecord shown
        self._trace_version = 0
        self._pending_model: Any = None     # weights waiting for the session to be ready
        self.published_step: int | None = None
        self.frames_drawn = 0
        self._drawn_step: int | None = None
        self._frame_timer = QTimer(self)
        self._frame_timer.setObjectName("followFrameTimer")
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_INTERVAL_MS)
        self._frame_timer.timeout.connect(self._draw_frame)
        self._build_ui()
        session.ready.connect(self._publish_pending)

    def _build_ui(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        header = QHBoxLayout()
        self.title = QLabel("No run", self, objectName="followTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel("", self, objectName="followState")
        self.state_label.setToolTip("What the run's status.json says; a run that says running but whose heartbeat "
                                    "stopped is shown as not responding")
        self.details = QLabel("", self, objectName="followDetails", wordWrap=True)
        self.details.setStyleSheet(label_style(active_theme().muted))
        self.stop_button = QPushButton("Stop following", self, objectName="stopFollowingButton")
        self.stop_button.setToolTip("Stop reading this run folder and close this tab (the run itself goes on)")
        self.stop_button.clicked.connect(self.stop_following)
        header.addWidget(self.title)
        header.addWidget(self.state_label)
        header.addStretch(1)
        header.addWidget(self.stop_button)
        column.addLayout(header)
        column.addWidget(self.details)
        self.run_status = TrainStatus(self)
        column.addWidget(self.run_status)
        self.panels = TrainPanels(self)
        column.addWidget(self.panels, 1)

    # --- following -------------------------------------------------------------------------
    def follow(self, folder: str | Path) -> None:
        """Start following ``folder`` (a run folder, or one that will become one)."""
        self._stop_poller()
        self.folder = Path(folder)
        self.feed = RunFeed(self.folder.name)
        self.status_value = self.trace_record = None
        self.published_step = self._drawn_step = None
        self.title.setText(f"<b>{self.folder.name}</b>")
        self.title.setToolTip(str(self.folder))
        self._show_state(None)
        self.details.setText(str(self.folder))
        self.run_status.show_starting("Reading the run folder…")
        self.poller = RunPoller(self.folder, self.poll_interval_s, self)
        self.poller.updated.connect(self._on_update)
        self.poller.failed.connect(self._on_failed)
        self.poller.start()

    def stop_following(self) -> None:
        """Stop polling and close the tab."""
        self.shutdown()
        self.closed.emit()

    def shutdown(self) -> None:
        """Stop the poller thread and the frame timer (the window closes, or following ends)."""
        self._frame_timer.stop()
        self._stop_poller()

    def _stop_poller(self) -> None:
        poller, self.poller = self.poller, None
        if poller is not None:
            poller.updated.disconnect(self._on_update)
            poller.failed.disconnect(self._on_failed)
            poller.stop()
            poller.deleteLater()

    @property
    def is_following(self) -> bool:
        return self.poller is not None

    # --- updates (GUI thread) ----------------------------------------------------------------
    @Slot(object)
    def _on_update(self, update: Any) -> None:
        if self.sender() is not self.poller:
            return  # from a poller already replaced
        result = self.feed.apply(update)
        if result.trace is not None:
            self.trace_record = result.trace
            self._trace_version += 1
            self._ensure_probe_digits(result.trace)
        if result.model is not None:
            self._publish(result.model)
        self.status_value = update.status
        self._show_state(update.status)
        self._show_details(update)
        self._request_frame()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.details.setText(f"Reading {self.folder} failed: {message}")

    def _show_state(self, status: Any) -> None:
        if status is None:
            self.state_label.setText("")
            return
        colour = getattr(active_theme(), STATE_COLOURS.get(status.state, "info"))
        self.state_label.setStyleSheet(label_style(colour, "font-weight: bold;"))
        self.state_label.setText(status.describe())

    def _show_details(self, update: Any) -> None:
        config = update.config or {}
        parts = []
        if config:
            model = config.get("model") or {}
            task = config.get("task") or {}
            parts.append(f"{str(model.get('cell', '?')).upper()} {model.get('num_layers', '?')} × "
                         f"{model.get('hidden_size', '?')} on {task.get('description') or task.get('name', '?')}")
            processes = config.get("world_size", 1)
            parts.append(f"{processes} process{'es' if processes != 1 else ''} on {config.get('host', '?')} "
                         f"({config.get('device', '?')}), started {config.get('started', '?')}")
        status = update.status
        if status.host:
            parts.append(f"step {status.step:,} · updated {status.updated or '?'}")
        if update.problems:
            parts.append("skipped: " + "; ".join(update.problems))
        self.details.setText(" · ".join(parts) or str(self.folder))

    def _ensure_probe_digits(self, record: Any) -> None:
        """The probe strip shows the run's own probe inputs (from its trace), once per run."""
        picker = self.panels.probe_picker
        trace = record.trace
        if len(picker.buttons) == trace.batch_size or trace.inputs is None:
            return
        inputs = trace.inputs.reshape(trace.batch_size, -1)
        if inputs.shape[1] != 28 * 28:
            return  # not 28 x 28 images: the heatmaps still show, without thumbnails
        images = (inputs.reshape(-1, 28, 28).clip(0, 1) * 255).astype("uint8")
        labels = record.probe_labels if record.probe_labels is not None else [0] * trace.batch_size
        picker.set_digits(images, labels, picker.selected)

    def _publish(self, model: Any) -> None:
        """The run's newest weights become the session's model (Draw and Inspect follow them)."""
        if unusable_shape(model.config, dict(model.task)):
            return  # not a digits model: the views of this app cannot show it
        if not self.session.is_ready:
            self._pending_model = model
            return
        if self.session.is_training:
            return  # a run in this window owns the model
        self.session.set_snapshot(model)
        self.published_step = model.step

    @Slot()
    def _publish_pending(self) -> None:
        model, self._pending_model = self._pending_model, None
        if model is not None and self.is_following:
            self._publish(model)

    # --- drawing -----------------------------------------------------------------------------
    def _request_frame(self) -> None:
        if not self._frame_timer.isActive():
            self._frame_timer.start()

    @Slot()
    def _draw_frame(self) -> None:
        record = self.trace_record
        trace = record.trace if record is not None else None
        labels = record.probe_labels if record is not None else None
        when = f"step {record.step:,}" if record is not None else "no trace yet"
        if self.panels.draw(self.feed.history, trace, self._trace_version, labels, when):
            self._frame_timer.start()
        if record is not None:
            self._drawn_step = record.step
        latest, status = self.feed.latest, self.status_value
        if latest is not None and status is not None and status.is_live:
            self.run_status.show_snapshot(latest, paused=False)
            self.run_status.state_label.setText("Following")
        elif status is not None:
            self.run_status.show_idle(status.state.capitalize(), None if latest is None else latest.progress)
        self.frames_drawn += 1

    @property
    def drawn_trace_step(self) -> int | None:
        """The step of the trace the heatmaps show now (``None`` before the first)."""
        return self._drawn_step
