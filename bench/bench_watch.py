"""Overhead of ``ls.watch`` on a user's own training loop, measured side by side.

The loop is the example's (``examples/watch_my_lstm.py``: Embedding → time-major nn.LSTM → Linear,
batch 64, 12 steps per sequence, Adam). One model and one optimiser train through interleaved
slices of ``--slice`` steps: a plain slice (the loop as the user wrote it), then a watched slice
(the same loop plus ``ls.log(step, loss=..., accuracy=..., grad_norm=...)`` under ``ls.watch`` at its
default settings: ``every=100``, ``budget=0.01``), then watched, then plain (ABBA, so a drift of the
machine's speed cancels). The figures are medians of watched/plain per pair, of wall time and of
the process's CPU time (all its threads: what the script pays, less sensitive to other jobs).

Two cases: a subscriber process attached and reading everything (what LSTM Studio does), and
nobody listening. The machine is shared with other jobs: the load average is printed beside the
figures.

    python bench/bench_watch.py [--pairs 12] [--slice 200] [--threads 1]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))

import lstm_studio as ls  # noqa: E402
import watch_my_lstm as user  # noqa: E402

LISTENER = """
import signal, sys, time
from lstm_studio.watch import Subscriber
signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
counts = {}
try:
    with Subscriber("127.0.0.1", int(sys.argv[1])) as subscriber:
        while True:
            message = subscriber.receive(100)
            if message is not None:
                counts[message.kind] = counts.get(message.kind, 0) + 1
finally:
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())), flush=True)
"""


def run_slice(model, optimiser, generator, steps: int, first: int, watched: bool) -> tuple[float, float]:  # noqa: ANN001
    """``(wall seconds, CPU seconds of this whole process)`` for ``steps`` steps of the user's loop.

    The process's CPU time counts every thread (training, the publisher, ZeroMQ's I/O thread): what the
    script pays, whatever else the shared machine is doing. Wall time is what the user waits.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    for step in range(first, first + steps):
        loss, accuracy, grad_norm = user.train_step(model, optimiser, *user.make_batch(generator, 64, 12))
        if watched:
            ls.log(step, loss=loss, accuracy=accuracy, grad_norm=grad_norm)
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(model, optimiser, generator, pairs: int, steps: int, first: int,  # noqa: ANN001
            watched_slices: bool = True) -> tuple[dict, int]:
    """Ratios per ABBA pair; with ``watched_slices`` false both slices are plain (the noise floor)."""
    ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
    for pair in range(pairs):
        order = (False, True) if pair % 2 == 0 else (True, False)
        seconds = {}
        for watched in order:
            seconds[watched] = run_slice(model, optimiser, generator, steps, first, watched and watched_slices)
            first += steps
        ratios["wall"].append(seconds[True][0] / seconds[False][0])
        ratios["cpu"].append(seconds[True][1] / seconds[False][1])
    return ratios, first


def report(name: str, ratios: dict, watcher) -> None:  # noqa: ANN001
    for kind, label in (("wall", "wall time"), ("cpu", "process CPU time")):
        values = ratios[kind]
        print(f"{name}: watched/plain {label}, median {statistics.median(values):.4f}, mean "
              f"{statistics.mean(values):.4f}, range {min(values):.3f}..{max(values):.3f} over {len(values)} pairs",
              flush=True)
    print(f"  traces so far {watcher.traces} ({watcher.trace_seconds * 1000:.0f} ms in all), messages sent "
          f"{watcher.publisher.sent}, dropped {watcher.publisher.dropped}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=12)
    parser.add_argument("--slice", type=int, default=200, help="training steps per slice")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} cores; "
          f"torch {torch.__version__}, {args.threads} thread(s)", flush=True)
    model = user.MarkerClassifier()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    generator = torch.Generator().manual_seed(0)
    probe, labels = user.make_batch(torch.Generator().manual_seed(1234), 8, 12)
    watcher = ls.watch(model, probe=probe, port=0, probe_labels=labels)
    port = watcher.address.rsplit(":", 1)[1]
    run_slice(model, optimiser, generator, 50, 0, False)  # warm-up
    ratios, first = measure(model, optimiser, generator, max(4, args.pairs // 2), args.slice, 50, False)
    report("noise floor (plain against plain)", ratios, watcher)
    listener = subprocess.Popen([sys.executable, "-c", LISTENER, port], stdout=subprocess.PIPE, text=True)
    time.sleep(2.0)  # the listener connects and subscribes
    ratios, first = measure(model, optimiser, generator, args.pairs, args.slice, first)
    report("with a listener attached", ratios, watcher)
    traces_with_listener = watcher.traces
    listener.terminate()
    received = listener.communicate(timeout=30)[0].strip()
    time.sleep(1.0)  # the publisher hears the unsubscription
    ratios, _ = measure(model, optimiser, generator, max(4, args.pairs // 2), args.slice, first)
    report("nobody listening", ratios, watcher)
    print(f"traces while nobody listened: {watcher.traces - traces_with_listener}; the listener received: "
          f"{received or '(killed before printing)'}", flush=True)
    watcher.close()
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
