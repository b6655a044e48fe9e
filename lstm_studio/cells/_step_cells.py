"""LSTM variants PyTorch has no fused kernel for: peepholes (2000) and the original cell with no forget gate (1997).

Each cell's equations are written once, in ``_step``. The trace path runs it step by step;
the training fast path (:class:`~._bptt.StepLoop`) runs the same ``_step`` without autograd and
back-propagates through time by hand with ``_step_derivatives``, the partial derivatives of
``_step``'s equations. ``bench/bench_cells.py`` reports its training throughput against fused
``nn.LSTM`` and against autograd through the loop.
"""
from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from ._base import StepValues, TracedCell, init_forget_bias
from ._bptt import StepDerivatives, StepLoop, through_sigmoid, through_tanh


class _StepCell(TracedCell, nn.Module):
    """Parameters named as in ``nn.LSTM`` (``weight_ih_l0`` ...), a batch-first forward by steps."""

    gates: int = 4
    #: Recurrent parameters besides ``weight_hh`` (peepholes), by name without ``_l{layer}``.
    recurrent_extras: tuple[str, ...] = ()

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
        With autograd on, each layer is one :class:`StepLoop` (hand-written BPTT); without, a
        plain loop that keeps only ``h``.
        """
        dropout = self.training and self.dropout > 0
        layer_input = x.transpose(0, 1)  # time-major: every step's slice is contiguous
        last_h, last_c = [], []
        for layer in range(self.num_layers):
            if layer > 0 and dropout:
                layer_input = nn.functional.dropout(layer_input, self.dropout, True)
            projected = self._project(layer, layer_input)
            state = self._initial_state(x.shape[0], x) if hx is None else (hx[0][layer], hx[1][layer])
            if torch.is_grad_enabled():
                hidden, cell = StepLoop.apply(self, layer, projected, *state, *self._recurrent_weights(layer))
            else:
                kept, (_, cell) = self._run_steps(layer, projected, state, ("h",))
                hidden = torch.stack(kept["h"])
            last_h.append(hidden[-1])
            last_c.append(cell)
            layer_input = hidden
        return layer_input.transpose(0, 1), (torch.stack(last_h), torch.stack(last_c))

    def _recurrent_weights(self, layer: int) -> list[Tensor]:
        """``weight_hh`` and the :attr:`recurrent_extras` of one layer, as :class:`StepLoop` takes them."""
        return [getattr(self, f"{name}_l{layer}") for name in ("weight_hh", *self.recurrent_extras)]

    def _step_derivatives(self, weights: dict[str, Tensor], fields: dict[str, Tensor],
                          previous_c: Tensor) -> StepDerivatives:
        """The partial derivatives of :meth:`_step` at a chunk of steps (``fields`` stacked ``[steps, batch, H]``)."""
        raise NotImplementedError

    def _extra_gradients(self, delta: Tensor, fields: dict[str, Tensor], previous_c: Tensor) -> tuple[Tensor, ...]:
        """The gradients of the :attr:`recurrent_extras` from a chunk of steps' δ ``[steps, batch, gates, H]``."""
        return ()

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
    recurrent_extras = ("weight_ci", "weight_cf", "weight_co")

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0,
                 forget_bias: float | None = None) -> None:
        super().__init__(input_size, hidden_size, num_layers, dropout)
        if forget_bias is not None:
            init_forget_bias(self, forget_bias)

    def _layer_shapes(self, layer_input_size: int) -> dict[str, tuple[int, ...]]:
        peepholes = {name: (self.hidden_size,) for name in ("weight_ci", "weight_cf", "weight_co")}
        return super()._layer_shapes(layer_input_size) | peepholes

    def _step(self, weights: dict[str, Tensor], projected: Tensor,
              state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        hidden, cell = state
        gates = torch.addmm(projected, hidden, weights["weight_hh"].t())
        i, f, g, o = gates.chunk(4, dim=1)
        i = torch.sigmoid(torch.addcmul(i, weights["weight_ci"], cell))
        f = torch.sigmoid(torch.addcmul(f, weights["weight_cf"], cell))
        g = torch.tanh(g)
        cell = torch.addcmul(f * cell, i, g)
        o = torch.sigmoid(torch.addcmul(o, weights["weight_co"], cell))
        hidden = o * torch.tanh(cell)
        return (hidden, cell), {"i": i, "f": f, "g": g, "o": o, "c": cell, "h": hidden}

    def _step_derivatives(self, weights: dict[str, Tensor], fields: dict[str, Tensor],
                          previous_c: Tensor) -> StepDerivatives:
        """∂ of :meth:`_step`, with the peepholes' paths through c."""
        i, f, g, o, c = (fields[name] for name in "ifgoc")
        c_by_gates = i.new_empty(*i.shape[:2], 3, i.shape[2])
        c_by_zi = through_sigmoid(g, i, out=c_by_gates[:, :, 0])            # c = f c₋ + i g
        c_by_zf = through_sigmoid(previous_c, f, out=c_by_gates[:, :, 1])
        through_tanh(i, g, out=c_by_gates[:, :, 2])
        tanh_c = torch.tanh(c)
        h_by_zo = through_sigmoid(tanh_c, o)                                # h = o tanh(c)
        h_by_c = torch.addcmul(through_tanh(o, tanh_c), h_by_zo, weights["weight_co"])  # o reads c_t
        c_by_previous_c = torch.addcmul(torch.addcmul(f, c_by_zi, weights["weight_ci"]), c_by_zf, weights["weight_cf"])
        return StepDerivatives(c_by_gates, h_by_zo, h_by_c, c_by_previous_c)

    def _extra_gradients(self, delta: Tensor, fields: dict[str, Tensor], previous_c: Tensor) -> tuple[Tensor, ...]:
        """Peepholes add ``p_i ⊙ c_{t−1}``, ``p_f ⊙ c_{t−1}``, ``p_o ⊙ c_t`` to the gates' pre-activations."""
        input_and_forget = (delta[:, :, :2] * previous_c.unsqueeze(2)).sum((0, 1))
        return input_and_forget[0], input_and_forget[1], (delta[:, :, 3] * fields["c"]).sum((0, 1))


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

    def _step(self, weights: dict[str, Tensor], projected: Tensor,
              state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        hidden, cell = state
        gates = torch.addmm(projected, hidden, weights["weight_hh"].t())
        i, g, o = gates.chunk(3, dim=1)
        i, g, o = torch.sigmoid(i), torch.tanh(g), torch.sigmoid(o)
        cell = torch.addcmul(cell, i, g)
        hidden = o * torch.tanh(cell)
        return (hidden, cell), {"i": i, "g": g, "o": o, "c": cell, "h": hidden}

    def _step_derivatives(self, weights: dict[str, Tensor], fields: dict[str, Tensor],
                          previous_c: Tensor) -> StepDerivatives:
        """∂ of :meth:`_step`; ∂c_t/∂c_{t−1} = 1 (nothing erases c)."""
        i, g, o, c = (fields[name] for name in "igoc")
        c_by_gates = i.new_empty(*i.shape[:2], 2, i.shape[2])
        through_sigmoid(g, i, out=c_by_gates[:, :, 0])       # c = c₋ + i g
        through_tanh(i, g, out=c_by_gates[:, :, 1])
        tanh_c = torch.tanh(c)
        return StepDerivatives(c_by_gates, through_sigmoid(tanh_c, o), through_tanh(o, tanh_c), None)
