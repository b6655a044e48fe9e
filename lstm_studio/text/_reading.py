"""A character model reading a text: every gate at every character, and its guesses for the next character.

Reading is incremental: a text that extends the one already read (a person typing) costs only the
new characters, because the reading keeps every layer's state after its last character.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from ..cells import Trace
from ..data.text import Vocabulary

MAX_READ_CHARS = 5_000
TOP_K = 5


@dataclass(frozen=True, eq=False)
class TextReading:
    """What a character model did on ``text``, character by character (arrays read-only).

    Attributes
    ----------
    text
        The text read.
    ids
        ``[T]`` its character ids.
    arrays
        The cell's fields (``i f g o c h`` for an LSTM), each ``[layers, T, H]``: the state after each character.
    probs
        ``[T, vocab]``: after character ``t``, the probability of every next character.
    """

    text: str
    ids: np.ndarray
    arrays: dict[str, np.ndarray]
    probs: np.ndarray
    cell: str = "lstm"
    top_ids: np.ndarray | None = None    # [T, 5]: the likeliest next characters after each one (computed if None)
    top_probs: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.top_ids is None or self.top_probs is None:
            top_ids, top_probs = top_guesses(self.probs)
            object.__setattr__(self, "top_ids", top_ids)
            object.__setattr__(self, "top_probs", top_probs)
        for value in (self.ids, self.probs, self.top_ids, self.top_probs, *self.arrays.values()):
            value.setflags(write=False)

    def __len__(self) -> int:
        return len(self.text)

    @property
    def num_layers(self) -> int:
        return self.arrays["h"].shape[0]

    @property
    def hidden_size(self) -> int:
        return self.arrays["h"].shape[2]

    def surprisal_bits(self) -> np.ndarray:
        """``[T]``: ``-log2 p(next character)`` as the model guessed it after each character (NaN after the last)."""
        bits = np.full(len(self.text), np.nan, dtype=np.float32)
        if len(self.text) > 1:
            chosen = self.probs[np.arange(len(self.text) - 1), self.ids[1:]]
            bits[:-1] = -np.log2(np.maximum(chosen, 1e-30))
        return bits

    def state_before(self, t: int) -> list[tuple[torch.Tensor, ...]] | None:
        """Every layer's recurrent state before character ``t`` (``None`` at 0: zeros), as the cell takes it."""
        if t == 0:
            return None
        names = ("h", "c") if "c" in self.arrays else ("h",)
        return [tuple(torch.from_numpy(self.arrays[name][layer, t - 1: t].copy()) for name in names)
                for layer in range(self.num_layers)]

    def as_trace(self) -> Trace:
        """The reading as a one-sample :class:`~lstm_studio.cells.Trace` (for the ``.npz`` and ``.csv`` exports)."""
        return Trace(self.cell, {name: value[:, None] for name, value in self.arrays.items()}, self.probs[None],
                     "probs", None, self.ids[None])


def top_guesses(probs: np.ndarray, k: int = TOP_K) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` likeliest ids per row of ``probs`` ``[T, vocab]`` (likeliest first) and their probabilities."""
    k = min(k, probs.shape[1])
    top = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    return top, np.take_along_axis(probs, top, axis=1)


@torch.no_grad()
def _read_ids(model: Any, ids: np.ndarray, initial: list | None) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Fields ``[layers, T, H]`` and next-character probabilities ``[T, vocab]`` of ``ids`` from ``initial``."""
    x = torch.as_tensor(ids, device=model.device)[None]
    per_layer = model.cell.unroll(model.embed(x), initial=initial)
    arrays = {name: torch.stack([torch.stack(layer[name], dim=1)[0] for layer in per_layer]).cpu().numpy()
              for name in model.cell.field_names}
    probs = model.activate(model.apply_head(torch.from_numpy(arrays["h"][-1][None]).to(model.device)))[0]
    return arrays, probs.cpu().numpy()


def read_text(model: Any, vocabulary: Vocabulary, text: str, previous: TextReading | None = None) -> TextReading:
    """Read ``text`` with ``model``; when ``text`` extends ``previous.text``, only the new characters are read.

    Raises ``ValueError`` (one line) for an empty text or one over :data:`MAX_READ_CHARS` characters.
    """
    if not text:
        raise ValueError("there is no text to read")
    if len(text) > MAX_READ_CHARS:
        raise ValueError(f"the text is {len(text):,} characters; at most {MAX_READ_CHARS:,} are read at once")
    ids = vocabulary.encode(text)
    kept = previous is not None and 0 < len(previous.text) <= len(text) and text.startswith(previous.text)
    start = len(previous.text) if kept else 0
    if kept and start == len(text):
        return previous
    arrays, probs = _read_ids(model, ids[start:], previous.state_before(start) if kept else None)
    top_ids, top_probs = top_guesses(probs)  # only for the new characters: a long text stays cheap to extend
    if kept:
        arrays = {name: np.concatenate([previous.arrays[name], value], axis=1) for name, value in arrays.items()}
        probs = np.concatenate([previous.probs, probs])
        top_ids, top_probs = np.concatenate([previous.top_ids, top_ids]), np.concatenate([previous.top_probs, top_probs])
    return TextReading(text, ids, arrays, probs, model.config.cell, top_ids, top_probs)
