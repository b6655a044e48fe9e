"""The look every tab shares: light and dark themes, field colours and heatmaps, plot helpers, shared words."""
from __future__ import annotations

from ._plots import SteadyLabel, cursor_pen, light_view, make_cursor, style_plot
from ._style import (DARK, LIGHT, Theme, active_theme, apply_theme, choose_theme, colormap_for, current_theme,
                     dark_palette, digit_pixmap, display_order, label_style, make_heatmap, show_heatmap)
from ._text import CELL_TITLES, cell_title, read_at, read_so_far, step_unit

__all__ = ["CELL_TITLES", "DARK", "LIGHT", "SteadyLabel", "Theme", "active_theme", "apply_theme", "cell_title",
           "choose_theme", "colormap_for", "current_theme", "cursor_pen", "dark_palette", "digit_pixmap",
           "display_order", "label_style", "light_view", "make_cursor", "make_heatmap", "read_at", "read_so_far",
           "show_heatmap", "step_unit", "style_plot"]
