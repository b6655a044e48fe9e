"""Does watching cost anything? Held-out bits per character of ``lstm-studio``'s live training (gate probes,
snapshots, weight copies every second, and a sample written every 3 s from the latest weights in another
thread, as the Text tab does) against a plain ``nn.LSTM`` loop of the same size and settings, side by side.

The corpus is one the project never trained on: Python's standard library (1 MB, last 10% held out). Each
run gets the same budget of this process's CPU time on one torch thread, which counts the sampler's and
the probes' work too (wall time on a shared machine measures the neighbours). The runs alternate
plain, studio, studio, plain, ... so a drift of the machine's speed falls on both.

    python bench/bench_text_live.py --minutes 3 --rounds 1
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _text_plain import train_plain  # noqa: E402

from lstm_studio.data.text import python_stdlib_corpus  # noqa: E402
from lstm_studio.models import ModelSnapshot  # noqa: E402
from lstm_studio.tasks import TEXT_TRAINING_DEFAULTS, TextTask  # noqa: E402
from lstm_studio.text import sample_text  # noqa: E402
from lstm_studio.training import TrainConfig, Trainer  # noqa: E402

_D = TEXT_TRAINING_DEFAULTS
SETTINGS = dict(hidden=_D["hidden_size"], layers=_D["num_layers"], embedding=_D["embedding_size"],
                seq_len=_D["seq_len"], batch=_D["batch_size"], lr=_D["learning_rate"])
SAMPLE_EVERY_S, SAMPLE_CHARS = 3.0, 240


class Sampler:
    """Writes a sample from the newest weights every few seconds in its own thread, as the Text tab does."""

    def __init__(self, task: TextTask, config) -> None:  # noqa: ANN001
        self.task, self.config = task, config
        self.weights, self.samples = None, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        torch.set_num_threads(1)
        while not self.done.wait(SAMPLE_EVERY_S):
            if self.weights is not None:
                snapshot = ModelSnapshot(self.config, self.weights, "bench")
                sample_text(snapshot.build_model(), self.task.vocabulary, "def ", SAMPLE_CHARS, 0.8)
                self.samples += 1


def run_studio(corpus, seconds: float) -> dict:  # noqa: ANN001
    s = SETTINGS
    task = TextTask(corpus, seq_len=s["seq_len"], embedding_size=s["embedding"])
    config = TrainConfig(hidden_size=s["hidden"], num_layers=s["layers"], dropout=0.0, learning_rate=s["lr"],
                         batch_size=s["batch"], epochs=1_000_000, lr_schedule="cosine", num_threads=1, device="cpu",
                         seed=0, max_seconds=seconds, time_limit_clock="process", probe_size=1)
    trainer = Trainer(config, task)
    sampler = Sampler(task, trainer.model.config)
    probes = []

    def on_snapshot(snapshot) -> None:  # noqa: ANN001
        if snapshot.weights is not None:
            sampler.weights = snapshot.weights
        if snapshot.trace is not None and (not probes or probes[-1] != snapshot.trace_step):
            probes.append(snapshot.trace_step)

    sampler.thread.start()
    result = trainer.run(on_snapshot)
    sampler.done.set()
    sampler.thread.join()
    return {"val_bits_per_char": result.test_metric, "steps": result.steps,
            "chars_per_cpu_s": result.samples_seen * s["seq_len"] / seconds, "samples_written": sampler.samples,
            "probes": len(probes)}


def run_plain(corpus, seconds: float) -> dict:  # noqa: ANN001
    s = SETTINGS
    task = TextTask(corpus, seq_len=s["seq_len"], embedding_size=s["embedding"])
    plain = train_plain(task.train_ids, task.held_out_ids, len(task.vocabulary), seconds, hidden=s["hidden"],
                        layers=s["layers"], embedding=s["embedding"], seq_len=s["seq_len"], batch=s["batch"],
                        lr=s["lr"], cosine=True, carry_state=True)
    return {"val_bits_per_char": plain.val_bits_per_char, "steps": plain.steps, "chars_per_cpu_s": plain.chars_per_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="CPU minutes per run")
    parser.add_argument("--rounds", type=int, default=1, help="pairs of runs (ABBA order)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    corpus = python_stdlib_corpus(1_000_000, seed=0)
    print(f"corpus: {corpus.description}", flush=True)
    results: dict[str, list[dict]] = {"plain": [], "studio": []}
    order = [("plain", "studio"), ("studio", "plain")]
    for round_ in range(args.rounds):
        for name in order[round_ % 2]:
            row = (run_plain if name == "plain" else run_studio)(corpus, args.minutes * 60)
            results[name].append(row)
            print(json.dumps({"run": name, "round": round_ + 1, "minutes_cpu": args.minutes} | row), flush=True)
    plain = np.mean([r["val_bits_per_char"] for r in results["plain"]])
    studio = np.mean([r["val_bits_per_char"] for r in results["studio"]])
    print(f"\nheld-out bits/char after {args.minutes:g} CPU-minutes: plain {plain:.3f}, lstm-studio live {studio:.3f}, "
          f"difference {studio - plain:+.3f} (target within 0.05)")


if __name__ == "__main__":
    main()
