"""ONNX graphs of ``LSTM`` / ``GRU`` / ``RNN`` nodes with an optional dense head.

Exporters name weights anonymously (``onnx::LSTM_223``), so nothing is found by name: the
importer walks the graph from its input through the nodes that carry the sequence, layer by
layer, then through the head, following the axes (time, batch, direction, features) as
Transpose/Squeeze/Reshape move them. ONNX stacks LSTM gates as i, o, f, c and GRU gates as
z, r, h; ``B`` holds the input biases then the recurrent biases.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._gates import ONNX_ORDER, TORCH_ORDER, reorder_rows
from ._onnx_graph import SIZE_ONE, Graph, attribute, axes_of
from ._result import GATES, ImportedModel, ModelImportError, finish, make_config

MAX_ONNX_BYTES = 2 << 30   # protobuf's own limit; larger models keep weights in external files
CELLS = {"LSTM": "lstm", "GRU": "gru", "RNN": "rnn"}
DEFAULT_ACTIVATIONS = {"LSTM": ["sigmoid", "tanh", "tanh"], "GRU": ["sigmoid", "tanh"], "RNN": ["tanh"]}
PASS_THROUGH = {"Identity", "Dropout", "Cast"}
BEFORE_FIRST_LAYER = PASS_THROUGH | {"Transpose"}


@dataclass
class _Walk:
    """The sequence tensor being followed and the meaning of each of its axes."""

    tensor: str
    labels: list[str]
    last_step: bool = False
    layers: list[Any] = field(default_factory=list)


def import_onnx(path: Path) -> ImportedModel:
    """Import an ONNX model: one chain of recurrent nodes, then Gemm or MatMul(+Add), then Softmax/Sigmoid."""
    graph = Graph.build(_load(path), path)
    walk = _Walk(_graph_input(graph), [])
    first = _follow_to_first_layer(graph, walk)
    cell_op = first.op_type
    tensors: dict[str, np.ndarray] = {}
    node: Any = first
    while node is not None:
        _check_node(graph, node, cell_op, len(walk.layers))
        tensors.update(_layer_tensors(graph, node, len(walk.layers), tensors))
        walk.layers.append(node)
        node = _follow_to_next_layer(graph, walk, node)
    head, head_tensors, activation = _follow_head(graph, walk)
    tensors.update(head_tensors)
    cell = CELLS[cell_op]
    weight_ih = tensors[f"{cell}.weight_ih_l0"]
    output_size = head_tensors["head.weight"].shape[0] if head_tensors else 0
    config = make_config(path, cell=cell, input_size=weight_ih.shape[1], hidden_size=weight_ih.shape[0] // GATES[cell],
                         num_layers=len(walk.layers), output_size=output_size, head=head, head_activation=activation,
                         source_format="onnx")
    producer = f"made by {graph.producer}; " if graph.producer else ""
    notes = [f"{producer}{len(walk.layers)} ONNX {cell_op} node(s) followed from the graph input",
             _gate_note(cell_op), f"head: {head} ({activation})"]
    return finish(path, config, tensors, notes)


def _gate_note(op: str) -> str:
    if op == "LSTM":
        return "gates reordered from ONNX i, o, f, c to PyTorch i, f, g, o; B split into input and recurrent biases"
    if op == "GRU":
        return "gates reordered from ONNX z, r, h to PyTorch r, z, n (linear_before_reset=1); B split into two biases"
    return "RNN weights copied (tanh); B split into input and recurrent biases"


def _load(path: Path) -> Any:
    try:
        import onnx
    except ImportError:
        raise ModelImportError(path, "reading ONNX files needs onnx: pip install h5py onnx safetensors (LSTM Studio's dependencies)") from None
    size = path.stat().st_size
    if size > MAX_ONNX_BYTES:
        raise ModelImportError(path, f"ONNX file is {size} bytes, more than protobuf's 2 GiB")
    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as error:  # noqa: BLE001 - protobuf DecodeError and friends
        raise ModelImportError(path, f"not a readable ONNX model ({type(error).__name__})") from None
    if not model.graph.node:
        raise ModelImportError(path, "not an ONNX model (no graph nodes)")
    for tensor in model.graph.initializer:
        if tensor.data_location == onnx.TensorProto.EXTERNAL or tensor.external_data:
            raise ModelImportError(path, f"refused: initializer {tensor.name!r} keeps its data in an external file")
    return model


def _graph_input(graph: Graph) -> str:
    inputs = [i.name for i in graph.proto.input if i.name not in graph.initializers]
    if len(inputs) != 1:
        raise ModelImportError(graph.path, f"graph has {len(inputs)} inputs ({', '.join(inputs[:4])}); "
                                           "only a single sequence input can be imported")
    return inputs[0]


def _single_consumer(graph: Graph, tensor: str) -> tuple[Any, int] | None:
    consumers = graph.data_consumers(tensor)
    if len(consumers) > 1:
        names = ", ".join(f"{n.op_type} {n.name!r}" for n, _ in consumers[:3])
        raise ModelImportError(graph.path, f"tensor {tensor!r} feeds several nodes ({names}): "
                                           "only a single chain can be imported")
    return consumers[0] if consumers else None


def _follow_to_first_layer(graph: Graph, walk: _Walk) -> Any:
    while True:
        found = _single_consumer(graph, walk.tensor)
        if found is None:
            raise ModelImportError(graph.path, "no LSTM, GRU or RNN node reads the graph input")
        node, index = found
        if node.op_type in CELLS and index == 0:
            return node
        if node.op_type not in BEFORE_FIRST_LAYER or index != 0:
            raise ModelImportError(graph.path, f"the input reaches {node.op_type} node {node.name!r} before any "
                                               "recurrent node: not supported")
        walk.tensor = node.output[0]


def _check_node(graph: Graph, node: Any, cell_op: str, index: int) -> None:
    """Refuse what nn.LSTM/GRU/RNN would compute differently."""
    where = f"{node.op_type} node {node.name or index!r}"
    if node.op_type != cell_op:
        raise ModelImportError(graph.path, f"{where} follows a {cell_op}: mixed cell kinds are not supported")
    direction = attribute(node, "direction", "forward")
    if direction != "forward":
        raise ModelImportError(graph.path, f"{where} has direction={direction!r}: only forward is supported")
    activations = [a.lower() for a in attribute(node, "activations", DEFAULT_ACTIVATIONS[cell_op])]
    if activations != DEFAULT_ACTIVATIONS[cell_op]:
        raise ModelImportError(graph.path, f"{where} uses activations {activations}: only the defaults "
                                           f"{DEFAULT_ACTIVATIONS[cell_op]} are supported")
    if attribute(node, "clip") is not None:
        raise ModelImportError(graph.path, f"{where} clips its cell input (clip): not supported")
    if attribute(node, "input_forget", 0):
        raise ModelImportError(graph.path, f"{where} couples input and forget gates (input_forget=1): not supported")
    if cell_op == "GRU" and attribute(node, "linear_before_reset", 0) != 1:
        raise ModelImportError(graph.path, f"{where} has linear_before_reset=0 (reset gate before the recurrent "
                                           "matmul), which nn.GRU cannot express")
    if attribute(node, "layout", 0) not in (0, 1):
        raise ModelImportError(graph.path, f"{where} has an unknown layout {attribute(node, 'layout')}")
    if len(node.input) > 4 and node.input[4]:
        raise ModelImportError(graph.path, f"{where} uses sequence_lens (per-sequence lengths): not supported")
    for slot, what in ((5, "initial_h"), (6, "initial_c")):
        _check_zero_state(graph, node, slot, f"{what} of {where}")
    if cell_op == "LSTM" and len(node.input) > 7 and node.input[7]:
        peepholes = graph.constant(node.input[7], f"peepholes of {where}")
        if np.any(peepholes):
            raise ModelImportError(graph.path, f"{where} has peephole weights: not supported")


_ZERO_PRESERVING = ("Slice", "Gather", "Squeeze", "Unsqueeze", "Reshape", "Identity", "Cast", "Transpose")


def _check_zero_state(graph: Graph, node: Any, slot: int, what: str) -> None:
    """An initial state must be absent or all zeros (as the exporters write them)."""
    if slot >= len(node.input) or not node.input[slot]:
        return
    name = node.input[slot]
    producer = graph.producers.get(name)
    while producer is not None and producer.op_type in _ZERO_PRESERVING:
        # A slice, reshape or cast of zeros is zeros: torch's exporter slices one [layers, batch, H]
        # ConstantOfShape per layer when the batch axis is dynamic.
        name = producer.input[0]
        producer = graph.producers.get(name)
    if producer is not None and producer.op_type in ("Expand", "Tile") and graph.is_constant(producer.input[0]):
        name = producer.input[0]
    elif producer is not None and producer.op_type == "ConstantOfShape":
        value = attribute(producer, "value")
        if value is None or not any(value.raw_data) and not any(value.float_data):
            return
    if graph.is_constant(name):
        if np.any(graph.constant(name, what)):
            raise ModelImportError(graph.path, f"{what} is not zero: a learned initial state is not supported")
        return
    raise ModelImportError(graph.path, f"{what} is computed by the graph or fed as an input: not supported")


def _layer_tensors(graph: Graph, node: Any, index: int, done: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    cell = CELLS[node.op_type]
    where = f"{node.op_type} node {node.name or index!r}"
    w = graph.constant(node.input[1], f"W of {where}")
    r = graph.constant(node.input[2], f"R of {where}")
    gates = GATES[cell]
    if w.ndim != 3 or r.ndim != 3 or w.shape[0] != 1 or r.shape[0] != 1 or w.shape[1] % gates or \
            r.shape[1:] != (w.shape[1], w.shape[1] // gates):
        raise ModelImportError(graph.path, f"{where} has W {list(w.shape)} and R {list(r.shape)}, "
                                           f"not [1, {gates}H, inputs] and [1, {gates}H, H]")
    hidden = w.shape[1] // gates
    declared = attribute(node, "hidden_size")
    if declared is not None and declared != hidden:
        raise ModelImportError(graph.path, f"{where} declares hidden_size={declared} but W holds {hidden}")
    if index > 0 and (w.shape[2] != hidden or done[f"{cell}.weight_hh_l0"].shape[1] != hidden):
        raise ModelImportError(graph.path, f"{where} reads {w.shape[2]} features, the layer below gives "
                                           f"{done[f'{cell}.weight_hh_l0'].shape[1]}")
    b = graph.optional_constant(node, 3, f"B of {where}")
    b = np.zeros((1, 2 * gates * hidden), np.float32) if b is None else b
    if b.shape != (1, 2 * gates * hidden):
        raise ModelImportError(graph.path, f"{where} has B {list(b.shape)}, not [1, {2 * gates * hidden}]")
    source, target = ONNX_ORDER[cell], TORCH_ORDER[cell]
    return {f"{cell}.weight_ih_l{index}": reorder_rows(w[0], source, target),
            f"{cell}.weight_hh_l{index}": reorder_rows(r[0], source, target),
            f"{cell}.bias_ih_l{index}": reorder_rows(b[0, :gates * hidden], source, target),
            f"{cell}.bias_hh_l{index}": reorder_rows(b[0, gates * hidden:], source, target)}


def _layer_outputs(graph: Graph, node: Any) -> list[tuple[str, list[str], bool]]:
    """The outputs of a recurrent node that something reads: (name, axis labels, is the last step)."""
    batch_first = attribute(node, "layout", 0) == 1
    labels = {0: ["B", "T", "D", "H"] if batch_first else ["T", "D", "B", "H"],
              1: ["B", "D", "H"] if batch_first else ["D", "B", "H"]}
    used = []
    for slot, name in enumerate(node.output):
        if name and (graph.data_consumers(name) or name in graph.outputs):
            if slot == 2:
                raise ModelImportError(graph.path, f"the cell state Y_c of {node.op_type} {node.name!r} is used: "
                                                   "only hidden states can be followed")
            used.append((name, labels[slot], slot == 1))
    if len(used) != 1:
        raise ModelImportError(graph.path, f"{node.op_type} node {node.name!r} has {len(used)} used outputs; "
                                           "exactly one (Y or Y_h) must carry on")
    return used


def _follow_to_next_layer(graph: Graph, walk: _Walk, node: Any) -> Any:
    """Follow the sequence from ``node`` to the next recurrent node, or stop where the head begins."""
    (walk.tensor, walk.labels, walk.last_step), = _layer_outputs(graph, node)
    while True:
        found = _single_consumer(graph, walk.tensor)
        if found is None:
            return None
        next_node, index = found
        if next_node.op_type in CELLS and index == 0:
            batch_first = attribute(next_node, "layout", 0) == 1
            if walk.last_step or walk.labels != (["B", "T", "H"] if batch_first else ["T", "B", "H"]):
                raise ModelImportError(graph.path, f"{next_node.op_type} node {next_node.name!r} reads axes "
                                                   f"{walk.labels}, not the previous layer's steps")
            return next_node
        if not _shape_step(graph, walk, next_node, index):
            return None


def _shape_step(graph: Graph, walk: _Walk, node: Any, index: int) -> bool:
    """Apply one shape-only node to the walk; False when ``node`` is not one (the head begins)."""
    op, rank = node.op_type, len(walk.labels)
    if index != 0:
        return False
    if op in PASS_THROUGH:
        pass
    elif op == "Transpose":
        perm = attribute(node, "perm", list(range(rank))[::-1])
        walk.labels = [walk.labels[p] for p in perm]
    elif op == "Squeeze":
        axes = axes_of(graph, node, rank)
        axes = [i for i, label in enumerate(walk.labels) if label in SIZE_ONE] if axes is None else axes
        if any(walk.labels[a] not in SIZE_ONE for a in axes):
            raise ModelImportError(graph.path, f"Squeeze {node.name!r} drops a sequence axis")
        walk.labels = [label for i, label in enumerate(walk.labels) if i not in axes]
    elif op == "Unsqueeze":
        axes = sorted(axes_of(graph, node, rank) or [])
        for axis in axes:
            walk.labels.insert(axis, "U")
    elif op == "Reshape":
        _reshape(graph, walk, node)
    elif op in ("Gather", "Slice"):
        _take_last_step(graph, walk, node)
    else:
        return False
    walk.tensor = node.output[0]
    return True


def _reshape(graph: Graph, walk: _Walk, node: Any) -> None:
    """Accept a Reshape that only drops size-one axes (e.g. [T, B, 1, H] -> [T, B, H])."""
    shape = graph.constant(node.input[1], f"shape of Reshape {node.name!r}").tolist()
    kept = [label for label in walk.labels if label not in SIZE_ONE]
    if len(shape) != len(kept):
        raise ModelImportError(graph.path, f"Reshape {node.name!r} to {shape} mixes sequence axes: not supported")
    walk.labels = kept


def _take_last_step(graph: Graph, walk: _Walk, node: Any) -> None:
    """Gather(index -1) or Slice(-1:) along the time axis keeps the last step."""
    rank = len(walk.labels)
    if node.op_type == "Gather":
        axis = attribute(node, "axis", 0)
        axis = axis + rank if axis < 0 else axis
        indices = graph.constant(node.input[1], f"indices of Gather {node.name!r}")
        picks_last = indices.shape == () and int(indices) == -1
    else:
        axes = axes_of(graph, node, rank) or ([] if len(node.input) < 4 else
                                              [int(a) % rank for a in graph.constant(node.input[3], "Slice axes")])
        axis = axes[0] if len(axes) == 1 else -1
        starts = attribute(node, "starts") or graph.constant(node.input[1], "Slice starts").tolist()
        picks_last = list(np.atleast_1d(starts)) == [-1]
    if not 0 <= axis < rank or walk.labels[axis] != "T" or not picks_last:
        raise ModelImportError(graph.path, f"{node.op_type} {node.name!r} does not take the last time step: "
                                           "only the last step or every step can feed the head")
    walk.last_step = True
    if node.op_type == "Gather":
        del walk.labels[axis]
    else:
        walk.labels[axis] = "T1"


def _follow_head(graph: Graph, walk: _Walk) -> tuple[str, dict[str, np.ndarray], str]:
    """From the last layer's output: an optional Gemm or MatMul(+Add), then Softmax/Sigmoid, to a graph output."""
    found = _single_consumer(graph, walk.tensor)
    if found is None:
        _expect_output(graph, walk.tensor)
        return "none", {}, "none"
    node, _ = found
    kept = [label for label in walk.labels if label not in SIZE_ONE]
    if kept[-1:] != ["H"]:
        raise ModelImportError(graph.path, f"{node.op_type} {node.name!r} reads axes {walk.labels}; the features "
                                           "must come last")
    if node.op_type == "Gemm":
        weight, bias, tensor = _gemm(graph, node, walk)
    elif node.op_type == "MatMul" and node.input[0] == walk.tensor:
        weight, bias, tensor = _matmul_add(graph, node)
    else:
        raise ModelImportError(graph.path, f"{node.op_type} node {node.name!r} after the recurrent layers is not "
                                           "a supported head (Gemm or MatMul + Add)")
    activation, tensor = _head_activation(graph, tensor, len(kept))
    head = "last" if walk.last_step or "T" not in walk.labels else "every"
    return head, {"head.weight": weight, "head.bias": bias}, activation


