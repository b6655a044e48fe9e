"""The look shared by every tab: a light and a dark colour theme, and the gate heatmaps.

**Themes.** :func:`current_theme` picks :data:`LIGHT` or :data:`DARK` from the system (the
application palette and, where that is ambiguous, Qt's colour scheme); :func:`apply_theme`
makes it pyqtgraph's default once at start-up, before any plot exists, and every tab takes its
colours from :func:`active_theme` instead of hard-coding them.

**Heatmaps.** Every traced quantity is a :class:`~lstm_studio.cells.Field`, whose ``levels``
and ``kind`` decide its colours: sigmoid gates (i, f, o; r, z) live in 0..1 and get a sequential
map; tanh quantities (g, h; n) live in -1..1 and the cell state c is clipped there, both on a
diverging map centred on 0. Levels never auto-scale, so
colours mean the same thing in every frame and every panel. The maps are the same in both
themes: they carry meaning, not decoration.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette, QPixmap

if TYPE_CHECKING:
    from ...cells import Field


@dataclass(frozen=True)
class Theme:
    """Every colour the tabs use besides the heatmaps' colour maps (``#rrggbb`` strings)."""

    name: str
    is_dark: bool
    plot_background: str
    foreground: str      # axes, tick labels, plot titles
    muted: str           # secondary text: hints, explanations
    faint: str           # placeholders, arrows, dashed guides
    reference: str       # dotted reference lines that stand in for a grid
    border: str          # thin frames around pictures
    accent: str          # the cursor at step t and selections
    info: str
    good: str
    warning: str
    error: str
    notice_background: str
    notice_text: str
    notice_border: str
    paper: str           # the drawing canvas and digit thumbnails
    ink: str
    paper_guide: str     # the canvas's dashed frame
    paper_hint: str      # "Draw a digit here"
    thumbnail_checked: str
    bar_idle: str        # probability bars of the digits not chosen
    train_curve: str     # running-mean loss / accuracy: thin, in the background
    smooth_curve: str    # their smoothed trend: the curve to read
    test_curve: str      # test accuracy per epoch
    digit_colours: tuple[str, ...]   # one per class 0..9 (tab10 order)
    layer_colours: tuple[str, ...]   # one per LSTM layer

    def qcolor(self, name: str, alpha: int = 255) -> QColor:
        """The colour field ``name`` as a ``QColor`` (optionally translucent)."""
        colour = QColor(getattr(self, name))
        colour.setAlpha(alpha)
        return colour

    def trace_colour(self, name: str) -> str:
        """Curve colour of a field in unit traces, by short name: i blue, f green, o orange, c red, h purple;
        the GRU's r, z, n share the colours of the LSTM gates they resemble (z keeps like f)."""
        order = {"i": 0, "r": 0, "o": 1, "f": 2, "z": 2, "c": 3, "n": 3, "h": 4, "g": 5}
        return self.digit_colours[order.get(name, 7)]


#: Dark text on white plots; matplotlib's tab10 for classes.
LIGHT = Theme(
    name="light", is_dark=False, plot_background="#ffffff", foreground="#3c4048", muted="#5b616b",
    faint="#868c95", reference="#c8ccd2", border="#b8bec6", accent="#e81cc4",
    info="#1d3557", good="#1b7a3a", warning="#b54708", error="#b00020",
    notice_background="#fff3c4", notice_text="#5c4400", notice_border="#e0c060",
    paper="#fdfdfb", ink="#1b1b1f", paper_guide="#c9cdd4", paper_hint="#9aa0a8", thumbnail_checked="#ffe8a3",
    bar_idle="#9aa5b1", train_curve="#86b6d8", smooth_curve="#e07b00", test_curve="#c81d25",
    digit_colours=("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"),
    layer_colours=("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#17becf"),
)
#: Light text on near-black plots; brighter versions of the same hues. The canvas is a dark
#: page with light ink, which is also how MNIST digits look.
DARK = Theme(
    name="dark", is_dark=True, plot_background="#1c1d21", foreground="#c9ccd1", muted="#a9aeb6",
    faint="#7f858e", reference="#4a4f57", border="#50555d", accent="#ff4fe0",
    info="#a8c7fa", good="#6dd58c", warning="#f5a524", error="#ff8a80",
    notice_background="#3b3000", notice_text="#ffe08a", notice_border="#8a7320",
    paper="#16171a", ink="#f4f4f0", paper_guide="#50555d", paper_hint="#80868f", thumbnail_checked="#5c4a00",
    bar_idle="#5d6670", train_curve="#8ecae6", smooth_curve="#ffb703", test_curve="#fb5607",
    digit_colours=("#4ea1e8", "#ff9a3c", "#4cc24c", "#ff5c5c", "#b48ae6",
                   "#c99a8c", "#f59bd6", "#b0b0b0", "#d4d43a", "#3fd0e0"),
    layer_colours=("#4cc9f0", "#f72585", "#ffd166", "#06d6a0", "#f4a261", "#c77dff"),
)
#: A palette whose window colour is this dark (or this light) decides the theme by itself.
CLEARLY_DARK, CLEARLY_LIGHT = 0.3, 0.7

