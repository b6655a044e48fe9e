"""pyqtgraph's own words in the plots' right-click menu ("Export...", "View All", "Plot Options").

pyqtgraph names them with ``QCoreApplication.translate(context, text)``, so marking the same
context and text here puts them into the app's ``.ts`` and Qt translates them. pyqtgraph sets them
once, when a plot is made: they follow the language the app started in, not a later switch (a
restart brings them along). Its dialogs (the export dialog's fields) are not marked by pyqtgraph
and stay English.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

PYQTGRAPH_TEXTS = (
    QT_TRANSLATE_NOOP("GraphicsScene", "Export..."),
    QT_TRANSLATE_NOOP("ViewBox", "ViewBox options"),
    QT_TRANSLATE_NOOP("ViewBox", "View All"),
    QT_TRANSLATE_NOOP("ViewBox", "axis"),
    QT_TRANSLATE_NOOP("ViewBox", "Mouse Mode"),
    QT_TRANSLATE_NOOP("ViewBox", "3 button"),
    QT_TRANSLATE_NOOP("ViewBox", "1 button"),
    QT_TRANSLATE_NOOP("PlotItem", "Plot Options"),
    QT_TRANSLATE_NOOP("PlotItem", "Transforms"),
    QT_TRANSLATE_NOOP("PlotItem", "Downsample"),
    QT_TRANSLATE_NOOP("PlotItem", "Average"),
    QT_TRANSLATE_NOOP("PlotItem", "Alpha"),
    QT_TRANSLATE_NOOP("PlotItem", "Grid"),
    QT_TRANSLATE_NOOP("PlotItem", "Points"),
)
