"""The core's words, as the app shows them: field names and meanings, cells, model sources, stop reasons.

The core (no Qt) names things in English: a field's label and meaning, ``CELL_DESCRIPTIONS``, a
model snapshot's source (``"checkpoint model.pt"``), a run's stop reason. Those strings are data
(saved in checkpoints, printed by the CLI, compared by code), so they stay as they are; the app
translates them only where a person reads them. Each is marked here with ``QT_TRANSLATE_NOOP`` so
that ``lupdate`` finds it, and a test checks that every one the core defines is translated.

Sentences the app composes from parts (``"checkpoint {name}"``) are matched by a pattern that
reproduces the English exactly, so an unknown string is shown as it is.
"""
from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

translate = QCoreApplication.translate

#: Every ``Field.label`` and ``Field.meaning`` of ``lstm_studio.cells.FIELDS``.
FIELD_TEXTS = (
    QT_TRANSLATE_NOOP("Field", "input gate"),
    QT_TRANSLATE_NOOP("Field", "forget gate"),
    QT_TRANSLATE_NOOP("Field", "candidate"),
    QT_TRANSLATE_NOOP("Field", "output gate"),
    QT_TRANSLATE_NOOP("Field", "cell state"),
    QT_TRANSLATE_NOOP("Field", "reset gate"),
    QT_TRANSLATE_NOOP("Field", "update gate"),
    QT_TRANSLATE_NOOP("Field", "new content"),
    QT_TRANSLATE_NOOP("Field", "hidden state"),
    QT_TRANSLATE_NOOP("Field", "How much of the candidate is written into the cell state (1: all of it, 0: none)."),
    QT_TRANSLATE_NOOP("Field", "How much of the previous cell state is kept: near 1 keeps it, near 0 erases it."),
    QT_TRANSLATE_NOOP("Field", "The new content the cell could write, from the input and the previous hidden state."),
    QT_TRANSLATE_NOOP("Field", "How much of the squashed cell state is shown as the hidden state."),
    QT_TRANSLATE_NOOP("Field", "The LSTM's memory: kept by the forget gate, written through the input gate."),
    QT_TRANSLATE_NOOP("Field", "How much of the previous hidden state the new content may read (GRU)."),
    QT_TRANSLATE_NOOP("Field", "How much of the previous hidden state is kept: near 1 keeps it, near 0 replaces it "
                               "(GRU)."),
    QT_TRANSLATE_NOOP("Field", "The candidate hidden state, built from the input and the reset previous state (GRU)."),
    QT_TRANSLATE_NOOP("Field", "What the cell outputs at this step, to the next layer, the head and the next step."),
)

#: Every value of ``lstm_studio.cells.CELL_DESCRIPTIONS``.
CELL_DESCRIPTION_TEXTS = (
    QT_TRANSLATE_NOOP("Cell", "plain RNN (tanh): no gates"),
    QT_TRANSLATE_NOOP("Cell", "GRU: reset and update gates"),
    QT_TRANSLATE_NOOP("Cell", "LSTM: input, forget and output gates (PyTorch's nn.LSTM)"),
    QT_TRANSLATE_NOOP("Cell", "LSTM with peepholes: the gates also read the cell state (Gers & Schmidhuber 2000)"),
    QT_TRANSLATE_NOOP("Cell", "the original 1997 LSTM: no forget gate, the cell state only accumulates"),
)


def field_label(field: Any) -> str:
    """``"forget gate"`` in the app's language."""
    return translate("Field", field.label)


def field_meaning(field: Any) -> str:
    """A field's one-sentence meaning in the app's language."""
    return translate("Field", field.meaning)


#: The tasks' metrics (``tasks.Metric.label``), as a followed run names them.
METRIC_TEXTS = (
    QT_TRANSLATE_NOOP("Metric", "accuracy"),
    QT_TRANSLATE_NOOP("Metric", "mean squared error"),
    QT_TRANSLATE_NOOP("Metric", "cross-entropy (nats per step)"),
    QT_TRANSLATE_NOOP("Metric", "bits per character"),
)


def metric_label(label: str) -> str:
    """A metric's label (``"bits per character"``) in the app's language; an unknown one as it is."""
    return translate("Metric", label)


def cell_description(description: str) -> str:
    """A ``CELL_DESCRIPTIONS`` value in the app's language."""
    return translate("Cell", description)


def _patterns(context: str, pairs: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str, str]]:
    return [(re.compile(pattern), context, template) for pattern, template in pairs]


#: Model sources the app writes into snapshots (``ModelSnapshot.source``), as patterns and templates.
_SOURCES = _patterns("ModelSource", (
    (r"^bundled model$", QT_TRANSLATE_NOOP("ModelSource", "bundled model")),
    (r"^bundled text model$", QT_TRANSLATE_NOOP("ModelSource", "bundled text model")),
    (r"^trained model \((?P<steps>[\d,]+) steps\)$", QT_TRANSLATE_NOOP("ModelSource", "trained model ({steps} steps)")),
    (r"^training run$", QT_TRANSLATE_NOOP("ModelSource", "training run")),
    (r"^trained in this session$", QT_TRANSLATE_NOOP("ModelSource", "trained in this session")),
    (r"^checkpoint (?P<name>.+)$", QT_TRANSLATE_NOOP("ModelSource", "checkpoint {name}")),
    (r"^run (?P<name>.*)$", QT_TRANSLATE_NOOP("ModelSource", "run {name}")),
    (r"^new (?P<cell>\S+) model, untrained \((?P<layers>\d+) × (?P<hidden>\d+)\)$",
     QT_TRANSLATE_NOOP("ModelSource", "new {cell} model, untrained ({layers} × {hidden})")),
    (r"^(?P<format>\S+) model (?P<name>.+)$", QT_TRANSLATE_NOOP("ModelSource", "{format} model {name}")),
))

