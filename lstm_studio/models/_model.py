"""A recurrent model: optional embedding → cell → linear head, with a trace path that keeps every gate."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn
from torch.utils.hooks import RemovableHandle

from ..cells import Trace, TracedCell, make_cell
from ._config import ModelConfig

TraceHook = Callable[[Trace], None]


class SequenceModel(nn.Module):
    """A cell over a sequence plus a linear head, as :class:`ModelConfig` describes.

    ``state_dict`` keys are plain PyTorch names under the cell's kind — ``lstm.weight_ih_l0``,
    ``gru.weight_hh_l1``, ``rnn.bias_ih_l0`` — plus ``head.weight``, ``head.bias`` and, for
    token inputs, ``embedding.weight``.
    """

    def __init__(self, config: ModelConfig | None = None) -> None:
        super().__init__()
        self.config = config or ModelConfig()
        c = self.config
        if c.vocab_size:
            self.embedding = nn.Embedding(c.vocab_size, c.input_size)
        self.add_module(c.cell, make_cell(c.cell, c.input_size, c.hidden_size, c.num_layers, c.dropout,
                                          c.forget_bias))
        if c.head != "none":
            self.head = nn.Linear(c.hidden_size, c.output_size)
        self._trace_hooks: OrderedDict[int, TraceHook] = OrderedDict()

    @property
    def cell(self) -> TracedCell:
        """The recurrent cell (also reachable under its kind: ``model.lstm``, ``model.gru`` ...)."""
        return self._modules[self.config.cell]  # type: ignore[return-value]

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    # --- the fast path -------------------------------------------------------------------
    def embed(self, x: Tensor) -> Tensor:
        """The cell's input ``[batch, T, input_size]``: token ids embedded, features as they are."""
        return self.embedding(x) if self.config.vocab_size else x

    def forward(self, x: Tensor) -> Tensor:
        """Head outputs (logits or values): ``[batch, outputs]`` for a ``"last"`` head, ``[batch, T, outputs]``
        for ``"every"``; the last layer's ``h`` (``[batch, T, H]``) when there is no head."""
        return self.forward_with_state(x)[0]

    def forward_with_state(self, x: Tensor, state: Any = None) -> tuple[Tensor, Any]:
        """Like :meth:`forward`, also taking and returning the cell's state (truncated BPTT)."""
        output, state = self.cell(self.embed(x), state)
        return self.apply_head(output), state

    def apply_head(self, hidden: Tensor) -> Tensor:
        """The head on the last layer's ``h`` ``[batch, T, H]``, as the configured head reads it."""
        head = self.config.head
        if head == "none":
            return hidden
        return self.head(hidden[:, -1] if head == "last" else hidden)

    def activate(self, outputs: Tensor) -> Tensor:
        """Head outputs as the config reads them: probabilities (softmax/sigmoid) or the values themselves."""
        activation = self.config.head_activation if self.config.head != "none" else "linear"
        if activation == "softmax":
            return torch.softmax(outputs, dim=-1)
        return torch.sigmoid(outputs) if activation == "sigmoid" else outputs

    @torch.no_grad()
    def predict_proba(self, x: Tensor) -> Tensor:
        """Activated outputs through the fast path, in eval mode."""
        was_training = self.training
        self.eval()
        try:
            return self.activate(self(x))
        finally:
            self.train(was_training)

    # --- the trace path ------------------------------------------------------------------
    @torch.no_grad()
    def trace(self, x: Tensor, notify: bool = True) -> Trace:
        """Run the step-by-step path on ``x`` and return an immutable :class:`Trace`.

        ``outputs`` holds the head applied to the last layer's ``h_t`` at every step
        (activated), so one sees how the answer forms. Registered trace hooks receive the
        trace unless ``notify`` is false.
        """
        inputs = self.embed(x)
        tensors = self.cell.trace_tensors(inputs)
        outputs = None
        if self.config.head != "none":
            outputs = _to_numpy(self.activate(self.head(tensors["h"][-1])))
        trace = Trace(self.config.cell, {name: _to_numpy(value) for name, value in tensors.items()},
                      outputs, self.config.output_kind, _to_numpy(inputs),
                      _to_numpy(x, np.int64) if self.config.vocab_size else None)
        if notify:
            for hook in list(self._trace_hooks.values()):
                hook(trace)
        return trace

    def register_trace_hook(self, hook: TraceHook) -> RemovableHandle:
        """Call ``hook(trace)`` with every trace :meth:`trace` produces; ``handle.remove()`` unsubscribes."""
        handle = RemovableHandle(self._trace_hooks)
        self._trace_hooks[handle.id] = hook
        return handle

    # --- weights -------------------------------------------------------------------------
    def weights_copy(self) -> dict[str, np.ndarray]:
        """Read-only NumPy copies of the ``state_dict``: safe to hand to another thread."""
        return weights_to_numpy(self.state_dict())


def weights_to_numpy(state_dict: Mapping[str, Tensor]) -> dict[str, np.ndarray]:
    """Read-only NumPy copies of tensors (on the CPU), by name. The one place weights leave torch."""
    copies = {}
    for name, tensor in state_dict.items():
        array = tensor.detach().to("cpu").numpy().copy()
        array.setflags(write=False)
        copies[name] = array
    return copies


def model_from_weights(config: ModelConfig, weights: Mapping[str, Any], device: str | torch.device = "cpu") -> SequenceModel:
    """A model of ``config`` in eval mode holding ``weights`` (NumPy arrays or tensors, by ``state_dict`` name)."""
    model = SequenceModel(config)
    model.load_state_dict({name: value if isinstance(value, Tensor) else torch.from_numpy(np.array(value))
                           for name, value in weights.items()})
    return model.to(device).eval()


def copy_model(model: SequenceModel) -> SequenceModel:
    """A private copy of ``model`` (CPU, eval mode) that a worker thread may use while the GUI keeps the original."""
    return model_from_weights(model.config, {k: v.detach().cpu().clone() for k, v in model.state_dict().items()})


def _to_numpy(tensor: Tensor, dtype: Any = np.float32) -> np.ndarray:
    return tensor.detach().to("cpu").numpy().astype(dtype, copy=True)
