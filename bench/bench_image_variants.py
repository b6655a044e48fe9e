"""How image files are read: the bundled model on real kinds of picture files of the same digits.

N test digits of the bundled mini-MNIST are each written as every variant in
``tests/image_variants.py`` (grey paper, 16-bit PNG, EXIF-rotated phone JPEG, white card with a
transparent margin, uneven light with noise, pencil, marker, JPEG quality 30, coloured ink, ...),
read back with ``render_image_file`` (what ``lstm-studio classify`` and the Draw tab use) and
classified by the bundled model. A variant is read well when its accuracy is within a few points
of the plain 28 x 28 digit's and its predictions agree with the plain digit's.

Prints one row per variant: accuracy, agreement with the plain digit's prediction, how many
files were refused (and the commonest refusal), and the mean time to read and render one file.

Usage: python bench/bench_image_variants.py [--n 200] [--seed 0]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from image_variants import VARIANTS, write_variants  # noqa: E402

from lstm_studio.data import ImageError, load_mini_mnist, render_image_file  # noqa: E402
from lstm_studio.io import load_bundled  # noqa: E402


def pick_digits(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` mini-MNIST test digits chosen at random (``seed``)."""
    mini = load_mini_mnist()
    chosen = np.random.default_rng(seed).permutation(len(mini.test_labels))[:n]
    return mini.test_images[chosen], mini.test_labels[chosen]


def read_all(paths: list[Path]) -> tuple[list[np.ndarray | None], list[str], float]:
    images, errors, started = [], [], time.perf_counter()
    for path in paths:
        try:
            images.append(render_image_file(path).image)
            errors.append("")
        except ImageError as error:
            images.append(None)
            errors.append(str(error).split(": ", 1)[-1])
    return images, errors, (time.perf_counter() - started) / max(1, len(paths))


def predict(model, images: list[np.ndarray | None]) -> np.ndarray:
    """The predicted digit per image, -1 where the file was refused."""
    found = [i for i, image in enumerate(images) if image is not None]
    predicted = np.full(len(images), -1)
    if found:
        batch = torch.from_numpy(np.stack([images[i] for i in found]))
        predicted[found] = model.predict_proba(batch).numpy().argmax(1)
    return predicted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="test digits (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    digits, labels = pick_digits(args.n, args.seed)
    model = load_bundled().build_model("cpu")
    with tempfile.TemporaryDirectory() as folder:
        files = [write_variants(digit, Path(folder) / str(k), args.seed * 100_000 + k)
                 for k, digit in enumerate(digits)]
        results = {name: read_all([f[name] for f in files]) for name in VARIANTS}
    reference = predict(model, results["plain"][0])
    print(f"{len(labels)} mini-MNIST test digits, bundled model; plain accuracy {np.mean(reference == labels):.1%}")
    print(f"{'variant':28s} {'accuracy':>8s} {'agrees':>7s} {'refused':>7s} {'ms/file':>8s}  commonest refusal")
    for name, (images, errors, seconds) in results.items():
        predicted = predict(model, images)
        refusals = Counter(e for e in errors if e)
        common = f"{refusals.most_common(1)[0][0]} ({refusals.most_common(1)[0][1]})" if refusals else ""
        print(f"{name:28s} {np.mean(predicted == labels):8.1%} {np.mean(predicted == reference):7.1%} "
              f"{sum(refusals.values()):7d} {seconds * 1000:8.1f}  {common}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