_active: Theme | None = None


def choose_theme(scheme: Qt.ColorScheme, window: QColor) -> Theme:
    """The theme for a system colour ``scheme`` and a palette whose window colour is ``window``.

    The palette wins when it is clearly light or dark: every widget is drawn with it, and Qt
    6.5/6.6's Windows style kept a light palette under a dark scheme. A mid-grey palette is
    left to the scheme (Qt >= 6.5 reports Dark/Light), and failing that to its lightness.
    """
    lightness = window.lightnessF()
    if lightness <= CLEARLY_DARK:
        return DARK
    if lightness >= CLEARLY_LIGHT:
        return LIGHT
    if scheme == Qt.ColorScheme.Dark:
        return DARK
    if scheme == Qt.ColorScheme.Light:
        return LIGHT
    return DARK if lightness < 0.5 else LIGHT


def current_theme() -> Theme:
    """The theme that matches the running application's colour scheme and palette."""
    app = QGuiApplication.instance()
    if app is None:
        return LIGHT
    scheme = app.styleHints().colorScheme()  # Unknown where the platform does not say (e.g. offscreen)
    return choose_theme(scheme, QGuiApplication.palette().color(QPalette.ColorRole.Window))


def apply_theme(theme: Theme | None = None) -> Theme:
    """Make ``theme`` (default: :func:`current_theme`) the one every tab and new plot uses.

    Call it before plots are created: pyqtgraph reads its default background and foreground
    when a plot is made.
    """
    global _active
    _active = theme or current_theme()
    pg.setConfigOptions(background=_active.plot_background, foreground=_active.foreground, antialias=True)
    return _active


def active_theme() -> Theme:
    """The theme applied last (the system's, if none was applied yet)."""
    return _active or current_theme()


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (screenshots, tests, systems that offer no dark one)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#2d2e32"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#232428"),
                         (roles.AlternateBase, "#2f3035"), (roles.ToolTipBase, "#3a3b40"),
                         (roles.ToolTipText, "#f0f0f0"), (roles.PlaceholderText, "#8a8f98"),
                         (roles.Text, "#e6e6e6"), (roles.Button, "#38393e"), (roles.ButtonText, "#e6e6e6"),
                         (roles.BrightText, "#ff6b6b"), (roles.Light, "#4a4b52"), (roles.Midlight, "#404148"),
                         (roles.Mid, "#2a2b2f"), (roles.Dark, "#1c1d20"), (roles.Shadow, "#0d0d0f"),
                         (roles.Highlight, "#3d7bd9"), (roles.HighlightedText, "#ffffff"),
                         (roles.Link, "#7ab4ff"), (roles.LinkVisited, "#c29bff")):
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7d8088"))
    palette.setColor(disabled, roles.Base, QColor("#2a2b2f"))
    return palette


def label_style(colour: str, extra: str = "") -> str:
    """A ``QLabel`` style sheet that sets only its text colour (and ``extra`` declarations)."""
    return f"QLabel {{ color: {colour}; {extra}}}"


