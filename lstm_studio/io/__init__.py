"""Files: checkpoints (validated before anything is built, written atomically), the bundled models,
exports, and importers of foreign models (PyTorch, Keras, TensorFlow 1, ONNX)."""
from __future__ import annotations

from ._any import CONFIG_METADATA_KEY, checkpoint_from_import, load_any_model
from ._bundled import bundled_model_path, load_any_model_or_bundled, load_bundled, load_checkpoint_or_bundled
from ._atomic import atomic_path, atomic_write
from ._checkpoint import (FORMAT, Checkpoint, CheckpointError, NotAStudioCheckpoint, check_state_dict, describe_config,
                          load_checkpoint, save_checkpoint)
from ._export import load_trace_csv, save_trace_csv, save_trace_npz, trace_arrays
from ._model_export import EXPORT_SUFFIXES, ExportError, export_model, export_onnx, export_safetensors
from .importers import ImportedModel, ModelImportError, import_model

__all__ = ["CONFIG_METADATA_KEY", "EXPORT_SUFFIXES", "FORMAT", "Checkpoint", "CheckpointError", "ExportError",
           "ImportedModel", "ModelImportError", "NotAStudioCheckpoint", "atomic_path", "atomic_write", "bundled_model_path",
           "check_state_dict", "checkpoint_from_import", "describe_config", "export_model", "export_onnx",
           "export_safetensors", "import_model", "load_any_model", "load_any_model_or_bundled", "load_bundled",
           "load_checkpoint", "load_checkpoint_or_bundled", "load_trace_csv", "save_checkpoint", "save_trace_csv",
           "save_trace_npz", "trace_arrays"]
