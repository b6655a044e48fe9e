"""Light and dark themes follow the system; plots, canvas and thumbnails use them; every control explains itself."""
from __future__ import annotations

import os
import subprocess
import sys

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox,
                               QLineEdit, QMessageBox, QWidget)

from lstm_studio.app import MainWindow
from lstm_studio.app.draw import DigitCanvas
from lstm_studio.app.widgets import DARK, LIGHT, apply_theme, choose_theme, current_theme, dark_palette, digit_pixmap

CONTROLS = (QAbstractButton, QAbstractSlider, QComboBox, QAbstractSpinBox, QLineEdit, DigitCanvas)


@pytest.fixture
def dark_system(qapp):
    """The application palette of a system in dark mode; the light one (and theme) restored afterwards."""
    original = QApplication.palette()
    QApplication.setPalette(dark_palette())
    yield
    QApplication.setPalette(original)
    apply_theme()


def _window(qtbot, monkeypatch, tmp_path) -> MainWindow:
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(tmp_path / "no-mnist-here"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: window.session.is_ready, timeout=60_000)
    window.inspect_tab.ensure_built()  # built on first show otherwise
    return window


def _plot_views(window: MainWindow) -> dict[str, pg.GraphicsView]:
    """One plot widget of each tab's author: Draw, Train (curves and gates) and Inspect."""
    return {"draw": window.draw_tab.probability_chart, "train curves": window.train_tab.curves,
            "train gates": window.train_tab.gates, "inspect gates": window.inspect_tab.gates.heatmap_view,
            "inspect input": window.inspect_tab.input_view}


def _corner_pixel(widget: QWidget) -> QColor:
    """A pixel near the top-right corner: background in every plot (titles are centred)."""
    image = widget.grab().toImage()
    return image.pixelColor(image.width() - 4, 4)


def test_the_palette_or_the_colour_scheme_picks_the_theme() -> None:
    light, dark, grey = QColor("#efefef"), QColor("#2d2e32"), QColor("#808080")
    assert choose_theme(Qt.ColorScheme.Unknown, light) is LIGHT
    assert choose_theme(Qt.ColorScheme.Unknown, dark) is DARK
    # A mid-grey palette leaves it to the system's colour scheme (Qt >= 6.5) ...
    assert choose_theme(Qt.ColorScheme.Dark, grey) is DARK
    assert choose_theme(Qt.ColorScheme.Light, grey) is LIGHT
    # ... while a plainly light or dark palette wins: the widgets are drawn with it.
    assert choose_theme(Qt.ColorScheme.Dark, light) is LIGHT
    assert choose_theme(Qt.ColorScheme.Light, dark) is DARK


def test_current_theme_follows_the_application_palette(qapp, dark_system) -> None:
    assert current_theme() is DARK
    QApplication.setPalette(QApplication.style().standardPalette())
    assert current_theme() is LIGHT


