"""Training throughput of every cell, side by side, as ratios against fused ``nn.LSTM``.

Each variant is a cell + linear head trained with Adam (cross-entropy on the last step,
gradient clipping at 1.0) on the same pre-made batches: fused ``nn.LSTM``, ``nn.GRU`` and
``nn.RNN`` (our ``lstm``/``gru``/``rnn`` *are* those modules), and the two step-only cells
three times: their fast path (the step loop without autograd plus hand-written BPTT, what
``cell(x)`` runs), autograd through the same step loop (``cell.unroll(x, grad=True)``), and
autograd through the loop as it was written before the fast path existed (batch-first,
``projected[:, t]`` indexed at every step: autograd then builds a full-size zero gradient per
step). The shapes are the MNIST design (``mnist``: 28 steps of 28 inputs, 2 × 128,
batch 128, dropout 0.2) and the lab's long sequences (``lab``: 100 steps of 2 inputs, 1 × 32,
batch 32).

The machine is shared and its speed drifts, so every round runs one short slice of each
variant (in a rotated order) and the figures are medians over rounds of the per-round ratio
to ``nn.LSTM``. ``uptime``'s load is printed before and after.

    python bench/bench_cells.py [--shapes mnist lab] [--threads 1 2] [--rounds 15] [--seconds 0.4]
                                [--torch-compile]

Prints one table per (shape, threads) and, last, one JSON line with every figure.
``--torch-compile`` instead times ``torch.compile`` of autograd through the peephole cell's step
loop (mnist shape, 1 thread): the first call (compilation), the compiled batch against the fast
path, and the recompilation a new batch size costs (an epoch's last batch is smaller).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from lstm_studio.cells import make_cell

CELL_KINDS = ("lstm", "gru", "rnn", "lstm_peephole", "lstm_no_forget")
STEP_ONLY = ("lstm_peephole", "lstm_no_forget")


@dataclass(frozen=True)
class Shape:
    steps: int
    inputs: int
    hidden: int
    layers: int
    batch: int
    dropout: float


SHAPES = {"mnist": Shape(28, 28, 128, 2, 128, 0.2), "lab": Shape(100, 2, 32, 1, 32, 0.0)}


class Variant:
    """One cell + head + Adam, trained a slice of batches at a time."""

    def __init__(self, kind: str, shape: Shape, loop: str, batches: list[tuple[Tensor, Tensor]]) -> None:
        torch.manual_seed(0)
        self.name = kind + (f" ({loop} loop)" if loop else "")
        self.cell = make_cell(kind, shape.inputs, shape.hidden, shape.layers, shape.dropout)
        self.head = nn.Linear(shape.hidden, 10)
        self.params = list(self.cell.parameters()) + list(self.head.parameters())
        self.optimizer = torch.optim.Adam(self.params, lr=1e-3)
        self.last_h = {"": self._fast, "autograd": self._autograd_loop, "original": self._original_loop}[loop]
        self.batches, self.position = batches, 0

    def _fast(self, x: Tensor) -> Tensor:
        return self.cell(x)[0][:, -1]

    def _autograd_loop(self, x: Tensor) -> Tensor:
        dropout = self.cell.dropout if self.cell.training else 0.0
        between = (lambda values: F.dropout(values, dropout, True)) if dropout else None
        return self.cell.unroll(x, grad=True, between_layers=between)[-1]["h"][-1]

    def _original_loop(self, x: Tensor) -> Tensor:
        """Autograd through the loop as it was written before the fast path (commit 0470e2f): batch-first,
        the layer's weights looked up and ``projected[:, t]`` indexed at every step."""
        cell, layer_input = self.cell, x
        for layer in range(cell.num_layers):
            if layer > 0 and cell.training and cell.dropout:
                layer_input = F.dropout(layer_input, cell.dropout, True)
            projected, state, steps = cell._project(layer, layer_input), cell._initial_state(len(x), x), []
            for t in range(x.shape[1]):
                state, values = cell._step(cell.layer_weights(layer), projected[:, t], state)
                steps.append(values["h"])
            layer_input = torch.stack(steps, dim=1)
        return layer_input[:, -1]

    def train_for(self, seconds: float) -> float:
        """Train whole batches for about ``seconds``; return samples/s."""
        samples, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            x, y = self.batches[self.position % len(self.batches)]
            self.position += 1
            loss = F.cross_entropy(self.head(self.last_h(x)), y)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.params, 1.0)
            self.optimizer.step()
            samples += len(y)
        return samples / (time.perf_counter() - start)


def make_batches(shape: Shape, count: int = 8) -> list[tuple[Tensor, Tensor]]:
    generator = torch.Generator().manual_seed(1)
    return [(torch.rand(shape.batch, shape.steps, shape.inputs, generator=generator),
             torch.randint(0, 10, (shape.batch,), generator=generator)) for _ in range(count)]


