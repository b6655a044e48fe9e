"""The Inspect tab's words: a mixin of :class:`~lstm_studio.app.inspect._tab.InspectTab` (Qt context InspectTab).

Every text of the tab is set by :meth:`InspectTexts.retranslate`, at construction and whenever the
language changes; the input's title and the step's sentence are said from the state (the trace,
the sample, the step), so a switch says them again without tracing anything.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ..widgets._text import live_weights

translate = QCoreApplication.translate


def sample_name(name: str) -> str:
    """An input's name as shown: ``"test digit #42"`` and ``"drawing"`` in the app's language, file names as
    they are (the English name stays the sample's own: it also names exported files)."""
    if name.startswith("test digit #"):
        return translate("InspectTab", "test digit #{number}").format(number=name.removeprefix("test digit #"))
    if name == "drawing":
        return translate("InspectTab", "drawing")
    return name


class InspectTexts:
    """Texts of the Inspect tab (see the module docstring). Expects the tab's attributes."""

    layer_box: Any
    layer_reads_sequence = False  # the first layer's name: it reads pixel rows, or a sequence

    def retranslate(self) -> None:
        """Every text of the tab in the current language; the input, the step and the unit stay."""
        if not self.built:
            self._placeholder.setText(translate("InspectTab", "Loading the inspector…"))
            return
        self.layer_box.setToolTip(translate("InspectTab", "Which layer the heatmaps and the unit panel show."))
        self.unit_box.setPrefix(translate("InspectTab", "unit "))
        self.unit_box.setToolTip(translate("InspectTab", "The selected unit (or click a row of any heatmap)."))
        self.export_gates_button.setText(translate("InspectTab", "Export gates…"))
        self.export_gates_button.setToolTip(translate("InspectTab", "Save this input's gate and state arrays (every field of every "
                                                    "layer at every step: i f g o c h for an LSTM, r z n h for a "
                                                    "GRU) as .npz or .csv."))
        self.export_plots_button.setText(translate("InspectTab", "Export plots…"))
        self.export_plots_button.setToolTip(translate("InspectTab", "Save every plot of this tab as PNG and SVG into a folder. "
                                                    "(Right-click a single plot to export just that one.)"))
        self.now_label.setToolTip(translate("InspectTab", "What the network would answer if the image ended after row t."))
        self.browser_title.setText(translate("InspectTab", "<b>Test digits</b>"))
        for index, (title, tip) in enumerate((
                (translate("InspectTab", "Gates"), translate("InspectTab", "Units × time heatmaps of one layer, a unit's traces and its equations.")),
                (translate("InspectTab", "Prediction && gradient"), translate("InspectTab", "The answer as rows are read; ‖∂loss/∂h_t‖ over time.")),
                (translate("InspectTab", "Saturation"), translate("InspectTab", "How often each unit's gates are nearly closed or fully open.")),
                (translate("InspectTab", "Confusion matrix"), translate("InspectTab", "Which digits the model confuses over the test set.")))):
            self.subtabs.setTabText(index, title)
            self.subtabs.setTabToolTip(index, tip)
        self._name_layers()
        self._retitle()

    def _retitle(self) -> None:
        """The input's title and the step's sentence (or the sequence prompt) in the current language."""
        if self.prompt is not None or self.sequence_shown:
            self.retranslate_sequence()
        elif self.trace is not None and self.sample is not None:
            self._show_title()
            self._on_step_changed(self.scrubber.step)
        else:
            self.input_title.setText(translate("InspectTab", "Loading the model…"))

    def _name_layers(self) -> None:
        """``Layer 1 (reads the pixel rows)`` … ``Layer 2 (feeds the classifier)``."""
        layers = self.layer_box.count()
        for layer in range(layers):
            if layer == 0:
                role = translate("InspectTab", "reads the input") if self.layer_reads_sequence else translate("InspectTab", "reads the pixel rows")
            else:
                role = translate("InspectTab", "feeds the classifier") if layer == layers - 1 else ""
            name = translate("InspectTab", "Layer {layer}").format(layer=layer + 1)
            self.layer_box.setItemText(layer, translate("InspectTab", "{layer} ({role})").format(layer=name, role=role) if role
                                       else name)

    def _show_title(self) -> None:
        sample, probs = self.sample, self.trace.probs_per_step[0, -1]
        parts = [f"<b>{sample_name(sample.name)}</b>"]
        percent = f"{probs[self.answer]:.0%}"
        if sample.label is not None:
            verdict = translate("InspectTab", "✓ correct") if sample.label == self.answer else translate("InspectTab", "✗ wrong")
            parts.append(translate("InspectTab", "label {label} · predicted <b>{answer}</b> ({percent}) {verdict}").format(
                label=sample.label, answer=self.answer, percent=percent, verdict=verdict))
        else:
            parts.append(translate("InspectTab", "predicted <b>{answer}</b> ({percent})").format(answer=self.answer, percent=percent))
        snapshot = self.session.snapshot
        if snapshot is not None and snapshot.is_live:
            parts[0] += f" · {live_weights(snapshot)}"  # which weights, while they change
        self.input_title.setText("<br>".join(parts))
