"""What the Inspect tab does when its input is a sequence of the user's (not a 28 × 28 digit).

A mixin of :class:`~lstm_studio.app.inspect._tab.InspectTab`: the tab calls
:meth:`show_sequence_if_needed` first for every input, and :meth:`sequence_step_changed` at every
step. A sequence is traced once; the gate heatmaps, the unit's equations, the prediction over time
and the gradient flow are the tab's own panels, spread over the sequence's T steps. A model that
reads something other than digit rows (a model opened from another framework) gets a prompt to
open a sequence instead of a digit it cannot read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QVBoxLayout

from ..i18n import snapshot_label
from ._sequence_input import (SequenceInputView, SequenceSample, align_to_steps, describe_values, scrubber_steps,
                              step_text)

DIGIT_STEPS = 28
translate = QCoreApplication.translate


class SequenceInspection:
    """Sequence inputs for the Inspect tab (see the module docstring). Expects the tab's attributes."""

    sequence_view: SequenceInputView
    sequence_file: Any = None  # the Sequences read from the last file opened
    sequence_shown = False
    sequence_classes = False  # the sequence's model answers with classes (else values, or no head)
    #: The prompt on screen (problem, advice), as functions that say it in the current language.
    prompt: tuple[Any, Any] | None = None

    def _build_sequence_view(self, left_layout: QVBoxLayout, right_layout: QVBoxLayout) -> None:
        self.sequence_view = SequenceInputView()
        self.sequence_view.setVisible(False)
        left_layout.insertWidget(left_layout.indexOf(self.input_view) + 1, self.sequence_view, 1)
        self.sequence_view.open_requested.connect(self.open_sequence_dialog)
        self.sequence_view.index_changed.connect(self.choose_sequence)
        self.sequence_prompt = QLabel(objectName="sequencePrompt", wordWrap=True)
        self.sequence_prompt.setVisible(False)
        right_layout.insertWidget(right_layout.indexOf(self.subtabs), self.sequence_prompt)

    def is_digits_model(self) -> bool:
        """Whether the current model reads 28-pixel digit rows (the digit views and the test set apply)."""
        from ..shell._files import unusable_shape

        snapshot = self.session.snapshot
        return snapshot is not None and not unusable_shape(snapshot.config, dict(snapshot.task))

    # --- choosing a sequence ---------------------------------------------------------------------
    @Slot()
    def open_sequence_dialog(self) -> None:
        """Ask for a sequence file and inspect its first sequence; problems go to a dialog."""
        path, _ = QFileDialog.getOpenFileName(
            self, translate("SequenceInspection", "Open a sequence"), str(Path.home()),
            translate("SequenceInspection", "Sequences (*.npy *.npz *.csv *.tsv *.txt);;All files (*)"))
        if path:
            self.open_sequence(path)

    def open_sequence(self, path: str) -> bool:
        """Read ``path`` for the current model and make its first sequence the session's input."""
        from ...tasks import SequenceError, read_sequences, saved_vocabulary

        snapshot = self.session.snapshot
        if snapshot is None:
            return False
        config = snapshot.config
        try:
            sequences = read_sequences(path, config.input_size, config.vocab_size,
                                       saved_vocabulary(dict(snapshot.task)))
        except SequenceError as error:
            QMessageBox.critical(self, translate("SequenceInspection", "Cannot open the sequence"), str(error))
            return False
        self.sequence_file = sequences
        self.choose_sequence(0)
        return True

    @Slot(int)
    def choose_sequence(self, index: int) -> None:
        """Make sequence ``index`` of the last file opened the session's input."""
        sequences = self.sequence_file
        if sequences is None or not 0 <= index < len(sequences):
            return
        label = None if sequences.labels is None or sequences.labels.ndim != 1 else sequences.labels[index]
        sample = SequenceSample(sequences.x[index], Path(sequences.names[index]).name,
                                sequences.names[0].split("[")[0], index, len(sequences),
                                None if label is None else int(label), sequences.columns)
        self.session.set_input(sample)

    # --- showing one ----------------------------------------------------------------------------
    def show_sequence_if_needed(self, sample: Any) -> bool:
        """Show ``sample`` if it is a sequence, or a prompt if the model cannot read digits.

        Returns False when the tab should go on showing a digit as usual.
        """
        model = self.session.model
        if isinstance(sample, SequenceSample):
            problem = _mismatch(sample, model.config)
            if problem and self.is_digits_model():
                self.choose_test_digit(0)  # back to a digit model (File → Load bundled model): back to digits
            elif problem:
                self._show_sequence_prompt(problem)
            else:
                self._show_sequence(sample, model)
            return True
        if not self.is_digits_model():
            features = model.config.input_size
            self._show_sequence_prompt(lambda: _reads_sequences(features))
            return True
        self._use_digit_views()
        return False

    def _show_sequence(self, sample: SequenceSample, model: Any) -> None:
        import torch

        from ...analysis import first_leading_step
        from ..shell._torch_threads import one_torch_thread

        x = torch.from_numpy(np.array(sample.x))[None]
        with one_torch_thread():
            self.trace = model.trace(x, notify=False)
        self.traced_version = self.session.snapshot.version
        self.sample, self.flow, self._needs_input = sample, None, False
        outputs = self._outputs_per_step()
        classes = outputs is not None and self.trace.output_kind == "probs" and outputs.shape[1] > 1
        self.answer = int(outputs[-1].argmax()) if classes else None
        self.leading_step = first_leading_step(outputs) if classes else self.trace.num_steps
        self._use_sequence_views(self.trace.num_steps)
        self._configure_model_shape()
        self._name_first_layer(sequence=True)
        self.sequence_view.set_file(sample.index, sample.count)
        self.sequence_view.set_values(self.trace.inputs[0], self._sequence_caption(), sample.columns)
        self.gates.set_trace(self.trace, self.layer_box.currentIndex())
        if outputs is not None:
            self.timeline.set_trace(self.trace, self.leading_step, self.answer if classes else 0)
            self._fit_output_axis()
        self._update_gradient_flow()
        self.sequence_classes = classes
        self.input_title.setText(self._sequence_title(outputs, classes))
        self._set_controls_enabled(True)
        self._on_step_changed(min(self.scrubber.step, self.trace.num_steps))

    def _outputs_per_step(self) -> np.ndarray | None:
        trace = self.trace
        values = trace.probs_per_step if trace.probs_per_step is not None else trace.outputs
        return None if values is None else values[0]

    def _sequence_caption(self) -> str:
        """Above the sequence's plot: its shape."""
        return translate("SequenceInspection", "Input: {shape}").format(shape=describe_values(self.trace.inputs[0]))

    def _sequence_title(self, outputs: np.ndarray | None, classes: bool) -> str:
        snapshot = self.session.snapshot
        parts = [f"<b>{self.sample.name}</b> · {snapshot_label(snapshot)}"]
        if outputs is None:
            parts.append(translate("SequenceInspection", "no head: the last layer's h is the output"))
        elif classes:
            verdict = ""
            if self.sample.label is not None:
                verdict = (translate("SequenceInspection", " ✓ correct") if self.sample.label == self.answer else
                           translate("SequenceInspection", " ✗ label {label}").format(label=self.sample.label))
            parts.append(translate("SequenceInspection", "predicted class <b>{answer}</b> ({percent}){verdict}").format(
                answer=self.answer, percent=f"{outputs[-1, self.answer]:.0%}", verdict=verdict))
        else:
            largest = (translate("SequenceInspection", " (largest: <b>{index}</b>)").format(
                index=int(outputs[-1].argmax())) if outputs.shape[1] > 1 else "")
            values = ", ".join(f"{v:.3g}" for v in outputs[-1][:6])
            parts.append(translate("SequenceInspection", "outputs {values}").format(values=values) + largest)
        return "<br>".join(parts)

    def retranslate_sequence(self) -> None:
        """The sequence's title, caption and step text, or the prompt, in the current language."""
        if self.prompt is not None and self.sequence_prompt.isVisibleTo(self):
            self._show_sequence_prompt(*self.prompt)
        elif self.sequence_shown and self.trace is not None and self.sample is not None:
            self.sequence_view.caption.setText(self._sequence_caption())
            self.input_title.setText(self._sequence_title(self._outputs_per_step(), self.sequence_classes))
            self.sequence_step_changed(self.scrubber.step)

    def _fit_output_axis(self) -> None:
        """Probabilities live in 0..1; the values of a regression head get the range they need."""
        plot = self.timeline.prediction_plot
        if self.trace.output_kind == "probs":
            plot.setYRange(0, 1.02, padding=0)
            self.timeline.bar_plot.setYRange(0, 1.02, padding=0)
        else:
            plot.enableAutoRange(axis="y")
            self.timeline.bar_plot.enableAutoRange(axis="y")

    def sequence_step_changed(self, step: int) -> bool:
        """Move every panel to ``step`` when a sequence is shown; False for a digit."""
        if not self.sequence_shown or self.trace is None:
            return False
        self.sequence_view.set_step(step)
        self.gates.set_step(step)
        self.timeline.set_step(step)
        outputs = self._outputs_per_step()
        if outputs is not None:
            self.now_label.setText(step_text(step, self.trace.num_steps, outputs[step - 1], self.trace.output_kind,
                                             self.answer, self.leading_step))
        return True

    # --- which views are on screen ---------------------------------------------------------------
    def _use_sequence_views(self, steps: int) -> None:
        self.sequence_shown, self.prompt = True, None
        self.sequence_prompt.setVisible(False)
        self.subtabs.setVisible(True)
        self._show_digit_widgets(False)
        self._fit_steps(steps)

    def _use_digit_views(self) -> None:
        self.sequence_shown, self.prompt = False, None
        self.sequence_prompt.setVisible(False)
        self.subtabs.setVisible(True)
        self._show_digit_widgets(True)
        self._fit_steps(DIGIT_STEPS)
        self._name_first_layer(sequence=False)

    def _show_sequence_prompt(self, problem: Any, advice: Any = None) -> None:
        """No input this model can read yet (or none these panels can draw): say why and what to do.

        ``problem`` and ``advice`` are functions that say it in the current language (said again after a switch).
        """
        self.sequence_shown, self.trace, self.sample = False, None, None
        self.prompt = (problem, advice)
        self._show_digit_widgets(False)
        self.sequence_view.set_file(0, 1)
        advice_text = advice() if advice is not None else translate(
            "SequenceInspection", "Open a sequence for it: a <b>.npy</b> or <b>.npz</b> array of [T, F] or [N, T, F] "
                                  "values, a <b>.csv</b> file with one row per step and one column per feature, or a "
                                  "<b>.txt</b> file for a character model. Use the <b>Open sequence…</b> button on "
                                  "the left or File → Open sequence…")
        self.sequence_prompt.setText(f"<h3>{problem()}</h3><p>{advice_text}</p>")
        self.sequence_prompt.setVisible(True)
        self.subtabs.setVisible(False)
        self.input_title.setText(f"<b>{snapshot_label(self.session.snapshot)}</b>")
        self.now_label.setText("")
        self._set_controls_enabled(False)

    def _show_digit_widgets(self, digits: bool) -> None:
        self.input_view.setVisible(digits)
        self.browser.setVisible(digits)
        self.browser_title.setVisible(digits)
        self.sequence_view.setVisible(not digits)

    def _name_first_layer(self, sequence: bool) -> None:
        """The first layer reads the input: pixel rows for a digit, the sequence's values otherwise."""
        self.layer_reads_sequence = sequence
        self._name_layers()

    def _fit_steps(self, steps: int) -> None:
        scrubber_steps(self.scrubber, steps)
        timeline = self.timeline
        align_to_steps(steps, [self.gates.traces_plot, timeline.prediction_plot, timeline.gradient_plot])


def _reads_sequences(features: int) -> str:
    if features == 1:
        return translate("SequenceInspection", "This model reads sequences of 1 feature per step, not digit rows.")
    return translate("SequenceInspection", "This model reads sequences of {count} features per step, not digit "
                                           "rows.").format(count=features)


def _mismatch(sample: SequenceSample, config: Any) -> Any:
    """Why ``sample`` does not fit a model of ``config`` (a function saying it in the current language), or ``""``."""
    if config.vocab_size:
        if sample.x.ndim == 1:
            return ""
        return lambda: translate("SequenceInspection", "This model reads token ids; this sequence holds feature "
                                                       "vectors.")
    if sample.x.ndim != 2 or sample.num_features != config.input_size:
        features, reads = sample.num_features, config.input_size
        return lambda: translate("SequenceInspection", "This sequence has %n feature(s) per step; the model reads "
                                                       "{count}.", None, features).format(count=reads)
    return ""
