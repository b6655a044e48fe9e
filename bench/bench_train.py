"""Training throughput: LSTM Studio's trainer (live gate probes on) vs a plain loop of the same cell, side by side.

For every cell (``--cells``, default all five) both sides train the same model on the same data
with identical hyper-parameters (by default 2 x 128 with dropout 0.2; Adam 1e-3, batch 128, gradient
clipping at 1.0). The plain loop is the strongest simple baseline: the dataset is one uint8 tensor on the
device, batches are slices of a permutation, no DataLoader, PyTorch's default Adam, and the
module is the fused ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` + ``nn.Linear`` for lstm, gru and rnn,
or the very same step-only module (``make_cell``) + ``nn.Linear`` for lstm_peephole and
lstm_no_forget, which have no fused kernel.

The machines here are shared and their speed drifts by +-30 % within minutes, so the two are
compared in many short interleaved slices (``--rounds`` x ``--batches``, alternating which goes
first) and the figure is the median of the per-slice ratios. The studio side is what
``lstm-studio train`` runs: one core ``Trainer`` on a ``DigitsTask`` with its default automatic
gate probes, snapshots and weight copies, feeding a progress bar (writing to /dev/null), in a
thread that is paused while the plain loop runs; its rate comes from its own snapshots (samples
seen over its own training time, probes and snapshots included, pauses and the end-of-epoch
evaluation excluded).

Data: the bundled mini-MNIST, or full MNIST with ``--data-dir DIR`` (never downloaded). With
``--cli`` one real ``lstm-studio train --json`` run of 200 batches per cell is reported too; on
CUDA one full epoch is timed.

Usage: python bench/bench_train.py [--cells lstm rnn] [--data-dir ../shared/mnist] [--rounds 20]
       [--batches 20] [--threads 1] [--hidden-size 128] [--layers 2] [--device auto] [--cli]
Prints one line per slice, a table, and, last, one JSON line with the figures. With one thread it
also gives the ratio of samples per second of CPU time (the trainer thread's against the plain
loop's, median of slices): less disturbed than the wall clock when other jobs share the cores.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from tqdm import tqdm

from lstm_studio.cells import CELLS, make_cell
from lstm_studio.cli import main as cli_main
from lstm_studio.data import DigitSet, load_digits, load_mini_mnist
from lstm_studio.tasks import DigitsTask
from lstm_studio.training import Trainer, TrainConfig, resolve_device

BATCH = 128
FUSED = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


def plain_module(kind: str, hidden: int, layers: int) -> nn.Module:
    """PyTorch's own fused module where there is one, else the studio's step-only cell itself."""
    dropout = 0.2 if layers > 1 else 0.0
    if kind in FUSED:
        return FUSED[kind](28, hidden, num_layers=layers, batch_first=True, dropout=dropout)
    return make_cell(kind, 28, hidden, layers, dropout=dropout)


class PlainLoop:
    """A textbook training loop that can run a few batches at a time."""

    def __init__(self, kind: str, shape: tuple[int, int], digits: DigitSet, device: torch.device,
                 seed: int = 0) -> None:
        torch.manual_seed(seed)
        self.device = device
        self.cell = plain_module(kind, *shape).to(device)
        self.head = nn.Linear(shape[0], 10).to(device)
        self.params = list(self.cell.parameters()) + list(self.head.parameters())
        self.optimizer = torch.optim.Adam(self.params, lr=1e-3)
        self.images = torch.tensor(digits.train_images, device=device)
        self.labels = torch.tensor(digits.train_labels, device=device)
        self.order = torch.randperm(len(self.labels), device=device)
        self.position = 0
        self.running_loss = 0.0

    def run(self, batches: int) -> tuple[float, float]:
        """Train ``batches`` batches; return samples/s by the wall clock and by this thread's CPU time."""
        start, cpu_start = time.perf_counter(), time.thread_time()
        for _ in range(batches):
            if self.position + BATCH > len(self.order):
                self.order, self.position = torch.randperm(len(self.labels), device=self.device), 0
            index = self.order[self.position:self.position + BATCH]
            self.position += BATCH
            x, y = self.images[index].float().div_(255), self.labels[index]
            output, _ = self.cell(x)
            loss = F.cross_entropy(self.head(output[:, -1]), y)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.params, 1.0)
            self.optimizer.step()
            self.running_loss += loss.item()
        _sync(self.device)
        return batches * BATCH / (time.perf_counter() - start), batches * BATCH / (time.thread_time() - cpu_start)


