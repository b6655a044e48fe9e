"""Exporting the inspector's plots (pyqtgraph's exporters) and gate arrays (the core's writers)."""
from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401 - registers ImageExporter / SVGExporter under pg.exporters
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget, QWidget

# The module, not the class of the same name that pyqtgraph.exporters re-exports.
_svg_module = importlib.import_module("pyqtgraph.exporters.SVGExporter")

if TYPE_CHECKING:
    from ...cells import Trace

translate = QCoreApplication.translate
PLOT_FORMATS = ("png", "svg")
#: Exported PNGs have twice the pixels of the screen, so they stay sharp in a slide or a report.
PNG_SCALE = 2


class ExportError(Exception):
    """An export that could not be written; ``str(error)`` is one line for a dialog."""


def export_plot(plot: pg.PlotItem, path: str | os.PathLike[str]) -> Path:
    """Write ``plot`` to ``path`` as PNG or SVG (by suffix), atomically: a failure leaves any old file intact."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in PLOT_FORMATS:
        raise ExportError(translate("Export", "{name}: plots export to .png or .svg, not '.{suffix}'").format(
            name=path.name, suffix=suffix))
    rect = plot.sceneBoundingRect()
    if rect.width() < 1 or rect.height() < 1:
        raise ExportError(translate("Export", "{name}: the plot has no size yet (show its tab once, then "
                                              "export)").format(name=path.name))
    from ...io import atomic_path

    try:
        with atomic_path(path) as temporary:  # same suffix: it picks the image format
            if suffix == "png":
                exporter = pg.exporters.ImageExporter(plot)
                exporter.parameters()["width"] = int(PNG_SCALE * rect.width())
                if exporter.export(str(temporary)) is False:
                    raise ExportError(translate("Export", "{path}: could not write the PNG").format(path=path))
            else:
                with _closed_paths_spelled_out():
                    pg.exporters.SVGExporter(plot).export(str(temporary))
    except OSError as error:
        raise ExportError(f"{path}: {error.strerror or error}") from None
    return path


def _spell_out_closed_paths(node: Any) -> None:
    """Replace each ``Z`` (close path) in ``<path d=...>`` by a line back to the subpath's start.

    Qt >= 6.10 writes ``Z``; pyqtgraph 0.14.0's SVG exporter then fails parsing the path
    (pyqtgraph issue #3495, fixed upstream by PR #3458 after 0.14.0). The drawing is the same.
    """
    for path in node.getElementsByTagName("path"):
        tokens, start, spelled = path.getAttribute("d").split(), "", []
        for token in tokens:
            if token in ("Z", "z"):
                spelled.append(f"L{start}")
                continue
            if token[:1] in ("M", "m"):
                start = token[1:]
            spelled.append(token)
        if spelled != tokens:
            path.setAttribute("d", " ".join(spelled))


@contextmanager
def _closed_paths_spelled_out() -> Iterator[None]:
    original = _svg_module.correctCoordinates

    def correct_coordinates(node: Any, *args: Any, **kwargs: Any) -> Any:
        _spell_out_closed_paths(node)
        return original(node, *args, **kwargs)

    _svg_module.correctCoordinates = correct_coordinates
    try:
        yield
    finally:
        _svg_module.correctCoordinates = original


def export_plots(plots: dict[str, pg.PlotItem], folder: str | os.PathLike[str],
                 prefix: str = "") -> list[Path]:
    """Export every plot as ``<folder>/<prefix><name>.png`` and ``.svg``; returns the files written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExportError(translate("Export", "{path}: not a folder").format(path=folder))
    written = []
    for name, plot in plots.items():
        for suffix in PLOT_FORMATS:
            written.append(export_plot(plot, folder / f"{prefix}{name}.{suffix}"))
    return written


def export_pages(tabs: QTabWidget, pages: dict[QWidget, dict[str, pg.PlotItem]], folder: str | os.PathLike[str],
                 prefix: str = "") -> list[Path]:
    """Export the plots of every page of ``tabs``, bringing each page up in turn.

    A page that was never shown has no layout (no size) yet; the user's page is restored.
    """
    shown, written = tabs.currentIndex(), []
    try:
        for page, plots in pages.items():
            tabs.setCurrentWidget(page)
            _lay_out_now(page)
            written += export_plots(plots, folder, prefix)
    finally:
        tabs.setCurrentIndex(shown)
    return written


def _lay_out_now(page: QWidget) -> None:
    """Lay out ``page`` and its pyqtgraph views synchronously (normally that waits for the event loop)."""
    page.layout().activate()
    for view in page.findChildren(pg.GraphicsView):
        view.resize(view.size())  # re-applies the view's range to its central item
        if hasattr(view, "ci"):
            view.ci.layout.activate()


def ask_gate_file(parent: QWidget, default_name: str) -> str:
    """Ask where to save gate arrays; ``""`` if cancelled. A name without suffix gets the chosen filter's."""
    path, chosen_filter = QFileDialog.getSaveFileName(parent, translate("Export", "Export gate arrays"), default_name,
                                                      translate("Export", "NumPy archive (*.npz);;CSV table (*.csv)"))
    if path and not path.lower().endswith((".npz", ".csv")):
        path += ".csv" if "csv" in chosen_filter.lower() else ".npz"
    return path


def ask_folder_for_plots(parent: QWidget) -> str:
    """Ask for a folder to write every plot into; ``""`` if cancelled."""
    return QFileDialog.getExistingDirectory(parent, translate("Export", "Export every plot (PNG and SVG) into a "
                                                                        "folder"))


def safe_file_stem(text: str) -> str:
    """``"test digit #42 (label 7)"`` -> ``"test_digit_42_label_7"``: a file name from a display name."""
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "input"


def export_gates(trace: Trace, path: str | os.PathLike[str]) -> Path:
    """Write one sample's gate arrays to ``.npz`` or ``.csv`` (by suffix) with the core's writers."""
    from ...io._export import save_trace_csv, save_trace_npz

    path = Path(path)
    writers = {".npz": save_trace_npz, ".csv": save_trace_csv}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ExportError(translate("Export", "{name}: gate arrays export to .npz or .csv").format(name=path.name))
    try:
        return writer(path, trace)
    except OSError as error:
        raise ExportError(f"{path}: {error.strerror or error}") from None


def gates_dialog(parent: QWidget, trace: Trace, default_name: str) -> str:
    """Ask for a .npz/.csv file and write ``trace``'s arrays; returns what to tell the user ("" if cancelled).
    A failure is shown in a dialog, in one line."""
    path = ask_gate_file(parent, default_name)
    if not path:
        return ""
    try:
        written = export_gates(trace, path)
    except ExportError as error:
        QMessageBox.critical(parent, translate("Export", "Export failed"), str(error))
        return ""
    return translate("Export", "Wrote the gate arrays to {path}").format(path=written)


def plots_dialog(parent: QWidget, export_into: Callable[[str], list[Path]]) -> str:
    """Ask for a folder and call ``export_into(folder)``; returns what to tell the user ("" if cancelled)."""
    folder = ask_folder_for_plots(parent)
    if not folder:
        return ""
    try:
        written = export_into(folder)
    except ExportError as error:
        QMessageBox.critical(parent, translate("Export", "Export failed"), str(error))
        return ""
    return translate("Export", "Wrote {count} files (PNG and SVG) to {path}").format(count=len(written), path=folder)
