"""The bundled model on the full data sets the test suite no longer reads (it ships no full data).

Prints, side by side with what the README claims:

- the official MNIST files: shapes and the well-known first training labels (5, 0, 4, 1, 9);
- accuracy on the 10,000 MNIST test digits through ``lstm-studio evaluate`` (README: 99.38%);
- accuracy on real pen-drawn digits rendered as the canvas renders them, writers 26-30 held
  out from all training (README: 98.24%) and writers 1-25 seen in training (README: 99.89%).

Exit status 1 when a figure is more than half a point below its claim or the files look wrong.

Usage: python bench/check_bundled_model.py [--data-dir ../shared/mnist]
                                           [--pendigits ../shared/pendigits/pendigits-train]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from pathlib import Path

import numpy as np
import torch

from lstm_studio.cli import main as cli_main
from lstm_studio.data import DrawingError, parse_writers, read_mnist, read_pendigits, render_drawing
from lstm_studio.io import load_bundled

SHARED = Path(__file__).resolve().parents[2] / "shared"
#: What the README says about the bundled model.
CLAIMS = {"MNIST test set (10,000)": 0.9938, "pendigits writers 26-30 (held out)": 0.9824,
          "pendigits writers 1-25 (seen)": 0.9989}
TOLERANCE = 0.005


def check_mnist_files(data_dir: Path) -> bool:
    digits = read_mnist(data_dir)
    shapes = (digits.train_images.shape, digits.test_images.shape)
    first = digits.train_labels[:5].tolist()
    ok = shapes == ((60000, 28, 28), (10000, 28, 28)) and first == [5, 0, 4, 1, 9]
    print(f"MNIST files: train {shapes[0]}, test {shapes[1]}, first labels {first} -> {'ok' if ok else 'WRONG'}")
    return ok


def mnist_accuracy(data_dir: Path) -> float:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli_main(["evaluate", "--data-dir", str(data_dir), "--no-download", "--device", "cpu", "--json"])
    if status != 0:
        raise SystemExit(f"lstm-studio evaluate failed with status {status}")
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["n"] == 10000, result
    return float(result["accuracy"])


def pen_accuracy(model, digits, writers: str) -> tuple[float, int]:
    chosen = parse_writers(writers)
    images, labels = [], []
    for digit in (d for d in digits if d.writer in chosen):
        with contextlib.suppress(DrawingError):  # a drawing refused as too small counts as wrong
            images.append(render_drawing(digit.drawing).image)
            labels.append(digit.label)
    total = sum(d.writer in chosen for d in digits)
    predicted = model.predict_proba(torch.from_numpy(np.stack(images))).numpy().argmax(1)
    return float((predicted == np.array(labels)).sum() / total), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=SHARED / "mnist")
    parser.add_argument("--pendigits", type=Path, default=SHARED / "pendigits" / "pendigits-train")
    args = parser.parse_args()
    torch.set_num_threads(1)
    ok = check_mnist_files(args.data_dir)
    model = load_bundled().build_model("cpu")
    pen = read_pendigits(args.pendigits)
    measured = {"MNIST test set (10,000)": mnist_accuracy(args.data_dir)}
    for name, writers in (("pendigits writers 26-30 (held out)", "26-30"), ("pendigits writers 1-25 (seen)", "1-25")):
        measured[name], count = pen_accuracy(model, pen, writers)
        print(f"{name}: {count:,} digits")
    print(f"{'':38s} {'measured':>9s} {'README':>9s}")
    for name, value in measured.items():
        verdict = "ok" if value >= CLAIMS[name] - TOLERANCE else "BELOW CLAIM"
        ok &= verdict == "ok"
        print(f"{name:38s} {value:9.2%} {CLAIMS[name]:9.2%}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