class StudioRun:
    """The core Trainer as `lstm-studio train` runs it (automatic gate probes, snapshots, weight
    copies, a progress bar writing to /dev/null), in a thread we pause and resume between slices."""

    def __init__(self, kind: str, shape: tuple[int, int], digits: DigitSet, device: torch.device,
                 threads: int) -> None:
        config = TrainConfig(cell=kind, hidden_size=shape[0], num_layers=shape[1], dropout=0.2 if shape[1] > 1 else 0.0,
                             epochs=100_000, device=str(device), num_threads=threads)
        self.trainer = Trainer(config, DigitsTask(digits))
        self.snapshots: list = []
        self.arrived = threading.Condition()
        self.sink = open(os.devnull, "w")
        self.bar = tqdm(total=None, file=self.sink, mininterval=0.5)
        self.thread = threading.Thread(target=self.trainer.run, args=(self._on_snapshot,), daemon=True)
        self.trainer.pause()
        self.thread.start()
        self.cpu_clock = time.pthread_getcpuclockid(self.thread.ident)

    def _on_snapshot(self, snapshot) -> None:
        self.bar.update(snapshot.step - self.bar.n)
        with self.arrived:
            self.snapshots.append(snapshot)
            self.arrived.notify_all()

    def run_for(self, seconds: float) -> tuple[float, float]:
        """Let the trainer run about ``seconds``; its samples/s over its own (unpaused) time, and over
        its thread's CPU time (which also counts the end-of-epoch evaluations on the small test split)."""
        # On pausing, the trainer emits a snapshot of its exact state, so the last snapshot
        # before resuming and the last one after pausing again bracket this slice exactly.
        with self.arrived:
            while not self.snapshots:
                self.arrived.wait(0.1)
            start = self.snapshots[-1]
        cpu_start = time.clock_gettime(self.cpu_clock)
        self.trainer.resume()
        time.sleep(seconds)
        self.trainer.pause()
        while True:  # wait until the batch in flight and the pause snapshot have arrived
            with self.arrived:
                count = len(self.snapshots)
                self.arrived.wait(0.3)
                if len(self.snapshots) == count:
                    end = self.snapshots[-1]
                    break
        samples = end.samples_seen - start.samples_seen
        cpu = time.clock_gettime(self.cpu_clock) - cpu_start
        return samples / max(1e-9, end.elapsed_s - start.elapsed_s), samples / max(1e-9, cpu)

    def close(self) -> None:
        self.trainer.stop("benchmark finished")
        self.thread.join(60)
        self.bar.close()
        self.sink.close()


def compare(kind: str, shape: tuple[int, int], digits: DigitSet, device: torch.device, rounds: int, batches: int,
            threads: int) -> dict:
    """Alternate slices of the plain loop and of the (paused/resumed) studio trainer."""
    plain = PlainLoop(kind, shape, digits, device)
    studio = StudioRun(kind, shape, digits, device, threads)
    plain.run(3)  # warm-up
    studio.run_for(0.5)
    rates: dict[str, list[float]] = {name: [] for name in ("plain", "studio", "ratio", "cpu_ratio")}
    for round_index in range(rounds):
        slice_seconds = batches * BATCH / max(rates["plain"][-1] if rates["plain"] else 1000.0, 1.0)
        order = [("plain", lambda: plain.run(batches)), ("studio", lambda: studio.run_for(slice_seconds))]
        measured = {name: run() for name, run in (order if round_index % 2 == 0 else order[::-1])}
        (plain_rate, plain_cpu), (studio_rate, studio_cpu) = measured["plain"], measured["studio"]
        rates["plain"].append(plain_rate)
        rates["studio"].append(studio_rate)
        rates["ratio"].append(studio_rate / plain_rate)
        rates["cpu_ratio"].append(studio_cpu / plain_cpu)
        print(f"{kind} slice {round_index + 1}: plain {plain_rate:,.0f}  studio {studio_rate:,.0f} samples/s"
              f"  ratio {rates['ratio'][-1]:.3f} (CPU time: {rates['cpu_ratio'][-1]:.3f})", flush=True)
    probes = len({s.trace_step for s in studio.snapshots})
    weight_copies = sum(s.weights is not None for s in studio.snapshots)
    studio.close()
    return {"plain_samples_per_s": statistics.median(rates["plain"]),
            "studio_samples_per_s": statistics.median(rates["studio"]),
            "ratio_studio_vs_plain": statistics.median(rates["ratio"]), "ratio_mean": statistics.fmean(rates["ratio"]),
            "ratios": [round(r, 4) for r in rates["ratio"]],
            "cpu_time_ratio": statistics.median(rates["cpu_ratio"]) if threads == 1 else None,
            "studio_gate_traces": probes,
            "studio_weight_copies": weight_copies}


