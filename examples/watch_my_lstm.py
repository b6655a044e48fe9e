"""A training script of your own, watched live by LSTM Studio: two added lines, nothing else changes.

The model is plain PyTorch — ``nn.Embedding → nn.LSTM (time-major, batch_first=False) → nn.Linear`` —
learning a task that needs memory: each sequence starts with one of four marker tokens, followed
by noise tokens; the class is the marker. The LSTM must keep it in its cell state to the end.

Run it, then in LSTM Studio choose File → Attach to a running script… (localhost, port 5557)::

    python examples/watch_my_lstm.py --steps 3000

``--no-watch`` runs the same loop without LSTM Studio (``bench/bench_watch.py`` compares the two).
"""
from __future__ import annotations

import argparse
import time

import torch
from torch import nn

import lstm_studio as ls

MARKERS, VOCABULARY = 4, 24


class MarkerClassifier(nn.Module):
    """Embedding, a time-major LSTM and a linear head on the last step: a user's model, not LSTM Studio's."""

    def __init__(self, embedding: int = 16, hidden: int = 48, layers: int = 1) -> None:
        super().__init__()
        self.embed = nn.Embedding(VOCABULARY, embedding)
        self.encoder = nn.LSTM(embedding, hidden, num_layers=layers)  # batch_first=False: [T, batch, features]
        self.classify = nn.Linear(hidden, MARKERS)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """``tokens`` [batch, T] -> class scores [batch, MARKERS]."""
        outputs, _ = self.encoder(self.embed(tokens).transpose(0, 1))
        return self.classify(outputs[-1])


def make_batch(generator: torch.Generator, batch: int, steps: int) -> tuple[torch.Tensor, torch.Tensor]:
    """A marker (token 0..3) then noise (tokens 4..23); the label is the marker."""
    labels = torch.randint(0, MARKERS, (batch,), generator=generator)
    noise = torch.randint(MARKERS, VOCABULARY, (batch, steps - 1), generator=generator)
    return torch.cat([labels[:, None], noise], dim=1), labels


def train_step(model: nn.Module, optimiser: torch.optim.Optimizer, tokens: torch.Tensor,
               labels: torch.Tensor) -> tuple[float, float, float]:
    """One step of the user's loop: ``(loss, accuracy, gradient norm before clipping)`` of the batch."""
    scores = model(tokens)
    loss = nn.functional.cross_entropy(scores, labels)
    optimiser.zero_grad()
    loss.backward()
    grad_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
    optimiser.step()
    return loss.item(), (scores.argmax(1) == labels).float().mean().item(), grad_norm.item()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--length", type=int, default=12, help="steps per sequence")
    parser.add_argument("--every", type=int, default=100, help="trace the probe every N steps")
    parser.add_argument("--port", type=int, default=None, help="default $LSTM_STUDIO_WATCH_PORT or 5557; 0: any")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to sleep per step (to watch slowly)")
    parser.add_argument("--no-watch", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = MarkerClassifier()
    if not args.no_watch:
        probe, probe_labels = make_batch(torch.Generator().manual_seed(1234), 8, args.length)
        # The first added line: publish this model's gates on the probe and the scalars of ls.log.
        ls.watch(model, probe=probe, every=args.every, port=args.port, probe_labels=probe_labels)
    generator = torch.Generator().manual_seed(args.seed)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    started, loss = time.perf_counter(), float("nan")
    try:
        for step in range(args.steps):
            loss, accuracy, grad_norm = train_step(model, optimiser,
                                                   *make_batch(generator, args.batch_size, args.length))
            if not args.no_watch:
                ls.log(step, loss=loss, accuracy=accuracy, grad_norm=grad_norm)  # the second added line
            if args.delay:
                time.sleep(args.delay)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    print(f"last loss {loss:.4f} after {time.perf_counter() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
