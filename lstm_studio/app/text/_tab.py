"""The Text tab: watch a character-level LSTM learn to write, and find out what its cells track.

Three views share one character model (:class:`TextModelState`, apart from the digits model of the other
tabs): **Live** (bits per character, samples written every few seconds from the latest weights, gate heatmaps
of a held-out passage, the passage coloured by one unit with the top-5 guesses under each character),
**Inspect** (any text, character by character: unit, equations, connectivity, on/off patterns) and
**Cell finder**. Heavy work (loading, sampling, the finder, pattern searches) runs in background threads; a
~30 Hz single-shot timer draws the latest training snapshot.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QTimer, Slot
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from ..i18n import on_language_change, reason_text, snapshot_label
from ..shell._jobs import BackgroundJobs, JobOutcome
from ..shell._torch_threads import one_torch_thread
from ..widgets._style import active_theme
from ._controller import TextTrainingController
from ._finder import FinderPanel
from ._form import OPEN_FILE, TextForm
from ._inspector import TextInspector
from ._live import LivePanel
from ._patterns import PatternSearch
from ._state import LoadedText, TextModelState, load_bundled_text
from ._texts import corpus_description, corpus_name, task_description, text_error

FRAME_MS = 33
SAMPLE_EVERY_MS = 3000
SAMPLE_CHARS = 240
FINDER_CHARS = 20_000
DEFAULT_INSPECT_TEXT = "ROMEO.\nBut, soft! what light through yonder window breaks?\nIt is the east, and Juliet is the sun."


class TextTab(QWidget):
    """The Text tab. Built on first show; the bundled text model loads then, in the background."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = TextModelState(self)
        self.jobs = BackgroundJobs(self)
        self.jobs.finished.connect(self._on_job)
        self.controller = TextTrainingController(self)
        self.corpus: Any = None
        self.held_out_text = ""
        self.passage = ""
        self.reading: Any = None
        self.latest: Any = None          # the newest TrainingSnapshot, drawn by the frame timer
        self.drawn_snapshot: Any = None
        self.drawn_trace_step = -1
        self.sampled_version = -1
        self.inspect_stale = True
        self.built = False
        self.patterns = PatternSearch(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel()
        layout.addWidget(self.placeholder)
        self.status_said: Callable[[], str] = str  # the status line, said again when the language changes
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """The tab's own words (the views say theirs); the model, the corpus, a run and the typed text stay."""
        if not self.built:
            self.placeholder.setText(self.tr("Loading the text model…"))
            return
        for panel, title, tip in ((self.live, self.tr("Live"), self.tr("Training live: bits per character, samples, "
                                                                       "gates.")),
                                  (self.inspector, self.tr("Inspect text"), self.tr("Any text, character by "
                                                                                    "character.")),
                                  (self.finder, self.tr("Cell finder"), self.tr("Which units track which property "
                                                                                "of the text."))):
            index = self.views.indexOf(panel)
            self.views.setTabText(index, title)
            self.views.setTabToolTip(index, tip)
        self.status.setText(self.status_said())
        self._show_model()

    def _say(self, words: Callable[[], str]) -> None:
        """Set the status line; ``words`` is called again when the language changes."""
        self.status_said = words
        self.status.setText(words())

    # --- construction --------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().showEvent(event)
        self.ensure_built()

    def ensure_built(self) -> None:
        """Build the widgets and start loading the bundled text model (once)."""
        if self.built:
            return
        self.built = True
        self.form = TextForm()
        self.live = LivePanel()
        self.inspector = TextInspector()
        self.finder = FinderPanel()
        self.views = QTabWidget()
        self.views.setObjectName("textViews")
        for panel in (self.live, self.inspector, self.finder):
            self.views.addTab(panel, "")
        self.status = QLabel("")
        self.status.setObjectName("textStatus")
        self.status.setStyleSheet(f"color: {active_theme().muted}")
        layout = self.layout()
        layout.removeWidget(self.placeholder)
        self.placeholder.deleteLater()
        layout.addWidget(self.form)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.status)
        self._timers()
        self._connect()
        self.retranslate()
        self.form.setEnabled(False)
        self.jobs.start("load", lambda stop: load_bundled_text())

    def _timers(self) -> None:
        self.frame_timer = QTimer(self, singleShot=True, interval=FRAME_MS)
        self.frame_timer.timeout.connect(self._draw_frame)
        self.sample_timer = QTimer(self, interval=SAMPLE_EVERY_MS)
        self.sample_timer.timeout.connect(self._sample_if_new)
        self.read_timer = QTimer(self, singleShot=True, interval=0)  # coalesces keystrokes into one reading
        self.read_timer.timeout.connect(self._read_inspector_text)

    def _connect(self) -> None:
        self.state.changed.connect(self._on_model_changed)
        self.form.corpus_chosen.connect(self._choose_corpus)
        self.form.train_button.clicked.connect(self.start_training)
        self.form.pause_button.clicked.connect(self.controller.toggle_pause)
        self.form.stop_button.clicked.connect(lambda: self.controller.stop())
        self.form.open_button.clicked.connect(self._open_model)
        self.form.save_button.clicked.connect(self._save_model)
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.epoch_finished.connect(self._on_epoch)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(lambda message: self._say(
            lambda: self.tr("Training failed: {error}").format(error=text_error(message))))
        self.controller.paused_changed.connect(lambda paused: self.form.set_running(True, paused))
        self.live.sample_requested.connect(lambda: self._start_sample(force=True))
        self.inspector.text_edited.connect(lambda _: self.read_timer.start())
        self.inspector.position_changed.connect(self._on_position)
        self.inspector.span_chosen.connect(self.patterns.choose_span)
        self.inspector.search_requested.connect(self.patterns.search)
        self.finder.find_requested.connect(self._find_cells)
        self.views.currentChanged.connect(lambda _: self._refresh_inspector())

    # --- the model and the corpus --------------------------------------------------------
    @Slot(object)
    def _on_job(self, outcome: JobOutcome) -> None:
        if outcome.error:
            self._say(lambda: self._job_failed(outcome.kind, outcome.error))
            if outcome.kind in ("load", "corpus"):
                self.form.setEnabled(True)
            if outcome.kind == "corpus":  # the user chose it: say so where it cannot be missed
                QMessageBox.critical(self, self.tr("Cannot use this text"), text_error(outcome.error))
            if outcome.kind == "load" and self.corpus is None:  # no bundled model: one can still train one
                self._choose_corpus("shakespeare")
            return
        handler = {"load": self._on_loaded, "corpus": self.set_corpus, "sample": self._on_sample,
                   "finder": self._on_found, "states": self.patterns.on_states}[outcome.kind]
        handler(outcome.result)

    def _job_failed(self, kind: str, error: str) -> str:
        """What went wrong in a background job, in words: what was being done, then the error."""
        doing = {"load": self.tr("Loading the bundled text model"), "corpus": self.tr("Loading the corpus"),
                 "sample": self.tr("Writing a sample"), "finder": self.tr("Finding cells"),
                 "states": self.tr("Reading the held-out text")}.get(kind, kind)
        return self.tr("{doing} failed: {error}").format(doing=doing, error=text_error(error))

    def _on_loaded(self, loaded: LoadedText) -> None:
        self.form.setEnabled(True)
        self.set_corpus(loaded.corpus)
        self.inspector.editor.setPlainText(DEFAULT_INSPECT_TEXT)
        self.state.set(loaded.snapshot, loaded.vocabulary)

    def set_corpus(self, corpus: Any) -> None:
        """Make ``corpus`` the text the next run learns from (and whose held-out part is shown and searched)."""
        from ...data.text import split_text
        from ...tasks import probe_passages

        self.corpus = corpus
        self.held_out_text = split_text(corpus.text, 0.1).held_out
        self.passage = probe_passages(self.held_out_text, 1, 80)[0]
        self.patterns.forget_states()
        self._say(lambda: corpus_description(corpus.description))
        self._show_idle_passage()

    def _choose_corpus(self, name: str) -> None:
        if name == OPEN_FILE:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a text file"), "",
                                                  self.tr("Text files (*.txt *.py *.md);;All (*)"))
            if not path:
                return
            name = path
            self.form.show_file(path)
        from ...text import load_corpus

        self._say(lambda: self.tr("Loading {name}…").format(name=name))
        self.jobs.start("corpus", lambda stop: load_corpus(name))

    @Slot(object)
    def _on_model_changed(self, snapshot: Any) -> None:
        config = snapshot.config
        self.live.set_shape(config.num_layers, config.hidden_size, self.state.vocabulary)
        self._show_model()
        if not self.controller.is_running:
            self._show_idle_passage()
        self.inspect_stale = True
        self._refresh_inspector()

    def _show_model(self) -> None:
        """Which model is shown: its source (or step), then its shape, vocabulary and held-out score (two lines
        whatever the language, so a wrap never leaves one word of them behind)."""
        snapshot = self.state.snapshot
        if snapshot is None:
            return
        config = snapshot.config
        bits = snapshot.metrics.get("val_bits_per_char")
        quality = self.tr(", {bits} bits/char held-out").format(bits=f"{bits:.3f}") if isinstance(bits, float) else ""
        self.form.model_label.setText(self.tr("{model}<br>{layers} × {hidden} {cell}, {symbols} symbols").format(
            model=f"<b>{snapshot_label(snapshot)}</b>", layers=config.num_layers, hidden=config.hidden_size,
            cell=config.cell, symbols=config.vocab_size) + quality)

    def _show_idle_passage(self) -> None:
        """The probe passage read by the current model (when no run sends traces)."""
        model = self.state.model
        if model is None or not self.passage or self.controller.is_running:
            return
        from ...text import read_text

        with one_torch_thread():
            reading = read_text(model, self.state.vocabulary, self.passage)
        snapshot = self.state.snapshot
        self.live.show_passage(self.passage, reading.arrays, reading.probs, lambda: self.tr(
            "Held-out passage ({model})").format(model=snapshot_label(snapshot)))

    # --- training ------------------------------------------------------------------------
    def start_training(self) -> None:
        if self.controller.is_running or self.corpus is None:
            return
        from ...tasks import TEXT_TRAINING_DEFAULTS as DEFAULTS
        from ...tasks import TextTask
        from ...training import TrainConfig, gui_thread_cap

        form, snapshot = self.form, self.state.snapshot
        carry_on = form.continue_box.isChecked() and snapshot is not None
        vocabulary = self.state.vocabulary if carry_on else None
        seq_len = self.state.seq_len if carry_on else DEFAULTS["seq_len"]
        embedding = snapshot.config.input_size if carry_on else DEFAULTS["embedding_size"]
        try:
            task = TextTask(self.corpus, vocabulary, seq_len=seq_len, embedding_size=embedding, probe_chars=80)
            task.batches_per_epoch(DEFAULTS["batch_size"])
        except ValueError as error:
            name, problem = self.corpus.name, str(error)  # ``error`` is gone after the except block
            self._say(lambda: f"{name}: {text_error(problem)}")
            return
        config = TrainConfig(hidden_size=form.hidden.value(), num_layers=form.layers.value(),
                             dropout=DEFAULTS["dropout"], learning_rate=DEFAULTS["learning_rate"],
                             batch_size=DEFAULTS["batch_size"], epochs=form.epochs.value(),
                             lr_schedule=DEFAULTS["lr_schedule"],
                             num_threads=gui_thread_cap(), probe_size=1, device="cpu")
        model_config = snapshot.config if carry_on else config.model_config(task)
        from ...models import ModelSnapshot

        start = dict(snapshot.weights) if carry_on else _fresh_weights(model_config)
        self.run_snapshot = ModelSnapshot(model_config, start, "training run", task.to_dict())
        self.state.set(self.run_snapshot, task.vocabulary)
        self.passage = task.probe_passages(1)[0]
        self.run_seq_len = task.seq_len
        self.live.clear_curves()
        self.drawn_trace_step, self.training_bits, self.held_out_bits = -1, float("nan"), None
        from ._controller import TextTrainingRequest

        self.controller.start(TextTrainingRequest(config, task, model_config, start))
        self.form.set_running(True)
        self.sample_timer.start()
        self._say(lambda: self.tr("Training on {task}…").format(task=task_description(task)))

    @Slot(object)
    def _on_snapshot(self, snapshot: Any) -> None:
        self.latest = snapshot
        if np.isfinite(snapshot.metric):  # every snapshot's point is kept; the frame timer draws them
            self.live.add_training_point(snapshot.samples_seen * self.run_seq_len / 1e6, snapshot.metric)
        if snapshot.weights is not None:
            self.state.set_weights(snapshot.weights, snapshot.weights_step)
        if not self.frame_timer.isActive():
            self.frame_timer.start()

    @Slot(object)
    def _on_epoch(self, report: Any) -> None:
        self.live.test_curve.add(report.samples_seen * self.run_seq_len / 1e6, report.test_metric)
        self.live.test_curve.draw()
        self.held_out_bits = report.test_metric

    def _draw_frame(self) -> None:
        snapshot = self.latest
        if snapshot is None or not self.controller.is_running and snapshot is self.drawn_snapshot:
            return
        self.drawn_snapshot = snapshot
        self.live.draw_training_curves()
        trace = snapshot.trace
        if trace is not None and snapshot.trace_step != self.drawn_trace_step:
            self.drawn_trace_step = snapshot.trace_step
            arrays = {name: trace[name][:, 0] for name in trace.names}
            step = snapshot.trace_step
            self.live.show_passage(self.passage, arrays, trace.outputs[0], lambda: self.tr(
                "Held-out passage, step {step}").format(step=f"{step:,}"))
        if np.isfinite(snapshot.metric):
            self.training_bits = snapshot.metric
        self._say(self._progress_words(snapshot, getattr(self, "training_bits", float("nan")),
                                       getattr(self, "held_out_bits", None)))

    def _progress_words(self, snapshot: Any, training_bits: float, held_out: float | None) -> Callable[[], str]:
        """The status line of a run in progress: step, epoch, speed, bits per character."""
        speed = f"{snapshot.samples_per_s * self.run_seq_len:,.0f}"
        bits = f"{training_bits:.3f}".replace("nan", "–")

        def words() -> str:
            said = self.tr("step {step} · epoch {epoch}/{epochs} · {speed} characters/s · training {bits} "
                           "bits/char").format(step=f"{snapshot.step:,}", epochs=snapshot.epochs, speed=speed,
                                               epoch=min(snapshot.epoch + 1, snapshot.epochs), bits=bits)
            if held_out is not None:
                said += self.tr(" · held-out {bits}").format(bits=f"{held_out:.3f}")
            return said

        return words

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.sample_timer.stop()
        self.frame_timer.stop()
        self._draw_frame()  # the run's last snapshot, then the final word below
        self.form.set_running(False)
        if result is None:
            return
        if result.weights is not None and result.steps:
            metrics = {"val_bits_per_char": result.test_metric} if result.test_metric is not None else {}
            self.state.set(self.run_snapshot.with_weights(result.weights, None, f"trained model ({result.steps:,} "
                                                          "steps)", metrics), self.state.vocabulary)
        self._say(lambda: self._finished_words(result))

    def _finished_words(self, result: Any) -> str:
        """How a run ended: finished, stopped (why) or diverged (why), its steps and held-out score."""
        status = {"finished": self.tr("finished"), "stopped": self.tr("stopped"),
                  "diverged": self.tr("diverged")}.get(result.status, result.status)
        if result.reason:
            status = self.tr("{status} ({reason})").format(status=status, reason=reason_text(result.reason))
        said = self.tr("Training {status}: {steps} steps").format(status=status, steps=f"{result.steps:,}")
        if result.test_metric is not None:
            said += self.tr(", held-out {bits} bits/char").format(bits=f"{result.test_metric:.3f}")
        return said

    # --- samples -------------------------------------------------------------------------
    def _sample_if_new(self) -> None:
        self._start_sample(force=False)

    def _start_sample(self, force: bool) -> None:
        snapshot, vocabulary = self.state.snapshot, self.state.vocabulary
        if snapshot is None or self.jobs.is_running("sample") or (not force and snapshot.version == self.sampled_version):
            return
        from ...text import sample_text

        self.sampled_version = snapshot.version
        prime, temperature = self.live.prime.text(), self.live.temperature_value
        label = lambda: self.tr("{model}, temperature {value}").format(  # noqa: E731 - said again on a switch
            model=snapshot_label(snapshot), value=f"{temperature:.2f}")

        def write(stop):  # noqa: ANN001, ANN202 - runs in a background thread on its own model copy
            return label, prime, sample_text(snapshot.build_model(), vocabulary, prime, SAMPLE_CHARS, temperature,
                                             should_stop=stop)

        self.jobs.start("sample", write)

    def _on_sample(self, result: tuple[Callable[[], str], str, str]) -> None:
        label, prime, text = result
        self.live.add_sample(label, prime + text)

    # --- inspect -------------------------------------------------------------------------
    def _refresh_inspector(self) -> None:
        if self.inspect_stale and self.views.currentWidget() is self.inspector and self.state.model is not None:
            self.inspect_stale = False
            self.reading = None
            self._read_inspector_text()

    def _read_inspector_text(self) -> None:
        from ...text import MAX_READ_CHARS, read_text

        model, text = self.state.model, self.inspector.editor.toPlainText()
        if model is None or not text:
            return
        if len(text) > MAX_READ_CHARS:
            self._say(lambda: self.tr("The inspector reads the first {count} characters of the text.").format(
                count=f"{MAX_READ_CHARS:,}"))
            text = text[:MAX_READ_CHARS]
        at_end = self.reading is None or self.inspector.position >= len(self.reading) - 1
        with one_torch_thread():
            self.reading = read_text(model, self.state.vocabulary, text, self.reading)
        position = len(text) - 1 if at_end else min(self.inspector.position, len(text) - 1)
        self.inspector.set_reading(self.reading, self.state.vocabulary, position)
        self._on_position(position)

    def _on_position(self, position: int) -> None:
        if self.reading is None:
            return
        from ...text import connectivity

        self.inspector.redraw_position()
        with one_torch_thread():
            self.inspector.set_connectivity(connectivity(self.state.model, self.reading, min(position, len(self.reading) - 1)))

    # --- cell finder ---------------------------------------------------------------------
    def _find_cells(self) -> None:
        snapshot, vocabulary, text = self.state.snapshot, self.state.vocabulary, self.held_out_text[:FINDER_CHARS]
        if snapshot is None or not text:
            return
        from ...text import find_cells

        self.finder.say(lambda: self.tr("Reading {count} characters of held-out text…").format(count=f"{len(text):,}"))
        self.finder.find_button.setEnabled(False)
        name = self.corpus.name
        self.finder_source = lambda: self.tr("held-out {name} text").format(name=corpus_name(name))
        self.jobs.start("finder", lambda stop: find_cells(snapshot.build_model(), vocabulary, text, should_stop=stop))

    def _on_found(self, result: Any) -> None:
        self.finder.find_button.setEnabled(True)
        if result is not None:
            self.finder.show_result(result, self.finder_source)
            self.patterns.adopt_states(result.states.get("h"), result.text)

    # --- files and shutdown --------------------------------------------------------------
    def _open_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a text model"), "",
                                              self.tr("Checkpoints (*.pt);;All (*)"))
        if path:
            self.open_model(path)

    def open_model(self, path: str) -> None:
        from ...io import CheckpointError
        from ...models import ModelSnapshot, weights_to_numpy
        from ...text import load_text_model

        try:
            text_model = load_text_model(path)
        except CheckpointError as error:
            problem = str(error)  # ``error`` is gone after the except block
            self._say(lambda: text_error(problem))
            QMessageBox.critical(self, self.tr("Cannot open the text model"), text_error(problem))
            return
        model = text_model.model
        self.state.set(ModelSnapshot(model.config, weights_to_numpy(model.state_dict()), text_model.source,
                                     text_model.task, text_model.metrics), text_model.vocabulary)

    def _save_model(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the text model"), "text_model.pt",
                                              self.tr("Checkpoints (*.pt)"))
        if path:
            self.save_model(path)

    def save_model(self, path: str) -> None:
        from ...io import save_checkpoint

        snapshot = self.state.snapshot
        if snapshot is None:
            return
        try:
            save_checkpoint(path, self.state.model, dict(snapshot.metrics), task=dict(snapshot.task),
                            training=dict(snapshot.training))
            self._say(lambda: self.tr("Saved {path}").format(path=path))
        except OSError as error:
            problem = error.strerror or str(error)
            self._say(lambda: self.tr("{path}: cannot write ({error})").format(path=path, error=problem))
            QMessageBox.critical(self, self.tr("Cannot save the text model"),
                                 self.tr("{path}: cannot write ({error})").format(path=path, error=problem))

    def shutdown(self, timeout_ms: int = 1500) -> bool:
        """Stop training and background jobs; True when the training thread ended."""
        ended = self.controller.shutdown(timeout_ms)
        for timer in ("frame_timer", "sample_timer", "read_timer"):
            if hasattr(self, timer):
                getattr(self, timer).stop()
        self.jobs.shutdown()
        return ended


def _fresh_weights(config: Any) -> dict[str, np.ndarray]:
    from ...models import SequenceModel

    return SequenceModel(config).weights_copy()
