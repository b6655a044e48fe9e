"""Accuracy on real pen-drawn digits (UCI pendigits), through the same path the canvas uses.

Each digit's strokes become a `Drawing` (500 x 500 canvas, y flipped to point down), are
rendered by `render_drawing` and classified by the model, exactly as a drawing on the canvas
or a stroke file given to `lstm-studio classify`. The bundled model was trained with writers
1-25 only, so writers 26-30 are unseen.

Usage: python bench/eval_pendigits.py [--checkpoint FILE] [--writers 26-30] [--pendigits PATH] [--jsonl OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

from lstm_studio.data import DrawingError, parse_writers, read_pendigits, render_drawing
from lstm_studio.io import load_checkpoint_or_bundled

DEFAULT_PENDIGITS = Path(__file__).resolve().parents[2] / "shared" / "pendigits" / "pendigits-train"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint")
    parser.add_argument("--writers", default="26-30")
    parser.add_argument("--pendigits", default=str(DEFAULT_PENDIGITS))
    parser.add_argument("--jsonl", help="also write the drawings as stroke JSON lines (for `lstm-studio classify`)")
    args = parser.parse_args()
    writers = parse_writers(args.writers)
    digits = [d for d in read_pendigits(args.pendigits) if d.writer in writers]
    model = load_checkpoint_or_bundled(args.checkpoint).build_model()
    images, labels, refused = [], [], 0
    for digit in digits:
        try:
            images.append(render_drawing(digit.drawing).image)
            labels.append(digit.label)
        except DrawingError:
            refused += 1
    probs = model.predict_proba(torch.from_numpy(np.stack(images))).numpy()
    predicted = probs.argmax(1)
    labels_array = np.array(labels)
    accuracy = float((predicted == labels_array).mean())
    per_digit = {d: float((predicted[labels_array == d] == d).mean()) for d in range(10)}
    per_writer = {w: float((predicted == labels_array)[[x.writer == w for x in digits]].mean()) for w in sorted(writers)}
    if args.jsonl:
        with open(args.jsonl, "w", encoding="utf-8") as stream:
            for digit in digits:
                stream.write(digit.drawing.to_json() + "\n")
    print(f"writers {args.writers}: {len(digits)} digits, {refused} refused as too small; "
          f"accuracy {accuracy:.4f} ({int((predicted == labels_array).sum())}/{len(labels)})")
    print("per digit: " + ", ".join(f"{d}: {a:.3f}" for d, a in per_digit.items()))
    print("per writer: " + ", ".join(f"{w}: {a:.3f}" for w, a in per_writer.items()))
    print(json.dumps({"writers": args.writers, "n": len(digits), "refused": refused, "accuracy": accuracy,
                      "per_digit": per_digit, "per_writer": per_writer}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
