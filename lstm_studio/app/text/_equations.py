"""One unit's step at one character, written out with its real numbers (pure functions, tested).

The digits inspector's wording is reused (``app/inspect/_equations.py``); only the header differs: here a
step is a character read. Every cell gets its own equations (the LSTM family, the GRU, the plain RNN).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..i18n import translate
from ..inspect._equations import UnitStep, unit_equations_html
from ._chars import shown

if TYPE_CHECKING:
    from ...data.text import Vocabulary
    from ...text import TextReading


def text_unit_step(reading: TextReading, layer: int, unit: int, t: int) -> UnitStep:
    """One unit's step after character ``t`` (0-based; the step is ``t + 1``), whatever the cell."""
    arrays = reading.arrays
    values = {name: float(array[layer, t, unit]) for name, array in arrays.items()}
    previous = lambda name: float(arrays[name][layer, t - 1, unit]) if t > 0 and name in arrays else 0.0  # noqa: E731
    cell = "gru" if "z" in arrays else "lstm" if "c" in arrays else "rnn"
    return UnitStep(cell, layer, unit, t + 1, values, previous("c"), previous("h"))


def text_unit_html(reading: TextReading, layer: int, unit: int, t: int, muted: str = "#5b616b") -> str:
    """Rich text: which character was read, then the cell's equations (``c_t = f·c_{t−1} + i·g``,
    ``h_t = o·tanh(c_t)`` for an LSTM) with the unit's real numbers."""
    v = text_unit_step(reading, layer, unit, t)
    character = translate("TextEquations", "character {index} of {count}, <tt>{char}</tt>").format(
        index=t + 1, count=len(reading), char=_escape(shown(reading.text[t])))
    return unit_equations_html(v, muted=muted, reading=character)


def guesses_html(reading: TextReading, vocabulary: Vocabulary, t: int) -> str:
    """The model's five likeliest next characters after character ``t``, with probabilities, and the true one."""
    items = []
    for char_id, prob in zip(reading.top_ids[t], reading.top_probs[t]):
        char = _escape(vocabulary.token(int(char_id)) if char_id == 0 else shown(vocabulary.token(int(char_id))))
        items.append(f"<tt>{char}</tt> {prob:.0%}")
    actual = ""
    if t + 1 < len(reading):
        p = float(reading.probs[t, reading.ids[t + 1]])
        actual = translate("TextEquations", "; next is <tt>{char}</tt> ({probability}, {bits} bits)").format(
            char=_escape(shown(reading.text[t + 1])), probability=f"{p:.1%}", bits=f"{-math.log2(max(p, 1e-30)):.2f}")
    return translate("TextEquations", "Next character: {guesses}").format(guesses=" · ".join(items)) + actual


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
