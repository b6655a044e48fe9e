"""Writing text with a character model: one character at a time, each drawn from the model's next-character guess."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import Tensor

from ..data.text import UNKNOWN_ID, Vocabulary

MAX_SAMPLE_CHARS = 100_000
MAX_PRIME_CHARS = 100_000


def next_char_distribution(logits: Tensor, temperature: float) -> Tensor:
    """Probabilities ``[vocab]`` for the next character at ``temperature`` (``<unk>`` never drawn)."""
    logits = logits.detach().float().clone()
    if logits.numel() > 1:
        logits[UNKNOWN_ID] = -float("inf")  # it would print U+FFFD: the model cannot mean a real character
    return torch.softmax(logits / temperature, dim=-1)


def _draw(logits: Tensor, temperature: float, generator: torch.Generator) -> int:
    if temperature <= 0:
        return int(next_char_distribution(logits, 1.0).argmax())
    return int(torch.multinomial(next_char_distribution(logits, temperature), 1, generator=generator))


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
    generator = torch.Generator(device="cpu")
    generator.manual_seed(seed) if seed is not None else generator.seed()
    was_training = model.training
    model.eval()
    try:
        device = model.device
        ids = torch.as_tensor(vocabulary.encode(prime or "\n"), device=device)[None]
        logits, state = model.forward_with_state(ids)
        written: list[int] = []
        for _ in range(length):
            if should_stop is not None and should_stop():
                break
            written.append(_draw(logits[0, -1].cpu(), temperature, generator))
            logits, state = model.forward_with_state(torch.tensor([[written[-1]]], device=device), state)
    finally:
        model.train(was_training)
    return vocabulary.decode(np.array(written, dtype=np.int64))
