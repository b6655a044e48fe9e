"""An ``nn.LSTM`` that can also show its gates.

The fast path *is* ``nn.LSTM.forward`` (fused; cuDNN on CUDA). The trace path runs the
very same parameters one timestep at a time and keeps every gate.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor, nn
from torch.utils.hooks import RemovableHandle

TraceHook = Callable[[Any], None]


@dataclass
class TraceTensors:
    """Stacked trace tensors, each ``[layers, batch, T, hidden]``, still on the device."""

    input_gate: Tensor
    forget_gate: Tensor
    candidate: Tensor
    output_gate: Tensor
    cell_state: Tensor
    hidden_state: Tensor


class GateLSTM(nn.LSTM):
    """A batch-first ``nn.LSTM`` with a step-by-step trace path.

    Parameters keep ``nn.LSTM``'s names and shapes (``weight_ih_l0``, ``weight_hh_l0``,
    ``bias_ih_l0``, ``bias_hh_l0``, ...; gate order i, f, g, o), so a ``state_dict``
    moves to and from a plain ``nn.LSTM`` unchanged.
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 dropout: float = 0.0) -> None:
        super().__init__(input_size, hidden_size, num_layers=num_layers, bias=True,
                         batch_first=True, dropout=dropout if num_layers > 1 else 0.0)
        self._trace_hooks: OrderedDict[int, TraceHook] = OrderedDict()  # weak-referenceable, as torch needs

    def layer_weights(self, layer: int) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        """``(weight_ih, weight_hh, bias_ih, bias_hh)`` of one layer."""
        return tuple(getattr(self, f"{kind}_l{layer}")  # type: ignore[return-value]
                     for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))

    @torch.no_grad()
    def trace(self, x: Tensor) -> TraceTensors:
        """Run ``x`` (``[batch, T, input]``) step by step and keep every gate.

        Dropout between layers is not applied: a trace shows the network as it infers.
        Its ``h`` and ``c`` equal the fused path's in eval mode to float precision.
        """
        layer_input = x
        per_layer: list[list[Tensor]] = []
        for layer in range(self.num_layers):
            stacked = self._trace_layer(layer, layer_input)
            per_layer.append(stacked)
            layer_input = stacked[5]
        fields = [torch.stack([layer[k] for layer in per_layer]) for k in range(6)]
        return TraceTensors(*fields)

    def _trace_layer(self, layer: int, layer_input: Tensor) -> list[Tensor]:
        weight_ih, weight_hh, bias_ih, bias_hh = self.layer_weights(layer)
        batch, steps, _ = layer_input.shape
        size = self.hidden_size
        # The input projection does not depend on the recurrence: do it for all steps at once.
        projected = torch.addmm(bias_ih + bias_hh, layer_input.reshape(batch * steps, -1),
                                weight_ih.t()).view(batch, steps, 4 * size)
        weight_hh_t = weight_hh.t()
        hidden = layer_input.new_zeros(batch, size)
        cell = layer_input.new_zeros(batch, size)
        activations, cells, hiddens = [], [], []
        for t in range(steps):
            gates = torch.addmm(projected[:, t], hidden, weight_hh_t)
            # i, f and o are sigmoids; g (the third quarter) is a tanh, written in place.
            active = torch.sigmoid(gates)
            active[:, 2 * size:3 * size] = torch.tanh(gates[:, 2 * size:3 * size])
            input_gate, forget_gate, candidate, output_gate = active.chunk(4, dim=1)
            cell = forget_gate * cell + input_gate * candidate
            hidden = output_gate * torch.tanh(cell)
            activations.append(active)
            cells.append(cell)
            hiddens.append(hidden)
        gates_over_time = torch.stack(activations, dim=1)  # [batch, T, 4H]
        return [*gates_over_time.chunk(4, dim=2), torch.stack(cells, 1), torch.stack(hiddens, 1)]

    def register_trace_hook(self, hook: TraceHook) -> RemovableHandle:
        """Call ``hook(trace)`` with every trace produced by the owning classifier.

        Returns a handle whose ``remove()`` unsubscribes.
        """
        handle = RemovableHandle(self._trace_hooks)
        self._trace_hooks[handle.id] = hook
        return handle

    def _emit_trace(self, trace: Any) -> None:
        for hook in list(self._trace_hooks.values()):
            hook(trace)
