"""LSTMVis-style hypotheses (Strobelt et al. 2018): select a span, find the units on there and off around it,
then search the text for other places where the same units switch on together."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SpanMatch:
    """A place where the selected units are on: characters ``start .. end - 1`` and the share of them on there."""

    start: int
    end: int
    share: float


def _check_span(values: np.ndarray, start: int, end: int) -> None:
    if values.ndim != 2:
        raise ValueError(f"values must be [T, units], got shape {values.shape}")
    if not 0 <= start < end <= values.shape[0]:
        raise ValueError(f"the span {start}..{end} is not inside the text (0..{values.shape[0]})")


def span_units(values: np.ndarray, start: int, end: int, threshold: float = 0.3, margin: int = 2) -> np.ndarray:
    """Units on (above ``threshold``) at every character of ``start .. end - 1`` and off (below it) at the
    ``margin`` characters on each side; the strongest contrast first.

    Parameters
    ----------
    values
        ``[T, units]``: e.g. one layer's hidden state after every character.
    threshold
        What counts as on (LSTMVis reads ``h`` in -1..1 and lets the user move this).
    margin
        Characters on each side that must be off (fewer at the text's edges; 0: no condition).
    """
    _check_span(values, start, end)
    inside = values[start:end]
    around = np.concatenate([values[max(0, start - margin):start], values[end:end + margin]])
    on = inside.min(axis=0) > threshold
    off = around.max(axis=0) < threshold if len(around) else np.ones(values.shape[1], dtype=bool)
    chosen = np.flatnonzero(on & off)
    contrast = inside[:, chosen].mean(axis=0) - (around[:, chosen].mean(axis=0) if len(around) else 0.0)
    return chosen[np.argsort(-contrast, kind="stable")]


def search_pattern(values: np.ndarray, units: np.ndarray, threshold: float = 0.3, min_share: float = 1.0,
                   length: int | None = None, top: int = 20) -> list[SpanMatch]:
    """Runs of characters where at least ``min_share`` of ``units`` are on; closest to ``length`` first
    (longest first when no length is given), then by the share of units on.

    Parameters
    ----------
    values
        ``[T, units]`` over the text searched (e.g. held-out text).
    units
        The units of the pattern (from :func:`span_units`).
    """
    units = np.asarray(units, dtype=np.int64)
    if len(units) == 0:
        return []
    share_on = (values[:, units] > threshold).mean(axis=1)
    matching = np.concatenate([[False], share_on >= min_share - 1e-9, [False]])
    edges = np.flatnonzero(np.diff(matching.astype(np.int8)))
    runs = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]
    matches = [SpanMatch(a, b, float(share_on[a:b].mean())) for a, b in runs]
    if length is None:
        matches.sort(key=lambda m: (-(m.end - m.start), -m.share, m.start))
    else:
        matches.sort(key=lambda m: (abs((m.end - m.start) - length), -m.share, m.start))
    return matches[:top]
