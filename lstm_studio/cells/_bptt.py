"""The training fast path of the step-only cells: their step loop without autograd, and BPTT by hand.

Autograd through the step loop records every tiny op of every step (about 17 per step and
layer for the peephole LSTM), replays each one backwards, and computes one weight-gradient
product per step. :class:`StepLoop` instead runs one layer's loop under ``no_grad`` calling the
cell's own ``_step`` (the single definition of its equations), keeps the gate values, and its
backward is the derivative of those equations, written out once for every LSTM-like cell whose
*last* gate block is the output gate ``o`` and whose other blocks act on ``c_t`` only:

Going back in time, with ``dh_t`` the total ∂L/∂h_t and ``dc`` the part of ∂L/∂c_t that comes
through later steps::

    dc_t      = dc + dh_t ⊙ ∂h_t/∂c_t           (h_t = o_t ⊙ tanh(c_t); o's peephole reads c_t)
    δ_t       = [dc_t ⊙ ∂c_t/∂z_gate for the other gates, dh_t ⊙ ∂h_t/∂z_o]   (∂L/∂pre-activations)
    dc        = dc_t ⊙ ∂c_t/∂c_{t−1}            (f plus peephole terms; 1 without a forget gate)
    dh_{t−1}  = ∂L/∂h_{t−1} from the layer's output + δ_t W_hh

The four partial derivatives depend only on the forward's values, so the cell computes them
for all steps at once (:class:`StepDerivatives`) and each step of the loop is five tensor ops.
The parameter gradients are single products over the stacked steps: ``dW_hh = Σ_t δ_tᵀ h_{t−1}``
here, and ``W_ih`` and the biases get theirs from autograd through the input projection (one
linear over all steps), which receives ``δ``.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import torch
from torch import Tensor
from torch.autograd.function import once_differentiable


class StepDerivatives(NamedTuple):
    """The partial derivatives of one cell's step equations at every step, each ``[T, batch, ...]``."""

    #: ``[T, batch, gates − 1, H]``: ∂c_t/∂z for every gate block but the last (the output gate).
    c_by_gates: Tensor
    #: ``[T, batch, H]``: ∂h_t/∂z_o, the output gate's pre-activation.
    h_by_output_gate: Tensor
    #: ``[T, batch, H]``: ∂h_t/∂c_t (directly, and through an output-gate peephole).
    h_by_c: Tensor
    #: ``[T, batch, H]``: ∂c_t/∂c_{t−1}; ``None`` when it is 1 (no forget gate, no peepholes).
    c_by_previous_c: Tensor | None


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
        fields = {name: torch.stack(steps) for name, steps in kept.items()}
        ctx.cell, ctx.names = cell, tuple(fields)
        ctx.save_for_backward(h_0, c_0, weight_hh, *extra, *fields.values())
        return fields["h"], last_c

    @staticmethod
    @once_differentiable
    def backward(ctx: Any, grad_h: Tensor, grad_last_c: Tensor) -> tuple[Tensor | None, ...]:
        h_0, c_0, weight_hh, *saved = ctx.saved_tensors
        extra_names = ctx.cell.recurrent_extras
        weights = dict(zip(extra_names, saved))
        fields = dict(zip(ctx.names, saved[len(extra_names):]))
        previous_c = torch.cat([c_0.unsqueeze(0), fields["c"][:-1]])
        derivatives = ctx.cell._step_derivatives(weights, fields, previous_c)
        delta, grad_h_0, grad_c_0 = _backward_through_time(derivatives, grad_h, grad_last_c, weight_hh,
                                                           need_h_0=ctx.needs_input_grad[3])
        steps, batch, blocks, size = delta.shape
        flat_delta = delta.view(steps * batch, blocks * size)
        previous_h = torch.cat([h_0.unsqueeze(0), fields["h"][:-1]]).view(steps * batch, size)
        grad_weight_hh = flat_delta.t() @ previous_h if ctx.needs_input_grad[5] else None
        extra = ctx.cell._extra_gradients(delta, fields, previous_c) if any(ctx.needs_input_grad[6:]) else ()
        extra = extra or (None,) * len(extra_names)
        return (None, None, delta.view(steps, batch, blocks * size), grad_h_0, grad_c_0, grad_weight_hh, *extra)


def _backward_through_time(d: StepDerivatives, grad_h: Tensor, grad_last_c: Tensor, weight_hh: Tensor,
                           need_h_0: bool) -> tuple[Tensor, Tensor | None, Tensor]:
    """δ ``[T, batch, gates, H]`` and the gradients reaching ``h_0`` and ``c_0`` (see the module's docstring)."""
    steps, batch, _, size = d.c_by_gates.shape
    gates = d.c_by_gates.shape[2] + 1
    delta = grad_h.new_empty(steps, batch, gates, size)
    # Every per-step view made up front by unbind (one call each): indexing in the loop costs more than the maths.
    delta_c, delta_o = delta[:, :, :-1].unbind(0), delta[:, :, -1].unbind(0)
    delta_rows = delta.view(steps, batch, gates * size).unbind(0)
    c_by_gates, h_by_output_gate, h_by_c = d.c_by_gates.unbind(0), d.h_by_output_gate.unbind(0), d.h_by_c.unbind(0)
    c_by_previous_c = None if d.c_by_previous_c is None else d.c_by_previous_c.unbind(0)
    grad_h_steps = grad_h.unbind(0)
    dh, dc = grad_h_steps[-1], grad_last_c
    grad_h_0 = None
    for t in range(steps - 1, -1, -1):
        dc = torch.addcmul(dc, dh, h_by_c[t])
        torch.mul(dc.unsqueeze(1), c_by_gates[t], out=delta_c[t])
        torch.mul(dh, h_by_output_gate[t], out=delta_o[t])
        if c_by_previous_c is not None:
            dc = dc * c_by_previous_c[t]
        if t > 0:
            dh = torch.addmm(grad_h_steps[t - 1], delta_rows[t], weight_hh)
        elif need_h_0:
            grad_h_0 = delta_rows[0] @ weight_hh
    return delta, grad_h_0, dc
