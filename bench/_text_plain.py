"""A plain character-LSTM training loop, written as anyone would without LSTM Studio: the reference the
text benchmarks compare against. No probes, no snapshots, no task objects: nn.Embedding -> nn.LSTM -> nn.Linear.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lstm_studio.data.text import random_windows, sequence_batches
from lstm_studio.tasks import stream_bits_per_char


class PlainCharLSTM(nn.Module):
    def __init__(self, vocab: int, embedding: int, hidden: int, layers: int) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        self.lstm = nn.LSTM(embedding, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward_with_state(self, x, state=None):
        output, state = self.lstm(self.embedding(x), state)
        return self.head(output), state


@dataclass
class PlainResult:
    val_bits_per_char: float
    window_bits_per_char: float  # held-out scored in independent windows of seq_len (no carried state)
    chars_per_s: float
    steps: int


@torch.no_grad()
def window_bits_per_char(model, ids: np.ndarray, seq_len: int) -> float:
    """Held-out text cut into independent windows of ``seq_len`` (each from a zero state), as a plain script scores it."""
    model.eval()
    usable = (len(ids) - 1) // seq_len * seq_len
    x = torch.as_tensor(ids[:usable]).reshape(-1, seq_len)
    y = torch.as_tensor(ids[1:usable + 1]).reshape(-1, seq_len)
    total = 0.0
    for start in range(0, len(x), 256):
        logits, _ = model.forward_with_state(x[start:start + 256])
        total += float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y[start:start + 256].reshape(-1),
                                       reduction="sum"))
    model.train()
    return total / y.numel() / math.log(2)


def train_plain(train_ids: np.ndarray, held_ids: np.ndarray, vocab: int, seconds: float, *, hidden: int = 128,
                layers: int = 2, embedding: int = 64, seq_len: int = 128, batch: int = 64, lr: float = 3e-3,
                cosine: bool = False, carry_state: bool = False, seed: int = 0,
                clock=time.process_time) -> PlainResult:  # noqa: ANN001
    """Train for ``seconds`` of ``clock`` (this process's CPU time by default), then score the held-out ids."""
    torch.manual_seed(seed)
    model = PlainCharLSTM(vocab, embedding, hidden, layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    started, steps, chars, epoch = clock(), 0, 0, 0
    done = False
    while not done:
        if carry_state:
            batches = iter(sequence_batches(train_ids, seq_len, batch, seed=seed + epoch))
        else:
            batches = random_windows(train_ids, seq_len, batch, seed=seed + epoch, n_batches=200)
        state = None
        for x, y in batches:
            elapsed = clock() - started
            if elapsed >= seconds:
                done = True
                break
            if cosine:
                for group in optimizer.param_groups:
                    group["lr"] = lr * 0.5 * (1 + math.cos(math.pi * elapsed / seconds))
            x, y = torch.from_numpy(np.array(x)), torch.from_numpy(np.array(y))  # own, writable copies
            logits, state = model.forward_with_state(x, state if carry_state else None)
            state = tuple(s.detach() for s in state)
            loss = F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            steps, chars = steps + 1, chars + x.numel()
        epoch += 1
    train_seconds = clock() - started
    model.eval()
    bits, _, _ = stream_bits_per_char(model.forward_with_state, held_ids)
    return PlainResult(bits, window_bits_per_char(model, held_ids, seq_len), chars / train_seconds, steps)
