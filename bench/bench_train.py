"""Training throughput: `lstm-studio train` (gate probes on) vs a plain nn.LSTM loop, side by side.

Both run in this process, alternating, on the same data, with identical hyper-parameters
(2 x 128 LSTM, dropout 0.2, Adam 1e-3, batch 128, gradient clipping at 1.0). The plain loop
is the strongest simple baseline: the dataset is one uint8 tensor on the device, batches
are slices of a permutation, no DataLoader. On CUDA the script also times one full epoch.

Usage: python bench/bench_train.py [--data-dir ../shared/mnist] [--batches 150] [--rounds 3] [--device auto]
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
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from lstm_studio.cli import main as cli_main
from lstm_studio.data import load_digits
from lstm_studio.training import resolve_device


def plain_loop(digits, device: torch.device, batches: int, seed: int = 0) -> float:
    """samples/s of a textbook fused nn.LSTM training loop."""
    torch.manual_seed(seed)
    lstm = nn.LSTM(28, 128, num_layers=2, batch_first=True, dropout=0.2).to(device)
    head = nn.Linear(128, 10).to(device)
    params = list(lstm.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    images = torch.tensor(digits.train_images, device=device)
    labels = torch.tensor(digits.train_labels, device=device)
    order = torch.randperm(len(labels), device=device)
    running_loss = 0.0
    start = time.perf_counter()
    for step in range(batches):
        index = order[step * 128:(step + 1) * 128]
        x, y = images[index].float().div_(255), labels[index]
        output, _ = lstm(x)
        loss = F.cross_entropy(head(output[:, -1]), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        running_loss += loss.item()
    _sync(device)
    return batches * 128 / (time.perf_counter() - start)


def studio_train(data_dir: str, device: str, batches: int, out: Path, extra: list[str] | None = None) -> dict:
    """Run `lstm-studio train` in this process; return its JSON result."""
    stdout, stderr = io.StringIO(), io.StringIO()
    args = ["train", "--data-dir", data_dir, "--no-download", "--epochs", "1", "--limit-batches", str(batches),
            "--device", device, "--out", str(out), "--json", *(extra or [])]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "mnist"))
    parser.add_argument("--batches", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    device = resolve_device(args.device)
    digits = load_digits(args.data_dir, download=False)
    out = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_train_model.pt"
    print(f"machine: {machine()}; device {device}; data {digits.description}", flush=True)
    plain_loop(digits, device, 10)  # warm-up: allocator, kernels
    plain, studio, studio_no_probe, probes = [], [], [], []
    for round_index in range(args.rounds):
        plain.append(plain_loop(digits, device, args.batches, seed=round_index))
        result = studio_train(args.data_dir, str(device), args.batches, out)
        studio.append(result["samples_per_s"])
        studio_no_probe.append(studio_train(args.data_dir, str(device), args.batches, out,
                                            ["--probe-every", "0"])["samples_per_s"])
        print(f"round {round_index + 1}: plain {plain[-1]:,.0f}  studio (probes on) {studio[-1]:,.0f}  "
              f"studio (probes off) {studio_no_probe[-1]:,.0f} samples/s", flush=True)
    ratios = [s / p for s, p in zip(studio, plain)]
    figures = {
        "machine": machine(), "device": str(device), "batches_per_run": args.batches, "rounds": args.rounds,
        "plain_samples_per_s": statistics.median(plain), "studio_samples_per_s": statistics.median(studio),
        "studio_no_probes_samples_per_s": statistics.median(studio_no_probe),
        "ratio_studio_vs_plain": statistics.median(ratios), "ratios": ratios,
    }
    if device.type == "cuda":
        result = studio_train(args.data_dir, str(device), 10**9, out)
        figures["cuda_epoch_seconds"] = result["train_seconds"]
        figures["cuda_epoch_samples_per_s"] = result["samples_per_s"]
    print(f"median: plain {figures['plain_samples_per_s']:,.0f}, studio {figures['studio_samples_per_s']:,.0f} "
          f"samples/s; ratio {figures['ratio_studio_vs_plain']:.3f}", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
