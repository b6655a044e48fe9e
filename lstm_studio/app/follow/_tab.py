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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import on_language_change, reason_text
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
#: A run's states (``RunStatus.state``) as the tab names them (Qt context ``FollowTab``).
STATE_WORDS = {"running": QT_TRANSLATE_NOOP("FollowTab", "running"),
               "finished": QT_TRANSLATE_NOOP("FollowTab", "finished"),
               "starting": QT_TRANSLATE_NOOP("FollowTab", "starting"),
               "waiting": QT_TRANSLATE_NOOP("FollowTab", "waiting"),
               "stopped": QT_TRANSLATE_NOOP("FollowTab", "stopped"),
               "not responding": QT_TRANSLATE_NOOP("FollowTab", "not responding"),
               "diverged": QT_TRANSLATE_NOOP("FollowTab", "diverged"),
               "crashed": QT_TRANSLATE_NOOP("FollowTab", "crashed")}


def state_word(state: str) -> str:
    """``"running"`` in the app's language; an unknown state as it is."""
    return QCoreApplication.translate("FollowTab", STATE_WORDS[state]) if state in STATE_WORDS else state


def duration_text(seconds: float) -> str:
    """``"45 s"``, ``"2 min"``, ``"1.5 h"`` (as ``RunStatus.describe`` says it), in the app's language."""
    translate = QCoreApplication.translate
    if seconds < 120:
        return translate("FollowTab", "{count} s").format(count=f"{seconds:.0f}")
    if seconds < 7200:
        return translate("FollowTab", "{count} min").format(count=f"{seconds / 60:.0f}")
    return translate("FollowTab", "{count} h").format(count=f"{seconds / 3600:.1f}")


def describe_status(status: Any) -> str:
    """What :meth:`RunStatus.describe` says (``"crashed: killed (out of memory)"``), in the app's language."""
    translate = QCoreApplication.translate
    if status.state == "not responding":
        return translate("FollowTab", "not responding (crashed?): silent for {duration}").format(
            duration=duration_text(status.silent_s))
    if status.state == "waiting":
        return translate("FollowTab", "waiting for the run to start")
    if status.is_final and status.reason:
        return translate("FollowTab", "{state}: {reason}").format(state=state_word(status.state),
                                                                 reason=reason_text(status.reason))
    return state_word(status.state)


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
        self.title = QLabel(self.tr("No run"), self, objectName="followTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel("", self, objectName="followState")
        self.details = QLabel("", self, objectName="followDetails", wordWrap=True)
        self.details.setStyleSheet(label_style(active_theme().muted))
        self.stop_button = QPushButton(self, objectName="stopFollowingButton")
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
        self._update: Any = None  # the newest RunUpdate (its details are said again after a switch)
        self._failure = ""
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Every text of the tab in the current language (the panels say theirs)."""
        self.state_label.setToolTip(self.tr("What the run's status.json says; a run that says running but whose "
                                            "heartbeat stopped is shown as not responding"))
        self.stop_button.setText(self.tr("Stop following"))
        self.stop_button.setToolTip(self.tr("Stop reading this run folder and close this tab (the run itself goes "
                                            "on)"))
        if self.folder is None:
            self.title.setText(self.tr("No run"))
        self._show_state(self.status_value)
        if self._failure:
            self._on_failed(self._failure)
        elif self._update is not None:
            self._show_details(self._update)

    # --- following -------------------------------------------------------------------------
    def follow(self, folder: str | Path) -> None:
        """Start following ``folder`` (a run folder, or one that will become one)."""
        self._stop_poller()
        self.folder = Path(folder)
        self.feed = RunFeed(self.folder.name)
        self.status_value = self.trace_record = None
        self.published_step = self._drawn_step = None
        self._update, self._failure = None, ""
        self.title.setText(f"<b>{self.folder.name}</b>")
        self.title.setToolTip(str(self.folder))
        self._show_state(None)
        self.details.setText(str(self.folder))
        self.run_status.show_starting(lambda: self.tr("Reading the run folder…"))
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
        self._show_metric(self.feed.config)
        if result.trace is not None:
            self.trace_record = result.trace
            self._trace_version += 1
            self._ensure_probe_digits(result.trace)
        if result.model is not None:
            self._publish(result.model)
        self.status_value, self._update, self._failure = update.status, update, ""
        self._show_state(update.status)
        self._show_details(update)
        self._request_frame()

    def _show_metric(self, config: dict | None) -> None:
        """The curves name the run's own metric (bits per character for a text run), accuracy in percent."""
        metric = (config or {}).get("metric")
        if not isinstance(metric, dict) or metric.get("name") in (None, "accuracy"):
            self.panels.curves.set_metric(None, True)
            return
        label = metric.get("label") or metric.get("name")
        self.panels.curves.set_metric(str(label), bool(metric.get("percent")))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._failure = message
        self.details.setText(self.tr("Reading {folder} failed: {problem}").format(folder=self.folder, problem=message))

    def _show_state(self, status: Any) -> None:
        if status is None:
            self.state_label.setText("")
            return
        colour = getattr(active_theme(), STATE_COLOURS.get(status.state, "info"))
        self.state_label.setStyleSheet(label_style(colour, "font-weight: bold;"))
        self.state_label.setText(describe_status(status))

    def _show_details(self, update: Any) -> None:
        config = update.config or {}
        parts = []
        if config:
            model = config.get("model") or {}
            task = config.get("task") or {}
            parts.append(self.tr("{cell} {layers} × {hidden} on {task}").format(
                cell=str(model.get("cell", "?")).upper(), layers=model.get("num_layers", "?"),
                hidden=model.get("hidden_size", "?"), task=task.get("description") or task.get("name", "?")))
            processes = config.get("world_size", 1)
            where = self.tr("1 process on {host} ({device}), started {started}") if processes == 1 else \
                self.tr("{count} processes on {host} ({device}), started {started}")
            parts.append(where.format(count=processes, host=config.get("host", "?"), device=config.get("device", "?"),
                                      started=config.get("started", "?")))
        status = update.status
        if status.host:
            parts.append(self.tr("step {step} · updated {updated}").format(step=f"{status.step:,}",
                                                                          updated=status.updated or "?"))
        if update.problems:
            parts.append(self.tr("skipped: {problems}").format(problems="; ".join(update.problems)))
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
        when = self._when(record.step if record is not None else None)
        if self.panels.draw(self.feed.history, trace, self._trace_version, labels, when):
            self._frame_timer.start()
        if record is not None:
            self._drawn_step = record.step
        latest, status = self.feed.latest, self.status_value
        if latest is not None and status is not None and status.is_live:
            self.run_status.show_snapshot(latest, paused=False, state=lambda: self.tr("Following"))
        elif status is not None:
            state = status.state
            self.run_status.show_idle(lambda: _capitalised(state_word(state)),
                                      None if latest is None else latest.progress)
        self.frames_drawn += 1

    def _when(self, step: int | None) -> Any:
        if step is None:
            return lambda: self.tr("no trace yet")
        return lambda: self.tr("step {step}").format(step=f"{step:,}")

    @property
    def drawn_trace_step(self) -> int | None:
        """The step of the trace the heatmaps show now (``None`` before the first)."""
        return self._drawn_step


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]
