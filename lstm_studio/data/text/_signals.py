"""Per-character signals of a text, for finding the hidden units that track them ("cell finder").

Each function takes any text and returns a float32 array with one value per character. A value
describes the state *after* reading that character, using only ``text[: t + 1]``: that is all a
network has read when its hidden state at step ``t`` is taken. So an opening quote is inside its
quotes and a closing quote is outside them; ``(`` already counts in the depth and ``)`` no longer does.
Two exceptions: ``end_of_word`` marks the last letter of a word, which a network that predicts well
anticipates; ``inside_string`` follows a lexer over the whole text, so at the closing quotes of a
triple-quoted string it knows they close it before a causal reader could.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from ._vocabulary import code_points

OPENING, CLOSING = "([{", ")]}"
WORD = re.compile(r"\w+")
# A lexer for Python comments and string literals, close to Python's own for ordinary code: a match
# starting at '#' outside a string is a comment up to the line's end; strings may be triple-quoted
# (running over lines) or single-quoted (ending at the line's end when unterminated); backslash escapes
# (which raw strings honour too when scanning). Not modelled: f-string nesting of quotes (Python 3.12).
PYTHON_LEXEME = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:\\[\s\S]|[^\\])*?(?:'''|\Z)
             | \"\"\"(?:\\[\s\S]|[^\\])*?(?:\"\"\"|\Z)
             | '(?:\\[\s\S]|[^'\\\n])*'?
             | "(?:\\[\s\S]|[^"\\\n])*"?)
""", re.VERBOSE)


class Signal(NamedTuple):
    """A registered signal: the function computing it and a one-line description for people."""

    function: Callable[[str], np.ndarray]
    description: str


def _clamped_depth(steps: np.ndarray) -> np.ndarray:
    """Running sum of +1/-1 steps that never goes below 0 (an unmatched closer is ignored).

    The clamped walk equals the plain running sum minus its lowest point so far (Lindley's recursion).
    """
    total = np.cumsum(steps, dtype=np.int64)
    return total - np.minimum(np.minimum.accumulate(total), 0)


def _line_starts(points: np.ndarray) -> np.ndarray:
    """For every character, the index where its line starts (a newline belongs to the line it ends)."""
    index = np.arange(len(points))
    newline_at = np.where(points == ord("\n"), index, -1)
    previous_newline = np.concatenate([[-1], np.maximum.accumulate(newline_at)[:-1]]) if len(points) else index
    return previous_newline + 1


def position_in_line(text: str) -> np.ndarray:
    """Column of each character in its line, from 0; a newline has the column after its line's last character."""
    points = code_points(text)
    return (np.arange(len(points)) - _line_starts(points)).astype(np.float32)


def indentation(text: str) -> np.ndarray:
    """Width of the current line's leading spaces and tabs read so far (a tab counts as one)."""
    points = code_points(text)
    index = np.arange(len(points))
    starts = _line_starts(points)
    ends_indent = (points != ord(" ")) & (points != ord("\t"))
    # For every position, the first character at or after it that is not a space or tab.
    first_other = np.minimum.accumulate(np.where(ends_indent, index, len(points))[::-1])[::-1]
    return (np.minimum(index + 1, first_other[starts]) - starts).astype(np.float32)


def inside_quotes(text: str) -> np.ndarray:
    """1 inside double quotes (which may span lines), else 0. Single quotes are apostrophes in prose."""
    return (np.cumsum(code_points(text) == ord('"')) % 2).astype(np.float32)


def bracket_depth(text: str) -> np.ndarray:
    """How many ``(``, ``[`` and ``{`` are open, of any kind; a closer with nothing open is ignored."""
    points = code_points(text)
    steps = np.isin(points, [ord(c) for c in OPENING]).astype(np.int64) - np.isin(points, [ord(c) for c in CLOSING])
    return _clamped_depth(steps).astype(np.float32)


def inside_parentheses(text: str) -> np.ndarray:
    """1 while at least one ``(`` is open (round brackets only), else 0."""
    points = code_points(text)
    steps = (points == ord("(")).astype(np.int64) - (points == ord(")"))
    return (_clamped_depth(steps) > 0).astype(np.float32)


def end_of_word(text: str) -> np.ndarray:
    """1 on the last character of each word (a run of letters, digits or ``_``), including at the text's end."""
    signal = np.zeros(len(text), dtype=np.float32)
    signal[np.fromiter((match.end() - 1 for match in WORD.finditer(text)), dtype=np.int64)] = 1.0
    return signal


def python_lexemes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(inside_comment, inside_string)`` of Python source, as booleans per character."""
    comment = np.zeros(len(text), dtype=bool)
    string = np.zeros(len(text), dtype=bool)
    for match in PYTHON_LEXEME.finditer(text):
        start, end = match.span()
        if match.lastgroup == "comment":
            comment[start:end] = True
        else:
            string[start: end - _closing_length(match.group())] = True
    return comment, string


def _closing_length(literal: str) -> int:
    """How many characters at the end of a string literal close it (0 when unterminated)."""
    quote = literal[:3] if literal[:3] in ("'''", '"""') else literal[0]
    terminated = len(literal) >= 2 * len(quote) and literal.endswith(quote)
    return len(quote) if terminated else 0


def inside_comment(text: str) -> np.ndarray:
    """1 from a Python ``#`` (outside any string) up to, not including, the line's end, else 0."""
    return python_lexemes(text)[0].astype(np.float32)


def inside_string(text: str) -> np.ndarray:
    """1 inside a Python string literal, from its opening quote(s) up to, not including, its closing quote(s)."""
    return python_lexemes(text)[1].astype(np.float32)


SIGNALS: dict[str, Signal] = {
    "inside_quotes": Signal(inside_quotes, "inside double quotes"),
    "bracket_depth": Signal(bracket_depth, "number of open (, [ and {"),
    "inside_parentheses": Signal(inside_parentheses, "inside round brackets"),
    "position_in_line": Signal(position_in_line, "column in the line, from 0"),
    "indentation": Signal(indentation, "leading spaces of the line read so far"),
    "inside_comment": Signal(inside_comment, "inside a Python # comment"),
    "inside_string": Signal(inside_string, "inside a Python string literal"),
    "end_of_word": Signal(end_of_word, "last character of a word"),
}


def compute_signals(text: str, names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """The named signals of ``text`` (all of :data:`SIGNALS` by default), each float32 ``[len(text)]``."""
    names = list(SIGNALS) if names is None else list(names)
    unknown = [name for name in names if name not in SIGNALS]
    if unknown:
        raise ValueError(f"unknown signal {unknown[0]!r}; known: {', '.join(SIGNALS)}")
    return {name: SIGNALS[name].function(text) for name in names}
