"""The cell finder on the generated corpus: after a few minutes of training, does one unit track bracket depth?

Trains a character LSTM (``lstm-studio``'s defaults: ``TEXT_TRAINING_DEFAULTS``) on the generated language for a budget of this
process's CPU time, then ranks every unit (c and h of every layer) by Pearson r with each signal over
held-out text, and also against the generator's own ground truth. Target: |r| >= 0.9 for bracket depth.

    python bench/bench_text_finder.py --minutes 3
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from lstm_studio.data.text import generated_corpus, split_text
from lstm_studio.tasks import TEXT_TRAINING_DEFAULTS, TextTask
from lstm_studio.text import find_cells, unit_correlations
from lstm_studio.training import TrainConfig, Trainer

HELD_OUT_CHARS = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="CPU minutes of training")
    parser.add_argument("--hidden-size", type=int, default=TEXT_TRAINING_DEFAULTS["hidden_size"])
    parser.add_argument("--seq-len", type=int, default=TEXT_TRAINING_DEFAULTS["seq_len"])
    parser.add_argument("--lr", type=float, default=TEXT_TRAINING_DEFAULTS["learning_rate"])
    args = parser.parse_args()
    torch.set_num_threads(1)
    generated = generated_corpus(400_000, seed=0)
    task = TextTask(generated.corpus, seq_len=args.seq_len)
    defaults = {k: v for k, v in TEXT_TRAINING_DEFAULTS.items() if k not in ("seq_len", "embedding_size")}
    config = TrainConfig(**(defaults | {"hidden_size": args.hidden_size, "learning_rate": args.lr}), epochs=1_000_000,
                         num_threads=1,
                         device="cpu", seed=0, max_seconds=args.minutes * 60, time_limit_clock="process")
    trainer = Trainer(config, task)
    result = trainer.run()
    print(f"trained {result.steps:,} steps of {args.seq_len} characters, lr {args.lr:g} ({args.minutes:g} CPU-minutes): "
          f"held-out {result.test_metric:.3f} bits/char")
    text = task.held_out_text[:HELD_OUT_CHARS]
    started = time.perf_counter()
    found = find_cells(trainer.model.eval(), task.vocabulary, text)
    print(f"cell finder over {len(text):,} held-out characters: {time.perf_counter() - started:.1f} s\n")
    truth = {name: split_text(values, 0.1).held_out[:HELD_OUT_CHARS] for name, values in generated.truth.items()}
    print(f"{'signal':20} {'best unit':24} {'r (text)':>9} {'r (truth)':>10}")
    for name, matches in found.ranking.items():
        best = matches[0] if matches else None
        if best is None:
            print(f"{name:20} {'(constant here)':24}")
            continue
        values = found.states[best.field][best.layer][:, [best.unit]]
        against_truth = unit_correlations(values, truth[name])[0] if np.ptp(truth[name]) else float("nan")
        where = f"{best.field}, layer {best.layer + 1}, unit {best.unit}"
        print(f"{name:20} {where:24} {best.r:+9.3f} {against_truth:+10.3f}")
    depth = found.best("bracket_depth")
    print(f"\nbracket depth: |r| = {abs(depth.r):.3f} (target >= 0.9)")


if __name__ == "__main__":
    main()