def test_the_themes_keep_text_readable() -> None:
    for theme in (LIGHT, DARK):
        background = QColor(theme.plot_background).lightnessF()
        for name in ("foreground", "muted", "accent"):
            assert abs(QColor(getattr(theme, name)).lightnessF() - background) > 0.35, (theme.name, name)
        assert abs(QColor(theme.ink).lightnessF() - QColor(theme.paper).lightnessF()) > 0.8
        assert len(theme.digit_colours) == 10 and len(set(theme.digit_colours)) == 10


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_plots_and_canvas_use_the_theme(qtbot, monkeypatch, tmp_path, request, scheme) -> None:
    if scheme == "dark":
        request.getfixturevalue("dark_system")
    expected = DARK if scheme == "dark" else LIGHT
    window = _window(qtbot, monkeypatch, tmp_path)
    assert window.theme is expected
    assert QColor(pg.getConfigOption("background")) == QColor(expected.plot_background)
    background = QColor(expected.plot_background)
    for name, view in _plot_views(window).items():
        assert view.backgroundBrush().color() == background, name
    window.tabs.setCurrentWidget(window.draw_tab)
    qtbot.waitUntil(lambda: window.draw_tab.probability_chart.isVisible())
    assert _corner_pixel(window.draw_tab.probability_chart) == background
    window.tabs.setCurrentWidget(window.train_tab)
    qtbot.waitUntil(lambda: window.train_tab.curves.isVisible())
    assert _corner_pixel(window.train_tab.curves) == background
    canvas = window.draw_tab.canvas.grab().toImage()
    assert canvas.pixelColor(canvas.width() // 2, canvas.height() // 5) == QColor(expected.paper)
    if scheme == "light":  # the system turns dark while the app runs: the window says what to do
        request.getfixturevalue("dark_system")
        qtbot.waitUntil(lambda: "restart" in window.statusBar().currentMessage())


def test_digit_thumbnails_use_the_themes_ink_and_paper(qapp) -> None:
    image = [[0] * 28 for _ in range(28)]
    image[14][14] = 255
    for theme in (LIGHT, DARK):
        picture = digit_pixmap(image, 28, theme).toImage()
        assert picture.pixelColor(0, 0) == QColor(theme.paper)
        assert picture.pixelColor(14, 14) == QColor(theme.ink)


def test_every_control_has_a_tooltip_and_about_is_in_the_help_menu(qtbot, monkeypatch, tmp_path) -> None:
    window = _window(qtbot, monkeypatch, tmp_path)

    def qt_part(widget: QWidget) -> bool:
        # Qt's own pieces (scroll bars, a spin box's line edit, tab-bar arrows) have no tips of their own.
        parent = widget.parentWidget()
        return widget.objectName().startswith("qt_") or (parent is not None and
                                                         parent.objectName().startswith("qt_"))

    controls = [widget for kind in CONTROLS for widget in window.findChildren(kind) if not qt_part(widget)]
    assert len(controls) > 30
    untold = [f"{type(widget).__name__} {widget.objectName()!r}" for widget in controls if not widget.toolTip()]
    assert not untold
    for tabs in (window.tabs, window.inspect_tab.subtabs):
        assert all(tabs.tabToolTip(index) for index in range(tabs.count()))
    help_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Help")
    about = next(action for action in help_menu.actions() if "About" in action.text())
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    about.trigger()
    assert shown and shown[0][0] == "About LSTM Studio" and "Device:" in shown[0][1]


HIGH_DPI_CHECK = """
import numpy as np
from PySide6.QtWidgets import QApplication
app = QApplication([])
from lstm_studio.app.draw import PipelineView
from lstm_studio.app.widgets import digit_pixmap
from lstm_studio.data import Drawing, render_drawing
view = PipelineView(); view.show(); app.processEvents()
rendering = render_drawing(Drawing(200, 200, [[(60, 40), (140, 40), (80, 170)]]))
view.show_stages(view.tiles["pipelineRaw"].pixmap().toImage(), rendering)
tile = view.tiles["pipelineInput"].pixmap()
image = tile.toImage()
blocks = np.array([[image.pixelColor(x, y).lightness() for x in range(image.width())] for y in range(image.height())])
# 28 input pixels as 10x10 device-pixel blocks: every block is one flat grey (no smoothing).
flat = all(np.ptp(blocks[r * 10:(r + 1) * 10, c * 10:(c + 1) * 10]) == 0 for r in range(28) for c in range(28))
thumb = digit_pixmap(np.eye(28) * 255)
print(app.devicePixelRatio(), tile.devicePixelRatio(), tile.width(), flat, thumb.devicePixelRatio(), thumb.width())
"""


def test_pictures_stay_sharp_at_a_device_pixel_ratio_of_2(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", HIGH_DPI_CHECK], capture_output=True, text=True, timeout=120,
                         env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2.0", "2.0", "280", "True", "2.0", "56"]