def _gemm(graph: Graph, node: Any, walk: _Walk) -> tuple[np.ndarray, np.ndarray, str]:
    if attribute(node, "transA", 0) or len([label for label in walk.labels if label not in SIZE_ONE]) != 2:
        raise ModelImportError(graph.path, f"Gemm {node.name!r} does not read [batch, hidden]")
    matrix = graph.constant(node.input[1], f"B of Gemm {node.name!r}") * attribute(node, "alpha", 1.0)
    weight = matrix if attribute(node, "transB", 0) else matrix.T
    bias = graph.optional_constant(node, 2, f"C of Gemm {node.name!r}")
    bias = np.zeros(weight.shape[0], np.float32) if bias is None else bias * attribute(node, "beta", 1.0)
    return weight, _bias_vector(graph, node, bias, weight.shape[0]), node.output[0]


def _matmul_add(graph: Graph, node: Any) -> tuple[np.ndarray, np.ndarray, str]:
    matrix = graph.constant(node.input[1], f"weights of MatMul {node.name!r}")
    if matrix.ndim != 2:
        raise ModelImportError(graph.path, f"MatMul {node.name!r} weights have shape {list(matrix.shape)}")
    tensor = node.output[0]
    found = _single_consumer(graph, tensor)
    bias = np.zeros(matrix.shape[1], np.float32)
    if found is not None and found[0].op_type == "Add":
        add = found[0]
        other = add.input[1 - found[1]]
        bias = _bias_vector(graph, add, graph.constant(other, f"bias of Add {add.name!r}"), matrix.shape[1])
        tensor = add.output[0]
    return matrix.T, bias, tensor


