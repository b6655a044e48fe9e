"""What every recurrent cell shares: the step-by-step path that keeps every gate.

A cell defines, per layer, how the input is projected for all steps at once (it does not
depend on the recurrence, so it is one matrix product) and one step of the recurrence.
:meth:`TracedCell.unroll` runs those steps over all layers, with or without autograd; the
trace path and the gradient-through-time analyses are both built on it, so each cell's
equations are written exactly once.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, ClassVar

import torch
from torch import Tensor

#: Per layer: field name -> the per-step tensors ``[batch, hidden]``, ``T`` of them.
Unrolled = list[dict[str, list[Tensor]]]
StepValues = dict[str, Tensor]


class TracedCell:
    """Mixin for recurrent modules with ``nn.LSTM``-style attributes and per-layer parameters.

    Subclasses set :attr:`kind` and :attr:`field_names` and implement :meth:`_project`,
    :meth:`_initial_state` and :meth:`_step`.
    """

    kind: ClassVar[str]
    field_names: ClassVar[tuple[str, ...]]
    #: Parameter names per layer, ``{name}_l{layer}`` (nn.LSTM's convention).
    layer_parameter_names: ClassVar[tuple[str, ...]] = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    input_size: int
    hidden_size: int
    num_layers: int

    def layer_weights(self, layer: int) -> dict[str, Tensor]:
        """The parameters of one layer by their names without the ``_l{layer}`` suffix."""
        return {name: getattr(self, f"{name}_l{layer}") for name in self.layer_parameter_names}

    # --- to be defined by each cell -------------------------------------------------------
    def _project(self, layer: int, layer_input: Tensor) -> Tensor:
        """``[batch, T, k·H]``: the input's share of the pre-activations, biases included."""
        raise NotImplementedError

    def _initial_state(self, batch: int, like: Tensor) -> tuple[Tensor, ...]:
        raise NotImplementedError

    def _step(self, weights: dict[str, Tensor], projected: Tensor,
              state: tuple[Tensor, ...]) -> tuple[tuple[Tensor, ...], StepValues]:
        """One timestep: ``(new state, {field: [batch, H]})``; the first state entry is ``h``.

        ``weights`` is :meth:`layer_weights` of the layer (looked up once per layer, not per step).
        """
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------------------
    def unroll(self, x: Tensor, grad: bool = False,
               between_layers: Callable[[Tensor], Tensor] | None = None,
               initial: list[tuple[Tensor, ...]] | None = None) -> Unrolled:
        """Run ``x`` (``[batch, T, input]``) one step at a time over every layer.

        With ``grad`` the steps are recorded by autograd, so every ``h_t`` is a node whose
        gradient is the total derivative through all later steps. ``between_layers`` (e.g.
        dropout while training) is applied to each layer's output, time-major ``[T, batch, H]``,
        before the next layer. ``initial`` gives each layer's starting state (default: zeros).
        """
        context = contextlib.nullcontext() if grad else torch.no_grad()
        per_layer: Unrolled = []
        with context:
            layer_input = x.transpose(0, 1)  # time-major: every step's slice is contiguous
            for layer in range(self.num_layers):
                state = self._initial_state(x.shape[0], x) if initial is None else initial[layer]
                values, _ = self._run_steps(layer, self._project(layer, layer_input), state, self.field_names)
                per_layer.append(values)
                layer_input = torch.stack(values["h"])
                if between_layers is not None and layer < self.num_layers - 1:
                    layer_input = between_layers(layer_input)
        return per_layer

    def _run_steps(self, layer: int, projected: Tensor, state: tuple[Tensor, ...],
                   fields: tuple[str, ...]) -> tuple[dict[str, list[Tensor]], tuple[Tensor, ...]]:
        """The step loop over a time-major projection ``[T, batch, k·H]``: ``fields`` per step, and the last state."""
        weights = self.layer_weights(layer)
        kept: dict[str, list[Tensor]] = {name: [] for name in fields}
        step = self._step
        # unbind: one autograd node for all steps. Indexing ``projected[:, t]`` per step made
        # autograd build a full-size zero gradient for every step (O(T²) memory traffic), which
        # was half the time of a training step through this loop.
        for projected_t in projected.unbind(0):
            state, values = step(weights, projected_t, state)
            for name, steps in kept.items():
                steps.append(values[name])
        return kept, state

    @torch.no_grad()
    def trace_tensors(self, x: Tensor) -> dict[str, Tensor]:
        """Every field, stacked to ``[layers, batch, T, hidden]``, still on the device.

        Dropout between layers is not applied: a trace shows the network as it infers, and its
        ``h`` equals the fast path's in eval mode to float precision.
        """
        per_layer = self.unroll(x)
        return {name: torch.stack([torch.stack(layer[name], dim=1) for layer in per_layer])
                for name in self.field_names}


def gate_count(kind: str) -> int:
    """How many gate blocks a cell kind stacks in ``weight_ih``: 4 (LSTM), 3 (GRU, no-forget LSTM), 1 (RNN)."""
    return {"lstm": 4, "lstm_peephole": 4, "gru": 3, "lstm_no_forget": 3, "rnn": 1}[kind]


def parameter_shapes(kind: str, input_size: int, hidden_size: int, num_layers: int) -> dict[str, tuple[int, ...]]:
    """Every parameter's name and shape for a cell, computed without allocating anything.

    A checkpoint's config is checked against these before a model is built, so a file that
    claims ``hidden_size: 30000`` but holds small tensors is refused at once.
    """
    rows = gate_count(kind) * hidden_size
    shapes: dict[str, tuple[int, ...]] = {}
    for layer in range(num_layers):
        shapes[f"weight_ih_l{layer}"] = (rows, input_size if layer == 0 else hidden_size)
        shapes[f"weight_hh_l{layer}"] = (rows, hidden_size)
        shapes[f"bias_ih_l{layer}"] = (rows,)
        shapes[f"bias_hh_l{layer}"] = (rows,)
        if kind == "lstm_peephole":
            for name in ("weight_ci", "weight_cf", "weight_co"):
                shapes[f"{name}_l{layer}"] = (hidden_size,)
    return shapes


def init_forget_bias(cell: Any, value: float, gate_index: int = 1) -> None:
    """Set the forget gate's bias to ``value`` in every layer (``bias_ih``; ``bias_hh`` to 0).

    Gers, Schmidhuber & Cummins (2000) and Jozefowicz et al. (2015) start it at 1, so the cell
    keeps its state until it learns to erase it.
    """
    size = cell.hidden_size
    part = slice(gate_index * size, (gate_index + 1) * size)
    with torch.no_grad():
        for layer in range(cell.num_layers):
            getattr(cell, f"bias_ih_l{layer}")[part] = value
            getattr(cell, f"bias_hh_l{layer}")[part] = 0.0
