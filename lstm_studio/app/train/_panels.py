"""The right side of the Train tab: curves and gate saturation on top, the probe digit's gates below."""
from __future__ import annotations

from typing import Any

import numpy as np
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from ._curves import CurvesPanel, SaturationPanel
from ._gates import GateHeatmapPanel
from ..i18n import on_language_change
from ..widgets._text import cell_title
from ._history import TrainingHistory, saturation_gates
from ._probe import ProbePicker

_LSTM_LEGEND = QT_TRANSLATE_NOOP(
    "TrainPanels", "<b>f</b> forget gate: near 1 <i>keeps</i> the cell's memory, near 0 <i>erases</i> it · "
                   "<b>i</b> input gate: near 1 writes the candidate <b>g</b> into the cell · "
                   "<b>o</b> output gate: near 1 shows the cell through <b>h</b>")
_LSTM_EQUATIONS = "c<sub>t</sub> = f·c<sub>t−1</sub> + i·g,  h<sub>t</sub> = o·tanh(c<sub>t</sub>)"
#: Under the heatmaps, per cell: what its gates do (the hover read-out replaces it while hovering). Each is
#: a list of parts joined by " · ": texts marked for translation (context TrainPanels) and formulas.
LEGENDS = {
    "lstm": (_LSTM_LEGEND, _LSTM_EQUATIONS),
    "lstm_peephole": (_LSTM_LEGEND, _LSTM_EQUATIONS,
                      QT_TRANSLATE_NOOP("TrainPanels", "peepholes: the gates also read the cell state c")),
    "lstm_no_forget": (QT_TRANSLATE_NOOP("TrainPanels", "No forget gate (the 1997 LSTM): c<sub>t</sub> = "
                                                        "c<sub>t−1</sub> + i·g, so nothing <i>erases</i> the cell "
                                                        "state; it only accumulates"),
                       QT_TRANSLATE_NOOP("TrainPanels", "<b>i</b> input gate: near 1 writes the candidate <b>g</b>"),
                       QT_TRANSLATE_NOOP("TrainPanels", "<b>o</b> output gate: near 1 shows the cell through "
                                                        "<b>h</b>")),
    "gru": (QT_TRANSLATE_NOOP("TrainPanels", "<b>z</b> update gate: near 1 <i>keeps</i> the previous hidden state, "
                                             "near 0 replaces it with the new content <b>n</b>"),
            QT_TRANSLATE_NOOP("TrainPanels", "<b>r</b> reset gate: how much of h<sub>t−1</sub> the new content reads"),
            "h<sub>t</sub> = (1 − z)·n + z·h<sub>t−1</sub>"),
    "rnn": (QT_TRANSLATE_NOOP("TrainPanels", "A plain RNN has no gates: h<sub>t</sub> = "
                                             "tanh(W<sub>ih</sub>x<sub>t</sub> + b<sub>ih</sub> + "
                                             "W<sub>hh</sub>h<sub>t−1</sub> + b<sub>hh</sub>). Nothing decides what "
                                             "to keep: every step rewrites h."),),
}


def legend_text(cell: str) -> str:
    """What the gates of ``cell`` do, one line under the heatmaps, in the current language."""
    return " · ".join(QCoreApplication.translate("TrainPanels", part) for part in LEGENDS.get(cell, ()))


GATE_LEGEND = legend_text("lstm")  # in English (the source), for tests and documentation


