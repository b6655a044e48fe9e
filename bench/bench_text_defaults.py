"""Which training choices buy what, for a character LSTM on the bundled Shakespeare (last 10% held out).

Runs one configuration after another in this process, each for the same budget of this process's CPU time
on one torch thread (the machine is shared: wall time would measure the neighbours), and prints held-out
bits per character, characters per CPU-second and steps for each. The first row is the
issue's reference: a plain 2 x 128 loop (embedding 64, random windows of 128, batch 64, Adam 3e-3, clip 1);
the others are ``lstm-studio train --task text`` runs (the Trainer, with its probes and snapshots) that
change one choice at a time. Held-out text is scored two ways: streams with carried state (what
``lstm-studio`` reports) and, for the plain loop, also independent windows of 128 from a zero state.

    python bench/bench_text_defaults.py --minutes 3 [--only NAME ...]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _text_plain import train_plain  # noqa: E402

from lstm_studio.data.text import load_shakespeare  # noqa: E402
from lstm_studio.tasks import TextTask  # noqa: E402
from lstm_studio.training import TrainConfig, Trainer  # noqa: E402

#: name -> (what changes, settings); "plain" runs the reference loop, the rest the Trainer.
CONFIGS = {
    "plain": ("reference: plain loop, random windows, constant lr", {}),
    "tbptt": ("Trainer, truncated BPTT with carried state, constant lr", dict(lr_schedule="constant")),
    "cosine": ("+ cosine decay of the lr over the time limit", dict()),
    "seq64": ("+ cosine, 64 characters per sequence (twice the steps)", dict(seq_len=64)),
    "lr5e-3": ("+ cosine, lr 5e-3", dict(learning_rate=5e-3)),
    "h256x1": ("+ cosine, 1 layer of 256", dict(hidden_size=256, num_layers=1)),
    "h256": ("+ cosine, 2 layers of 256", dict(hidden_size=256)),
    "batch32": ("+ cosine, batch 32", dict(batch_size=32)),
    "seq32": ("+ cosine, 32 characters per sequence (four times the steps)", dict(seq_len=32)),
    "seq64-lr5e-3": ("+ cosine, 64 characters per sequence, lr 5e-3", dict(seq_len=64, learning_rate=5e-3)),
    "forget1": ("+ cosine, forget-gate bias 1", dict(forget_bias=1.0)),
    "seq64-const": ("64 characters per sequence, constant lr", dict(seq_len=64, lr_schedule="constant")),
    "seq32-lr5e-3": ("+ cosine, 32 characters per sequence, lr 5e-3", dict(seq_len=32, learning_rate=5e-3)),
    "seq32-const": ("32 characters per sequence, constant lr", dict(seq_len=32, lr_schedule="constant")),
    "lr1e-2": ("+ cosine, lr 1e-2", dict(learning_rate=1e-2)),
    "seq64-lr1e-2": ("+ cosine, 64 characters per sequence, lr 1e-2", dict(seq_len=64, learning_rate=1e-2)),
}


def run_studio(corpus, seconds: float, settings: dict) -> dict:
    seq_len = settings.pop("seq_len", 128)
    task = TextTask(corpus, seq_len=seq_len, embedding_size=64, carry_state=settings.pop("carry_state", True))
    base = dict(hidden_size=128, num_layers=2, dropout=0.0, learning_rate=3e-3, batch_size=64, lr_schedule="cosine")
    config = TrainConfig(**(base | settings), epochs=1_000_000, num_threads=1, device="cpu", seed=0,
                         max_seconds=seconds, time_limit_clock="process", probe_size=4)
    result = Trainer(config, task).run()
    # Characters per second of CPU time: the budget the run had (wall-clock throughput measures the neighbours).
    return {"val_bits_per_char": result.test_metric, "chars_per_s": result.samples_seen * seq_len / seconds,
            "steps": result.steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--only", nargs="*", choices=tuple(CONFIGS), help="run these configurations only")
    args = parser.parse_args()
    torch.set_num_threads(1)
    corpus = load_shakespeare()
    seconds = args.minutes * 60
    rows = []
    for name in args.only or CONFIGS:
        what, settings = CONFIGS[name]
        if name == "plain":
            task = TextTask(corpus)
            plain = train_plain(task.train_ids, task.held_out_ids, len(task.vocabulary), seconds)
            row = {"val_bits_per_char": plain.val_bits_per_char, "window_bits_per_char": plain.window_bits_per_char,
                   "chars_per_s": plain.chars_per_s, "steps": plain.steps}
        else:
            row = run_studio(corpus, seconds, dict(settings))
        row = {"name": name, "what": what, "minutes": args.minutes} | row
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(f"\n{'name':10} {'bits/char':>9} {'windows':>8} {'chars/s':>8} {'steps':>6}  what")
    for row in rows:
        window = row.get("window_bits_per_char")
        print(f"{row['name']:10} {row['val_bits_per_char']:9.3f} {window if window is None else f'{window:8.3f}'!s:>8} "
              f"{row['chars_per_s']:8,.0f} {row['steps']:6d}  {row['what']}")


if __name__ == "__main__":
    main()
