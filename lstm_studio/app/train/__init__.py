"""The Train tab: the form, the training controller (QThread), live curves, gate heatmaps, the probe picker."""
from __future__ import annotations

from ._controller import TrainingController, TrainingRequest
from ._controls import TrainControls
from ._curves import CurvesPanel, SaturationPanel, compact_count
from ._gates import GateHeatmapPanel, step_ticks
from ._history import GrowingBuffer, TrainingHistory, saturation_fractions, saturation_gates
from ._runs import describe_result, make_request, planned_samples, same_shape
from ._status import format_duration
from ._tab import TrainTab

__all__ = ["CurvesPanel", "GateHeatmapPanel", "GrowingBuffer", "SaturationPanel", "TrainControls", "TrainTab",
           "TrainingController", "TrainingHistory", "TrainingRequest", "compact_count", "describe_result",
           "format_duration", "make_request", "planned_samples", "same_shape", "saturation_fractions",
           "saturation_gates", "step_ticks"]
