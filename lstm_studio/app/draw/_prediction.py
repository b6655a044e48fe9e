"""From a 28x28 model input to what the Draw tab shows: the digit, ten probabilities, the per-step story.

No widgets here and no torch at import time: torch is imported inside :func:`predict`, which only
runs once the session has loaded a model (by then torch is already imported).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication

from ..shell._torch_threads import one_torch_thread

if TYPE_CHECKING:
    from ...models import SequenceModel

#: Below this top probability the tab says it is not sure and names the runner-up.
SURE_PROBABILITY = 0.6


@dataclass(frozen=True)
class Prediction:
    """The model's answer for one input.

    ``probs`` is the final probability of each digit; ``probs_per_step`` ``[T, 10]`` is the
    guess after each step, e.g. each of 28 image rows (its last row equals ``probs``).
    """

    digit: int
    probs: np.ndarray
    probs_per_step: np.ndarray

    @property
    def confidence(self) -> float:
        return float(self.probs[self.digit])

    @property
    def runner_up(self) -> int:
        """The second most likely digit."""
        return int(np.argsort(self.probs)[-2])

    @property
    def is_sure(self) -> bool:
        return self.confidence >= SURE_PROBABILITY


def predict(model: SequenceModel, image: np.ndarray) -> Prediction:
    """Classify one 28x28 image (float 0..1, ink bright) through the model's trace path.

    One trace pass gives both the final probabilities and the per-step ones, so the tab
    never runs the model twice for a stroke. The image is read as the model reads digits
    (28 rows, or a few pixels per step).
    """
    import torch

    from ...tasks import images_to_sequence

    image_tensor = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32).reshape(1, 28, 28))
    x = images_to_sequence(image_tensor, model.config.input_size)
    with one_torch_thread():
        # notify=False: the Inspect tab gets this input through the session, not through trace hooks.
        trace = model.trace(x.to(model.device), notify=False)
    per_step = np.ascontiguousarray(trace.probs_per_step[0], dtype=np.float32)
    per_step.setflags(write=False)
    probs = per_step[-1]
    return Prediction(int(np.argmax(probs)), probs, per_step)


def headline(prediction: Prediction) -> str:
    """The big text: the digit, with a question mark when the model is not sure."""
    return str(prediction.digit) if prediction.is_sure else f"{prediction.digit}?"


def explanation(prediction: Prediction) -> str:
    """One line under the big digit: how sure, and the alternative when unsure."""
    translate = QCoreApplication.translate
    if prediction.is_sure:
        return translate("Prediction", "{percent} sure").format(percent=f"{prediction.confidence:.0%}")
    other = prediction.runner_up
    return translate("Prediction", "Not sure: {digit} ({percent}) or {other} ({other_percent})?").format(
        digit=prediction.digit, percent=f"{prediction.confidence:.0%}", other=other,
        other_percent=f"{float(prediction.probs[other]):.0%}")