def studio_cli(kind: str, shape: tuple[int, int], data_dir: str | None, device: str, batches: int, threads: int,
               out: Path) -> dict:
    """Run `lstm-studio train` in this process; return its JSON result."""
    stdout, stderr = io.StringIO(), io.StringIO()
    data = ["--data-dir", data_dir, "--no-download"] if data_dir else ["--mini"]
    args = ["train", *data, "--cell", kind, "--epochs", "1", "--limit-batches", str(batches), "--device", device,
            "--threads", str(threads), "--hidden-size", str(shape[0]), "--layers", str(shape[1]),
            "--out", str(out), "--json"]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = cli_main(args)
    if status != 0:
        raise SystemExit(f"lstm-studio train failed: {stderr.getvalue()[-500:]}")
    return json.loads(stdout.getvalue().strip().splitlines()[-1])


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def machine(threads: int) -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    text = f"{cpu}, {os.cpu_count()} cores, torch {torch.__version__}, {threads} thread{'s' * (threads > 1)}"
    if torch.cuda.is_available():
        text += f", GPU {torch.cuda.get_device_name(0)}"
    return text


def load() -> str:
    with contextlib.suppress(OSError):
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "load average unknown"


def training_digits(data_dir: str | None) -> DigitSet:
    """Full MNIST from ``data_dir`` or the bundled mini-MNIST; a 100-digit test split keeps each epoch's
    evaluation short (it is not in the trainer's own clock, but it is in its thread's CPU time)."""
    full = load_digits(data_dir, download=False, allow_mini=False) if data_dir else load_mini_mnist()
    return DigitSet(full.train_images, full.train_labels, full.test_images[:100], full.test_labels[:100], full.source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", nargs="+", choices=tuple(CELLS), default=list(CELLS))
    parser.add_argument("--data-dir", default=None, help="full MNIST here (default: the bundled mini-MNIST)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--hidden-size", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--cli", action="store_true", help="also time one `lstm-studio train` run per cell")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = resolve_device(args.device)
    digits = training_digits(args.data_dir)
    print(f"machine: {machine(args.threads)}; device {device}; data {digits.source}; {load()}", flush=True)
    figures: dict = {"machine": machine(args.threads), "device": str(device), "data": digits.source,
                     "model": f"{args.layers} x {args.hidden_size}",
                     "batches_per_slice": args.batches, "slices": args.rounds, "load_before": load(), "cells": {}}
    for kind in args.cells:
        shape = (args.hidden_size, args.layers)
        figures["cells"][kind] = compare(kind, shape, digits, device, args.rounds, args.batches, args.threads)
        if args.cli:
            out = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_train_model.pt"
            result = studio_cli(kind, shape, args.data_dir, str(device), 200, args.threads, out)
            figures["cells"][kind]["cli_200_batches_samples_per_s"] = result["samples_per_s"]
            if device.type == "cuda" and args.data_dir:
                epoch = studio_cli(kind, shape, args.data_dir, str(device), 10**9, args.threads, out)
                figures["cells"][kind]["cuda_epoch_seconds"] = epoch["train_seconds"]
    figures["load_after"] = load()
    print(f"\n{'cell':16} {'plain':>9} {'studio':>9}  studio/plain: median of slices (mean)  by CPU time  gate traces")
    for kind, row in figures["cells"].items():
        print(f"{kind:16} {row['plain_samples_per_s']:9,.0f} {row['studio_samples_per_s']:9,.0f}  "
              f"{row['ratio_studio_vs_plain']:.3f} ({row['ratio_mean']:.3f})  "
              f"{row['cpu_time_ratio'] or float('nan'):.3f}  {row['studio_gate_traces']}")
    print(f"{figures['load_before']} before, {figures['load_after']} after", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
