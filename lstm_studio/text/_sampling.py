"""Writing text with a character model: one character at a time, each drawn from the model's next-character guess.

After the prime (one fused pass), each new character is one step of the recurrence for a batch of one. For an
LSTM that step runs in NumPy, several times faster than a torch call per character; other cells step through
their own step path. Draws use NumPy's generator, so a seed gives the same text every time.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ..data.text import UNKNOWN_ID, Vocabulary

MAX_SAMPLE_CHARS = 100_000
MAX_PRIME_CHARS = 100_000


def next_char_probabilities(logits: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities (float64) of the next character at ``temperature`` (> 0); ``<unk>`` is never drawn."""
    z = np.array(logits, dtype=np.float64)
    if z.size > 1:
        z[UNKNOWN_ID] = -np.inf  # it would print U+FFFD: the model cannot mean a real character
    z = z / temperature
    p = np.exp(z - z.max())
    return p / p.sum()


def _draw(logits: np.ndarray, temperature: float, rng: np.random.Generator) -> int:
    if temperature <= 0:
        return int(next_char_probabilities(logits, 1.0).argmax())
    cumulative = np.cumsum(next_char_probabilities(logits, temperature))
    return int(min(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"), len(cumulative) - 1))


class _NumpyLSTM:
    """One LSTM step per call in NumPy (float32), from the state the fused pass over the prime ended in."""

    def __init__(self, model: Any, state: tuple[torch.Tensor, torch.Tensor]) -> None:
        weights = {name: value.detach().cpu().numpy().astype(np.float32) for name, value in model.state_dict().items()}
        cell, layers = model.config.cell, model.config.num_layers
        self.layers = [(weights[f"{cell}.weight_ih_l{k}"], weights[f"{cell}.weight_hh_l{k}"],
                        weights[f"{cell}.bias_ih_l{k}"] + weights[f"{cell}.bias_hh_l{k}"]) for k in range(layers)]
        self.embedding, self.head = weights["embedding.weight"], (weights["head.weight"], weights["head.bias"])
        self.h = [state[0][k, 0].cpu().numpy().copy() for k in range(layers)]
        self.c = [state[1][k, 0].cpu().numpy().copy() for k in range(layers)]

    def __call__(self, char_id: int) -> np.ndarray:
        x = self.embedding[char_id]
        for k, (weight_ih, weight_hh, bias) in enumerate(self.layers):
            i, f, g, o = np.split(weight_ih @ x + weight_hh @ self.h[k] + bias, 4)
            self.c[k] = _sigmoid(f) * self.c[k] + _sigmoid(i) * np.tanh(g)
            self.h[k] = x = _sigmoid(o) * np.tanh(self.c[k])
        return self.head[0] @ x + self.head[1]


class _StepPath:
    """One step per call through the cell's own step path (any cell)."""

    def __init__(self, model: Any, state: Any) -> None:
        self.model = model
        self.names = ("h", "c") if "c" in model.cell.field_names else ("h",)
        parts = state if isinstance(state, tuple) else (state,)
        self.states = [tuple(part[k] for part in parts) for k in range(model.cell.num_layers)]

    @torch.no_grad()
    def __call__(self, char_id: int) -> np.ndarray:
        model = self.model
        per_layer = model.cell.unroll(model.embed(torch.tensor([[char_id]], device=model.device)), initial=self.states)
        self.states = [tuple(layer[name][-1] for name in self.names) for layer in per_layer]
        return model.apply_head(per_layer[-1]["h"][-1])[0].cpu().numpy()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow warning for large |x|


def _check(prime: str, length: int, temperature: float) -> None:
    if not 0 <= length <= MAX_SAMPLE_CHARS:
        raise ValueError(f"length must be 0 to {MAX_SAMPLE_CHARS:,}, got {length}")
    if len(prime) > MAX_PRIME_CHARS:
        raise ValueError(f"the prime text is {len(prime):,} characters; at most {MAX_PRIME_CHARS:,}")
    if not np.isfinite(temperature) or temperature < 0:
        raise ValueError(f"temperature must be 0 (always the likeliest) or positive, got {temperature}")


@torch.no_grad()
def sample_text(model: Any, vocabulary: Vocabulary, prime: str = "", length: int = 500, temperature: float = 1.0,
                seed: int | None = None, should_stop: Callable[[], bool] | None = None) -> str:
    """``length`` characters the model writes after reading ``prime`` (the prime itself is not repeated).

    Parameters
    ----------
    model
        A character model (:class:`~lstm_studio.models.SequenceModel` with ``vocab_size`` and an ``"every"`` head).
    vocabulary
        Its vocabulary (a prime character it does not know reads as ``<unk>``).
    prime
        Text to read first; empty starts after a line break.
    temperature
        Below 1 sharpens the model's guesses, above 1 flattens them; 0 always takes the likeliest.
    seed
        The same seed, model and prime give the same text.
    should_stop
        Checked between characters; when it turns true the text so far is returned.
    """
    _check(prime, length, temperature)
    rng = np.random.default_rng(seed)
    was_training = model.training
    model.eval()
    try:
        ids = torch.as_tensor(vocabulary.encode(prime or "\n"), device=model.device)[None]
        logits, state = model.forward_with_state(ids)
        step = _NumpyLSTM(model, state) if model.config.cell == "lstm" else _StepPath(model, state)
        last = logits[0, -1].cpu().numpy()
        written: list[int] = []
        for _ in range(length):
            if should_stop is not None and should_stop():
                break
            written.append(_draw(last, temperature, rng))
            last = step(written[-1])
    finally:
        model.train(was_training)
    return vocabulary.decode(np.array(written, dtype=np.int64))
