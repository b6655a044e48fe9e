"""The unit panel's text: one step of one unit, written out with the real numbers, for every cell.

LSTM: ``c_t = f_t·c_{t−1} + i_t·g_t`` and ``h_t = o_t·tanh(c_t)`` (peepholes: the gates also read c;
without a forget gate: ``c_t = c_{t−1} + i_t·g_t``). GRU: ``n_t = tanh(W_in x_t + b_in + r_t·(W_hn h_{t−1}
+ b_hn))`` and ``h_t = (1 − z_t)·n_t + z_t·h_{t−1}``. Plain RNN: ``h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1}
+ b_hh)``. Every gate and state value is read from the :class:`Trace`; the two projections inside a
GRU's ``n_t`` and an RNN's ``h_t``, and the peephole terms, which a trace does not keep, are read
from the layer's weights for this one unit. Pure functions (no widgets, no torch), so tests can
compare every number with the engine's arrays. The sentences are in the app's language (Qt context
``UnitEquations``); the formulas and numbers are the same in every language.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from ...cells import Trace

translate = QCoreApplication.translate
MINUS = "\u2212"
SUB_T, SUB_PREV = "<sub>t</sub>", "<sub>t\u22121</sub>"


@dataclass(frozen=True)
class UnitStep:
    """What one unit did at one step (t is 1-based).

    ``values`` holds every field the cell traces (``"f"``, ``"z"``, ``"h"``...) at this step;
    ``c_prev`` and ``h_prev`` are the states before it (0 at t = 1); ``parts`` holds the terms
    read from the weights: ``input``/``hidden`` (the projections inside a GRU's n or an RNN's h)
    and ``peep_i``/``peep_f``/``peep_o`` (a peephole LSTM's p·c terms).
    """

    cell: str
    layer: int
    unit: int
    step: int
    values: Mapping[str, float]
    c_prev: float = 0.0
    h_prev: float = 0.0
    parts: Mapping[str, float] = field(default_factory=dict)

    def __getattr__(self, name: str) -> float:
        # u.f, u.forget_gate: the values by short or long name (only reached for names that are not fields).
        values = self.__dict__.get("values", {})
        short = _LONG.get(name, name)
        if short in values:
            return values[short]
        raise AttributeError(name)


_LONG = {"input_gate": "i", "forget_gate": "f", "candidate": "g", "output_gate": "o", "cell_state": "c",
         "hidden_state": "h", "reset_gate": "r", "update_gate": "z", "new_content": "n"}


def unit_step(trace: Trace, layer: int, unit: int, step: int, weights: Mapping[str, np.ndarray] | None = None,
              sample: int = 0) -> UnitStep:
    """Read one unit's values at ``step`` (1-based) from ``trace``; ``weights`` are the layer's
    parameters (``cell.layer_weights(layer)`` as arrays), needed for the GRU, RNN and peephole terms."""
    t = step - 1
    value = lambda name, at: float(trace[name][layer, sample, at, unit])  # noqa: E731
    values = {name: value(name, t) for name in trace.names}
    c_prev = value("c", t - 1) if t > 0 and "c" in trace else 0.0
    h_prev = value("h", t - 1) if t > 0 else 0.0
    parts: dict[str, float] = {}
    if weights is not None:
        parts = _weight_terms(trace, layer, unit, t, sample, weights, c_prev, values)
    return UnitStep(trace.cell, layer, unit, step, values, c_prev, h_prev, parts)


def _weight_terms(trace: Trace, layer: int, unit: int, t: int, sample: int, weights: Mapping[str, np.ndarray],
                  c_prev: float, values: Mapping[str, float]) -> dict[str, float]:
    """The terms a trace does not keep, for this unit only (two dot products at most)."""
    if trace.cell == "lstm_peephole":
        return {"peep_i": float(weights["weight_ci"][unit]) * c_prev,
                "peep_f": float(weights["weight_cf"][unit]) * c_prev,
                "peep_o": float(weights["weight_co"][unit]) * values["c"]}
    if trace.cell not in ("gru", "rnn"):
        return {}
    hidden_size = trace.hidden_size
    row = unit + (2 * hidden_size if trace.cell == "gru" else 0)  # the GRU's n block comes after r and z
    layer_input = trace.inputs[sample, t] if layer == 0 else trace["h"][layer - 1, sample, t]
    h_prev = trace["h"][layer, sample, t - 1] if t > 0 else np.zeros(hidden_size, np.float32)
    as_float = lambda name: np.asarray(weights[name], dtype=np.float64)  # noqa: E731
    return {"input": float(as_float("weight_ih")[row] @ np.asarray(layer_input, np.float64) + as_float("bias_ih")[row]),
            "hidden": float(as_float("weight_hh")[row] @ np.asarray(h_prev, np.float64) + as_float("bias_hh")[row])}


# --- words -----------------------------------------------------------------------------------
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
    kept, erased = _percent(forget_gate), _percent(1 - forget_gate)
    if forget_gate >= 0.9:
        return translate("UnitEquations", "keeps {kept} of the previous cell state: remembers").format(kept=kept)
    if forget_gate <= 0.1:
        return translate("UnitEquations", "keeps {kept} of the previous cell state: erases the memory").format(
            kept=kept)
    return translate("UnitEquations", "keeps {kept} of the previous cell state, erases {erased}").format(
        kept=kept, erased=erased)


def update_meaning(update_gate: float) -> str:
    """What a GRU's ``z`` does: near 1 it KEEPS the previous hidden state, near 0 it replaces it with n."""
    kept, taken = _percent(update_gate), _percent(1 - update_gate)
    if update_gate >= 0.9:
        return translate("UnitEquations", "keeps {kept} of the previous hidden state: remembers").format(kept=kept)
    if update_gate <= 0.1:
        return translate("UnitEquations", "keeps {kept} of the previous hidden state: replaces it with the new "
                                          "content {n}").format(kept=kept, n=f"n{SUB_T}")
    return translate("UnitEquations", "keeps {kept} of the previous hidden state, takes {taken} from the new "
                                      "content {n}").format(kept=kept, taken=taken, n=f"n{SUB_T}")


def reset_meaning(reset_gate: float) -> str:
    """What a GRU's ``r`` does: how much of ``h_{t−1}`` the new content reads."""
    return translate("UnitEquations", "lets {share} of {h} into the new content {n}").format(
        share=_percent(reset_gate), h=f"h{SUB_PREV}", n=f"n{SUB_T}")


def input_meaning(input_gate: float) -> str:
    """What ``i`` does: how much of the candidate is written into the cell."""
    return translate("UnitEquations", "writes {share} of the candidate {g} into the cell").format(
        share=_percent(input_gate), g=f"g{SUB_T}")


def output_meaning(output_gate: float) -> str:
    """What ``o`` does: how much of the squashed cell is shown as ``h``."""
    return translate("UnitEquations", "shows {share} of {tanh_c} as {h}").format(
        share=_percent(output_gate), tanh_c=f"tanh(c{SUB_T})", h=f"h{SUB_T}")


def _row(symbol: str, value: str, meaning: str, muted: str) -> str:
    return (f"<tr><td><b>{symbol}</b>&nbsp;&nbsp;</td><td align='right'><tt>{value}</tt></td>"
            f"<td style='color:{muted}'>&nbsp;{meaning}</td></tr>")


def _line(html: str) -> str:
    return f"<p style='font-size:105%'>{html}</p>"


# --- the panels ------------------------------------------------------------------------------
def unit_equations_html(values: UnitStep, layer_label: str = "", muted: str = "#5b616b", reading: str = "") -> str:
    """Rich text with this cell's equations for one unit and step, every term a real number.

    ``muted`` colours the explanations (the theme's muted text colour); ``reading`` says what
    the step reads (``"image row 9"``; default: row t).
    """
    v = values
    reading = reading or translate("UnitEquations", "image row {row}").format(row=v.step)
    layer = layer_label or translate("UnitEquations", "Layer {layer}").format(layer=v.layer + 1)
    unit = translate("UnitEquations", "unit {unit}").format(unit=v.unit)
    after = translate("UnitEquations", "(after reading {reading})").format(reading=reading)
    header = f"<b>{layer} \u00b7 {unit} \u00b7 t = {v.step}</b> &nbsp;{after}"
    body = {"gru": _gru_html, "rnn": _rnn_html}.get(v.cell, _lstm_html)(v, muted)
    return f"<p>{header}</p>{body}"


def _lstm_html(v: UnitStep, muted: str) -> str:
    """The LSTM family: nn.LSTM, peepholes, and the 1997 cell without a forget gate."""
    forgets = "f" in v.values
    prev = _first("c") if v.step == 1 else f"c{SUB_PREV}"
    rows = [_row(f"f{SUB_T}", number(v.f), forget_meaning(v.f), muted)] if forgets else []
    rows += [_row(f"i{SUB_T}", number(v.i), input_meaning(v.i), muted),
             _row(f"g{SUB_T}", number(v.g), translate("UnitEquations", "candidate: new content proposed for the "
                                                                       "cell"), muted),
             _row(f"o{SUB_T}", number(v.o), output_meaning(v.o), muted),
             _row(prev, number(v.c_prev), translate("UnitEquations", "the memory before this step"), muted)]
    written = v.i * v.g
    if forgets:
        kept = v.f * v.c_prev
        cell = (f"c{SUB_T} = f{SUB_T}\u00b7c{SUB_PREV} + i{SUB_T}\u00b7g{SUB_T}"
                f" = {number(v.f)}\u00b7{_bracketed(v.c_prev)} + {number(v.i)}\u00b7{_bracketed(v.g)}"
                f"<br>&nbsp;&nbsp;&nbsp;&nbsp;= {number(kept)} + {_bracketed(written)} = <b>{number(v.c)}</b>")
    else:
        cell = (f"c{SUB_T} = c{SUB_PREV} + i{SUB_T}\u00b7g{SUB_T} = {number(v.c_prev)} + {number(v.i)}\u00b7"
                f"{_bracketed(v.g)}<br>&nbsp;&nbsp;&nbsp;&nbsp;= {number(v.c_prev)} + {_bracketed(written)}"
                f" = <b>{number(v.c)}</b>")
    hidden = (f"h{SUB_T} = o{SUB_T}\u00b7tanh(c{SUB_T}) = {number(v.o)}\u00b7tanh({number(v.c)}) = "
              f"{number(v.o)}\u00b7{_bracketed(math.tanh(v.c))} = <b>{number(v.h)}</b>")
    notes = ""
    if not forgets:
        notes = _note(translate("UnitEquations", "No forget gate (Hochreiter &amp; Schmidhuber 1997): nothing "
                                                 "erases the cell state, it only accumulates what the input gate "
                                                 "writes."), muted)
    elif v.parts:
        terms = [f"p<sub>i</sub>\u00b7c{SUB_PREV} = {number(v.parts['peep_i'])}",
                 f"p<sub>f</sub>\u00b7c{SUB_PREV} = {number(v.parts['peep_f'])}",
                 f"p<sub>o</sub>\u00b7c{SUB_T} = {number(v.parts['peep_o'])}"]
        notes = _note(translate("UnitEquations", "Peepholes: the gates also read the cell state. Inside {i} {pi}, "
                                                 "inside {f} {pf}, inside {o} {po}.").format(
            i=f"i{SUB_T}", f=f"f{SUB_T}", o=f"o{SUB_T}", pi=terms[0], pf=terms[1], po=terms[2]), muted)
    return f"<table cellspacing='2'>{''.join(rows)}</table>{_line(cell)}{_line(hidden)}{notes}"


def _first(name: str) -> str:
    """``"c<sub>0</sub> (starts at 0)"``: the state before the first step."""
    return translate("UnitEquations", "{state} (starts at 0)").format(state=f"{name}<sub>0</sub>")


def _note(text: str, muted: str) -> str:
    return _line(f"<span style='color:{muted}'>{text}</span>")


def _gru_html(v: UnitStep, muted: str) -> str:
    prev = _first("h") if v.step == 1 else f"h{SUB_PREV}"
    rows = [_row(f"r{SUB_T}", number(v.r), reset_meaning(v.r), muted),
            _row(f"z{SUB_T}", number(v.z), update_meaning(v.z), muted),
            _row(f"n{SUB_T}", number(v.n), translate("UnitEquations", "new content: the candidate hidden state"),
                 muted),
            _row(prev, number(v.h_prev), translate("UnitEquations", "the hidden state before this step"), muted)]
    new = (f"n{SUB_T} = tanh(W<sub>in</sub>x{SUB_T} + b<sub>in</sub> + r{SUB_T}\u00b7(W<sub>hn</sub>h{SUB_PREV}"
           f" + b<sub>hn</sub>))")
    if "input" in v.parts:
        inside = v.parts["input"] + v.r * v.parts["hidden"]
        new += (f"<br>&nbsp;&nbsp;&nbsp;&nbsp;= tanh({number(v.parts['input'])} + {number(v.r)}\u00b7"
                f"{_bracketed(v.parts['hidden'])}) = tanh({number(inside)}) = <b>{number(v.n)}</b>")
    else:
        new += f" = <b>{number(v.n)}</b>"
    fresh, kept = (1 - v.z) * v.n, v.z * v.h_prev
    hidden = (f"h{SUB_T} = (1 \u2212 z{SUB_T})\u00b7n{SUB_T} + z{SUB_T}\u00b7h{SUB_PREV} = (1 \u2212 {number(v.z)})"
              f"\u00b7{_bracketed(v.n)} + {number(v.z)}\u00b7{_bracketed(v.h_prev)}<br>&nbsp;&nbsp;&nbsp;&nbsp;= "
              f"{number(fresh)} + {_bracketed(kept)} = <b>{number(v.h)}</b>")
    return f"<table cellspacing='2'>{''.join(rows)}</table>{_line(new)}{_line(hidden)}"


def _rnn_html(v: UnitStep, muted: str) -> str:
    prev = _first("h") if v.step == 1 else f"h{SUB_PREV}"
    rows = [_row(prev, number(v.h_prev), translate("UnitEquations", "the hidden state before this step"), muted)]
    hidden = (f"h{SUB_T} = tanh(W<sub>ih</sub>x{SUB_T} + b<sub>ih</sub> + W<sub>hh</sub>h{SUB_PREV}"
              f" + b<sub>hh</sub>)")
    if "input" in v.parts:
        inside = v.parts["input"] + v.parts["hidden"]
        hidden += (f"<br>&nbsp;&nbsp;&nbsp;&nbsp;= tanh({number(v.parts['input'])} + "
                   f"{_bracketed(v.parts['hidden'])}) = tanh({number(inside)}) = <b>{number(v.h)}</b>")
    else:
        hidden += f" = <b>{number(v.h)}</b>"
    note = _note(translate("UnitEquations", "A plain RNN has no gates: nothing decides what to keep, so every step "
                                            "rewrites h from the input and {h}.").format(h=f"h{SUB_PREV}"), muted)
    return f"<table cellspacing='2'>{''.join(rows)}</table>{_line(hidden)}{note}"
