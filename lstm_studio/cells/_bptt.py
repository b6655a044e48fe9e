"""The training fast path of the step-only cells: their step loop without autograd, and BPTT by hand.

Autograd through the step loop records every tiny op of every step (a dozen per step and layer for
the peephole LSTM), replays each one backwards through its engine, and computes one
weight-gradient product per step. :class:`StepLoop` instead runs one layer's loop under
``no_grad`` calling the cell's own ``_step`` (the single definition of its equations), keeps the
gate values, and its backward is the derivative of those equations, written out once for every
LSTM-like cell whose *last* gate block is the output gate ``o`` and whose other blocks act on
``c_t`` only. Going back in time, with ``dh_t`` the total ∂L/∂h_t and ``dc`` the part of ∂L/∂c_t
that comes through later steps::

    dc_t      = dc + dh_t ⊙ ∂h_t/∂c_t           (h_t = o_t ⊙ tanh(c_t); o's peephole reads c_t)
    δ_t       = [dc_t ⊙ ∂c_t/∂z_gate for the other gates, dh_t ⊙ ∂h_t/∂z_o]   (∂L/∂pre-activations)
    dc        = dc_t ⊙ ∂c_t/∂c_{t−1}            (f plus peephole terms; 1 without a forget gate)
    dh_{t−1}  = ∂L/∂h_{t−1} from the layer's output + δ_t W_hh

The partial derivatives depend only on the forward's values, so the cell computes them
(:class:`StepDerivatives`, ``_step_derivatives``) for a chunk of steps at once, and each step of
the loop is five tensor ops. A chunk holds about :data:`CHUNK_VALUES` numbers per array, so it
stays in the CPU's cache: many steps of a small batch share one set of ops (the ops' fixed cost
dominates there), while a 128 × 128 batch takes one step per chunk (whole-sequence arrays would
be streamed through memory over and over). The parameter gradients are single products over
all steps: ``dW_hh = Σ_t δ_tᵀ h_{t−1}`` here, and ``W_ih`` and the biases get theirs from
autograd through the input projection (one linear over all steps), which receives ``δ``.

Measured with ``bench/bench_cells.py`` (one CPU thread): as fast as autograd through the same loop
for a 2 × 128 layer and batch 128, 1.4–1.9× faster for 100 steps of a 1 × 32 layer and batch 32,
where the fixed cost of every op dominates. Not used, after measuring: TorchScript
(``torch.jit.script`` warns that it is deprecated in torch 2.14) and ``torch.compile``
(``bench_cells.py --torch-compile``: about 2 minutes to compile the 28-step peephole loop and
2.5 more for each new batch size, such as an epoch's last batch, a C++ compiler needed at run
time, and then about as fast per batch as this path).
"""
from __future__ import annotations

from typing import Any, NamedTuple

import torch
from torch import Tensor
from torch.autograd.function import once_differentiable


_SIGMOID_BACKWARD, _TANH_BACKWARD = torch.ops.aten.sigmoid_backward, torch.ops.aten.tanh_backward


def through_sigmoid(upstream: Tensor, output: Tensor, out: Tensor | None = None) -> Tensor:
    """``upstream ⊙ σ'(z)`` from ``output = σ(z)`` (``σ' = σ(1 − σ)``) in one kernel (autograd's own)."""
    if out is None:
        return _SIGMOID_BACKWARD.default(upstream, output)
    return _SIGMOID_BACKWARD.grad_input(upstream, output, grad_input=out)


def through_tanh(upstream: Tensor, output: Tensor, out: Tensor | None = None) -> Tensor:
    """``upstream ⊙ tanh'(z)`` from ``output = tanh(z)`` (``tanh' = 1 − tanh²``), in one kernel."""
    if out is None:
        return _TANH_BACKWARD.default(upstream, output)
    return _TANH_BACKWARD.grad_input(upstream, output, grad_input=out)


class StepDerivatives(NamedTuple):
    """The partial derivatives of one cell's step equations at a chunk of steps, each ``[steps, batch, ...]``."""

    #: ``[steps, batch, gates − 1, H]``: ∂c_t/∂z for every gate block but the last (the output gate).
    c_by_gates: Tensor
    #: ``[steps, batch, H]``: ∂h_t/∂z_o, the output gate's pre-activation.
    h_by_output_gate: Tensor
    #: ``[steps, batch, H]``: ∂h_t/∂c_t (directly, and through an output-gate peephole).
    h_by_c: Tensor
    #: ``[steps, batch, H]``: ∂c_t/∂c_{t−1}; ``None`` when it is 1 (no forget gate, no peepholes).
    c_by_previous_c: Tensor | None


#: About how many numbers one chunk's ``[steps, batch, H]`` array holds in the backward pass.
CHUNK_VALUES = 16384


