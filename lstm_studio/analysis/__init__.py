"""Analyses behind the inspector: prediction over time, gradient flow, gate saturation, the test set."""
from __future__ import annotations

from ._analysis import (SATURATION_GATES, GateSaturation, GradientFlow, TestSetEvaluation, confusion_matrix,
                        copy_model, evaluate_test_set, first_leading_step, gate_saturation, gradient_flow,
                        trace_gradient_flow, unrolled_forward)

__all__ = ["SATURATION_GATES", "GateSaturation", "GradientFlow", "TestSetEvaluation", "confusion_matrix",
           "copy_model", "evaluate_test_set", "first_leading_step", "gate_saturation", "gradient_flow",
           "trace_gradient_flow", "unrolled_forward"]
