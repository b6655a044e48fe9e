"""The Inspect tab: scrubber, heatmaps, the unit's equations, prediction and gradient over time, saturation,
the test-set browser and confusion matrix, exports."""
from __future__ import annotations

from ._equations import MINUS, UnitStep, forget_meaning, unit_equations_html, unit_step, update_meaning
from ._export import ExportError, export_gates, export_plot, export_plots
from ._measure import SATURATION_SEED
from ._tab import CONFUSION_TAB, GATES_TAB, SATURATION_TAB, TIMELINE_TAB, InspectTab

__all__ = ["CONFUSION_TAB", "GATES_TAB", "MINUS", "SATURATION_SEED", "SATURATION_TAB", "TIMELINE_TAB", "ExportError",
           "InspectTab", "UnitStep", "export_gates", "export_plot", "export_plots", "forget_meaning",
           "unit_equations_html", "unit_step", "update_meaning"]
