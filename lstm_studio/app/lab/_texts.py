"""The lab core's words, as the Lab tab shows them: tasks, cells, metrics, verdicts, probe sequences, errors.

The core (``lstm_studio.lab``, no Qt) speaks English: its task and cell names, verdicts and
errors are data the CLI prints too. Each is marked here with ``QT_TRANSLATE_NOOP`` so that
``lupdate`` finds it, and translated where the tab shows it. A verdict is a set of
:class:`~lstm_studio.lab.Phrase` values (template + parts): :func:`say` looks up the template
and fills in the same parts, said in the app's language too. Sentences the tasks and the core
compose from parts (probe descriptions, errors) are matched by patterns that reproduce the
English exactly, so an unknown string is shown as it is. A test keeps these lists in step with
the core's (tests/test_i18n_lab.py).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ...lab._cells import CELL_LABELS, LABEL_WITH_BIAS, CellSpec
from ...lab._config import TASK_LABELS
from ...lab._phrase import Phrase
from ..i18n import QT_TRANSLATE_NOOP, reason_text, translate

#: ``TASK_LABELS``, and the same names in the middle of a sentence (``check_length``'s errors).
TASK_TEXTS = (
    QT_TRANSLATE_NOOP("LabTask", "Adding problem"),
    QT_TRANSLATE_NOOP("LabTask", "Temporal order"),
    QT_TRANSLATE_NOOP("LabTask", "Copy memory"),
    QT_TRANSLATE_NOOP("LabTask", "Sequential MNIST"),
    QT_TRANSLATE_NOOP("LabTask", "adding problem"),
    QT_TRANSLATE_NOOP("LabTask", "temporal order"),
    QT_TRANSLATE_NOOP("LabTask", "copy memory"),
)

#: ``CELL_LABELS`` with words in them, and ``CellSpec.label``'s template.
CELL_TEXTS = (
    QT_TRANSLATE_NOOP("LabCell", "LSTM with peepholes"),
    QT_TRANSLATE_NOOP("LabCell", "LSTM without forget gate (1997)"),
    QT_TRANSLATE_NOOP("LabCell", "{name}, forget bias {bias}"),
)

#: Every template of ``lstm_studio.lab.TEMPLATES`` and the labels of the lab's metrics.
VERDICT_TEXTS = (
    QT_TRANSLATE_NOOP("LabVerdict", "A plain RNN passes the gradient back through its recurrent weights and tanh at "
                                    "every step, so it fades long before it reaches the first steps: the gradient "
                                    "plot shows the fall."),
    QT_TRANSLATE_NOOP("LabVerdict", "Try a GRU or an LSTM, or a shorter sequence."),
    QT_TRANSLATE_NOOP("LabVerdict", "Try forget bias 1: it keeps the cell state open from the start (f = σ(1) ≈ 0.73 "
                                    "instead of about 0.5), so the gradient reaches {what}."),
    QT_TRANSLATE_NOOP("LabVerdict", "the markers"),
    QT_TRANSLATE_NOOP("LabVerdict", "the X and Y"),
    QT_TRANSLATE_NOOP("LabVerdict", "the symbols to remember"),
    QT_TRANSLATE_NOOP("LabVerdict", "the first pixels"),
    QT_TRANSLATE_NOOP("LabVerdict", "the early steps"),
    QT_TRANSLATE_NOOP("LabVerdict", "Try more steps, or a shorter sequence to see it learn first."),
    QT_TRANSLATE_NOOP("LabVerdict", "Without a forget gate the cell state can only add up, never erase; it may need "
                                    "more steps. Try an LSTM with forget bias 1."),
    QT_TRANSLATE_NOOP("LabVerdict", "Try a lower learning rate."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} diverged: {reason}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name}: no held-out score yet."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} solved it at step {solved_at}: {scored} after step {at}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} did not beat the baseline after {at} steps: {scored}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} has not beaten the baseline after {at} steps: {scored}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} stayed at the baseline after {at} steps: {scored}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} is still at the baseline after {at} steps: {scored}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} learned part of it: {scored} after {at} steps; solved means {solved}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{name} is learning: {scored} after {at} steps; solved means {solved}."),
    QT_TRANSLATE_NOOP("LabVerdict", "{metric} {score} on fresh sequences (baseline {baseline})"),
    QT_TRANSLATE_NOOP("LabVerdict", "No gradient at all reaches step 1: it fell below the smallest number a float32 "
                                    "holds."),
    QT_TRANSLATE_NOOP("LabVerdict", "The gradient reaching step 1 is {reach} times the one at the last step."),
    QT_TRANSLATE_NOOP("LabVerdict", "The gradient reaching step 1 is {reach} of the one at the last step."),
    QT_TRANSLATE_NOOP("LabVerdict", "{metric} of at least {value}"),
    QT_TRANSLATE_NOOP("LabVerdict", "{metric} below {value}"),
    QT_TRANSLATE_NOOP("LabVerdict", "mean squared error"),
    QT_TRANSLATE_NOOP("LabVerdict", "accuracy"),
    QT_TRANSLATE_NOOP("LabVerdict", "cross-entropy (nats per step)"),
)


def task_label(task: str) -> str:
    """``"Adding problem"`` (a ``TASKS`` name's label) in the app's language."""
    return translate("LabTask", TASK_LABELS[task])


def cell_name(kind: str) -> str:
    """``"LSTM with peepholes"`` (a ``CELL_LABELS`` value) in the app's language."""
    return translate("LabCell", CELL_LABELS[kind])


def cell_label(spec: CellSpec) -> str:
    """``CellSpec.label`` in the app's language: ``"LSTM, forget bias 1"``."""
    if spec.forget_bias is None:
        return cell_name(spec.kind)
    return translate("LabCell", LABEL_WITH_BIAS).format(name=cell_name(spec.kind), bias=f"{spec.forget_bias:g}")


def metric_label(metric: Any) -> str:
    """A lab metric's label (``"mean squared error"``) in the app's language."""
    return translate("LabVerdict", metric.label)


def say(phrase: Phrase, name: Callable[[CellSpec], str] = cell_label) -> str:
    """A core :class:`Phrase` in the app's language, its parts too; cells are said by ``name``."""
    def word(key: str, value: Any) -> str:
        if isinstance(value, Phrase):
            return say(value, name)
        if isinstance(value, CellSpec):
            return name(value)
        return reason_text(value) if key == "reason" else str(value)

    return translate("LabVerdict", phrase.template).format(**{key: word(key, value) for key, value in phrase.parts})


def say_all(phrases: Iterable[Phrase], name: Callable[[CellSpec], str] = cell_label) -> str:
    """Several phrases, one sentence after the other."""
    return sentences(say(phrase, name) for phrase in phrases)


def sentences(texts: Iterable[str]) -> str:
    """Sentences one after the other: a space between them in English, none in Chinese."""
    text = ""
    for said in texts:
        text = translate("LabVerdict", "{first} {second}").format(first=text, second=said) if text else said
    return text


def joined(items: Iterable[str]) -> str:
    """``"RNN, GRU, LSTM"``: names listed in the app's language."""
    return translate("LabVerdict", ", ").join(items)


def _patterns(context: str, pairs: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str, str]]:
    return [(re.compile(pattern, re.DOTALL), context, template) for pattern, template in pairs]


