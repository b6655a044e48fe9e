"""Ending things promptly: Stop in the Train tab, and Ctrl+C in the terminal, idle and under load.

- **Stop latency.** The real main window trains (the bundled mini-MNIST, the app's thread cap);
  after a second, Stop is pressed. Measured: until the trainer's ``run()`` has returned (in the
  training thread) and until the Train tab has the result (``TrainingController.finished``, in
  the GUI thread: what a person sees). Twice: with whole epochs (Stop lands between training
  batches) and with two batches per epoch (Stop mostly lands in the end-of-epoch test pass,
  one batch of 1,000 test digits here).
- **Ctrl+C → exit.** ``python -m lstm_studio`` with ``LSTM_STUDIO_TRAIN_WHEN_READY=1``; SIGINT is
  sent once the run has taken its first step; measured until the process has exited.

Each is measured idle and then beside ``--load`` busy CPU processes (a loaded machine), in one run.

Usage: python bench/bench_shutdown.py [--load 2] [--stops 5] [--signals 3]
Prints one line per measurement and, last, one JSON line with the medians and maxima.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from _gui_setup import isolated_environment, open_train_window, wait

BUSY = "while True: pass"


@contextlib.contextmanager
def busy_processes(count: int) -> Iterator[None]:
    """``count`` processes spinning on a CPU core each, for as long as the block runs."""
    spinners = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(count)]
    try:
        time.sleep(0.5 if count else 0.0)
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def stop_latencies(app, window, rounds: int, batches_per_epoch: int) -> list[tuple[float, float]]:  # noqa: ANN001
    """``(ms until run() returned, ms until the GUI had the result)`` for ``rounds`` Stops."""
    from lstm_studio.training import _trainer

    returned: list[float] = []
    original = _trainer.Trainer.run

    def timed_run(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        try:
            return original(self, *args, **kwargs)
        finally:
            returned.append(time.perf_counter())

    _trainer.Trainer.run = timed_run
    tab, figures, finished = window.train_tab, [], []
    tab.controls.batches_per_epoch.setValue(batches_per_epoch)
    tab.controller.finished.connect(lambda result: finished.append(time.perf_counter()))
    try:
        for _ in range(rounds):
            tab.start_training()
            wait(app, 1.0)
            pressed, count = time.perf_counter(), len(finished)
            tab.stop_training()
            wait(app, 60, until=lambda: len(finished) > count)
            figures.append((1000 * (returned[-1] - pressed), 1000 * (finished[-1] - pressed)))
            print(f"  stop: run() returned after {figures[-1][0]:.0f} ms, the tab had the result after "
                  f"{figures[-1][1]:.0f} ms", flush=True)
            wait(app, 0.5)
    finally:
        _trainer.Trainer.run = original
    return figures


def ctrl_c_seconds(folder: Path) -> float:
    """Seconds from SIGINT (sent mid-run) until ``python -m lstm_studio`` has exited (status 130)."""
    settings = folder / "ctrl-c.ini"
    settings.write_text("[train]\nepochs=500\n")
    env = {**os.environ, "LSTM_STUDIO_TRAIN_WHEN_READY": "1", "LSTM_STUDIO_SETTINGS": str(settings)}
    process = subprocess.Popen([sys.executable, "-m", "lstm_studio"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
    for line in process.stdout:
        if "lstm-studio: training (step" in line:
            break
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    status = process.wait(60)
    seconds = time.perf_counter() - sent
    assert status == 130, f"exit status {status}, expected 130"
    print(f"  Ctrl+C: exited after {seconds:.2f} s", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", type=int, default=2, help="busy CPU processes for the loaded case")
    parser.add_argument("--stops", type=int, default=5, help="Stops per case")
    parser.add_argument("--signals", type=int, default=3, help="Ctrl+Cs per case")
    args = parser.parse_args()
    # An empty data folder: the bundled mini-MNIST, as on a machine without MNIST.
    folder = isolated_environment("lstm-studio-bench-shutdown-", tempfile.mkdtemp(prefix="lstm-studio-no-mnist-"))
    app, window = open_train_window()
    window.train_tab.controls.epochs.setValue(500)
    from lstm_studio.training import gui_thread_cap

    threads = window.train_tab.controls.config_values()["num_threads"] or gui_thread_cap()
    print(f"{os.cpu_count()} CPU cores; the app trains on {threads} thread(s)", flush=True)
    figures: dict[str, float] = {}
    for name, load in (("idle", 0), (f"load{args.load}", args.load)):
        print(f"{name}: {load} busy process(es) beside", flush=True)
        with busy_processes(load):
            for case, batches in (("training", 0), ("test_pass", 2)):
                print(f" stopping in the {case.replace('_', ' ')}:", flush=True)
                stops = stop_latencies(app, window, args.stops, batches)
                for index, label in ((0, "run_returned"), (1, "gui_has_result")):
                    values = [stop[index] for stop in stops]
                    figures[f"stop_in_{case}_{label}_ms_median_{name}"] = statistics.median(values)
                    figures[f"stop_in_{case}_{label}_ms_max_{name}"] = max(values)
            exits = [ctrl_c_seconds(folder) for _ in range(args.signals)]
        figures[f"ctrl_c_exit_s_median_{name}"] = statistics.median(exits)
        figures[f"ctrl_c_exit_s_max_{name}"] = max(exits)
    window.close()
    print(json.dumps({key: round(value, 3) for key, value in figures.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
