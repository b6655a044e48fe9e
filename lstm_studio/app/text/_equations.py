"""One LSTM unit's step at one character, written out with its real numbers (pure functions, tested).

The digits inspector's wording is reused (``app/inspect/_equations.py``); only the header differs: here a
step is a character read. Cells without a forget gate and a cell state (GRU, RNN) get their values listed.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..inspect._equations import UnitStep, forget_meaning, input_meaning, number, output_meaning
from ._chars import shown

if TYPE_CHECKING:
    from ...data.text import Vocabulary
    from ...text import TextReading


def text_unit_step(reading: TextReading, layer: int, unit: int, t: int) -> UnitStep:
    """One LSTM unit's gates after character ``t`` (0-based; the step is ``t + 1``)."""
    value = lambda name, at: float(reading.arrays[name][layer, at, unit])  # noqa: E731
    c_prev = value("c", t - 1) if t > 0 else 0.0
    return UnitStep(layer, unit, t + 1, value("i", t), value("f", t), value("g", t), value("o", t), c_prev,
                    value("c", t), value("h", t))


def text_unit_html(reading: TextReading, layer: int, unit: int, t: int, muted: str = "#5b616b") -> str:
    """Rich text: which character was read, then ``c_t = f·c_{t−1} + i·g`` and ``h_t = o·tanh(c_t)`` in numbers."""
    header = (f"<b>Layer {layer + 1} · unit {unit} · character {t + 1} of {len(reading)}</b> "
              f"(after reading <tt>{_escape(shown(reading.text[t]))}</tt>)")
    if not {"i", "f", "g", "o", "c"} <= set(reading.arrays):
        values = ", ".join(f"{name} = {number(float(reading.arrays[name][layer, t, unit]))}" for name in reading.arrays)
        return f"<p>{header}</p><p>{values}</p>"
    v = text_unit_step(reading, layer, unit, t)
    row = "<tr><td><b>{}</b>&nbsp;</td><td align='right'><tt>{}</tt></td><td style='color:{}'>&nbsp;{}</td></tr>"
    table = "".join(row.format(symbol, number(value), muted, meaning) for symbol, value, meaning in (
        ("f<sub>t</sub>", v.forget_gate, forget_meaning(v.forget_gate)),
        ("i<sub>t</sub>", v.input_gate, input_meaning(v.input_gate)),
        ("g<sub>t</sub>", v.candidate, "candidate: new content proposed for the cell"),
        ("o<sub>t</sub>", v.output_gate, output_meaning(v.output_gate)),
        ("c<sub>t−1</sub>", v.c_prev, "the memory before this character")))
    cell = (f"c<sub>t</sub> = f·c<sub>t−1</sub> + i·g = {number(v.forget_gate)}·{_signed(v.c_prev)} + "
            f"{number(v.input_gate)}·{_signed(v.candidate)} = <b>{number(v.cell_state)}</b>")
    hidden = (f"h<sub>t</sub> = o·tanh(c<sub>t</sub>) = {number(v.output_gate)}·{_signed(math.tanh(v.cell_state))} "
              f"= <b>{number(v.hidden_state)}</b>")
    return f"<p>{header}</p><table cellspacing='1'>{table}</table><p>{cell}<br>{hidden}</p>"


def guesses_html(reading: TextReading, vocabulary: Vocabulary, t: int) -> str:
    """The model's five likeliest next characters after character ``t``, with probabilities, and the true one."""
    items = []
    for char_id, prob in zip(reading.top_ids[t], reading.top_probs[t]):
        char = _escape(vocabulary.token(int(char_id)) if char_id == 0 else shown(vocabulary.token(int(char_id))))
        items.append(f"<tt>{char}</tt> {prob:.0%}")
    actual = ""
    if t + 1 < len(reading):
        p = float(reading.probs[t, reading.ids[t + 1]])
        actual = f"; next is <tt>{_escape(shown(reading.text[t + 1]))}</tt> ({p:.1%}, {-math.log2(max(p, 1e-30)):.2f} bits)"
    return "Next character: " + " · ".join(items) + actual


def _signed(value: float) -> str:
    return f"({number(value)})" if value < 0 else number(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
