"""Gradient flow through time: how strongly the loss at the end reaches back to every timestep.

The vanishing gradient of a plain RNN is this curve falling off a cliff; an LSTM's cell state
carries it back. Two ways to compute it, equal to float precision (the tests check both against
autograd through separate fused layers):

* :func:`gradient_flow` — autograd through the cell's own step path (every cell);
* :func:`trace_gradient_flow` — for an LSTM, backpropagation through time written out in NumPy
  over the gates a trace already kept: for one digit ~2 ms instead of ~10 ms of per-op overhead.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from ..cells import Trace
from ..models import SequenceModel
from ._common import as_batch, read_only


@dataclass(frozen=True)
class GradientFlow:
    """``‖∂loss/∂h_t‖`` per layer and ``‖∂loss/∂x_t‖`` for one input.

    Attributes
    ----------
    hidden_grad_norm
        ``[layers, T]``: the total derivative through every later step (and, for lower layers,
        through the layers above).
    input_grad_norm
        ``[T]``: the gradient reaching the input at step ``t``.
    target
        The class the loss is measured against (``-1`` for a regression).
    target_is_label
        True when ``target`` is the known true label, false when it is the predicted class.
    loss
        The loss at the end: ``-log p(target)``, or for a regression the output value itself.
    """

    hidden_grad_norm: np.ndarray
    input_grad_norm: np.ndarray
    target: int
    target_is_label: bool
    loss: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden_grad_norm", read_only(self.hidden_grad_norm, np.float32))
        object.__setattr__(self, "input_grad_norm", read_only(self.input_grad_norm, np.float32))


def unrolled_forward(model: SequenceModel, x: Tensor) -> tuple[Tensor, list[list[Tensor]]]:
    """Run ``x`` one step at a time *with autograd*, on the model's own weights.

    Returns the head's outputs and ``hidden[layer][t]``, every ``h_t`` a node of the graph, so
    ``torch.autograd.grad(loss, hidden[layer])`` gives ``∂loss/∂h_t``. Dropout between layers is
    not applied (the network as it infers), as in the trace path.
    """
    per_layer = model.cell.unroll(model.embed(x), grad=True)
    hidden = [layer["h"] for layer in per_layer]
    return model.apply_head(torch.stack(hidden[-1], dim=1)), hidden


def hidden_gradient_norms(model: SequenceModel, x: Tensor,
                          loss_of: Callable[[Tensor], Tensor]) -> tuple[np.ndarray, np.ndarray, float]:
    """``(‖∂L/∂h_t‖ [layers, T], ‖∂L/∂x_t‖ [T], L)`` with ``L = loss_of(head outputs)``, by autograd.

    Norms are per input, averaged over the batch. The model's weights get no gradient.
    """
    inputs = model.embed(x).detach().requires_grad_(True)
    with torch.enable_grad():
        per_layer = model.cell.unroll(inputs, grad=True)
        hidden = [layer["h"] for layer in per_layer]
        loss = loss_of(model.apply_head(torch.stack(hidden[-1], dim=1)))
        flat = [h for layer in hidden for h in layer]
        grads = torch.autograd.grad(loss, flat + [inputs], allow_unused=True)
    steps = len(hidden[0])
    norms = np.array([[_norm(grads[layer * steps + t]) for t in range(steps)] for layer in range(len(hidden))])
    input_norms = grads[-1].detach().norm(dim=-1).mean(dim=0).cpu().numpy()
    return norms, input_norms, float(loss.detach())


def _norm(grad: Tensor | None) -> float:
    return 0.0 if grad is None else float(grad.detach().norm(dim=-1).mean())


def gradient_flow(model: SequenceModel, inputs: np.ndarray | Tensor, label: int | None = None) -> GradientFlow:
    """``‖∂loss/∂h_t‖`` per layer and ``‖∂loss/∂x_t‖`` for one input, by autograd (any cell).

    Parameters
    ----------
    model
        Its weights are used as they are (no gradient is accumulated in them).
    inputs
        One input: ``[T, features]`` (uint8 or float 0..1), or ``[T]`` token ids.
    label
        The true class if known. For a classifier the loss is ``-log p(label)`` at the last
        step or, when ``label`` is ``None`` (a drawing), ``-log p(predicted class)``. For a
        regression it is the output value itself (its gradient shows what the output depends on).
    """
    x = _one_input(model, inputs)
    classify = model.config.output_kind == "probs" and model.config.head_activation == "softmax"
    with torch.no_grad():
        final = _last_step(model, model(x))[0]
    target = (int(final.argmax()) if label is None else int(label)) if classify else -1

    def loss_of(outputs: Tensor) -> Tensor:
        last = _last_step(model, outputs)
        return F.cross_entropy(last, torch.tensor([target])) if classify else last.sum()

    hidden, input_norms, loss = hidden_gradient_norms(model, x, loss_of)
    return GradientFlow(hidden, input_norms, target, label is not None, loss)


def _one_input(model: SequenceModel, inputs: np.ndarray | Tensor) -> Tensor:
    if model.config.vocab_size:
        tensor = torch.as_tensor(np.asarray(inputs), dtype=torch.int64)
        return tensor.reshape(1, -1).to(model.device)
    return as_batch(inputs)[:1].to(model.device)


def _last_step(model: SequenceModel, outputs: Tensor) -> Tensor:
    return outputs[:, -1] if model.config.head == "every" or outputs.dim() == 3 else outputs


def trace_gradient_flow(model: SequenceModel, trace: Trace, label: int | None = None) -> GradientFlow:
    """:func:`gradient_flow` of a one-sample ``trace`` of ``model``, without running the network again (LSTM).

    Backpropagation through time in NumPy (float64) over the gates the trace kept. Other cells
    (and LSTMs with token inputs or several outputs per step) go through :func:`gradient_flow`.
    """
    config = model.config
    if config.cell != "lstm" or config.head != "last" or config.head_activation != "softmax" or config.vocab_size:
        source = trace.tokens[0] if trace.tokens is not None else trace.inputs[0]
        return gradient_flow(model, source, label)
    weights = [model.cell.layer_weights(layer) for layer in range(trace.num_layers)]
    weights = [(_float64(w["weight_ih"]), _float64(w["weight_hh"])) for w in weights]
    head_weight = _float64(model.head.weight)
    logits = head_weight @ trace.h[-1, 0, -1] + _float64(model.head.bias)
    target = int(logits.argmax()) if label is None else int(label)
    log_probs = logits - logits.max()
    log_probs -= np.log(np.exp(log_probs).sum())
    d_logits = np.exp(log_probs)
    d_logits[target] -= 1.0
    # ∂loss/∂h_t reaching each layer from outside its own recurrence: the head, then the layer above.
    from_outside = np.zeros((trace.num_steps, trace.hidden_size))
    from_outside[-1] = d_logits @ head_weight
    hidden_norms = np.empty((trace.num_layers, trace.num_steps))
    for layer in reversed(range(trace.num_layers)):
        weight_ih, weight_hh = weights[layer]
        hidden_grads, gate_grads = _backward_through_lstm_layer(trace, layer, from_outside, weight_hh)
        hidden_norms[layer] = np.linalg.norm(hidden_grads, axis=1)
        from_outside = _product(gate_grads, weight_ih)  # ∂loss/∂(this layer's input at t)
    return GradientFlow(hidden_norms, np.linalg.norm(from_outside, axis=1), target, label is not None,
                        float(-log_probs[target]))


def _float64(parameter: Tensor) -> np.ndarray:
    # NumPy converts: torch would convert on all its threads, which spin while training keeps the cores busy.
    return parameter.detach().cpu().numpy().astype(np.float64)


def _product(vectors: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``vectors @ matrix`` on this thread alone. ``@`` calls a multithreaded BLAS for these sizes,
    whose threads spin for a core that training or a background job keeps busy (measured in the
    GUI: p95 30 ms instead of 2 ms); einsum does not use BLAS."""
    return np.einsum("...k,kh->...h", vectors, matrix)