class TrainPanels(QSplitter):
    """Every live panel; :meth:`draw` updates only what changed since the last frame.

    ``for_script``: a user's own script (File → Attach) rather than a run of this app. When the
    language changes every part says its words again; ``retranslated`` then lets the owner re-set
    the texts it wrote itself.
    """

    retranslated = Signal()

    def __init__(self, parent: QWidget | None = None, for_script: bool = False) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("trainSplitter")
        self.top_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.curves = CurvesPanel(self.top_splitter, for_script)
        self.saturation = SaturationPanel(self.top_splitter, for_script)
        self.top_splitter.setStretchFactor(0, 2)
        self.top_splitter.setStretchFactor(1, 3)
        self.addWidget(self.top_splitter)
        self.addWidget(self._build_gate_area())
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setSizes([320, 520])  # restored from the settings once the user has moved them
        self.top_splitter.setSizes([500, 620])
        self.legend_cell = "lstm"
        self.legend = legend_text(self.legend_cell)
        self.readout.setText(self.legend)
        self.gates.readout_changed.connect(lambda text: self.readout.setText(text or self.legend))
        self._drawn_trace = (-1, -1)
        self._pending: tuple[Any, int, list[int]] | None = None  # a trace's layers still to paint
        self._captions: tuple[Any, int, np.ndarray | None, Callable[[], str] | str] | None = None
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Every panel's words in the current language, then ``retranslated``."""
        for part in (self.curves, self.saturation, self.gates, self.probe_picker):
            part.retranslate()
        self.gates_title.setToolTip(self.tr("Each heatmap: rows are units, columns are timesteps t = 1..T. The "
                                            "network reads the digit one image row per timestep, top to bottom."))
        self.readout.setToolTip(self.tr("Hover a heatmap to read a value out"))
        legend = legend_text(self.legend_cell)
        if self.readout.text() == self.legend:
            self.readout.setText(legend)
        self.legend = legend
        if self._captions is None:
            self.gates_title.setText(self.tr("<b>Gates of the probe digit</b>"))
        else:
            self._show_captions(*self._captions)
        self.retranslated.emit()

    def _build_gate_area(self) -> QWidget:
        area = QWidget(self)
        column = QVBoxLayout(area)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(3)
        header = QHBoxLayout()
        self.gates_title = QLabel(area, objectName="gatesTitle")
        header.addWidget(self.gates_title)
        self.probe_picker = ProbePicker(area)
        header.addWidget(self.probe_picker, 1)
        column.addLayout(header)
        self.gates = GateHeatmapPanel(area)
        column.addWidget(self.gates, 1)
        self.readout = QLabel(area, objectName="gateReadout", wordWrap=True)
        column.addWidget(self.readout)
        return area

    def draw(self, history: TrainingHistory, trace: Any, trace_version: int, probe_labels: np.ndarray | None,
             when: Callable[[], str] | str) -> bool:
        """One frame: the curves, the saturation shares and the chosen probe digit's gates.

        ``when`` says which weights the trace is of (``"step 1,240"``); a function that says it in the
        current language keeps the title right after a language switch. A new trace is painted one layer
        per frame (each layer is up to six heatmaps), which keeps every frame short; returns True while
        layers are still waiting for a frame.
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
        if cell == self.legend_cell:
            return
        self.legend_cell = cell
        legend = legend_text(cell)
        if self.readout.text() == self.legend:
            self.readout.setText(legend)
        self.legend = legend

    def _show_captions(self, trace: Any, index: int, probe_labels: np.ndarray | None,
                       when: Callable[[], str] | str) -> None:
        self._captions = (trace, index, probe_labels, when)
        final = trace.probs_per_step[:, -1] if trace.probs_per_step is not None else None
        if trace.inputs is None or trace.inputs[index].size != 28 * 28:
            final = None  # not a digit read row by row: no "predicts 7" under it (a followed text run, say)
        label = None if probe_labels is None or index >= len(probe_labels) else int(probe_labels[index])
        self.gates.show_prediction(label, None if final is None else final[index])
        self.probe_picker.set_predictions(None if final is None else final.argmax(axis=1))
        title = self.tr("{cell} · probe #{number}").format(cell=cell_title(trace.cell), number=index + 1)
        caption = f"<b>{title}</b> · {when() if callable(when) else when}"
        if self.probe_picker.buttons and final is not None:  # digits to count: how many the model gets right
            caption += " · " + self.tr("{right}/{total} right").format(right=self.probe_picker.correct_count(),
                                                                    total=len(self.probe_picker.buttons))
        self.gates_title.setText(caption)

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
