"""The Attach window: a running script's loss, scalars and gates, live, with the Train tab's panels.

The listener thread hands over batches; the slot here only folds them into a :class:`WatchedRun`
and arms a single-shot ~30 Hz frame timer, which draws the latest state with
:class:`~lstm_studio.app.train._panels.TrainPanels` (curves, saturation, gate heatmaps, probe
picker) and one more plot for the script's other scalars. A one-second timer notices a script that
went quiet ("no message for 10 s"). Detach stops the listener; closing the window detaches.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import on_language_change
from ..train._curves import _add_plot, _live_curve, _name_plot
from ..train._panels import TrainPanels
from ..widgets._style import active_theme
from ._listener import Batch, WatchListener
from ._run import WatchedRun

FRAME_INTERVAL_MS = 33
STATUS_INTERVAL_MS = 1000
LSTM_FIELDS = {"input_gate", "forget_gate", "candidate", "output_gate", "cell_state", "hidden_state"}


class AttachWindow(QWidget):
    """Shows the script publishing at ``host:port`` until detached or closed."""

    def __init__(self, host: str, port: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("attachWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.host, self.port = host, port
        self.resize(1400, 900)
        self.run = WatchedRun()
        self.frames_drawn = 0
        self._drawn = (-1, "", -1)  # trace version, module, probe drawn last
        self._extra_drawn = -1
        self._gates_said: tuple[str, int] | None = None  # the module and step the gates' title names
        self._build()
        self.listener = WatchListener(self)
        self.listener.received.connect(self._on_batch)
        self.listener.failed.connect(self._on_failed)
        self._frame_timer = self._timer("attachFrameTimer", FRAME_INTERVAL_MS, self._draw_frame, single=True)
        self._status_timer = self._timer("attachStatusTimer", STATUS_INTERVAL_MS, self._show_status)
        self.retranslate()
        on_language_change(self, self.retranslate)
        self.panels.retranslated.connect(self._name_panels)
        self.attach()

    def retranslate(self) -> None:
        """The window's own words in the current language (the panels say theirs, then :meth:`_name_panels`)."""
        self.setWindowTitle(self.tr("LSTM Studio — watching {host}:{port}").format(host=self.host, port=self.port))
        self.module_box.setToolTip(self.tr("The recurrent module whose gates are shown (one at a time)."))
        self.module_label.setText(self.tr("Module:"))
        self.detach_button.setText(self.tr("Detach") if self.is_attached else self.tr("Attach again"))
        self.detach_button.setToolTip(self.tr("Stop listening; the script goes on training."))
        _name_plot(self.extra_plot, self.tr("Other scalars of ls.log"), self.tr("value"), self.tr("step"))
        self._name_panels()  # again after the panels' own words, when the language changes (``retranslated``)
        if self.is_attached:
            self._show_status()
        else:
            self._show_detached()
        self._update_modules(force=True)
        self._request_frame()
    def _timer(self, name: str, interval: int, slot: object, single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setSingleShot(single)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    # --- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.status = QLabel(objectName="attachStatus", wordWrap=True)
        self.module_box = QComboBox(objectName="attachModule")
        self.module_box.currentIndexChanged.connect(lambda _: self._request_frame())
        self.detach_button = QPushButton(objectName="detachButton")
        self.detach_button.clicked.connect(self.toggle_attached)
        header = QHBoxLayout()
        header.addWidget(self.status, 1)
        self.module_label = QLabel()
        header.addWidget(self.module_label)
        header.addWidget(self.module_box)
        header.addWidget(self.detach_button)
        self.panels = TrainPanels(self, for_script=True)
        self._adapt_panels()
        self.note = QLabel(objectName="attachNote", wordWrap=True)
        self.note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.note)
        layout.addWidget(self.panels, 1)

    def _adapt_panels(self) -> None:
        """The Train panels (made for a script: steps instead of samples, its loss), and its other scalars."""
        panels = self.panels
        self.extra_view = pg.GraphicsLayoutWidget()
        self.extra_view.setObjectName("attachScalars")
        self.extra_plot = _add_plot(self.extra_view.ci)
        self.extra_plot.enableAutoRange(axis="x")
        self.extra_legend = self.extra_plot.addLegend(offset=(5, 5), labelTextSize="9pt")
        self.extra_curves: dict[str, pg.PlotDataItem] = {}
        panels.top_splitter.addWidget(self.extra_view)
        self.extra_view.setVisible(False)

    def _name_panels(self) -> None:
        """What this window writes over the panels' own words: the gates' title."""
        if self._gates_said is None:
            self.panels.gates_title.setText(self.tr("<b>Gates</b> · waiting for the first trace of the probe"))
        else:
            self._name_gates(*self._gates_said)

    # --- attaching -----------------------------------------------------------------------------
    def attach(self) -> None:
        self.listener.start(self.host, self.port)
        self._status_timer.start()
        self.detach_button.setText(self.tr("Detach"))
        self._show_status()

    def detach(self) -> None:
        """Stop listening (bounded wait) and stop the timers; what was shown stays."""
        self.listener.stop()
        self._status_timer.stop()
        self._frame_timer.stop()
        self.detach_button.setText(self.tr("Attach again"))
        self._show_detached()

    def _show_detached(self) -> None:
        self.status.setText(self.tr("Detached from {host}:{port}").format(host=self.host, port=self.port) + " · "
                            + self.run.status().split(" · ", 1)[-1])

    @property
    def is_attached(self) -> bool:
        return self.listener.is_running

    @Slot()
    def toggle_attached(self) -> None:
        self.detach() if self.is_attached else self.attach()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.detach()
        super().closeEvent(event)

    # --- data ----------------------------------------------------------------------------------
    @Slot(object)
    def _on_batch(self, batch: Batch) -> None:
        if not self.is_attached:
            return
        self.run.add(batch)
        if batch.hello:
            self._update_modules()
        if batch.bye:
            self._show_status()
        self._request_frame()

    @Slot(str)
    def _on_failed(self, problem: str) -> None:
        self.status.setText(self.tr("<b>Cannot attach</b>: {problem}").format(problem=problem))

    def _update_modules(self, force: bool = False) -> None:
        names = [m["name"] for m in self.run.modules]
        current = [self.module_box.itemData(i) for i in range(self.module_box.count())]
        if names == current and not force:
            return
        chosen = self.module_box.currentIndex()
        self.module_box.blockSignals(True)
        self.module_box.clear()
        for module in self.run.modules:
            traced = "" if module.get("traced", True) else self.tr(" — not traced")
            self.module_box.addItem(f"{module['name']} ({module['cell'].upper()}, {module['num_layers']} × "
                                    f"{module['hidden_size']}){traced}", module["name"])
        if names == current:
            self.module_box.setCurrentIndex(chosen)
        self.module_box.blockSignals(False)

    @property
    def module(self) -> str:
        """The module chosen (the first one until the hello names them)."""
        return self.module_box.currentData() or next(iter(self.run.traces), "")

    def _request_frame(self) -> None:
        if not self._frame_timer.isActive():
            self._frame_timer.start()

    @Slot()
    def _show_status(self) -> None:
        self.status.setText(self.run.status())

    # --- drawing -------------------------------------------------------------------------------
    @Slot()
    def _draw_frame(self) -> None:
        module = self.module
        history = self.run.history(module)
        step, trace, header = self.run.traces.get(module, (0, None, {}))
        drawable = trace if trace is not None and LSTM_FIELDS <= {f.attr for f in trace.fields} else None
        self._explain(module, trace, drawable, header)
        labels = None if self.run.labels is None else np.asarray(self.run.labels)
        pending = self.panels.draw(history, drawable, self.run.trace_version, _class_labels(labels),
                                   lambda: self.tr("step {step}").format(step=f"{step:,}"))
        if drawable is not None and (self.run.trace_version, module, self.panels.drawn_probe) != self._drawn:
            self._drawn = (self.run.trace_version, module, self.panels.drawn_probe)
            self._fit_gates(drawable, module, step)
        self._draw_extra()
        self.frames_drawn += 1
        if pending:
            self._request_frame()

    def _explain(self, module: str, trace: object, drawable: object, header: dict) -> None:
        problem = next((m.get("problem") for m in self.run.modules if m.get("name") == module and m.get("problem")), "")
        if problem:
            text = self.tr("{module} is not traced: {problem}.").format(module=module, problem=problem)
        elif trace is not None and drawable is None:
            text = self.tr("{module} is a {cell}: its scalars are shown; these panels draw the gates of LSTM "
                           "modules ({names} were received).").format(module=module, cell=trace.cell.upper(),
                                                                      names=", ".join(trace.names))
        else:
            text = ""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _fit_gates(self, trace: object, module: str, step: int) -> None:
        """The Train panels are laid out for 28-row digits: span the script's own T and input range."""
        gates, steps = self.panels.gates, trace.num_steps
        ticks = [[(t + 0.5, str(t + 1)) for t in sorted({0, steps // 4, steps // 2, 3 * steps // 4, steps - 1})]]
        for plot in gates.plots.values():
            plot.setRange(xRange=(0, steps), padding=0)
            plot.getAxis("bottom").setTicks(ticks)
        inputs = trace.inputs[min(self.panels.drawn_probe, trace.batch_size - 1)]
        low, high = float(inputs.min()), float(inputs.max())
        gates.digit_item.setLevels((low, high if high > low else low + 1))
        gates.digit_view.setRange(xRange=(0, inputs.shape[1]), yRange=(0, steps), padding=0.02)
        gates.digit_view.setAspectLocked(False)
        self._gates_said = (module, step)
        self._name_gates(module, step)
        self._show_probe(trace)

    def _name_gates(self, module: str, step: int) -> None:
        """The gates' title: module, probe, step, and how closely the trace matches the module's own output."""
        gap = next((m.get("output_gap") for m in (self.run.traces[module][2].get("modules") or [])
                    if m.get("name") == module), None)
        check = (" · " + self.tr("trace = the module's own output within {gap}").format(gap=f"{gap:.1e}")
                 if isinstance(gap, float) else "")
        title = self.tr("Gates · {module} · probe #{number}").format(module=module,
                                                                     number=self.panels.drawn_probe + 1)
        step_text = self.tr("step {step}").format(step=f"{step:,}")
        self.panels.gates_title.setText(f"<b>{title}</b> · {step_text}{check}")

    def _show_probe(self, trace: object) -> None:
        """The probe picker shows the module's input per probe sequence (values scaled to 0..1)."""
        picker = self.panels.probe_picker
        if len(picker.buttons) == trace.batch_size:
            return
        inputs = trace.inputs
        scaled = (inputs - inputs.min()) / max(float(np.ptp(inputs)), 1e-9)
        labels = _class_labels(None if self.run.labels is None else np.asarray(self.run.labels))
        picker.set_digits(scaled, labels if labels is not None else np.full(trace.batch_size, -1))
        for index, button in enumerate(picker.buttons):
            known = "" if labels is None or index >= len(labels) else \
                self.tr(" (label {label})").format(label=labels[index])
            button.setToolTip(self.tr("Probe sequence {number}{known}: the input its module reads, steps "
                                      "downwards").format(number=index + 1, known=known))

    def _draw_extra(self) -> None:
        run = self.run
        if run.extra_version == self._extra_drawn:
            return
        self._extra_drawn = run.extra_version
        colours = active_theme().digit_colours
        for name, series in run.extra.items():
            if name not in self.extra_curves:
                pen = pg.mkPen(colours[len(self.extra_curves) % len(colours)], width=2)
                self.extra_curves[name] = _live_curve(self.extra_plot, pen=pen, name=name)
            self.extra_curves[name].setData(series.column(0), series.column(1))
        if run.extra and not self.extra_view.isVisible():
            self.extra_view.setVisible(True)
            width = max(self.panels.top_splitter.width(), 900)  # room for the third plot: 3 : 4 : 3
            self.panels.top_splitter.setSizes([width * 3 // 10, width * 4 // 10, width * 3 // 10])


def _class_labels(labels: np.ndarray | None) -> np.ndarray | None:
    """Probe labels the panels can show (whole numbers, one per probe sequence), else ``None``."""
    if labels is None or labels.ndim != 1 or not np.issubdtype(labels.dtype, np.number):
        return None
    return labels.astype(np.int64)