def _backward_through_lstm_layer(trace: Trace, layer: int, from_outside: np.ndarray,
                                 weight_hh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(∂loss/∂h_t [T, H], ∂loss/∂gates_t [T, 4H])`` of one LSTM layer, before the non-linearities.

    With c_t = f·c_{t−1} + i·g and h_t = o·tanh(c_t): ∂c_t = ∂c_{t+1}·f_{t+1} + ∂h_t·o·(1 − tanh²c_t),
    and the pre-activation gradients are ∂c·g·i(1−i), ∂c·c_{t−1}·f(1−f), ∂c·i·(1−g²), ∂h·tanh(c)·o(1−o).
    """
    i, f, g, o, c = (trace[name][layer, 0].astype(np.float64) for name in "ifgoc")
    c_prev = np.vstack([np.zeros_like(c[:1]), c[:-1]])
    tanh_c = np.tanh(c)
    cell_factor = o * (1 - tanh_c ** 2)
    gate_factors = np.hstack([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g ** 2), tanh_c * o * (1 - o)])
    hidden_grads, gate_grads = np.empty_like(c), np.empty_like(gate_factors)
    hidden_grad_next, cell_grad_next = np.zeros_like(c[0]), np.zeros_like(c[0])
    for t in reversed(range(len(c))):
        hidden_grad = from_outside[t] + hidden_grad_next
        cell_grad = cell_grad_next + hidden_grad * cell_factor[t]
        gate_grads[t] = np.concatenate([cell_grad, cell_grad, cell_grad, hidden_grad]) * gate_factors[t]
        hidden_grads[t] = hidden_grad
        hidden_grad_next = _product(gate_grads[t], weight_hh)
        cell_grad_next = cell_grad * f[t]
    return hidden_grads, gate_grads
