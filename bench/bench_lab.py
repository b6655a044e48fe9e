"""The lab's figures: the default demo's verdict per seed, its wall time with every panel live, the GUI's
event-loop lag while three cells train, and the lab's own overhead against plain training.

* **Demo** (adding problem, T = 100, RNN vs GRU vs LSTM, 1 x 32 units, batch 32, Adam 5e-3, clip 1):
  the real main window (1400 x 900, offscreen unless there is a display) runs it on its Lab tab
  with every panel live, while a 10 ms QTimer measures how late each tick fires. The verdict is
  the first held-out evaluation at which LSTM and GRU are below MSE 0.01 and the RNN above 0.1.
* **Overhead**: the lab runner (held-out scores every 100 steps, gradient and gate probes,
  snapshots) against a plain loop training the same three models on the same batches, in
  interleaved slices, so background load hits both alike. Both use one torch thread.
* ``--claims``: the issue's other measurements (adding at T = 200; temporal order at T = 60 and
  80 with forget bias 0 and 1), headless.

Usage: python bench/bench_lab.py [--seeds 0,1,2] [--steps 2000] [--rounds 3] [--slice 400] [--no-gui] [--claims]
Prints one line per measurement and, last, one JSON line with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--length", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved lab/plain slices for the overhead")
    parser.add_argument("--slice", type=int, default=400, help="steps per overhead slice")
    parser.add_argument("--no-gui", action="store_true", help="run the demo headless (no lag figures)")
    parser.add_argument("--claims", action="store_true", help="also check the issue's T = 200 and temporal-order runs")
    parser.add_argument("--screenshot", metavar="FILE.png", help="grab the window after each demo run (seed in the name)")
    return parser.parse_args()


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} (5 min {five:.1f})"


def verdict_step(snapshot) -> int | None:  # noqa: ANN001
    """The first evaluation at which LSTM and GRU are below 0.01 and the RNN above 0.1 (adding problem)."""
    scores = {cell.spec.key: dict(zip(cell.test_steps.tolist(), cell.test_metric.tolist())) for cell in snapshot.cells}
    for step in snapshot.cells[0].test_steps.tolist():
        if scores["lstm"][step] < 0.01 and scores["gru"][step] < 0.01 and scores["rnn"][step] > 0.1:
            return step
    return None


def describe(snapshot) -> str:  # noqa: ANN001
    return ", ".join(f"{c.spec.label} {c.final:.4f} (solved at {c.solved_at_step})" for c in snapshot.cells)


# --- the demo in the real window -------------------------------------------------------------
def gui_demo(app, window, seed: int, args: argparse.Namespace) -> dict:  # noqa: ANN001
    from PySide6.QtCore import QEventLoop

    from bench_gui import LagProbe, percentile

    tab = window.lab_tab
    window.tabs.setCurrentWidget(tab)
    controls = tab.controls
    controls.task.setCurrentIndex(controls.task.findData("adding"))
    controls.length.setValue(args.length)
    controls.steps.setValue(args.steps)
    controls.seed.setValue(seed)
    for kind, check in controls.cell_boxes.items():
        check.setChecked(kind in ("rnn", "gru", "lstm"))
    controls.bias_default.setChecked(True)
    controls.bias_one.setChecked(False)
    loop = QEventLoop()
    tab.controller.finished.connect(loop.quit)
    probe = LagProbe()
    frames = tab.frames_drawn
    before = load()
    probe.start()
    started, cpu = time.perf_counter(), time.process_time()
    tab.run()
    loop.exec()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    probe.stop()
    tab.controller.finished.disconnect(loop.quit)
    result = tab._latest
    return {"seed": seed, "wall_s": wall, "cpu_s": cpu, "verdict_step": verdict_step(result), "cells": describe(result),
            "timings": dict(result.timings), "lag_p50_ms": percentile(probe.lags, 50),
            "lag_p99_ms": percentile(probe.lags, 99), "lag_max_ms": max(probe.lags, default=float("nan")),
            "frames_per_s": (tab.frames_drawn - frames) / wall, "load_before": before, "load_after": load()}


def headless_demo(seed: int, args: argparse.Namespace) -> dict:
    from lstm_studio.lab import LabConfig, LabRunner

    before = load()
    started, cpu = time.perf_counter(), time.process_time()
    result = LabRunner(LabConfig(length=args.length, steps=args.steps, seed=seed)).run()
    return {"seed": seed, "wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
            "verdict_step": verdict_step(result),
            "cells": describe(result), "timings": dict(result.timings), "load_before": before, "load_after": load()}


# --- overhead: the lab runner against a plain loop ----------------------------------------------
def plain_slice(steps: int, seed: int, length: int) -> float:
    """Seconds to train RNN, GRU and LSTM on the same batches with nothing else: no scores, probes or snapshots."""
    import torch

    from lstm_studio.lab import LabConfig
    from lstm_studio.lab._cell_run import _adam, build_model
    from lstm_studio.tasks import AddingTask

    config = LabConfig(length=length, steps=steps, seed=seed)
    torch.set_num_threads(1)
    task = AddingTask(length)
    started = time.perf_counter()
    models = [build_model(spec, task, config, torch.device("cpu")) for spec in config.cells]
    optimizers = [_adam(model.parameters(), config.learning_rate) for model in models]
    generator = torch.Generator().manual_seed(seed)
    for step in range(steps):
        x, y = task.batch(step, config.batch_size, generator)
        for model, optimizer in zip(models, optimizers):
            loss = task.loss(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
            optimizer.step()
    return time.perf_counter() - started


def lab_slice(steps: int, seed: int, length: int) -> float:
    from lstm_studio.lab import LabConfig, LabRunner

    started = time.perf_counter()
    LabRunner(LabConfig(length=length, steps=steps, seed=seed)).run(lambda snapshot: None)
    return time.perf_counter() - started


def overhead(args: argparse.Namespace) -> dict:
    ratios, labs, plains = [], [], []
    for round_ in range(args.rounds):
        pair = (lab_slice, plain_slice) if round_ % 2 == 0 else (plain_slice, lab_slice)
        seconds = {fn.__name__: fn(args.slice, round_, args.length) for fn in pair}
        labs.append(seconds["lab_slice"])
        plains.append(seconds["plain_slice"])
        ratios.append(labs[-1] / plains[-1])
        print(f"[overhead {round_ + 1}] lab {labs[-1]:.1f} s, plain {plains[-1]:.1f} s for {args.slice} steps: "
              f"{ratios[-1]:.3f}x ({load()})", flush=True)
    return {"ratio_median": statistics.median(ratios), "ratios": ratios, "lab_s": labs, "plain_s": plains,
            "steps": args.slice}


# --- the other claims -----------------------------------------------------------------
def claims() -> list[dict]:
    from lstm_studio.lab import LabConfig, LabRunner, parse_cells

    runs = [("adding", 200, 1500, "gru,lstm", (None,)), ("temporal_order", 60, 1000, "lstm", (None, 1.0)),
            ("temporal_order", 80, 1000, "lstm", (None, 1.0))]
    found = []
    for task, length, steps, cells, biases in runs:
        started = time.perf_counter()
        result = LabRunner(LabConfig(task=task, length=length, steps=steps, cells=parse_cells(cells, biases))).run()
        line = {"task": task, "length": length, "steps": steps, "cells": describe(result),
                "wall_s": time.perf_counter() - started, "load": load()}
        print(f"[claim] {task} T = {length}, {steps} steps: {line['cells']} ({line['wall_s']:.0f} s, {line['load']})",
              flush=True)
        found.append(line)
    return found


def main() -> int:
    args = parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gui_setup import isolated_environment

    folder = isolated_environment("bench-lab-", str(ROOT.parent / "shared" / "mnist"))
    os.environ["LSTM_STUDIO_LAB_CACHE"] = str(folder / "lab-results.json")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {load()}")
    figures: dict = {"demo": []}
    if args.no_gui:
        runs = [headless_demo(seed, args) for seed in seeds]
    else:
        from _gui_setup import open_train_window, wait

        from bench_gui import LagProbe, percentile

        app, window = open_train_window()
        idle = LagProbe()
        idle.start()
        wait(app, 5.0)
        idle.stop()
        figures["idle_lag_p99_ms"] = percentile(idle.lags, 99)
        print(f"idle window: lag p50 {percentile(idle.lags, 50):.1f} ms p99 {figures['idle_lag_p99_ms']:.1f} ms "
              f"({load()})", flush=True)
        runs = []
        for seed in seeds:
            runs.append(gui_demo(app, window, seed, args))
            if args.screenshot:
                wait(app, 0.5)
                path = Path(args.screenshot)
                window.grab().save(str(path.with_name(f"{path.stem}-seed{seed}{path.suffix}")))
        window.close()
    for run in runs:
        lag = (f", lag p50 {run['lag_p50_ms']:.1f} ms p99 {run['lag_p99_ms']:.1f} ms max {run['lag_max_ms']:.0f} ms, "
               f"{run['frames_per_s']:.1f} frames/s" if "lag_p99_ms" in run else "")
        timings = run["timings"]
        own = (timings["evaluate"] + timings["probe"] + timings["snapshot"]) / (timings["train"] + timings["data"])
        run["own_share"] = own
        print(f"[demo seed {run['seed']}] verdict at step {run['verdict_step']}; {run['cells']}; wall "
              f"{run['wall_s']:.0f} s (process CPU time {run['cpu_s']:.0f} s){lag}; scoring, probes and snapshots {own:.1%} of training time "
              f"({run['load_before']} -> {run['load_after']})", flush=True)
        figures["demo"].append(run)
    figures["overhead"] = overhead(args)
    print(f"lab/plain wall time, median of {args.rounds}: {figures['overhead']['ratio_median']:.3f}x")
    if args.claims:
        figures["claims"] = claims()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
