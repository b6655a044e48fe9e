"""Files: checkpoints (validated before anything is built, written atomically), the bundled models,
exports, and importers of foreign models (PyTorch, Keras, TensorFlow 1, ONNX)."""
from __future__ import annotations

from ._bundled import bundled_model_path, load_bundled, load_checkpoint_or_bundled
from ._atomic import atomic_write
from ._checkpoint import FORMAT, Checkpoint, CheckpointError, check_state_dict, describe_config, load_checkpoint, save_checkpoint
from ._export import load_trace_csv, save_trace_csv, save_trace_npz, trace_arrays
from .importers import ImportedModel, ModelImportError, import_model

__all__ = ["FORMAT", "Checkpoint", "CheckpointError", "ImportedModel", "ModelImportError", "atomic_write",
           "bundled_model_path", "check_state_dict", "describe_config", "import_model", "load_bundled",
           "load_checkpoint", "load_checkpoint_or_bundled", "load_trace_csv", "save_checkpoint", "save_trace_csv",
           "save_trace_npz", "trace_arrays"]
