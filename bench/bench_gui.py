"""The desktop app while it trains: GUI responsiveness, panel refresh rate, and throughput vs the CLI.

While the real main window (1400x900, Train tab, every panel live) trains on the CPU, a 10 ms
QTimer measures the event loop's lag (how late each tick fires), the Train tab counts the
frames it draws, and the run reports its samples/s. ``lstm-studio train`` runs with the same
settings (same data, shape, batch size, batches, thread count, auto gate probes) in a
subprocess, alternating with the app, so background load hits both alike. The script also
times the window's start-up (``python -m lstm_studio``) and closing it mid-run.

Usage: python bench/bench_gui.py [--data-dir ../shared/mnist] [--batches 150] [--rounds 2]
                                 [--threads N] [--compare-threads M]
Prints one line per measurement and, last, one JSON line with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _gui_setup import isolated_environment, open_train_window, wait

ROOT = Path(__file__).resolve().parents[1]
TICK_MS = 10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "mnist"))
    parser.add_argument("--batches", type=int, default=150, help="batches per run")
    parser.add_argument("--rounds", type=int, default=2, help="app/CLI pairs at the app's thread count")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: the app's auto cap)")
    parser.add_argument("--compare-threads", type=int, default=0,
                        help="also one app/CLI pair at this thread count (e.g. all cores)")
    parser.add_argument("--compare-batches", type=int, default=50, help="batches of that comparison run")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    return parser.parse_args()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


# --- the CLI ---------------------------------------------------------------------------------
def cli_run(args: argparse.Namespace, threads: int, folder: Path) -> float:
    """samples/s of ``lstm-studio train`` with the given settings (a separate process)."""
    command = [sys.executable, "-m", "lstm_studio", "train", "--data-dir", args.data_dir, "--no-download",
               "--epochs", "1", "--limit-batches", str(args.batches), "--hidden-size", str(args.hidden),
               "--layers", str(args.layers), "--batch-size", str(args.batch_size), "--threads", str(threads),
               "--device", "cpu", "--json", "--out", str(folder / "cli.pt")]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["samples_per_s"])


# --- the app ---------------------------------------------------------------------------------
class LagProbe:
    """A 10 ms repeating QTimer; records how late each tick fires (the event loop's lag)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.lags: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.lags.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lags.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self._last = now


def configure(window, args: argparse.Namespace, threads: int) -> None:  # noqa: ANN001
    """The same settings as the CLI run: a fresh model of the given shape, auto probes, CPU."""
    tab = window.train_tab
    controls = tab.controls
    controls.layers.setValue(args.layers)
    controls.hidden_size.setValue(args.hidden)
    tab.new_model()
    controls.batch_size.setValue(args.batch_size)
    controls.epochs.setValue(1)
    controls.batches_per_epoch.setValue(args.batches)
    controls.threads.setValue(threads)
    controls.probe_every.setValue(0)  # auto, as the CLI
    controls.device.setCurrentIndex(controls.device.findData("cpu"))


def app_run(window, args: argparse.Namespace, threads: int) -> dict:  # noqa: ANN001
    """Train in the real window inside a real event loop; measure lag, refreshes and throughput."""
    from PySide6.QtCore import QEventLoop

    tab = window.train_tab
    configure(window, args, threads)
    results, marks = [], []  # (time, frames, snapshots shown) at each snapshot before the epoch's evaluation

    def on_snapshot(snapshot) -> None:  # noqa: ANN001
        if snapshot.test_metric is None and snapshot.step > 0:
            marks.append((time.perf_counter(), tab.frames_drawn, tab.snapshots_drawn))

    loop = QEventLoop()
    tab.controller.snapshot.connect(on_snapshot)
    tab.controller.finished.connect(results.append)
    tab.controller.finished.connect(loop.quit)
    probe = LagProbe()
    probe.start()
    started = time.perf_counter()
    tab.start_training()
    loop.exec()
    seconds = time.perf_counter() - started
    probe.stop()
    tab.controller.snapshot.disconnect(on_snapshot)
    tab.controller.finished.disconnect(results.append)
    tab.controller.finished.disconnect(loop.quit)
    (t0, f0, s0), (t1, f1, s1) = marks[0], marks[-1]
    span = t1 - t0 if t1 > t0 else float("nan")
    result = results[0]
    return {"samples_per_s": result.samples_per_s, "lag_p50_ms": percentile(probe.lags, 50),
            "lag_p99_ms": percentile(probe.lags, 99), "lag_max_ms": max(probe.lags, default=float("nan")),
            "ticks": len(probe.lags), "refreshes_per_s": (f1 - f0) / span, "new_snapshots_shown_per_s":
            (s1 - s0) / span, "batches_per_s": result.samples_per_s / args.batch_size, "seconds": seconds}


def close_latency(app, window, args: argparse.Namespace, threads: int) -> float:  # noqa: ANN001
    """Milliseconds for window.close() while training runs (the worker must have ended)."""
    tab = window.train_tab
    tab.controls.batches_per_epoch.setValue(0)
    tab.controls.threads.setValue(threads)
    tab.start_training()
    wait(app, 60, until=lambda: tab.history.train.size > 3)
    wait(app, 1.0)
    thread = tab.controller._thread
    started = time.perf_counter()
    window.close()
    elapsed = (time.perf_counter() - started) * 1000
    assert thread is None or not thread.isRunning(), "the training thread outlived close()"
    return elapsed


def startup(folder: Path) -> dict:
    env = {**os.environ, "LSTM_STUDIO_QUIT_AFTER_MS": "100", "LSTM_STUDIO_SETTINGS": str(folder / "s.ini")}
    out = subprocess.run([sys.executable, "-m", "lstm_studio"], capture_output=True, text=True, env=env,
                         timeout=300)
    visible = re.search(r"window visible after ([\d.]+) s", out.stdout)
    ready = re.search(r"ready \(.*\) after ([\d.]+) s", out.stdout)
    return {"window_visible_s": float(visible.group(1)) if visible else None,
            "model_ready_s": float(ready.group(1)) if ready else None}


def main() -> int:
    args = parse_args()
    folder = isolated_environment("bench-gui-", args.data_dir)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}; Qt platform {os.environ.get('QT_QPA_PLATFORM', 'default')}")
    figures = {"startup": startup(folder)}
    print(f"start-up: window visible after {figures['startup']['window_visible_s']} s, "
          f"model ready after {figures['startup']['model_ready_s']} s")
    app, window = open_train_window()
    from lstm_studio.training import gui_thread_cap

    threads = args.threads or gui_thread_cap()
    print(f"data: {window.session.digits.description}; model {args.layers} x {args.hidden}, batch "
          f"{args.batch_size}, {args.batches} batches per run; app and CLI both with {threads} torch thread(s)")
    figures["same_threads"] = compare(app, window, args, threads, args.rounds, folder)
    if args.compare_threads and args.compare_threads != threads:
        shorter = argparse.Namespace(**{**vars(args), "batches": args.compare_batches})
        figures["other_threads"] = compare(app, window, shorter, args.compare_threads, 1, folder)
    figures["close_while_training_ms"] = close_latency(app, window, args, threads)
    print(f"closing the window mid-run: {figures['close_while_training_ms']:.0f} ms")
    figures.update(machine=f"{platform.machine()}, {os.cpu_count()} cores", threads=threads,
                   batches=args.batches, data=window.session.digits.source)
    print(json.dumps(figures))
    return 0


