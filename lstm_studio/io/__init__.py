"""Files: checkpoints (validated before anything is built, written atomically), the bundled models, exports."""
from __future__ import annotations

from ._bundled import bundled_model_path, load_bundled, load_checkpoint_or_bundled
from ._atomic import atomic_write
from ._checkpoint import FORMAT, Checkpoint, CheckpointError, check_state_dict, describe_config, load_checkpoint, save_checkpoint
from ._export import load_trace_csv, save_trace_csv, save_trace_npz, trace_arrays

__all__ = ["FORMAT", "Checkpoint", "CheckpointError", "atomic_write", "check_state_dict", "describe_config", "bundled_model_path", "load_bundled",
           "load_checkpoint", "load_checkpoint_or_bundled", "load_trace_csv", "save_checkpoint",
           "save_trace_csv", "save_trace_npz", "trace_arrays"]
