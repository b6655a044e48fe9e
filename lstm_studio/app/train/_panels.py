"""The right side of the Train tab: curves and gate saturation on top, the probe digit's gates below."""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from ._curves import CurvesPanel, SaturationPanel
from ._gates import GateHeatmapPanel
from ..widgets._text import cell_title
from ._history import TrainingHistory, saturation_gates
from ._probe import ProbePicker

_LSTM_LEGEND = ("<b>f</b> forget gate: near 1 <i>keeps</i> the cell's memory, near 0 <i>erases</i> it · "
                "<b>i</b> input gate: near 1 writes the candidate <b>g</b> into the cell · "
                "<b>o</b> output gate: near 1 shows the cell through <b>h</b> · "
                "c<sub>t</sub> = f·c<sub>t−1</sub> + i·g,  h<sub>t</sub> = o·tanh(c<sub>t</sub>)")
#: Under the heatmaps, per cell: what its gates do (the hover read-out replaces it while hovering).
LEGENDS = {
    "lstm": _LSTM_LEGEND,
    "lstm_peephole": _LSTM_LEGEND + " · peepholes: the gates also read the cell state c",
    "lstm_no_forget": ("No forget gate (the 1997 LSTM): c<sub>t</sub> = c<sub>t−1</sub> + i·g, so nothing "
                       "<i>erases</i> the cell state; it only accumulates · <b>i</b> input gate: near 1 writes "
                       "the candidate <b>g</b> · <b>o</b> output gate: near 1 shows the cell through <b>h</b>"),
    "gru": ("<b>z</b> update gate: near 1 <i>keeps</i> the previous hidden state, near 0 replaces it with the "
            "new content <b>n</b> · <b>r</b> reset gate: how much of h<sub>t−1</sub> the new content reads · "
            "h<sub>t</sub> = (1 − z)·n + z·h<sub>t−1</sub>"),
    "rnn": ("A plain RNN has no gates: h<sub>t</sub> = tanh(W<sub>ih</sub>x<sub>t</sub> + b<sub>ih</sub> + "
            "W<sub>hh</sub>h<sub>t−1</sub> + b<sub>hh</sub>). Nothing decides what to keep: every step "
            "rewrites h."),
}
GATE_LEGEND = LEGENDS["lstm"]


class TrainPanels(QSplitter):
    """Every live panel; :meth:`draw` updates only what changed since the last frame."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("trainSplitter")
        self.top_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.curves = CurvesPanel(self.top_splitter)
        self.saturation = SaturationPanel(self.top_splitter)
        self.top_splitter.setStretchFactor(0, 2)
        self.top_splitter.setStretchFactor(1, 3)
        self.addWidget(self.top_splitter)
        self.addWidget(self._build_gate_area())
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setSizes([320, 520])  # restored from the settings once the user has moved them
        self.top_splitter.setSizes([500, 620])
        self.legend = GATE_LEGEND
        self.gates.readout_changed.connect(lambda text: self.readout.setText(text or self.legend))
        self._drawn_trace = (-1, -1)
        self._pending: tuple[Any, int, list[int]] | None = None  # a trace's layers still to paint

    def _build_gate_area(self) -> QWidget:
        area = QWidget(self)
        column = QVBoxLayout(area)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(3)
        header = QHBoxLayout()
        self.gates_title = QLabel("<b>Gates of the probe digit</b>", area, objectName="gatesTitle")
        self.gates_title.setToolTip("Each heatmap: rows are units, columns are timesteps t = 1..T. The network "
                                    "reads the digit one image row per timestep, top to bottom.")
        header.addWidget(self.gates_title)
        self.probe_picker = ProbePicker(area)
        header.addWidget(self.probe_picker, 1)
        column.addLayout(header)
        self.gates = GateHeatmapPanel(area)
        column.addWidget(self.gates, 1)
        self.readout = QLabel(GATE_LEGEND, area, objectName="gateReadout", wordWrap=True)
        self.readout.setToolTip("Hover a heatmap to read a value out")
        column.addWidget(self.readout)
        return area

    def draw(self, history: TrainingHistory, trace: Any, trace_version: int, probe_labels: np.ndarray | None,
             when: str) -> bool:
        """One frame: the curves, the saturation shares and the chosen probe digit's gates.

        A new trace is painted one layer per frame (each layer is up to six heatmaps), which keeps
        every frame short; returns True while layers are still waiting for a frame.
        """
        if trace is not None:
            self.saturation.set_gates(saturation_gates(trace))
            self._show_legend(trace.cell)
        self.curves.show_history(history)
        self.saturation.show_history(history)
        index = self.probe_picker.selected
        if trace is not None and (trace_version, index) != self._drawn_trace:
            index = min(index, trace.batch_size - 1)
            self._drawn_trace = (trace_version, index)
            rebuild = self.gates.needs_rebuild(trace) or \
                (trace.hidden_size, trace.num_steps) != (self.gates.hidden, self.gates.steps)
            self._pending = (trace, index, [] if rebuild else list(range(trace.num_layers)))
            self.gates.show_sample(trace, index, None if rebuild else [self._pending[2].pop(0)])
            self._show_captions(trace, index, probe_labels, when)
        elif self._pending is not None and self._pending[2]:
            trace, index, layers = self._pending
            self.gates.show_sample(trace, index, [layers.pop(0)])
        return self._pending is not None and bool(self._pending[2])

    def _show_legend(self, cell: str) -> None:
        legend = LEGENDS.get(cell, "")
        if legend != self.legend:
            if self.readout.text() == self.legend:
                self.readout.setText(legend)
            self.legend = legend

    def _show_captions(self, trace: Any, index: int, probe_labels: np.ndarray | None, when: str) -> None:
        final = trace.probs_per_step[:, -1] if trace.probs_per_step is not None else None
        label = None if probe_labels is None or index >= len(probe_labels) else int(probe_labels[index])
        self.gates.show_prediction(label, None if final is None else final[index])
        self.probe_picker.set_predictions(None if final is None else final.argmax(axis=1))
        self.gates_title.setText(f"<b>{cell_title(trace.cell)} · probe #{index + 1}</b> · {when} · "
                                 f"{self.probe_picker.correct_count()}/{len(self.probe_picker.buttons)} right")

    @property
    def drawn_probe(self) -> int:
        return self._drawn_trace[1]

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("train/splitter", self.saveState())
        settings.setValue("train/top_splitter", self.top_splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (("train/splitter", self), ("train/top_splitter", self.top_splitter)):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