def _bias_vector(graph: Graph, node: Any, bias: np.ndarray, size: int) -> np.ndarray:
    flat = np.asarray(bias, np.float32)
    if flat.size == 1:
        return np.full(size, float(flat.reshape(())), np.float32)
    if flat.size != size or flat.shape[-1] != size:
        raise ModelImportError(graph.path, f"bias of {node.op_type} {node.name!r} has shape {list(flat.shape)}")
    return flat.reshape(size)


def _head_activation(graph: Graph, tensor: str, rank: int) -> tuple[str, str]:
    found = _single_consumer(graph, tensor)
    activation = "linear"
    if found is not None:
        node = found[0]
        if node.op_type == "Softmax":
            axis = attribute(node, "axis", -1 if graph.opset >= 13 else 1)
            if axis not in (-1, rank - 1):
                raise ModelImportError(graph.path, f"Softmax {node.name!r} runs over axis {axis}, not the classes")
            activation = "softmax"
        elif node.op_type == "Sigmoid":
            activation = "sigmoid"
        else:
            raise ModelImportError(graph.path, f"{node.op_type} node {node.name!r} after the head is not supported "
                                               "(only Softmax or Sigmoid)")
        tensor = node.output[0]
    _expect_output(graph, tensor)
    return activation, tensor


def _expect_output(graph: Graph, tensor: str) -> None:
    while tensor not in graph.outputs:
        found = _single_consumer(graph, tensor)
        if found is None:
            raise ModelImportError(graph.path, f"the head's result {tensor!r} is not an output of the graph")
        if found[0].op_type not in PASS_THROUGH | {"Transpose"}:
            raise ModelImportError(graph.path, f"the model goes on after its head ({found[0].op_type} node "
                                               f"{found[0].name!r}): not supported")
        tensor = found[0].output[0]

