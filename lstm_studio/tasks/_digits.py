"""Sequential MNIST: a digit read as a sequence, one image row (or a few pixels) per step."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch import Tensor

from ..data import DigitSet
from ._augment import augment_batch
from ._base import ACCURACY, Evaluation, Probe, ShouldStop, Task, evaluate_batches

SIDE = 28
LAYOUTS = ("rows", "pixels")


def probe_indices(labels: np.ndarray, count: int) -> np.ndarray:
    """A fixed, class-balanced probe batch: the first test digits of 0, 1, ..., 9, 0, 1, ..."""
    chosen: list[int] = []
    pools = [list(np.flatnonzero(labels == digit)) for digit in range(10)]
    while len(chosen) < min(count, len(labels)):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(int(pool.pop(0)))
    return np.array(chosen, dtype=np.int64)


def images_to_sequence(images: Tensor, chunk: int = SIDE) -> Tensor:
    """Images ``[N, 28, 28]`` (uint8 or float 0..1) to model inputs ``[N, 784 / chunk, chunk]`` float 0..1."""
    if images.dtype == torch.uint8:
        images = images.float().div_(255)
    return images.reshape(images.shape[0], SIDE * SIDE // chunk, chunk)


def digits_chunk(task: dict[str, Any] | None, input_size: int) -> int:
    """Pixels per step of a digits model, from its checkpoint's task (format 1 files have none: rows).

    Raises ``ValueError`` (one line) when the model was made for another task.
    """
    task = task or {}
    name = task.get("name", "digits")
    if name != "digits":
        raise ValueError(f"this model was trained on {name!r}, not on digits")
    if input_size < 1 or (SIDE * SIDE) % input_size:
        raise ValueError(f"this model reads {input_size} values per step; a digit is read as 28 rows of 28 "
                         f"pixels, or its 784 pixels in equal chunks")
    return input_size


class DigitsTask(Task):
    """Classify a 28 × 28 digit read as a sequence.

    ``layout="rows"``: 28 steps of 28 pixels (the default, and what Draw and Inspect show).
    ``layout="pixels"``: the 784 pixels in reading order, ``chunk`` per step (784 / chunk steps),
    to feel what a long sequence does to a recurrent network.
    """

    name = "digits"
    display = "image_rows"
    metric = ACCURACY
    output_size = 10
    head = "last"
    baseline = 0.1

    def __init__(self, digits: DigitSet, augment: bool = False, layout: str = "rows", chunk: int = 4) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r} (use rows or pixels)")
        if layout == "pixels" and (chunk < 1 or (SIDE * SIDE) % chunk):
            raise ValueError(f"chunk must divide 784, got {chunk}")
        self.digits, self.augment, self.layout = digits, augment, layout
        self.chunk = SIDE if layout == "rows" else chunk
        self.input_size = self.chunk
        self.device = torch.device("cpu")
        self._order: Tensor | None = None

    @property
    def num_steps(self) -> int:
        return SIDE * SIDE // self.chunk

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "layout": self.layout, "chunk": self.chunk}

    def describe(self) -> str:
        steps = f"{self.num_steps} steps of {self.chunk} pixels"
        return f"digits ({self.digits.source}, {steps})"

    # --- sequences ---------------------------------------------------------------------
    def to_sequence(self, images: Tensor) -> Tensor:
        """Images ``[N, 28, 28]`` (uint8 or float 0..1) to model inputs ``[N, T, chunk]`` float 0..1."""
        return images_to_sequence(images, self.chunk)

    # --- data --------------------------------------------------------------------------
    def prepare(self, device: torch.device) -> None:
        super().prepare(device)
        digits = self.digits
        # The whole dataset lives on the device as uint8; batches are slices of a permutation.
        self.train_images = torch.tensor(digits.train_images, dtype=torch.uint8, device=device)
        self.train_labels = torch.tensor(digits.train_labels, dtype=torch.int64, device=device)
        self.test_images = torch.tensor(digits.test_images, dtype=torch.uint8, device=device)
        self.test_labels = torch.tensor(digits.test_labels, dtype=torch.int64, device=device)

    def batches_per_epoch(self, batch_size: int) -> int:
        return math.ceil(len(self.digits.train_labels) / batch_size)

    def start_epoch(self, generator: torch.Generator, batch_size: int) -> None:
        self._order = torch.randperm(len(self.train_labels), generator=generator, device=self.train_labels.device)

    def batch(self, index: int, batch_size: int, generator: torch.Generator) -> tuple[Tensor, Tensor]:
        chosen = self._order[index * batch_size:(index + 1) * batch_size]
        images = self.train_images[chosen].float().div_(255)
        if self.augment:
            images = augment_batch(images, generator)
        return self.to_sequence(images), self.train_labels[chosen]

    # --- probes and evaluation ---------------------------------------------------------
    def probe(self, count: int = 16) -> Probe:
        chosen = probe_indices(self.digits.test_labels, count)
        images = torch.from_numpy(self.digits.test_images[chosen].copy())
        labels = self.digits.test_labels[chosen].copy()
        labels.setflags(write=False)
        return Probe(self.to_sequence(images), labels, tuple(f"test digit #{i}" for i in chosen))

    def evaluate(self, model: Any, batch_size: int = 1000, should_stop: ShouldStop | None = None,
                 keep_predictions: bool = False) -> Evaluation:
        images, labels = self._test_tensors(model)
        batches = ((self.to_sequence(images[start:start + batch_size]), labels[start:start + batch_size])
                   for start in range(0, len(labels), batch_size))
        return evaluate_batches(self, model, batches, should_stop, keep_predictions)

    def _test_tensors(self, model: Any) -> tuple[Tensor, Tensor]:
        device = model.device
        if getattr(self, "test_images", None) is not None and self.test_images.device == device:
            return self.test_images, self.test_labels
        return (torch.tensor(self.digits.test_images, device=device),
                torch.tensor(self.digits.test_labels, dtype=torch.int64, device=device))