class StepLoop(torch.autograd.Function):
    """One layer of a step-only LSTM cell: ``(h [T, batch, H], c_T [batch, H])`` with hand-written BPTT.

    ``apply(cell, layer, projected, h_0, c_0, weight_hh, *extra)``: ``projected`` is the
    time-major input projection ``[T, batch, k·H]`` (biases included), ``extra`` the layer's
    other recurrent parameters in the order of ``cell.recurrent_extras`` (peepholes).
    """

    @staticmethod
    def forward(ctx: Any, cell: Any, layer: int, projected: Tensor, h_0: Tensor, c_0: Tensor,
                weight_hh: Tensor, *extra: Tensor) -> tuple[Tensor, Tensor]:
        kept, (_, last_c) = cell._run_steps(layer, projected, (h_0, c_0), cell.field_names)
        hidden = torch.stack(kept.pop("h"))
        # The per-step gate values are intermediates (neither inputs nor outputs): kept on ctx as
        # they are, not stacked, so that no whole-sequence copy of them is ever made.
        ctx.cell, ctx.steps = cell, kept
        ctx.save_for_backward(h_0, c_0, weight_hh, hidden, *extra)
        return hidden, last_c

    @staticmethod
    @once_differentiable
    def backward(ctx: Any, grad_h: Tensor, grad_last_c: Tensor) -> tuple[Tensor | None, ...]:
        h_0, c_0, weight_hh, hidden, *extra = ctx.saved_tensors
        cell, needs = ctx.cell, ctx.needs_input_grad
        weights = dict(zip(cell.recurrent_extras, extra))
        delta, grad_h_0, grad_c_0, grad_extra = _backward_through_time(
            cell, weights, ctx.steps, c_0, hidden, grad_h, grad_last_c, weight_hh, need_h_0=needs[3])
        steps, batch, blocks, size = delta.shape
        flat_delta = delta.view(steps * batch, blocks * size)
        grad_weight_hh = None
        if needs[5]:  # Σ_t δ_tᵀ h_{t−1}: h_0 for the first step, the layer's own output after it
            grad_weight_hh = torch.addmm(flat_delta[:batch].t() @ h_0, flat_delta[batch:].t(),
                                         hidden[:-1].reshape(-1, size))
        return (None, None, delta.view(steps, batch, blocks * size), grad_h_0, grad_c_0, grad_weight_hh,
                *grad_extra)


def _stacked(steps: list[Tensor]) -> Tensor:
    return steps[0].unsqueeze(0) if len(steps) == 1 else torch.stack(steps)


def _backward_through_time(cell: Any, weights: dict[str, Tensor], steps: dict[str, list[Tensor]], c_0: Tensor,
                           hidden: Tensor, grad_h: Tensor, grad_last_c: Tensor, weight_hh: Tensor,
                           need_h_0: bool) -> tuple[Tensor, Tensor | None, Tensor, list[Tensor]]:
    """δ ``[T, batch, gates, H]``, the gradients reaching ``h_0`` and ``c_0``, and those of the extras."""
    count, batch, size = hidden.shape
    gates = len(cell.field_names) - 2  # every field but c and h is a gate
    delta = grad_h.new_empty(count, batch, gates, size)
    # Per-step views made once by unbind: indexing in the loop would cost more than the maths.
    views = (delta[:, :, :-1].unbind(0), delta[:, :, -1].unbind(0),
             delta.view(count, batch, gates * size).unbind(0), grad_h.unbind(0))
    previous_c = [c_0, *steps["c"][:-1]]
    dh, dc = views[3][-1], grad_last_c
    grad_extra: list[Tensor] = []
    chunk = max(1, CHUNK_VALUES // (batch * size))
    for end in range(count, 0, -chunk):
        start = max(0, end - chunk)
        fields = {name: _stacked(values[start:end]) for name, values in steps.items()}
        fields["h"] = hidden[start:end]
        chunk_previous_c = _stacked(previous_c[start:end])
        derivatives = cell._step_derivatives(weights, fields, chunk_previous_c)
        dh, dc = _backward_chunk(derivatives, start, end, views, dh, dc, weight_hh, need_h_0)
        partial = cell._extra_gradients(delta[start:end], fields, chunk_previous_c)
        grad_extra = [a + b for a, b in zip(grad_extra, partial)] if grad_extra else list(partial)
    return delta, dh if need_h_0 else None, dc, grad_extra


def _backward_chunk(d: StepDerivatives, start: int, end: int, views: tuple, dh: Tensor, dc: Tensor,
                    weight_hh: Tensor, need_h_0: bool) -> tuple[Tensor, Tensor]:
    """Steps ``end − 1`` down to ``start``: fill δ, return ``(dh, dc)`` for step ``start − 1`` (or 0's inputs)."""
    delta_c, delta_o, delta_rows, grad_h_steps = views
    c_by_gates, h_by_output_gate, h_by_c = d.c_by_gates.unbind(0), d.h_by_output_gate.unbind(0), d.h_by_c.unbind(0)
    c_by_previous_c = None if d.c_by_previous_c is None else d.c_by_previous_c.unbind(0)
    for t in range(end - 1, start - 1, -1):
        k = t - start
        dc = torch.addcmul(dc, dh, h_by_c[k])
        torch.mul(dc.unsqueeze(1), c_by_gates[k], out=delta_c[t])
        torch.mul(dh, h_by_output_gate[k], out=delta_o[t])
        if c_by_previous_c is not None:
            dc = dc * c_by_previous_c[k]
        if t > 0:
            dh = torch.addmm(grad_h_steps[t - 1], delta_rows[t], weight_hh)
        elif need_h_0:
            dh = delta_rows[0] @ weight_hh
    return dh, dc
