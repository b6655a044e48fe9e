"""What the ONNX importer needs to know about a graph: its constants, who reads each tensor, and
how the shape-only operators between layers move the axes (time, batch, direction, features)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._result import ModelImportError, check_declared

# Operators that only read a tensor's shape: they do not carry the sequence forward.
SHAPE_READERS = {"Shape", "Size"}
# Size-one axes that Squeeze/Reshape may drop: the direction axis, an added axis, a kept last step.
SIZE_ONE = {"D", "U", "T1"}
_ONNX_ITEMSIZE = {1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2}


@dataclass
class Graph:
    """Lookups over one ``GraphProto``."""

    proto: Any
    path: str | os.PathLike[str]
    opset: int
    initializers: dict[str, Any] = field(default_factory=dict)
    constant_nodes: dict[str, Any] = field(default_factory=dict)
    consumers: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    producers: dict[str, Any] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)
    producer: str = ""

    @classmethod
    def build(cls, model: Any, path: str | os.PathLike[str]) -> "Graph":
        opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=1)
        graph = cls(model.graph, path, opset)
        graph.initializers = {t.name: t for t in model.graph.initializer}
        for node in model.graph.node:
            if node.op_type == "Constant" and node.output:
                graph.constant_nodes[node.output[0]] = node
            for index, name in enumerate(node.input):
                if name:
                    graph.consumers.setdefault(name, []).append((node, index))
            for name in node.output:
                graph.producers[name] = node
        graph.outputs = {o.name for o in model.graph.output}
        graph.producer = " ".join(f"{model.producer_name} {model.producer_version}".split())
        return graph

    def data_consumers(self, name: str) -> list[tuple[Any, int]]:
        """Nodes that read the values of ``name`` (not only its shape)."""
        return [(n, i) for n, i in self.consumers.get(name, []) if n.op_type not in SHAPE_READERS]

    def is_constant(self, name: str) -> bool:
        return name in self.initializers or name in self.constant_nodes

    def constant(self, name: str, what: str) -> np.ndarray:
        """The value of a stored constant (initializer or Constant node), size-checked first."""
        from onnx import numpy_helper

        if name in self.initializers:
            tensor = self.initializers[name]
        elif name in self.constant_nodes:
            try:
                return self._constant_node_value(self.constant_nodes[name], what)
            except ModelImportError:
                raise
            except Exception as error:  # noqa: BLE001 - malformed tensor inside the Constant node
                raise ModelImportError(self.path, f"{what} ({name!r}) cannot be read ({error})") from None
        else:
            raise ModelImportError(self.path, f"{what} ({name!r}) is computed by the graph, not stored: "
                                              "export with constant folding")
        check_declared(self.path, what, tuple(tensor.dims), _ONNX_ITEMSIZE.get(tensor.data_type, 8))
        try:
            return numpy_helper.to_array(tensor)
        except Exception as error:  # noqa: BLE001 - malformed raw_data, unknown types
            raise ModelImportError(self.path, f"{what} ({name!r}) cannot be read ({error})") from None

    def _constant_node_value(self, node: Any, what: str) -> np.ndarray:
        from onnx import helper, numpy_helper

        for attribute in node.attribute:
            value = helper.get_attribute_value(attribute)
            if attribute.name == "value":
                check_declared(self.path, what, tuple(value.dims), _ONNX_ITEMSIZE.get(value.data_type, 8))
                return numpy_helper.to_array(value)
            if attribute.name in ("value_float", "value_floats", "value_int", "value_ints"):
                return np.asarray(value)
        raise ModelImportError(self.path, f"{what}: Constant node {node.name!r} has no value this importer reads")

    def optional_constant(self, node: Any, index: int, what: str) -> np.ndarray | None:
        """Input ``index`` of ``node`` as a constant, or None when the input is absent."""
        if index >= len(node.input) or not node.input[index]:
            return None
        return self.constant(node.input[index], what)


def attribute(node: Any, name: str, default: Any = None) -> Any:
    """One attribute's value (bytes decoded to str), or ``default``."""
    from onnx import helper

    for item in node.attribute:
        if item.name == name:
            value = helper.get_attribute_value(item)
            if isinstance(value, bytes):
                return value.decode("utf-8", errors="replace")
            if isinstance(value, list) and value and isinstance(value[0], bytes):
                return [v.decode("utf-8", errors="replace") for v in value]
            return value
    return default


def axes_of(graph: Graph, node: Any, rank: int) -> list[int] | None:
    """The ``axes`` of Squeeze/Unsqueeze/Slice (an attribute before opset 13, an input after),
    made non-negative; ``rank`` is the input's rank (Unsqueeze counts its added axes itself)."""
    axes = attribute(node, "axes")
    if axes is None and node.op_type in ("Squeeze", "Unsqueeze") and len(node.input) > 1 and node.input[1]:
        axes = graph.constant(node.input[1], f"axes of {node.op_type} {node.name!r}").tolist()
    if axes is None:
        return None
    axes = [int(a) for a in np.atleast_1d(axes)]
    if node.op_type == "Unsqueeze":
        rank += len(axes)
    return [a + rank if a < 0 else a for a in axes]
