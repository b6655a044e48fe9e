"""The unit panel's text: one LSTM step of one unit, written out with the real numbers.

Pure functions of a :class:`Trace` (no widgets), so tests can compare every number
with the engine's arrays.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...cells import Trace

MINUS = "\u2212"


@dataclass(frozen=True)
class UnitStep:
    """Gate values of one unit at one step (t is 1-based; ``c_prev`` is 0 at t = 1)."""

    layer: int
    unit: int
    step: int
    input_gate: float
    forget_gate: float
    candidate: float
    output_gate: float
    c_prev: float
    cell_state: float
    hidden_state: float


def unit_step(trace: Trace, layer: int, unit: int, step: int, sample: int = 0) -> UnitStep:
    """Read one unit's values at ``step`` (1-based) from ``trace``."""
    t = step - 1
    value = lambda array, at: float(array[layer, sample, at, unit])  # noqa: E731
    c_prev = value(trace.cell_state, t - 1) if t > 0 else 0.0
    return UnitStep(layer, unit, step, value(trace.input_gate, t), value(trace.forget_gate, t),
                    value(trace.candidate, t), value(trace.output_gate, t), c_prev,
                    value(trace.cell_state, t), value(trace.hidden_state, t))


def number(value: float, digits: int = 4) -> str:
    """A fixed-point number with a typographic minus sign."""
    text = f"{value:.{digits}f}"
    return text.replace("-", MINUS)


def _bracketed(value: float) -> str:
    return f"({number(value)})" if value < 0 else number(value)


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"


def forget_meaning(forget_gate: float) -> str:
    """What ``f`` does: near 1 it KEEPS the memory, near 0 it ERASES it."""
    kept = f"keeps {_percent(forget_gate)} of the previous cell state"
    if forget_gate >= 0.9:
        return f"{kept}: remembers"
    if forget_gate <= 0.1:
        return f"{kept}: erases the memory"
    return f"{kept}, erases {_percent(1 - forget_gate)}"


def input_meaning(input_gate: float) -> str:
    """What ``i`` does: how much of the candidate is written into the cell."""
    return f"writes {_percent(input_gate)} of the candidate g<sub>t</sub> into the cell"


def output_meaning(output_gate: float) -> str:
    """What ``o`` does: how much of the squashed cell is shown as ``h``."""
    return f"shows {_percent(output_gate)} of tanh(c<sub>t</sub>) as h<sub>t</sub>"


def _row(symbol: str, value: str, meaning: str, muted: str) -> str:
    return (f"<tr><td><b>{symbol}</b>&nbsp;&nbsp;</td><td align='right'><tt>{value}</tt></td>"
            f"<td style='color:{muted}'>&nbsp;{meaning}</td></tr>")


def unit_equations_html(values: UnitStep, layer_label: str = "", muted: str = "#5b616b") -> str:
    """Rich text showing ``c_t = f_t·c_{t−1} + i_t·g_t`` and ``h_t = o_t·tanh(c_t)`` with numbers.

    ``muted`` colours the explanations (the theme's muted text colour).
    """
    v = values
    kept, written = v.forget_gate * v.c_prev, v.input_gate * v.candidate
    squashed = math.tanh(v.cell_state)
    prev = "c<sub>0</sub> (starts at 0)" if v.step == 1 else "c<sub>t\u22121</sub>"
    header = (f"<b>{layer_label or f'Layer {v.layer + 1}'} \u00b7 unit {v.unit} \u00b7 t = {v.step}</b>"
              f" &nbsp;(after reading image row {v.step})")
    table = "".join([
        _row("f<sub>t</sub>", number(v.forget_gate), forget_meaning(v.forget_gate), muted),
        _row("i<sub>t</sub>", number(v.input_gate), input_meaning(v.input_gate), muted),
        _row("g<sub>t</sub>", number(v.candidate), "candidate: new content proposed for the cell", muted),
        _row("o<sub>t</sub>", number(v.output_gate), output_meaning(v.output_gate), muted),
        _row(prev, number(v.c_prev), "the memory before this step", muted),
    ])
    cell = (f"c<sub>t</sub> = f<sub>t</sub>\u00b7c<sub>t\u22121</sub> + i<sub>t</sub>\u00b7g<sub>t</sub>"
            f" = {number(v.forget_gate)}\u00b7{_bracketed(v.c_prev)} + {number(v.input_gate)}\u00b7"
            f"{_bracketed(v.candidate)}<br>&nbsp;&nbsp;&nbsp;&nbsp;= {number(kept)} + {_bracketed(written)}"
            f" = <b>{number(v.cell_state)}</b>")
    hidden = (f"h<sub>t</sub> = o<sub>t</sub>\u00b7tanh(c<sub>t</sub>) = {number(v.output_gate)}\u00b7"
              f"tanh({number(v.cell_state)}) = {number(v.output_gate)}\u00b7{_bracketed(squashed)}"
              f" = <b>{number(v.hidden_state)}</b>")
    return (f"<p>{header}</p><table cellspacing='2'>{table}</table>"
            f"<p style='font-size:105%'>{cell}</p><p style='font-size:105%'>{hidden}</p>")