def compare(app, window, args: argparse.Namespace, threads: int, rounds: int, folder: Path) -> dict:  # noqa: ANN001
    """Alternate CLI and app runs at ``threads``; print each; return medians and the ratio."""
    cli, runs = [], []
    for round_ in range(rounds):
        cli.append(cli_run(args, threads, folder))
        runs.append(app_run(window, args, threads))
        run = runs[-1]
        print(f"[{threads} thread(s), round {round_ + 1}] CLI {cli[-1]:,.0f} samples/s | app "
              f"{run['samples_per_s']:,.0f} samples/s, lag p50 {run['lag_p50_ms']:.1f} ms p99 "
              f"{run['lag_p99_ms']:.1f} ms max {run['lag_max_ms']:.0f} ms, {run['refreshes_per_s']:.1f} "
              f"panel refreshes/s ({run['new_snapshots_shown_per_s']:.1f}/s with a new snapshot, "
              f"{run['batches_per_s']:.1f} batches/s) over {run['seconds']:.1f} s")
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    median["cli_samples_per_s"] = statistics.median(cli)
    median["throughput_ratio"] = median["samples_per_s"] / median["cli_samples_per_s"]
    print(f"[{threads} thread(s)] median: app/CLI throughput {median['throughput_ratio']:.2f}x, lag p99 "
          f"{median['lag_p99_ms']:.1f} ms, {median['refreshes_per_s']:.1f} refreshes/s")
    return median


if __name__ == "__main__":
    sys.exit(main())
