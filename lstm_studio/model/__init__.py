"""The hooked LSTM, its classifier, gate traces and checkpoints. No Qt here."""
from __future__ import annotations

from ._analysis import (SATURATION_GATES, GateSaturation, GradientFlow, TestSetEvaluation, confusion_matrix,
                        copy_model, evaluate_test_set, first_leading_step, gate_saturation, gradient_flow,
                        trace_gradient_flow, unrolled_forward)
from ._bundled import bundled_model_path, load_bundled, load_checkpoint_or_bundled
from ._checkpoint import FORMAT, Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from ._classifier import LSTMClassifier, ModelConfig
from ._lstm import GateLSTM, TraceTensors
from ._trace import GATE_NAMES, LEVELS, SHORT_NAMES, STATE_NAMES, GateTrace

__all__ = [
    "FORMAT", "GATE_NAMES", "LEVELS", "SHORT_NAMES", "STATE_NAMES", "Checkpoint", "CheckpointError",
    "GateLSTM", "GateTrace", "LSTMClassifier", "ModelConfig", "TraceTensors", "load_checkpoint",
    "save_checkpoint", "bundled_model_path", "load_bundled", "load_checkpoint_or_bundled",
    # analyses (the inspector's core)
    "SATURATION_GATES", "GateSaturation", "GradientFlow", "TestSetEvaluation", "confusion_matrix", "copy_model",
    "evaluate_test_set", "first_leading_step", "gate_saturation", "gradient_flow", "trace_gradient_flow",
    "unrolled_forward",
]
