"""The plain (Elman) RNN: ``nn.RNN`` with tanh as the fast path, and its hidden state step by step."""
from __future__ import annotations

import torch
from torch import Tensor, nn

from ._base import StepValues, TracedCell


class GateRNN(TracedCell, nn.RNN):
    """A batch-first tanh ``nn.RNN``: ``h' = tanh(W_ih x + b_ih + W_hh h + b_hh)``. It has no gates."""

    kind = "rnn"
    field_names = ("h",)

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0,
                 forget_bias: float | None = None) -> None:
        super().__init__(input_size, hidden_size, num_layers=num_layers, nonlinearity="tanh", bias=True,
                         batch_first=True, dropout=dropout if num_layers > 1 else 0.0)

    def _project(self, layer: int, layer_input: Tensor) -> Tensor:
        weights = self.layer_weights(layer)
        return torch.nn.functional.linear(layer_input, weights["weight_ih"], weights["bias_ih"] + weights["bias_hh"])

    def _initial_state(self, batch: int, like: Tensor) -> tuple[Tensor, ...]:
        return (like.new_zeros(batch, self.hidden_size),)

    def _step(self, weights: dict[str, Tensor], projected: Tensor,
              state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        (hidden,) = state
        hidden = torch.tanh(torch.addmm(projected, hidden, weights["weight_hh"].t()))
        return (hidden,), {"h": hidden}
