"""Build resources/mini_mnist.npz: a stratified sample of the official MNIST files.

Usage: python packaging/make_mini_mnist.py ../shared/mnist
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from lstm_studio.data import read_mnist

TRAIN_PER_CLASS, TEST_PER_CLASS, SEED = 600, 100, 20261127


def stratified(labels: np.ndarray, per_class: int, rng: np.random.Generator) -> np.ndarray:
    picks = [rng.choice(np.flatnonzero(labels == digit), per_class, replace=False) for digit in range(10)]
    return np.sort(np.concatenate(picks))


def main(root: str) -> None:
    digits = read_mnist(Path(root))
    rng = np.random.default_rng(SEED)
    train = stratified(digits.train_labels, TRAIN_PER_CLASS, rng)
    test = stratified(digits.test_labels, TEST_PER_CLASS, rng)
    out = Path(__file__).resolve().parents[1] / "resources" / "mini_mnist.npz"
    np.savez_compressed(out, train_images=digits.train_images[train], train_labels=digits.train_labels[train].astype(np.uint8),
                        test_images=digits.test_images[test], test_labels=digits.test_labels[test].astype(np.uint8),
                        train_index=train.astype(np.int32), test_index=test.astype(np.int32))
    print(f"{out}: {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/mnist")
