"""The recurrent modules inside a user's model, and their gates on the current weights.

:func:`find_recurrent` walks ``model.named_modules()`` for ``nn.LSTM``, ``nn.GRU`` and ``nn.RNN``
(and LSTM Studio's own cells). :func:`probe_pass` runs the probe through the *whole* model once,
in eval mode and without gradients, with a pre-hook on each recurrent module that records the
input it really receives (after embeddings, convolutions, whatever comes first) and a hook that
records its own output. :func:`trace_module` then replays that input through LSTM Studio's
step-by-step equations *on the module's own parameters*: a twin cell built on the ``meta`` device
(no memory) whose parameters are the user's ``nn.Parameter`` objects themselves, so nothing is
copied and the gates belong to exactly the weights that produced the module's output.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import Tensor, nn

from ..cells import TracedCell, make_cell


@dataclass
class Recurrent:
    """One recurrent module of the user's model and whether (and why not) it can be traced."""

    name: str
    module: nn.Module
    cell: str
    problem: str = ""
    _twin: Any = field(default=None, repr=False)

    def describe(self) -> dict[str, Any]:
        module = self.module
        return {"name": self.name, "cell": self.cell, "type": type(module).__name__,
                "input_size": int(getattr(module, "input_size", 0)),
                "hidden_size": int(getattr(module, "hidden_size", 0)),
                "num_layers": int(getattr(module, "num_layers", 1)),
                "batch_first": bool(getattr(module, "batch_first", False)), "traced": not self.problem,
                "problem": self.problem}


def find_recurrent(model: nn.Module) -> list[Recurrent]:
    """Every ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` (or LSTM Studio cell) in ``model``, outermost first.

    A module inside another recurrent module (a cell's own submodules) is not listed twice.
    """
    found: list[Recurrent] = []
    for name, module in model.named_modules():
        if any(name.startswith(f"{outer.name}.") for outer in found if outer.name):
            continue
        kind = _kind(module)
        if kind is not None:
            found.append(Recurrent(name or type(module).__name__, module, kind, _problem(module, kind)))
    return found


def _kind(module: nn.Module) -> str | None:
    if isinstance(module, TracedCell):
        return module.kind
    if isinstance(module, nn.LSTM):
        return "lstm"
    if isinstance(module, nn.GRU):
        return "gru"
    if isinstance(module, nn.RNN):
        return "rnn"
    return None


def _problem(module: nn.Module, kind: str) -> str:
    """Why a module's gates cannot be traced with the standard equations (``""`` when they can)."""
    if getattr(module, "bidirectional", False):
        return "bidirectional: only one-directional modules are traced"
    if getattr(module, "proj_size", 0):
        return "an LSTM with proj_size: projections are not traced"
    if kind == "rnn" and getattr(module, "nonlinearity", "tanh") != "tanh":
        return "an nn.RNN with relu: only tanh is traced"
    return ""


# --- one pass of the probe through the whole model -----------------------------------------
@dataclass
class Captured:
    """What one recurrent module received and returned during the probe's forward pass (first call)."""

    x: Tensor
    state: Any
    output: Tensor | None = None


def probe_pass(model: nn.Module, recurrent: list[Recurrent], probe: Any) -> dict[str, Captured]:
    """Run ``probe`` through ``model`` (eval mode, no grad) and capture each module's input and output.

    Every submodule's own train/eval mode is put back afterwards (a frozen BatchNorm stays frozen).
    """
    captured: dict[str, Captured] = {}
    handles = []
    for item in recurrent:
        if not item.problem:
            handles.append(item.module.register_forward_pre_hook(_pre_hook(item.name, captured), with_kwargs=True))
            handles.append(item.module.register_forward_hook(_post_hook(item.name, captured)))
    modes = [(module, module.training) for module in model.modules()]
    try:
        model.eval()
        with torch.no_grad():
            _call(model, _on_device(probe, next(model.parameters(), None)))
    finally:
        for handle in handles:
            handle.remove()
        for module, training in modes:
            module.training = training
    return captured


