"""Memory soak: does the app's resident memory stay flat over a long run with every panel live?

The real main window (offscreen, 1400x900, Train tab shown, so curves, saturation, probe
picker and gate heatmaps all redraw at ~30 Hz) trains a fresh 2 x 128 LSTM for 2 epochs on
full MNIST with batch 128 (about 938 steps). Meanwhile, every ``--draw-every`` seconds, the
Draw tab classifies a pen digit with the run's live weights, as a user trying the model out
mid-run would. Resident memory (``/proc/self/statm``; ``resource`` where there is no /proc)
is sampled every half second, after step 200, and at the end (the run finished, its model
adopted, the event queue settled).

Requirement (issue 6): RSS at the end is within 10% of RSS after step 200.

Usage: python bench/soak_memory.py [--data-dir ../shared/mnist] [--epochs 2] [--hidden 128]
                                   [--layers 2] [--batch-size 128] [--threads 0] [--draw-every 2]
Prints the figures and, last, one JSON line. Exit status 1 if the requirement is missed.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from pathlib import Path

from _gui_setup import isolated_environment, open_train_window, wait

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
TOLERANCE = 0.10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "mnist"))
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--batches", type=int, default=0, help="batches per epoch (0: all)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: the app's auto cap)")
    parser.add_argument("--baseline-step", type=int, default=200)
    parser.add_argument("--draw-every", type=float, default=2.0, help="seconds between Draw-tab classifications "
                                                                     "(0: never)")
    return parser.parse_args()


def rss_bytes() -> int:
    """Resident set size now: /proc/self/statm (Linux), else the peak from ``resource``."""
    try:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class Soak:
    """Runs the training in a real event loop and records RSS along the way."""

    def __init__(self, app, window, args: argparse.Namespace) -> None:  # noqa: ANN001
        from PySide6.QtCore import QTimer

        self.app, self.window, self.args = app, window, args
        self.samples: list[tuple[float, int, int]] = []  # (seconds, step, rss)
        self.step = 0
        self.baseline: tuple[int, int] | None = None     # (step, rss) just after the baseline step
        self.result = None
        self.classified = 0
        self.sampler = QTimer()
        self.sampler.setInterval(500)
        self.sampler.timeout.connect(self._sample)
        self.drawer = QTimer()
        self.drawer.setInterval(int(args.draw_every * 1000) or 1000)
        self.drawer.timeout.connect(self._classify_a_drawing)
        self.drawings = _pen_drawings()
        self.started = 0.0

    def _sample(self) -> None:
        self.samples.append((time.perf_counter() - self.started, self.step, rss_bytes()))

    def _on_snapshot(self, snapshot) -> None:  # noqa: ANN001
        self.step = snapshot.step
        if self.baseline is None and snapshot.step >= self.args.baseline_step:
            self.baseline = (snapshot.step, rss_bytes())
            print(f"after step {snapshot.step}: RSS {self.baseline[1] / MIB:.1f} MiB", flush=True)

    def _classify_a_drawing(self) -> None:
        if self.drawings:
            self.window.draw_tab.drawing.replace(self.drawings[self.classified % len(self.drawings)])
            self.classified += 1

    def run(self) -> None:
        from PySide6.QtCore import QEventLoop

        tab = self.window.train_tab
        loop = QEventLoop()
        tab.controller.snapshot.connect(self._on_snapshot)
        tab.controller.finished.connect(lambda result: setattr(self, "result", result))
        tab.controller.finished.connect(loop.quit)
        self.started = time.perf_counter()
        self.sampler.start()
        if self.args.draw_every > 0:
            self.drawer.start()
        tab.start_training()
        loop.exec()
        self.drawer.stop()
        wait(self.app, 3.0)  # the adopted model's traces, the inspector's evaluation, the last frames
        self.sampler.stop()


def _pen_drawings() -> list:
    """A few real pen digits for the Draw tab (none if pendigits is not beside the project)."""
    from lstm_studio.data import read_pendigits

    path = ROOT.parent / "shared" / "pendigits" / "pendigits-train"
    return [digit.drawing for digit in read_pendigits(path)[:20]] if path.exists() else []


def configure(window, args: argparse.Namespace) -> None:  # noqa: ANN001
    """A fresh model of the given shape, full epochs, auto probes, CPU."""
    tab = window.train_tab
    controls = tab.controls
    controls.layers.setValue(args.layers)
    controls.hidden_size.setValue(args.hidden)
    tab.new_model()
    controls.batch_size.setValue(args.batch_size)
    controls.epochs.setValue(args.epochs)
    controls.batches_per_epoch.setValue(args.batches)
    controls.learning_rate.setValue(1e-3)
    controls.threads.setValue(args.threads)
    controls.probe_every.setValue(0)
    controls.augment.setChecked(False)
    controls.device.setCurrentIndex(controls.device.findData("cpu"))


def report(soak: Soak, args: argparse.Namespace, window) -> dict:  # noqa: ANN001
    gc.collect()
    end_rss = rss_bytes()
    result = soak.result
    base_step, base_rss = soak.baseline or (0, 0)
    change = (end_rss - base_rss) / base_rss if base_rss else float("nan")
    during = [rss for _, step, rss in soak.samples if step >= base_step]
    training_end = max((s for s in soak.samples if result is None or s[1] <= result.steps),
                       key=lambda s: s[1], default=(0, 0, 0))
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}",
        "data": window.session.digits.source, "model": f"{args.layers} x {args.hidden}",
        "batch_size": args.batch_size, "epochs": args.epochs,
        "status": None if result is None else result.status, "steps": None if result is None else result.steps,
        "samples_per_s": None if result is None else round(result.samples_per_s, 1),
        "baseline_step": base_step, "rss_baseline_mib": round(base_rss / MIB, 1),
        "rss_last_training_sample_mib": round(training_end[2] / MIB, 1),
        "rss_peak_after_baseline_mib": round(max(during, default=0) / MIB, 1),
        "rss_end_mib": round(end_rss / MIB, 1), "change_pct": round(100 * change, 2),
        "frames_drawn": window.train_tab.frames_drawn, "drawings_classified": soak.classified,
        "train_points": window.train_tab.history.train.size,
        "within_10_pct": bool(abs(change) <= TOLERANCE) and result is not None and result.status == "finished",
    }
    return figures


def main() -> int:
    args = parse_args()
    isolated_environment("soak-memory-", args.data_dir)
    app, window = open_train_window(ready_timeout_s=180)
    configure(window, args)
    print(f"data: {window.session.digits.description}; model {args.layers} x {args.hidden}, batch "
          f"{args.batch_size}, {args.epochs} epoch(s); RSS before training {rss_bytes() / MIB:.1f} MiB", flush=True)
    soak = Soak(app, window, args)
    soak.run()
    figures = report(soak, args, window)
    for seconds, step, rss in soak.samples[:: max(1, len(soak.samples) // 12)]:
        print(f"  {seconds:6.1f} s  step {step:5d}  RSS {rss / MIB:7.1f} MiB")
    print(f"run: {figures['status']} after {figures['steps']} steps, {figures['samples_per_s']} samples/s, "
          f"{figures['frames_drawn']} frames drawn, {figures['drawings_classified']} drawings classified")
    print(f"RSS after step {figures['baseline_step']}: {figures['rss_baseline_mib']} MiB; peak after it "
          f"{figures['rss_peak_after_baseline_mib']} MiB; last sample while training "
          f"{figures['rss_last_training_sample_mib']} MiB; at the end {figures['rss_end_mib']} MiB "
          f"({figures['change_pct']:+.2f}%): {'PASS' if figures['within_10_pct'] else 'FAIL'} (limit ±10%)")
    window.close()
    window.session.wait_loaded(10.0)
    window.train_tab.wait_background(10.0)
    print(json.dumps(figures))
    return 0 if figures["within_10_pct"] else 1


if __name__ == "__main__":
    sys.exit(main())