def load() -> str:
    with contextlib.suppress(OSError):
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "load average unknown"


def compare(shape: Shape, rounds: int, seconds: float) -> dict[str, dict[str, float]]:
    """Median samples/s and median per-round ratio to nn.LSTM of every variant."""
    batches = make_batches(shape)
    variants = [Variant(kind, shape, "", batches) for kind in CELL_KINDS]
    variants += [Variant(kind, shape, loop, batches) for loop in ("autograd", "original") for kind in STEP_ONLY]
    for variant in variants:
        variant.train_for(0.1)  # warm-up: allocator, Adam state
    rates: dict[str, list[float]] = {v.name: [] for v in variants}
    ratios: dict[str, list[float]] = {v.name: [] for v in variants}
    for round_index in range(rounds):
        shift = round_index % len(variants)
        measured = {v.name: v.train_for(seconds) for v in variants[shift:] + variants[:shift]}
        for name, rate in measured.items():
            rates[name].append(rate)
            ratios[name].append(rate / measured["lstm"])
    return {name: {"samples_per_s": statistics.median(rates[name]), "ratio_vs_lstm": statistics.median(ratios[name]),
                   "ratio_low": min(ratios[name]), "ratio_high": max(ratios[name])} for name in rates}


def compile_check(shape: Shape) -> dict[str, float]:
    """Seconds to compile, median ms per batch compiled vs the fast path, seconds to recompile for batch - 1."""
    variant = Variant("lstm_peephole", shape, "", make_batches(shape, 1))
    x, y = variant.batches[0]
    compiled = torch.compile(lambda x, y: F.cross_entropy(variant.head(variant._autograd_loop(x)), y))
    fast = lambda x, y: F.cross_entropy(variant.head(variant._fast(x)), y)  # noqa: E731
    start = time.perf_counter()
    compiled(x, y).backward()
    figures = {"compile_s": time.perf_counter() - start}
    times: dict[str, list[float]] = {"compiled": [], "fast": []}
    for _ in range(10):
        for name, loss in (("compiled", compiled), ("fast", fast)):
            start = time.perf_counter()
            loss(x, y).backward()
            times[name].append(time.perf_counter() - start)
    figures |= {f"{name}_ms": 1000 * statistics.median(values) for name, values in times.items()}
    start = time.perf_counter()
    compiled(x[1:], y[1:]).backward()
    figures["recompile_s"] = time.perf_counter() - start
    print(f"torch.compile (peephole, {shape.steps} steps, {shape.layers} x {shape.hidden}, batch {shape.batch}): "
          f"first call {figures['compile_s']:.0f} s; then {figures['compiled_ms']:.1f} ms per batch vs the fast path's "
          f"{figures['fast_ms']:.1f} ms; batch {shape.batch - 1}: {figures['recompile_s']:.0f} s ({load()})",
          flush=True)
    return figures


def print_table(title: str, figures: dict[str, dict[str, float]]) -> None:
    print(title)
    print(f"  {'cell':32} {'samples/s':>10} {'vs nn.LSTM':>11}  (range over rounds)")
    for name, row in figures.items():
        print(f"  {name:32} {row['samples_per_s']:10,.0f} {row['ratio_vs_lstm']:10.2f}x"
              f"  ({row['ratio_low']:.2f}-{row['ratio_high']:.2f})")
    for kind in STEP_ONLY:
        fast, slow, original = (figures[f"{kind}{loop}"] for loop in ("", " (autograd loop)", " (original loop)"))
        print(f"  {kind}: fast path / autograd loop = {fast['ratio_vs_lstm'] / slow['ratio_vs_lstm']:.2f}x, "
              f"fast path / original loop = {fast['ratio_vs_lstm'] / original['ratio_vs_lstm']:.2f}x")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", choices=tuple(SHAPES), default=list(SHAPES))
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=0.4, help="length of one variant's slice")
    parser.add_argument("--torch-compile", action="store_true", help="time torch.compile instead (minutes)")
    args = parser.parse_args(argv)
    print(f"torch {torch.__version__}, {os.cpu_count()} cores; before: {load()}", flush=True)
    if args.torch_compile:
        torch.set_num_threads(1)
        print(json.dumps(compile_check(SHAPES["mnist"])))
        return
    results = {}
    for shape_name in args.shapes:
        shape = SHAPES[shape_name]
        for threads in args.threads:
            torch.set_num_threads(threads)
            figures = compare(shape, args.rounds, args.seconds)
            title = (f"{shape_name}: T={shape.steps}, {shape.layers} x {shape.hidden}, batch {shape.batch}, "
                     f"{threads} thread{'s' if threads > 1 else ''} ({load()})")
            print_table(title, figures)
            results[f"{shape_name}/{threads}"] = figures
    print(f"after: {load()}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
