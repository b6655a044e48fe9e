"""Connectivity (Madsen 2019, "Visualizing memorization in RNNs", Distill): which earlier characters a prediction hangs on.

For the model's guess after character ``at``, the magnitude ``‖∂ log p(next = k) / ∂ e_s‖`` of the gradient with
respect to the input embedding ``e_s`` of every character ``s ≤ at`` (``k``: the model's top guess unless given).
A large value means nudging that character's embedding would change the prediction much.

For an LSTM the gradient is backpropagated through time in NumPy over the gates the reading already kept (no
forward pass, and no per-operation overhead of autograd for a batch of one); other cells go through autograd
on their fused path. The tests check both against autograd through the step-by-step path.

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
        The model that made ``reading``; its weights get no gradient.
    target
        The next-character id whose log-probability is differentiated; default the model's top guess.
    window
        How many characters, ending at ``at``, to compute (``None``: all of them).
    """
    if not 0 <= at < len(reading):
        raise ValueError(f"character {at} is outside the text (0..{len(reading) - 1})")
    target = int(reading.top_ids[at, 0]) if target is None else int(target)
    start = 0 if window is None else max(0, at + 1 - window)
    if model.config.cell == "lstm" and set("ifgoc") <= set(reading.arrays):
        magnitudes = _lstm_backward(model, reading, at, target, start)
        magnitudes.setflags(write=False)
        return Connectivity(at, target, start, magnitudes)
    x = torch.as_tensor(reading.ids[start: at + 1].copy(), device=model.device)[None]
    with torch.enable_grad(), _cudnn_off():
        embedded = model.embed(x).detach().requires_grad_(True)
        output, _ = model.cell(embedded, _fused_state(reading, start, model.device))
        log_prob = torch.log_softmax(model.apply_head(output[:, -1:])[0, 0], dim=-1)[target]
        (gradient,) = torch.autograd.grad(log_prob, embedded)
    magnitudes = gradient[0].norm(dim=-1).detach().cpu().numpy().astype(np.float32)
    magnitudes.setflags(write=False)
    return Connectivity(at, target, start, magnitudes)


def _numpy_weights(model: Any) -> dict[str, np.ndarray]:
    """float32 arrays by name (the products below stay in float32: a mixed product converts the matrix each time)."""
    return {name: value.detach().cpu().numpy().astype(np.float32) for name, value in model.state_dict().items()
            if not name.startswith("embedding")}


def _lstm_backward(model: Any, reading: TextReading, at: int, target: int, start: int) -> np.ndarray:
    """``‖∂ log p(target) / ∂ e_s‖`` for ``s = start .. at`` by backpropagation through the kept gates.

    With c_t = f·c_{t−1} + i·g and h_t = o·tanh(c_t): ∂c_t = ∂c_{t+1}·f_{t+1} + ∂h_t·o·(1 − tanh²c_t); the
    pre-activation gradients are ∂c·g·i(1−i), ∂c·c_{t−1}·f(1−f), ∂c·i·(1−g²), ∂h·tanh(c)·o(1−o). Layers are
    visited top to bottom at each step, since a layer's input gradient at t is the layer below's ∂h_t.
    """
    w = _numpy_weights(model)
    layers = model.config.num_layers
    steps = range(at, start - 1, -1)
    gates = [_gate_factors(reading, layer, start, at) for layer in range(layers)]
    probs = reading.probs[at].astype(np.float32)
    d_logits = -probs
    d_logits[target] += 1.0  # ∂ log softmax(z)[target] / ∂z
    hidden_grad_next = [np.zeros(reading.hidden_size, np.float32) for _ in range(layers)]
    cell_grad_next = [np.zeros(reading.hidden_size, np.float32) for _ in range(layers)]
    magnitudes = np.zeros(at - start + 1, dtype=np.float32)
    for t in steps:
        from_above = d_logits @ w["head.weight"] if t == at else np.float32(0.0)
        for layer in reversed(range(layers)):
            cell_factor, factors, forget = (part[t - start] for part in gates[layer])
            hidden_grad = from_above + hidden_grad_next[layer]
            cell_grad = cell_grad_next[layer] + hidden_grad * cell_factor
            gate_grad = np.concatenate([cell_grad, cell_grad, cell_grad, hidden_grad]) * factors
            hidden_grad_next[layer] = gate_grad @ w[f"lstm.weight_hh_l{layer}"]
            cell_grad_next[layer] = cell_grad * forget
            from_above = gate_grad @ w[f"lstm.weight_ih_l{layer}"]
        magnitudes[t - start] = np.sqrt(from_above @ from_above)
    return magnitudes


def _gate_factors(reading: TextReading, layer: int, start: int, at: int) -> tuple[np.ndarray, ...]:
    """Per step of ``start .. at``: ``o·(1 − tanh²c)``, the four pre-activation factors ``[4H]``, and ``f``."""
    i, f, g, o, c = (reading.arrays[name][layer, start: at + 1] for name in "ifgoc")
    before = reading.arrays["c"][layer, start - 1: start] if start > 0 else np.zeros_like(c[:1])
    c_prev = np.vstack([before, c[:-1]])
    tanh_c = np.tanh(c)
    factors = np.hstack([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g ** 2), tanh_c * o * (1 - o)])
    return o * (1 - tanh_c ** 2), factors, f


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
