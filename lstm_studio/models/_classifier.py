"""The digit classifier: an LSTM reads a 28x28 image as 28 timesteps of 28 pixels."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from ..cells._lstm import GateLSTM
from ..cells._trace import GateTrace


@dataclass(frozen=True)
class ModelConfig:
    """Shape of a classifier. These keys are what a checkpoint's ``config`` holds."""

    input_size: int = 28
    hidden_size: int = 128
    num_layers: int = 2
    num_classes: int = 10
    dropout: float = 0.2

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ModelConfig:
        """Build from a checkpoint's ``config``; unknown keys are ignored, missing ones defaulted."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


class LSTMClassifier(nn.Module):
    """LSTM over image rows plus a linear head on the last layer's final ``h``.

    ``state_dict`` keys are ``lstm.<nn.LSTM name>``, ``head.weight`` and ``head.bias``.
    """

    def __init__(self, config: ModelConfig | None = None) -> None:
        super().__init__()
        self.config = config or ModelConfig()
        c = self.config
        self.lstm = GateLSTM(c.input_size, c.hidden_size, c.num_layers, dropout=c.dropout)
        self.head = nn.Linear(c.hidden_size, c.num_classes)

    def forward(self, x: Tensor) -> Tensor:
        """Logits ``[batch, classes]`` for ``x`` of shape ``[batch, T, input]`` (values 0..1)."""
        output, _ = self.lstm(x)
        return self.head(output[:, -1])

    @torch.no_grad()
    def predict_proba(self, x: Tensor) -> Tensor:
        """Class probabilities through the fast path, in eval mode."""
        was_training = self.training
        self.eval()
        try:
            return torch.softmax(self(x), dim=-1)
        finally:
            self.train(was_training)

    @torch.no_grad()
    def trace(self, x: Tensor, notify: bool = True) -> GateTrace:
        """Run the trace path on ``x`` and return an immutable :class:`GateTrace`.

        Registered trace hooks receive the trace unless ``notify`` is false.
        """
        tensors = self.lstm.trace(x)
        probs = torch.softmax(self.head(tensors.hidden_state[-1]), dim=-1)
        trace = GateTrace(
            input_gate=_to_numpy(tensors.input_gate), forget_gate=_to_numpy(tensors.forget_gate),
            candidate=_to_numpy(tensors.candidate), output_gate=_to_numpy(tensors.output_gate),
            cell_state=_to_numpy(tensors.cell_state), hidden_state=_to_numpy(tensors.hidden_state),
            probs_per_step=_to_numpy(probs), inputs=_to_numpy(x),
        )
        if notify:
            self.lstm._emit_trace(trace)
        return trace

    def register_trace_hook(self, hook) -> Any:  # noqa: ANN001 - see GateLSTM
        """Subscribe ``hook(trace: GateTrace)``; returns a handle with ``remove()``."""
        return self.lstm.register_trace_hook(hook)

    @property
    def device(self) -> torch.device:
        return self.head.weight.device


def _to_numpy(tensor: Tensor) -> np.ndarray:
    return tensor.detach().to("cpu", torch.float32).numpy().copy()