#: What the tasks say a probe sequence holds (``Probe.names``).
_PROBES = _patterns("LabProbe", (
    (r"^(?P<a>-?[\d.]+) at step (?P<first>\d+) \+ (?P<b>-?[\d.]+) at step (?P<second>\d+) = (?P<total>-?[\d.]+)$",
     QT_TRANSLATE_NOOP("LabProbe", "{a} at step {first} + {b} at step {second} = {total}")),
    (r"^(?P<order>\S+): (?P<a>\S+) at step (?P<first>\d+), (?P<b>\S+) at step (?P<second>\d+)$",
     QT_TRANSLATE_NOOP("LabProbe", "{order}: {a} at step {first}, {b} at step {second}")),
    (r"^remember (?P<symbols>.+)$", QT_TRANSLATE_NOOP("LabProbe", "remember {symbols}")),
    (r"^test digit #(?P<number>\d+)$", QT_TRANSLATE_NOOP("LabProbe", "test digit #{number}")),
))

#: The lab's errors that the tab can show: the form's, the sweep lengths', the results cache's and the export's.
_ERRORS = _patterns("LabError", (
    (r"^check at least one cell$", QT_TRANSLATE_NOOP("LabError", "check at least one cell")),
    (r"^check a forget bias for the LSTMs$", QT_TRANSLATE_NOOP("LabError", "check a forget bias for the LSTMs")),
    (r"^no lengths given \(e\.g\. 50,100,200\)$", QT_TRANSLATE_NOOP("LabError", "no lengths given (e.g. 50,100,200)")),
    (r"^length (?P<part>'.*'): (?P<error>.*)$", QT_TRANSLATE_NOOP("LabError", "length {part}: {error}")),
    (r"^invalid literal for int\(\) with base 10: (?P<text>.*)$",
     QT_TRANSLATE_NOOP("LabError", "invalid literal for int() with base 10: {text}")),
    (r"^(?P<task>adding problem|temporal order|copy memory): the length must be in (?P<low>\d+)\.\.(?P<high>\d+), "
     r"got (?P<value>-?\d+)$",
     QT_TRANSLATE_NOOP("LabError", "{task}: the length must be in {low}..{high}, got {value}")),
    (r"^sequential MNIST reads the 784 pixels in equal chunks: the length must divide 784 \((?P<lengths>[^)]*)\), "
     r"got (?P<value>-?\d+)$",
     QT_TRANSLATE_NOOP("LabError", "sequential MNIST reads the 784 pixels in equal chunks: the length must divide "
                                   "784 ({lengths}), got {value}")),
    (r"^(?P<path>.+): cannot read \((?P<error>.*)\)$", QT_TRANSLATE_NOOP("LabError", "{path}: cannot read ({error})")),
    (r"^(?P<path>.+): (?P<size>[\d,]+) bytes is too large for a lab cache \(at most (?P<limit>[\d,]+)\); move it "
     r"away to start a new one$",
     QT_TRANSLATE_NOOP("LabError", "{path}: {size} bytes is too large for a lab cache (at most {limit}); move it away "
                                   "to start a new one")),
    (r"^(?P<path>.+): not a lab cache of format (?P<format>\S+); move it away to start a new one$",
     QT_TRANSLATE_NOOP("LabError", "{path}: not a lab cache of format {format}; move it away to start a new one")),
    (r"^(?P<path>.+): not a lab cache \((?P<error>.*)\); move it away to start a new one$",
     QT_TRANSLATE_NOOP("LabError", "{path}: not a lab cache ({error}); move it away to start a new one")),
    (r"^(?P<path>.+): export as \.csv or \.json$", QT_TRANSLATE_NOOP("LabError", "{path}: export as .csv or .json")),
))


def _match(text: str, patterns: list[tuple[re.Pattern[str], str, str]],
           part: Callable[[str, str], str] = lambda key, value: value) -> str:
    for pattern, context, template in patterns:
        found = pattern.match(text)
        if found:
            parts = {key: part(key, value) for key, value in found.groupdict().items()}
            return translate(context, template).format(**parts)
    return text


def probe_text(description: str) -> str:
    """What a probe sequence holds (``"XY: X at step 7, Y at step 35"``) in the app's language."""
    return _match(description, _PROBES)


def error_text(error: str) -> str:
    """A lab error (``str(LabError)``) in the app's language; an unknown one (an OS error) as it is."""
    def part(key: str, value: str) -> str:
        if key == "error":
            return error_text(value)
        return translate("LabTask", value) if key == "task" else value

    return _match(error, _ERRORS, part)
