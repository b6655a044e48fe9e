"""Sentences kept as a template and its parts, so that a translation can say them again from the same parts.

The lab's verdicts are English sentences built from numbers and names (``"GRU solved it at
step 500: mean squared error 0.0004 on fresh sequences (baseline 0.1667) after step 2,000."``).
The CLI prints them as they are; the app's Lab tab says them in its own language by looking
up each :class:`Phrase`'s template in its translations and filling in the same parts. Every
template the lab uses is a constant of the module that uses it (listed in
``lstm_studio.lab._verdict.TEMPLATES``), so the app can mark them all for its translators.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Phrase:
    """``template`` (``str.format`` fields) and its ``parts``, as ``(name, value)`` pairs.

    A part is a plain string (a number or a name, the same in every language), a
    :class:`~lstm_studio.lab.CellSpec` (said as its :attr:`~lstm_studio.lab.CellSpec.label`) or
    another :class:`Phrase`. ``str(phrase)`` is the English sentence.
    """

    template: str
    parts: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, template: str, **parts: Any) -> Phrase:
        """``Phrase.of("{name} diverged: {reason}.", name=spec, reason="...")``."""
        return cls(template, tuple(parts.items()))

    def part(self, name: str) -> Any:
        """The value of the part ``name`` (``KeyError`` if it has none)."""
        for key, value in self.parts:
            if key == name:
                return value
        raise KeyError(name)

    def __str__(self) -> str:
        return self.template.format(**{name: _english(value) for name, value in self.parts})


def _english(value: Any) -> str:
    if isinstance(value, Phrase):
        return str(value)
    return str(getattr(value, "label", value))
