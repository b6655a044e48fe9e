"""Importers: open recurrent models saved by PyTorch, Keras, TensorFlow 1 and ONNX exporters as
one neutral :class:`ImportedModel` (config + PyTorch-layout state_dict + notes).

No TensorFlow, Keras or ONNX Runtime is needed: files are read with h5py, onnx, safetensors,
zipfile, numpy and a small TF checkpoint-index reader, and checked before anything is allocated.
"""
from __future__ import annotations

from ._dispatch import import_model
from ._reference import build_torch_modules, reference_forward
from ._result import ImportedModel, ModelImportError

__all__ = ["ImportedModel", "ModelImportError", "build_torch_modules", "import_model", "reference_forward"]