def _on_device(probe: Any, parameter: Tensor | None) -> Any:
    """The probe's tensors on the model's device (a model moved to the GPU after ``watch`` keeps working)."""
    if parameter is None:
        return probe
    if isinstance(probe, Tensor):
        return probe.to(parameter.device) if probe.device != parameter.device else probe
    if isinstance(probe, dict):
        return {key: _on_device(value, parameter) for key, value in probe.items()}
    if isinstance(probe, (tuple, list)):
        return type(probe)(_on_device(value, parameter) for value in probe)
    return probe


def _call(model: nn.Module, probe: Any) -> Any:
    if isinstance(probe, dict):
        return model(**probe)
    if isinstance(probe, (tuple, list)):
        return model(*probe)
    return model(probe)


def _pre_hook(name: str, captured: dict[str, Captured]) -> Callable:
    def hook(module: nn.Module, args: tuple, kwargs: dict) -> None:
        if name in captured:
            return  # a module called twice (shared weights, chunks): the first call is traced
        x = args[0] if args else kwargs.get("input")
        state = args[1] if len(args) > 1 else kwargs.get("hx")
        captured[name] = Captured(x, state)
    return hook


def _post_hook(name: str, captured: dict[str, Captured]) -> Callable:
    def hook(module: nn.Module, args: tuple, output: Any) -> None:
        entry = captured.get(name)
        if entry is not None and entry.output is None:
            entry.output = output[0] if isinstance(output, tuple) else output
    return hook


# --- the step-by-step replay on the module's own parameters -------------------------------
def trace_module(item: Recurrent, captured: Captured) -> tuple[dict[str, Tensor], Tensor, Tensor | None]:
    """``({field: [layers, batch, T, H]}, inputs [batch, T, F], own output [batch, T, H] or None)``.

    Raises ``ValueError`` (one line) for inputs the trace path cannot replay (packed sequences).
    """
    module, x = item.module, captured.x
    if not isinstance(x, Tensor):
        raise ValueError(f"{item.name} received a {type(x).__name__} (packed sequences are not traced)")
    batch_first = getattr(module, "batch_first", False)
    unbatched = x.dim() == 2
    x = x.unsqueeze(0) if unbatched else (x if batch_first else x.transpose(0, 1))
    cell = module if isinstance(module, TracedCell) else _twin(item)
    initial = _initial_state(item.cell, captured.state, unbatched, cell.num_layers)
    per_layer = cell.unroll(x, initial=initial)
    fields = {name: torch.stack([torch.stack(layer[name], dim=1) for layer in per_layer])
              for name in cell.field_names}
    return fields, x, _batch_first_output(captured.output, batch_first, unbatched)


def _batch_first_output(output: Any, batch_first: bool, unbatched: bool) -> Tensor | None:
    if not isinstance(output, Tensor):
        return None
    if unbatched:
        return output.unsqueeze(0)
    return output if batch_first else output.transpose(0, 1)


def _initial_state(kind: str, state: Any, unbatched: bool, layers: int) -> list[tuple[Tensor, ...]] | None:
    """The module's ``hx`` as :meth:`TracedCell.unroll` takes it: one ``(h, c)`` or ``(h,)`` per layer."""
    if state is None:
        return None
    parts = tuple(state) if isinstance(state, (tuple, list)) else (state,)
    if unbatched:
        parts = tuple(part.unsqueeze(1) for part in parts)
    return [tuple(part[layer] for part in parts) for layer in range(layers)]


def _twin(item: Recurrent) -> TracedCell:
    """LSTM Studio's cell of the same shape, holding the user's parameters (re-bound at every trace)."""
    module = item.module
    if item._twin is None:
        with torch.device("meta"):
            item._twin = make_cell(item.cell, module.input_size, module.hidden_size, module.num_layers)
    twin = item._twin
    reference = module.weight_ih_l0
    for name in list(twin._parameters):
        value = getattr(module, name, None)
        if value is None:  # bias=False: the equations add zeros
            rows = twin._parameters[name].shape[0]
            value = nn.Parameter(torch.zeros(rows, device=reference.device, dtype=reference.dtype),
                                 requires_grad=False)
        setattr(twin, name, value)
    return twin