#: Why a run stopped (``TrainResult.reason``, a run folder's reason), as the trainer and the app say it.
_REASONS = _patterns("Reason", (
    (r"^stopped by the user$", QT_TRANSLATE_NOOP("Reason", "stopped by the user")),
    (r"^the window was closed$", QT_TRANSLATE_NOOP("Reason", "the window was closed")),
    (r"^the program is exiting$", QT_TRANSLATE_NOOP("Reason", "the program is exiting")),
    (r"^stopped$", QT_TRANSLATE_NOOP("Reason", "stopped")),
    (r"^stopped by another training process$", QT_TRANSLATE_NOOP("Reason", "stopped by another training process")),
    (r"^the loss became (?P<value>\S+) at step (?P<step>\d+)$",
     QT_TRANSLATE_NOOP("Reason", "the loss became {value} at step {step}")),
    (r"^the loss exploded to (?P<value>\S+) \(over (?P<limit>\S+), ten times the loss of guessing\) at step "
     r"(?P<step>\d+)$",
     QT_TRANSLATE_NOOP("Reason", "the loss exploded to {value} (over {limit}, ten times the loss of guessing) at "
                                 "step {step}")),
    # The lab's cells (``lstm_studio.lab``) stop at a loss above the task's limit, said without it.
    (r"^the loss exploded to (?P<value>\S+) at step (?P<step>\d+)$",
     QT_TRANSLATE_NOOP("Reason", "the loss exploded to {value} at step {step}")),
))


#: The training device as ``describe_device`` names it (``"cpu (4 threads)"``; CUDA's own GPU names stay).
_DEVICES = _patterns("Device", (
    (r"^cpu \((?P<threads>\d+) threads\)$", QT_TRANSLATE_NOOP("Device", "cpu ({threads} threads)")),
    (r"^cpu \(1 thread\)$", QT_TRANSLATE_NOOP("Device", "cpu (1 thread)")),
))


def _match(text: str, patterns: list[tuple[re.Pattern[str], str, str]]) -> str:
    for pattern, context, template in patterns:
        found = pattern.match(text)
        if found:
            return translate(context, template).format(**found.groupdict())
    return text


def source_text(source: str) -> str:
    """A snapshot's source (``"checkpoint model.pt"``) in the app's language; unknown ones as they are."""
    return _match(source, _SOURCES)


def reason_text(reason: str) -> str:
    """Why a run stopped, in the app's language; unknown reasons as they are."""
    return _match(reason, _REASONS)


def device_text(description: str) -> str:
    """A training device's description (``"cpu (4 threads)"``) in the app's language."""
    return _match(description, _DEVICES)


def snapshot_label(snapshot: Any) -> str:
    """What a view says it shows: ``"weights after step 1,240"`` while training, else the source."""
    step = getattr(snapshot, "step", None)
    if step is not None:
        return translate("ModelSource", "weights after step {step}").format(step=f"{step:,}")
    return source_text(getattr(snapshot, "source", "?"))


def digits_source_text(source: str) -> str:
    """``"mnist"`` / ``"mini-mnist"`` (``DigitSet.source``) in the app's language."""
    names = {"mnist": translate("Data", "mnist"), "mini-mnist": translate("Data", "mini-mnist")}
    return names.get(source, source)


#: Why full MNIST is not there (``MnistMissing.reason``); a download's own error stays as it is.
_MNIST_REASONS = _patterns("Data", (
    (r"^files absent$", QT_TRANSLATE_NOOP("Data", "files absent")),
    (r"^offline: (?P<variable>\S+) is set$", QT_TRANSLATE_NOOP("Data", "offline: {variable} is set")),
    (r"^torchvision is not installed, so MNIST cannot be downloaded$",
     QT_TRANSLATE_NOOP("Data", "torchvision is not installed, so MNIST cannot be downloaded")),
    (r"^unreadable: (?P<error>.*)$", QT_TRANSLATE_NOOP("Data", "unreadable: {error}")),
))

_NOTICE = re.compile(r"^Full MNIST unavailable \((?P<reason>.*)\); using the bundled mini-MNIST \((?P<train>[\d,]+) "
                     r"train / (?P<test>[\d,]+) test digits\)\. Put MNIST in (?P<folder>.+) for full training\.$",
                     re.DOTALL)


def digits_notice_text(notice: str) -> str:
    """``DigitSet.notice`` (why the bundled mini-MNIST is used) in the app's language.

    The reason inside it is translated when it is one the data module gives; a network error stays as it is.
    """
    found = _NOTICE.match(notice)
    if found is None:
        return notice
    parts = found.groupdict() | {"reason": _match(found["reason"], _MNIST_REASONS)}
    return translate("Data", "Full MNIST unavailable ({reason}); using the bundled mini-MNIST ({train} train / "
                             "{test} test digits). Put MNIST in {folder} for full training.").format(**parts)
