"""What the Inspect tab computes off the GUI thread, each job on its own copy of one snapshot's model:
the test-set evaluation and gate saturation (functions for ``BackgroundJobs.start``)."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

SATURATION_SEED = 0  # the same sample of test digits every time, so recomputations compare

ShouldStop = Callable[[], bool]


def evaluation_job(snapshot: Any, images: np.ndarray, labels: np.ndarray) -> Callable[[ShouldStop], Any]:
    """A job classifying every test digit with ``snapshot``'s weights; it returns ``(evaluation, snapshot)``."""
    from ...analysis import evaluate_test_set
    from ...tasks import images_to_sequence

    def evaluate(should_stop: ShouldStop) -> Any:
        model = snapshot.build_model()
        result = evaluate_test_set(model, images, labels, should_stop=should_stop,
                                   to_sequence=partial(images_to_sequence, chunk=model.config.input_size))
        return result, snapshot

    return evaluate


def saturation_sample(count: int, size: int) -> np.ndarray:
    """Indices of a fixed random sample of ``size`` of ``count`` test digits, sorted."""
    return np.sort(np.random.default_rng(SATURATION_SEED).permutation(count)[:size])


def saturation_job(snapshot: Any, images: np.ndarray, source: Any) -> Callable[[ShouldStop], Any]:
    """A job measuring gate saturation over ``images``; it returns ``(saturation, source, steps per digit)``.

    ``source`` says which weights (the snapshot itself: the panel names it in the language of the moment)."""
    from ...analysis import gate_saturation
    from ...tasks import images_to_sequence

    def measure(should_stop: ShouldStop) -> Any:
        import torch

        model = snapshot.build_model()
        inputs = images_to_sequence(torch.from_numpy(images), model.config.input_size)
        return gate_saturation(model, inputs, should_stop=should_stop), source, inputs.shape[1]

    return measure


def layer_weights(model: Any) -> list[dict[str, np.ndarray]]:
    """Every layer's parameters as arrays (views, no copies), for the unit panel's equations."""
    cell = model.cell
    return [{name: value.detach().numpy() for name, value in cell.layer_weights(layer).items()}
            for layer in range(model.config.num_layers)]
