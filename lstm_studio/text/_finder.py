"""The cell finder: which hidden units track a property of the text (inside quotes, bracket depth, column, ...).

Karpathy, Johnson & Fei-Fei (2015) found such cells by eye; here every unit of every layer (its cell state
``c`` and its output ``h``) is correlated with each signal of :data:`~lstm_studio.data.text.SIGNALS` over
held-out text, and the units are ranked by the size of the Pearson correlation, over characters.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import torch

from ..data.text import SIGNALS, Vocabulary, compute_signals

MAX_FINDER_CHARS = 200_000
DEFAULT_FIELDS = ("c", "h")


@dataclass(frozen=True)
class UnitMatch:
    """One unit and how well it tracks a signal: Pearson ``r`` over the characters of the text."""

    signal: str
    field: str
    layer: int
    unit: int
    r: float

    def describe(self) -> str:
        """``"bracket_depth: c of layer 2, unit 17 (r = +0.93)"``."""
        return f"{self.signal}: {self.field} of layer {self.layer + 1}, unit {self.unit} (r = {self.r:+.2f})"


@dataclass(frozen=True, eq=False)
class FinderResult:
    """The states read over a text, its signals, and per signal the units ranked by ``|r|`` (best first)."""

    text: str
    states: dict[str, np.ndarray]      # field -> [layers, T, H]
    signals: dict[str, np.ndarray]     # name -> [T]
    ranking: dict[str, list[UnitMatch]]

    def best(self, signal: str) -> UnitMatch | None:
        """The unit that tracks ``signal`` best, or None when the signal does not vary in this text."""
        matches = self.ranking.get(signal) or []
        return matches[0] if matches else None


def unit_correlations(values: np.ndarray, signal: np.ndarray) -> np.ndarray:
    """Pearson ``r`` of every column of ``values`` ``[T, U]`` with ``signal`` ``[T]``; 0 for a constant column.

    Raises ``ValueError`` when the signal is constant (no correlation is defined).
    """
    x = np.asarray(values, dtype=np.float64)
    y = np.asarray(signal, dtype=np.float64)
    if x.ndim != 2 or y.shape != (x.shape[0],):
        raise ValueError(f"values must be [T, units] and the signal [T], got {x.shape} and {y.shape}")
    y = y - y.mean()
    y_norm = np.sqrt(y @ y)
    if y_norm == 0:
        raise ValueError("the signal is constant over this text")
    x = x - x.mean(axis=0)
    x_norm = np.sqrt(np.einsum("tu,tu->u", x, x))
    covariance = np.einsum("tu,t->u", x, y)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = covariance / (x_norm * y_norm)
    return np.where(x_norm > 0, r, 0.0)


@torch.no_grad()
def record_states(model: object, vocabulary: Vocabulary, text: str, fields: Iterable[str] = DEFAULT_FIELDS,
                  streams: int = 8, chunk: int = 256, should_stop: Callable[[], bool] | None = None
                  ) -> dict[str, np.ndarray]:
    """The model's ``fields`` after every character of ``text``: ``{field: [layers, T, H]}`` float32.

    The text is read as ``streams`` contiguous parts in parallel (each from a zero state: a handful of
    characters at the start of each part see less context), ``chunk`` characters at a time, the state
    carried between chunks. Returns None when ``should_stop()`` turned true.
    """
    fields = tuple(fields)
    if not 1 <= len(text) <= MAX_FINDER_CHARS:
        raise ValueError(f"the text must have 1 to {MAX_FINDER_CHARS:,} characters, got {len(text):,}")
    ids = vocabulary.encode(text)
    streams = max(1, min(streams, len(ids) // 64))
    row = -(-len(ids) // streams)
    padded = np.zeros(streams * row, dtype=np.int64)
    padded[: len(ids)] = ids
    x = torch.as_tensor(padded.reshape(streams, row), device=model.device)
    kept: dict[str, list[torch.Tensor]] = {name: [] for name in fields}
    state_names = ("h", "c") if "c" in model.cell.field_names else ("h",)
    initial = None
    for start in range(0, row, chunk):
        if should_stop is not None and should_stop():
            return None
        per_layer = model.cell.unroll(model.embed(x[:, start:start + chunk]), initial=initial)
        initial = [tuple(layer[name][-1] for name in state_names) for layer in per_layer]
        for name in fields:  # [layers, streams, steps, H]
            kept[name].append(torch.stack([torch.stack(layer[name], dim=1) for layer in per_layer]))
    states = {}
    for name, parts in kept.items():
        joined = torch.cat(parts, dim=2)  # [layers, streams, row, H] -> text order
        states[name] = joined.reshape(joined.shape[0], streams * row, -1)[:, : len(ids)].cpu().numpy()
    return states


def rank_units(states: dict[str, np.ndarray], signals: dict[str, np.ndarray], top: int = 5) -> dict[str, list[UnitMatch]]:
    """Per signal, the ``top`` units of every field and layer with the largest ``|r|`` (a constant signal: none)."""
    ranking: dict[str, list[UnitMatch]] = {}
    for name, signal in signals.items():
        candidates: list[UnitMatch] = []
        if np.ptp(signal) == 0:
            ranking[name] = []
            continue
        for field, values in states.items():
            for layer in range(values.shape[0]):
                r = unit_correlations(values[layer], signal)
                for unit in np.argsort(-np.abs(r), kind="stable")[:top]:
                    candidates.append(UnitMatch(name, field, layer, int(unit), float(r[unit])))
        ranking[name] = sorted(candidates, key=lambda match: -abs(match.r))[:top]
    return ranking


def find_cells(model: object, vocabulary: Vocabulary, text: str, signals: Iterable[str] | None = None,
               fields: Iterable[str] = DEFAULT_FIELDS, top: int = 5,
               should_stop: Callable[[], bool] | None = None) -> FinderResult | None:
    """Read ``text`` (held-out text, ideally) and rank the units for each signal (all of ``SIGNALS`` by default).

    Returns None when ``should_stop()`` turned true.
    """
    names = list(SIGNALS) if signals is None else list(signals)
    fields = tuple(name for name in fields if name in model.cell.field_names)
    values = compute_signals(text, names)
    states = record_states(model, vocabulary, text, fields, should_stop=should_stop)
    if states is None:
        return None
    for array in (*states.values(), *values.values()):
        array.setflags(write=False)
    return FinderResult(text, states, values, rank_units(states, values, top))
