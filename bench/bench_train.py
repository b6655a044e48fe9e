"""Training throughput: LSTM Studio's trainer (gate probes on) vs a plain nn.LSTM loop, side by side.

Both run in this process on the same data with identical hyper-parameters (2 x 128 LSTM, dropout
0.2, Adam 1e-3, batch 128, gradient clipping at 1.0). The plain loop is the strongest simple
baseline: the dataset is one uint8 tensor on the device, batches are slices of a permutation,
no DataLoader, PyTorch's default Adam.

The machines here are shared and their speed drifts by +-30 % within minutes, so the two are
compared in many short interleaved slices (``--rounds`` x ``--batches``, alternating which goes
first) and the figure is the median of the per-slice ratios. The studio side is exactly what
``lstm-studio train`` runs: one core ``Trainer`` with its default automatic gate probes and
snapshots and the CLI's progress bar (writing to /dev/null), running in a thread that is paused
while the plain loop runs; its rate comes from its own snapshots (samples seen over its own
training time, probes included, pauses excluded). One real ``lstm-studio train --json`` run is
reported too. On CUDA the script also times one full MNIST epoch.

Usage: python bench/bench_train.py [--data-dir ../shared/mnist] [--rounds 30] [--batches 40] [--device auto]
Prints one line per measurement and, last, one JSON line with the figures.
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

from lstm_studio.cli import main as cli_main
from lstm_studio.data import DigitSet, load_digits
from lstm_studio.training import Trainer, TrainConfig, resolve_device

BATCH = 128


class PlainLoop:
    """A textbook fused nn.LSTM training loop that can run a few batches at a time."""

    def __init__(self, digits: DigitSet, device: torch.device, seed: int = 0) -> None:
        torch.manual_seed(seed)
        self.device = device
        self.lstm = nn.LSTM(28, 128, num_layers=2, batch_first=True, dropout=0.2).to(device)
        self.head = nn.Linear(128, 10).to(device)
        self.params = list(self.lstm.parameters()) + list(self.head.parameters())
        self.optimizer = torch.optim.Adam(self.params, lr=1e-3)
        self.images = torch.tensor(digits.train_images, device=device)
        self.labels = torch.tensor(digits.train_labels, device=device)
        self.order = torch.randperm(len(self.labels), device=device)
        self.position = 0
        self.running_loss = 0.0

    def run(self, batches: int) -> float:
        """Train ``batches`` batches; return samples/s."""
        start = time.perf_counter()
        for _ in range(batches):
            if self.position + BATCH > len(self.order):
                self.order, self.position = torch.randperm(len(self.labels), device=self.device), 0
            index = self.order[self.position:self.position + BATCH]
            self.position += BATCH
            x, y = self.images[index].float().div_(255), self.labels[index]
            output, _ = self.lstm(x)
            loss = F.cross_entropy(self.head(output[:, -1]), y)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.params, 1.0)
            self.optimizer.step()
            self.running_loss += loss.item()
        _sync(self.device)
        return batches * BATCH / (time.perf_counter() - start)


def studio_cli(data_dir: str, device: str, batches: int, out: Path) -> dict:
    """Run `lstm-studio train` in this process; return its JSON result."""
    stdout, stderr = io.StringIO(), io.StringIO()
    args = ["train", "--data-dir", data_dir, "--no-download", "--epochs", "1", "--limit-batches", str(batches),
            "--device", device, "--out", str(out), "--json"]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = cli_main(args)
    if status != 0:
        raise SystemExit(f"lstm-studio train failed: {stderr.getvalue()[-500:]}")
    return json.loads(stdout.getvalue().strip().splitlines()[-1])


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    text = f"{cpu}, {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads"
    if torch.cuda.is_available():
        text += f", GPU {torch.cuda.get_device_name(0)}"
    return text


class StudioRun:
    """The core Trainer exactly as `lstm-studio train` runs it (automatic gate probes, snapshots,
    the CLI's progress bar writing to /dev/null), in a thread we pause and resume between slices."""

    def __init__(self, digits: DigitSet, device: torch.device) -> None:
        config = TrainConfig(epochs=1000, device=str(device))
        self.trainer = Trainer(config, digits)
        self.snapshots: list = []
        self.arrived = threading.Condition()
        self.sink = open(os.devnull, "w")
        self.bar = tqdm(total=None, file=self.sink, mininterval=0.5)
        self.thread = threading.Thread(target=self.trainer.run, args=(self._on_snapshot,), daemon=True)
        self.trainer.pause()
        self.thread.start()

    def _on_snapshot(self, snapshot) -> None:
        self.bar.update(snapshot.step - self.bar.n)
        with self.arrived:
            self.snapshots.append(snapshot)
            self.arrived.notify_all()

    def run_for(self, seconds: float) -> float:
        """Let the trainer run about ``seconds``; its samples/s over its own (unpaused) time."""
        # On pausing, the trainer emits a snapshot of its exact state, so the last snapshot
        # before resuming and the last one after pausing again bracket this slice exactly.
        with self.arrived:
            start = self.snapshots[-1]
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
        return (end.samples_seen - start.samples_seen) / max(1e-9, end.elapsed_s - start.elapsed_s)

    def close(self) -> None:
        self.trainer.stop("benchmark finished")
        self.thread.join(30)
        self.bar.close()
        self.sink.close()


def compare(digits: DigitSet, device: torch.device, rounds: int, batches: int) -> dict:
    """Alternate slices of the plain loop and of the (paused/resumed) studio trainer."""
    plain = PlainLoop(digits, device)
    studio = StudioRun(digits, device)
    plain.run(5)  # warm-up
    studio.run_for(1.0)
    plain_rates, studio_rates, ratios = [], [], []
    for round_index in range(rounds):
        slice_seconds = batches * BATCH / max(plain_rates[-1] if plain_rates else 2000.0, 1.0)
        order = [("plain", lambda: plain.run(batches)), ("studio", lambda: studio.run_for(slice_seconds))]
        measured = {name: run() for name, run in (order if round_index % 2 == 0 else order[::-1])}
        plain_rates.append(measured["plain"])
        studio_rates.append(measured["studio"])
        ratios.append(measured["studio"] / measured["plain"])
        print(f"slice {round_index + 1}: plain {measured['plain']:,.0f}  studio {measured['studio']:,.0f} samples/s"
              f"  ratio {ratios[-1]:.3f}", flush=True)
    probes = len({s.trace_step for s in studio.snapshots})
    studio.close()
    return {"plain_samples_per_s": statistics.median(plain_rates),
            "studio_samples_per_s": statistics.median(studio_rates),
            "ratio_studio_vs_plain": statistics.median(ratios), "ratio_mean": statistics.fmean(ratios),
            "ratios": [round(r, 4) for r in ratios], "studio_gate_traces": probes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "mnist"))
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    device = resolve_device(args.device)
    full = load_digits(args.data_dir, download=False)
    # A small test split keeps each slice's end-of-run evaluation short (it is not timed anyway).
    digits = DigitSet(full.train_images, full.train_labels, full.test_images[:500], full.test_labels[:500], full.source)
    print(f"machine: {machine()}; device {device}; data {full.description}", flush=True)
    figures = {"machine": machine(), "device": str(device), "batches_per_slice": args.batches, "slices": args.rounds}
    figures |= compare(digits, device, args.rounds, args.batches)
    out = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_train_model.pt"
    cli = studio_cli(args.data_dir, str(device), 200, out)
    figures["cli_200_batches_samples_per_s"] = cli["samples_per_s"]
    print(f"lstm-studio train --limit-batches 200: {cli['samples_per_s']:,.0f} samples/s", flush=True)
    if device.type == "cuda":
        result = studio_cli(args.data_dir, str(device), 10**9, out)
        figures["cuda_epoch_seconds"] = result["train_seconds"]
        figures["cuda_epoch_samples_per_s"] = result["samples_per_s"]
    print(f"median of per-slice ratios (studio / plain): {figures['ratio_studio_vs_plain']:.3f} "
          f"(mean {figures['ratio_mean']:.3f}); plain {figures['plain_samples_per_s']:,.0f}, "
          f"studio {figures['studio_samples_per_s']:,.0f} samples/s; "
          f"{figures['studio_gate_traces']} gate traces taken", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
