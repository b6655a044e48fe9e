"""The LSTM: ``nn.LSTM`` itself as the fast path, plus its gates step by step."""
from __future__ import annotations

import torch
from torch import Tensor, nn

from ._base import StepValues, TracedCell, init_forget_bias


class GateLSTM(TracedCell, nn.LSTM):
    """A batch-first ``nn.LSTM`` with a step-by-step trace path.

    Parameters keep ``nn.LSTM``'s names and shapes (``weight_ih_l0``, ``weight_hh_l0``,
    ``bias_ih_l0``, ``bias_hh_l0``, ...; gate order i, f, g, o), so a ``state_dict``
    moves to and from a plain ``nn.LSTM`` unchanged. The fast path *is* ``nn.LSTM.forward``
    (fused; cuDNN on CUDA).
    """

    kind = "lstm"
    field_names = ("i", "f", "g", "o", "c", "h")

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0,
                 forget_bias: float | None = None) -> None:
        super().__init__(input_size, hidden_size, num_layers=num_layers, bias=True,
                         batch_first=True, dropout=dropout if num_layers > 1 else 0.0)
        if forget_bias is not None:
            init_forget_bias(self, forget_bias)

    def _project(self, layer: int, layer_input: Tensor) -> Tensor:
        weights = self.layer_weights(layer)
        return torch.nn.functional.linear(layer_input, weights["weight_ih"], weights["bias_ih"] + weights["bias_hh"])

    def _initial_state(self, batch: int, like: Tensor) -> tuple[Tensor, ...]:
        zeros = like.new_zeros(batch, self.hidden_size)
        return zeros, zeros

    def _step(self, weights: dict[str, Tensor], projected: Tensor,
              state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        hidden, cell = state
        gates = torch.addmm(projected, hidden, weights["weight_hh"].t())
        i, f, g, o = gates.chunk(4, dim=1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        cell = f * cell + i * g
        hidden = o * torch.tanh(cell)
        return (hidden, cell), {"i": i, "f": f, "g": g, "o": o, "c": cell, "h": hidden}
