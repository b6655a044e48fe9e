"""The cells a lab run compares: a kind plus, for the LSTMs with a forget gate, its initial bias.

Plain Python (no torch), so the app's form can use it before PyTorch has loaded; a test keeps
these names in step with :mod:`lstm_studio.cells`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

#: How people call each cell, in the order of ``lstm_studio.cells.CELLS``.
CELL_LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM", "lstm_peephole": "LSTM with peepholes",
               "lstm_no_forget": "LSTM without forget gate (1997)"}
CELLS = tuple(CELL_LABELS)
#: How a person says an LSTM with a set forget bias (``CellSpec.label``).
LABEL_WITH_BIAS = "{name}, forget bias {bias}"
#: The cells with a forget gate whose starting bias can be set (``lstm_studio.cells.FORGET_BIAS_CELLS``).
FORGET_BIAS_CELLS = ("lstm", "lstm_peephole")
#: The comparison the lab opens with.
DEFAULT_CELLS = ("rnn", "gru", "lstm")


class LabError(ValueError):
    """A lab setting that cannot be used; ``str()`` is one line naming it."""


@dataclass(frozen=True)
class CellSpec:
    """One contestant: a cell ``kind`` and, for LSTMs with a forget gate, the forget gate's initial
    bias (``None``: PyTorch's initialisation, uniform around 0)."""

    kind: str
    forget_bias: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in CELLS:
            raise LabError(f"unknown cell {self.kind!r} (use {', '.join(CELLS)})")
        bias = self.forget_bias
        if bias is not None:
            if self.kind not in FORGET_BIAS_CELLS:
                raise LabError(f"a {CELL_LABELS[self.kind]} has no forget gate to set a bias on")
            if isinstance(bias, bool) or not isinstance(bias, (int, float)) or not math.isfinite(bias) \
                    or abs(bias) > 100:
                raise LabError(f"the forget bias must be a finite number, got {bias!r}")
            object.__setattr__(self, "forget_bias", float(bias))

    @property
    def key(self) -> str:
        """``"lstm"``, ``"lstm-fb1"``: a stable short name (CLI, files, caches)."""
        return self.kind if self.forget_bias is None else f"{self.kind}-fb{_number(self.forget_bias)}"

    @property
    def label(self) -> str:
        """``"LSTM"``, ``"LSTM, forget bias 1"``: how a person says it."""
        name = CELL_LABELS[self.kind]
        return name if self.forget_bias is None else LABEL_WITH_BIAS.format(name=name, bias=_number(self.forget_bias))

    def to_dict(self) -> dict[str, Any]:
        return {"cell": self.kind, "forget_bias": self.forget_bias, "label": self.label}


def _number(value: float) -> str:
    return f"{value:g}"


def parse_forget_biases(text: str) -> tuple[float | None, ...]:
    """``"default,1"`` -> ``(None, 1.0)``: the forget biases each LSTM cell is run with."""
    biases: list[float | None] = []
    for part in (p.strip() for p in text.split(",")):
        if part in ("default", "pytorch", "none"):
            value = None
        else:
            try:
                value = float(part)
            except ValueError:
                raise LabError(f"forget bias {part!r}: use a number or 'default'") from None
            if not math.isfinite(value):
                raise LabError(f"forget bias {part!r}: must be finite")
        if value not in biases:
            biases.append(value)
    return tuple(biases)


def parse_cells(text: str, forget_biases: tuple[float | None, ...] = (None,)) -> tuple[CellSpec, ...]:
    """``"rnn,gru,lstm"`` -> specs; each LSTM with a forget gate once per bias in ``forget_biases``.

    A token may carry its own bias, ``lstm-fb1``, which then overrides ``forget_biases``.
    Raises :class:`LabError` for an unknown cell or an empty list.
    """
    specs: list[CellSpec] = []
    for token in (t.strip() for t in text.split(",") if t.strip()):
        kind, _, bias_text = token.partition("-fb")
        if bias_text:
            biases = parse_forget_biases(bias_text)
        else:
            biases = forget_biases if kind in FORGET_BIAS_CELLS else (None,)
        for bias in biases:
            spec = CellSpec(kind, bias)
            if spec not in specs:
                specs.append(spec)
    if not specs:
        raise LabError("no cells to compare (e.g. --cells rnn,gru,lstm)")
    return tuple(specs)
