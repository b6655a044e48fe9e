"""Analyses behind the inspector: prediction over time, gradient flow through time, gate saturation, the test set."""
from __future__ import annotations

from ._common import as_batch, first_leading_step
from ._gradient_flow import GradientFlow, gradient_flow, hidden_gradient_norms, trace_gradient_flow, unrolled_forward
from ._saturation import GateSaturation, gate_saturation, saturation_gates
from ._testset import TestSetEvaluation, confusion_matrix, evaluate_test_set

__all__ = ["GateSaturation", "GradientFlow", "TestSetEvaluation", "as_batch", "confusion_matrix",
           "evaluate_test_set", "first_leading_step", "gate_saturation", "gradient_flow", "hidden_gradient_norms",
           "saturation_gates", "trace_gradient_flow", "unrolled_forward"]
