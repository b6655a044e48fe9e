"""The GRU: ``nn.GRU`` as the fast path, plus its reset and update gates step by step."""
from __future__ import annotations

import torch
from torch import Tensor, nn

from ._base import StepValues, TracedCell


class GateGRU(TracedCell, nn.GRU):
    """A batch-first ``nn.GRU`` with a step-by-step trace path (PyTorch's equations, gate order r, z, n).

    ``r = σ(W_ir x + b_ir + W_hr h + b_hr)``, ``z = σ(W_iz x + b_iz + W_hz h + b_hz)``,
    ``n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))``, ``h' = (1 − z) ⊙ n + z ⊙ h``.
    """

    kind = "gru"
    field_names = ("r", "z", "n", "h")

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0,
                 forget_bias: float | None = None) -> None:
        super().__init__(input_size, hidden_size, num_layers=num_layers, bias=True,
                         batch_first=True, dropout=dropout if num_layers > 1 else 0.0)

    def _project(self, layer: int, layer_input: Tensor) -> Tensor:
        weights = self.layer_weights(layer)
        return torch.nn.functional.linear(layer_input, weights["weight_ih"], weights["bias_ih"])

    def _initial_state(self, batch: int, like: Tensor) -> tuple[Tensor, ...]:
        return (like.new_zeros(batch, self.hidden_size),)

    def _step(self, weights: dict[str, Tensor], projected: Tensor,
              state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        (hidden,) = state
        recurrent = torch.addmm(weights["bias_hh"], hidden, weights["weight_hh"].t())
        input_r, input_z, input_n = projected.chunk(3, dim=1)
        hidden_r, hidden_z, hidden_n = recurrent.chunk(3, dim=1)
        r = torch.sigmoid(input_r + hidden_r)
        z = torch.sigmoid(input_z + hidden_z)
        n = torch.tanh(input_n + r * hidden_n)
        hidden = (1 - z) * n + z * hidden
        return (hidden,), {"r": r, "z": z, "n": n, "h": hidden}
