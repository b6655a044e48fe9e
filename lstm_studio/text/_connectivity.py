"""Connectivity (Madsen 2019, "Visualizing memorization in RNNs", Distill): which earlier characters a prediction hangs on.

For the model's guess after character ``at``, the magnitude ``‖∂ log p(next = k) / ∂ e_s‖`` of the gradient with
respect to the input embedding ``e_s`` of every character ``s ≤ at`` (``k``: the model's top guess unless given).
A large value means nudging that character's embedding would change the prediction much.

Only the last ``window`` characters are computed. That is exact, not an approximation of them: the gradient
with respect to ``e_s`` flows forward in time from ``s`` only, so starting the window from the state the
reading kept (held constant) leaves every gradient inside the window unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from ._reading import TextReading

DEFAULT_WINDOW = 160


@dataclass(frozen=True)
class Connectivity:
    """``magnitudes[s - start]`` is ``‖∂ log p(target) / ∂ e_s‖`` for ``s`` in ``start .. at``."""

    at: int
    target: int
    start: int
    magnitudes: np.ndarray

    def full(self, length: int) -> np.ndarray:
        """Magnitudes for characters ``0 .. length - 1``: NaN outside the computed window (and after ``at``)."""
        values = np.full(length, np.nan, dtype=np.float32)
        values[self.start: self.at + 1] = self.magnitudes[: max(0, min(length, self.at + 1) - self.start)]
        return values


def connectivity(model: Any, reading: TextReading, at: int, target: int | None = None,
                 window: int = DEFAULT_WINDOW) -> Connectivity:
    """The connectivity of the prediction after character ``at`` (0-based) of ``reading`` (any cell).

    Parameters
    ----------
    model
        The model that made ``reading``; its weights get no gradient. Its fused path is differentiated
        (the tests check it against autograd through the step-by-step path and through the whole text).
    target
        The next-character id whose log-probability is differentiated; default the model's top guess.
    window
        How many characters, ending at ``at``, to compute (``None``: all of them).
    """
    if not 0 <= at < len(reading):
        raise ValueError(f"character {at} is outside the text (0..{len(reading) - 1})")
    target = int(reading.top_ids[at, 0]) if target is None else int(target)
    start = 0 if window is None else max(0, at + 1 - window)
    x = torch.as_tensor(reading.ids[start: at + 1].copy(), device=model.device)[None]
    with torch.enable_grad(), _cudnn_off():
        embedded = model.embed(x).detach().requires_grad_(True)
        output, _ = model.cell(embedded, _fused_state(reading, start, model.device))
        log_prob = torch.log_softmax(model.apply_head(output[:, -1:])[0, 0], dim=-1)[target]
        (gradient,) = torch.autograd.grad(log_prob, embedded)
    magnitudes = gradient[0].norm(dim=-1).detach().cpu().numpy().astype(np.float32)
    magnitudes.setflags(write=False)
    return Connectivity(at, target, start, magnitudes)


def _fused_state(reading: TextReading, t: int, device: Any) -> Any:
    """The state before character ``t`` as the fused cell takes it: ``(h, c)`` or ``h``, each ``[layers, 1, H]``."""
    layers = reading.state_before(t)
    if layers is None:
        return None
    parts = tuple(torch.stack([state[k] for state in layers]).to(device) for k in range(len(layers[0])))
    return parts if len(parts) > 1 else parts[0]


def _cudnn_off() -> Any:
    """cuDNN runs an RNN's backward pass only in training mode; this one is in eval mode."""
    return torch.backends.cudnn.flags(enabled=False)
