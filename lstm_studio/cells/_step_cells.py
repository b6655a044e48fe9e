"""LSTM variants PyTorch has no fused kernel for: peepholes (2000) and the original cell with no forget gate (1997).

Their fast path is the same step loop as their trace path (there is nothing else to match),
run with autograd. ``bench/bench_cells.py`` reports its training throughput against fused ``nn.LSTM``.
"""
from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from ._base import StepValues, TracedCell, init_forget_bias


class _StepCell(TracedCell, nn.Module):
    """Parameters named as in ``nn.LSTM`` (``weight_ih_l0`` ...), a batch-first forward by steps."""

    gates: int = 4

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.dropout = float(dropout) if num_layers > 1 else 0.0
        self.batch_first = True
        for layer in range(num_layers):
            for name, shape in self._layer_shapes(input_size if layer == 0 else hidden_size).items():
                self.register_parameter(f"{name}_l{layer}", nn.Parameter(torch.empty(shape)))
        self.reset_parameters()

    def _layer_shapes(self, layer_input_size: int) -> dict[str, tuple[int, ...]]:
        size = self.hidden_size
        return {"weight_ih": (self.gates * size, layer_input_size), "weight_hh": (self.gates * size, size),
                "bias_ih": (self.gates * size,), "bias_hh": (self.gates * size,)}

    def reset_parameters(self) -> None:
        """PyTorch's recurrent initialisation: every parameter uniform in ±1/√hidden."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for parameter in self.parameters():
            nn.init.uniform_(parameter, -bound, bound)

    def forward(self, x: Tensor, hx: tuple[Tensor, Tensor] | None = None) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        """``(output [batch, T, H], (h_n, c_n) [layers, batch, H])``, as ``nn.LSTM`` returns them.

        ``hx = (h_0, c_0)``, each ``[layers, batch, H]``, starts from a carried state (truncated BPTT).
        """
        between = (lambda values: nn.functional.dropout(values, self.dropout, True)) \
            if self.training and self.dropout > 0 else None
        initial = None if hx is None else [(hx[0][layer], hx[1][layer]) for layer in range(self.num_layers)]
        per_layer = self.unroll(x, grad=torch.is_grad_enabled(), between_layers=between, initial=initial)
        output = torch.stack(per_layer[-1]["h"], dim=1)
        last_h = torch.stack([layer["h"][-1] for layer in per_layer])
        last_c = torch.stack([layer["c"][-1] for layer in per_layer])
        return output, (last_h, last_c)

    def _project(self, layer: int, layer_input: Tensor) -> Tensor:
        weights = self.layer_weights(layer)
        return nn.functional.linear(layer_input, weights["weight_ih"], weights["bias_ih"] + weights["bias_hh"])

    def _initial_state(self, batch: int, like: Tensor) -> tuple[Tensor, ...]:
        zeros = like.new_zeros(batch, self.hidden_size)
        return zeros, zeros

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}, num_layers={self.num_layers}, batch_first=True"


class PeepholeLSTM(_StepCell):
    """LSTM whose gates also read the cell state (Gers & Schmidhuber 2000).

    ``i = σ(W_i x + U_i h + p_i ⊙ c_{t−1} + b_i)``, ``f = σ(W_f x + U_f h + p_f ⊙ c_{t−1} + b_f)``,
    ``g = tanh(W_g x + U_g h + b_g)``, ``c_t = f ⊙ c_{t−1} + i ⊙ g``,
    ``o = σ(W_o x + U_o h + p_o ⊙ c_t + b_o)``, ``h_t = o ⊙ tanh(c_t)``.
    Gate order i, f, g, o as in ``nn.LSTM``; the peepholes are diagonal: ``weight_ci``,
    ``weight_cf``, ``weight_co`` ``[hidden]`` per layer.
    """

    kind = "lstm_peephole"
    field_names = ("i", "f", "g", "o", "c", "h")
    layer_parameter_names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_ci", "weight_cf", "weight_co")

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0,
                 forget_bias: float | None = None) -> None:
        super().__init__(input_size, hidden_size, num_layers, dropout)
        if forget_bias is not None:
            init_forget_bias(self, forget_bias)

    def _layer_shapes(self, layer_input_size: int) -> dict[str, tuple[int, ...]]:
        peepholes = {name: (self.hidden_size,) for name in ("weight_ci", "weight_cf", "weight_co")}
        return super()._layer_shapes(layer_input_size) | peepholes

    def _step(self, layer: int, projected: Tensor, state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        hidden, cell = state
        w = self.layer_weights(layer)
        gates = torch.addmm(projected, hidden, w["weight_hh"].t())
        i, f, g, o = gates.chunk(4, dim=1)
        i = torch.sigmoid(i + w["weight_ci"] * cell)
        f = torch.sigmoid(f + w["weight_cf"] * cell)
        g = torch.tanh(g)
        cell = f * cell + i * g
        o = torch.sigmoid(o + w["weight_co"] * cell)
        hidden = o * torch.tanh(cell)
        return (hidden, cell), {"i": i, "f": f, "g": g, "o": o, "c": cell, "h": hidden}


class NoForgetLSTM(_StepCell):
    """The original LSTM (Hochreiter & Schmidhuber 1997), which has no forget gate: ``c_t = c_{t−1} + i ⊙ g``.

    ``i = σ(W_i x + U_i h + b_i)``, ``g = tanh(W_g x + U_g h + b_g)``, ``o = σ(W_o x + U_o h + b_o)``,
    ``h_t = o ⊙ tanh(c_t)``. Three gates, in the order i, g, o (``weight_ih_l0`` is ``[3H, input]``).
    The cell state can only accumulate: nothing ever erases it.
    """

    kind = "lstm_no_forget"
    field_names = ("i", "g", "o", "c", "h")
    gates = 3

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0,
                 forget_bias: float | None = None) -> None:
        super().__init__(input_size, hidden_size, num_layers, dropout)

    def _step(self, layer: int, projected: Tensor, state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        hidden, cell = state
        gates = torch.addmm(projected, hidden, getattr(self, f"weight_hh_l{layer}").t())
        i, g, o = gates.chunk(3, dim=1)
        i, g, o = torch.sigmoid(i), torch.tanh(g), torch.sigmoid(o)
        cell = cell + i * g
        hidden = o * torch.tanh(cell)
        return (hidden, cell), {"i": i, "g": g, "o": o, "c": cell, "h": hidden}