def device_ratio() -> int:
    """Whole device pixels per logical pixel on the densest screen (1 without an application)."""
    app = QGuiApplication.instance()
    return max(1, math.ceil(app.devicePixelRatio())) if app is not None else 1


def digit_pixmap(image: np.ndarray, size: int = 28, theme: Theme | None = None) -> QPixmap:
    """A 28x28 digit (uint8 0..255 or float 0..1, ink bright) as a ``size``-pixel thumbnail.

    Ink and paper are the theme's: dark ink on white in the light theme, MNIST's light ink on
    a dark page in the dark one. Whole pixels are repeated (no smoothing) at the screen's
    device pixel ratio, so the thumbnail stays sharp on high-DPI screens.
    """
    theme = theme or active_theme()
    values = np.asarray(image, dtype=np.float32)
    if values.max(initial=0) > 1.0:
        values = values / 255.0
    ink, paper = (np.array(QColor(c).getRgb()[:3], dtype=np.float32) for c in (theme.ink, theme.paper))
    shade = np.clip(values, 0.0, 1.0)[..., None]
    rgb = np.ascontiguousarray(np.round(paper + shade * (ink - paper)).astype(np.uint8))
    height, width = rgb.shape[:2]
    qimage = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
    ratio = device_ratio()
    pixmap = QPixmap.fromImage(qimage).scaled(size * ratio, size * ratio, Qt.AspectRatioMode.IgnoreAspectRatio,
                                              Qt.TransformationMode.FastTransformation)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


#: Colour map per kind of field (``Field.kind``): sequential for gates, diverging around 0 for the rest.
COLOUR_MAPS = {"sigmoid": "viridis", "tanh": "CET-D1", "state": "CET-D1"}


def colormap_for(field: Field) -> pg.ColorMap:
    """The colour map of a traced field (a :class:`~lstm_studio.cells.Field`), by its kind."""
    return pg.colormap.get(COLOUR_MAPS[field.kind])


def lookup_table(field: Field) -> np.ndarray:
    """A 256-entry RGB lookup table for ``field`` (the fast path in ``ImageItem``)."""
    return colormap_for(field).getLookupTable(nPts=256, alpha=False)


def field_tooltip(field: Field) -> str:
    """What a heatmap of ``field`` shows: its name, meaning and colour range (in the app's language)."""
    from ..i18n import field_label, field_meaning, translate

    low, high = field.levels
    if field.kind == "state":
        span = translate("Heatmap", "Colours span {low}..{high} (colours clip there).")
    else:
        span = translate("Heatmap", "Colours span {low}..{high}.")
    return f"{field.name} · {field_label(field)}: {field_meaning(field)}\n" + span.format(low=f"{low:g}",
                                                                                      high=f"{high:g}")


def make_heatmap(plot: pg.PlotItem, field: Field, colorbar: bool = True) -> pg.ImageItem:
    """Add a fixed-level heatmap for ``field`` to ``plot`` (rows = units, columns = timesteps).

    Feed it later with :func:`show_heatmap`: the levels never auto-scale.
    """
    item = pg.ImageItem(axisOrder="row-major")
    item.setLookupTable(lookup_table(field))
    item.setLevels(field.levels)
    plot.addItem(item)
    plot.setToolTip(field_tooltip(field))
    if colorbar:
        bar = pg.ColorBarItem(values=field.levels, colorMap=colormap_for(field), interactive=False, width=10)
        bar.setImageItem(item, insert_in=plot)
    return item


def show_heatmap(item: pg.ImageItem, field: Field, values: np.ndarray) -> None:
    """Update a heatmap made by :func:`make_heatmap` without touching its levels."""
    item.setImage(np.ascontiguousarray(values, dtype=np.float32), autoLevels=False, levels=field.levels)


def display_order(fields: Sequence[Field]) -> list[Field]:
    """A cell's fields with its gates first (one colour range), then the rest, each in the cell's order.

    LSTM: i f o | g c h; GRU: r z | n h; plain RNN: h.
    """
    return [f for f in fields if f.is_gate] + [f for f in fields if not f.is_gate]
