"""The Draw tab: the canvas, the pipeline from strokes to 28 x 28, the prediction and its charts."""
from __future__ import annotations

from ._canvas import MAX_PATH_POINTS, DigitCanvas, stroke_path
from ._pipeline import PipelineView
from ._plots import ProbabilityChart, StepChart, step_axis_ticks
from ._prediction import Prediction, explanation, headline, predict
from ._replay import fit_strokes, replay_strokes
from ._tab import DrawTab

__all__ = ["MAX_PATH_POINTS", "DigitCanvas", "DrawTab", "PipelineView", "Prediction", "ProbabilityChart",
           "StepChart", "explanation", "fit_strokes", "headline", "predict", "replay_strokes", "step_axis_ticks",
           "stroke_path"]
