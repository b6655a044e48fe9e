"""Every text a person can read in a window, and the rule that says whether one is still English.

Used by tests/test_i18n_window.py. A *text* is one string on screen or one step away from it
(a tooltip, a menu entry, a combo box choice): label, button and group box texts, tab titles and
tooltips, every action of every menu (text, tooltip, status tip), combo box items and their
tooltips, spin box prefixes, suffixes and special values, list rows, the window title, the status
bar, and in every pyqtgraph view the plot titles, axis labels, labels, text items, legends and
item tooltips. Hidden widgets count too (they show up when the state changes).

**The English rule.** Markup is dropped (tags, entities; ``<code>`` and ``<sub>`` spans with their
contents: code and subscripts are symbols), then code-like tokens (``ls.log(step, loss=…)``,
``tanh(c)``, ``‖∂loss/∂h_t‖``, ``nn.LSTM``, ``.npz``, ``train --run-dir``, ``host='0.0.0.0'``,
``$LSTM_STUDIO_WATCH_PORT``, ``Ctrl+Z``, file paths, ``state_dict``). What remains is split into
*words*, runs of two or more ASCII letters. A word is English unless it is in :data:`ALLOWED`; a
text is English if it has an English word, and *language-bearing* if it has an English word or a
Han character. Texts with neither (numbers, ``t = 14 / 28``, ``LSTM``, the one-letter gate names)
say the same in every language and are not counted. The share is English texts over
language-bearing texts.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDoubleSpinBox,
                               QGroupBox, QLabel, QMainWindow, QMenu, QSpinBox, QTabBar, QToolButton, QWidget)

#: Words that are the same in a Chinese text, each for a reason:
ALLOWED = frozenset(word.lower() for word in (
    # names of models, libraries, data sets, formats and companies (the brief keeps them as they are)
    "LSTM", "GRU", "RNN", "MNIST", "PyTorch", "CUDA", "CPU", "GPU", "MPS", "ONNX", "Keras", "TensorFlow",
    "safetensors", "NumPy", "torchvision", "npz", "npy", "csv", "tsv", "txt", "json", "png", "jpeg", "svg", "UTF",
    "Adam", "Apple", "Python",
    "LSTMVis",  # Strobelt et al.'s tool, whose on/off patterns the Text tab's Inspect view finds
    "NFS", "sshfs", "Studio",  # "LSTM Studio" is the app's name
    # authors cited in the texts (Karpathy et al. 2015, Gers & Schmidhuber 2000, ...)
    "Karpathy", "Johnson", "Fei", "Gers", "Schmidhuber", "Hochreiter", "Jozefowicz",
    # mathematical functions, written as in the equations
    "tanh", "sigmoid",
    # key names, as printed on the keys (and as Qt names them: "Del")
    "Esc", "Delete", "Del", "Home", "End", "Ctrl", "Shift",
    # the language menu names each language in itself: "English", "简体中文"
    "English",
    # units
    "MB", "kB", "GB",
))
HAN = re.compile(r"[\u4e00-\u9fff]")
_SPANS = re.compile(r"<(code|sub)\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_CODE = re.compile(r"""
    ‖[^‖]*‖                     # norms in formulas: ‖∂loss/∂h_t‖
  | [\w.]*\w\([^)]*\)            # calls: ls.log(step, loss=…), tanh(c), p(class)
  | \w+=\S+                     # keyword arguments: host='0.0.0.0'
  | [\w-]+(?:\ --[\w-]+)+         # commands with options: train --run-dir
  | \w+(?:\.\w+)+               # dotted names: nn.LSTM, status.json, ls.watch
  | (?<!\w)\.\w+                # suffixes: .npz
  | --[\w-]+                    # command-line options
  | \$\w+                       # environment variables
  | (?:Ctrl|Shift|Alt)\+\S+     # key combinations
  | (?:[A-Za-z]:)?[/\\]\S+       # absolute paths: /tmp/run-a, C:\\data
  | \S+/\S+/\S*                 # relative paths: lstm_studio/app/i18n
  | \w*_\w*                     # identifiers: state_dict, host='0.0.0.0'
""", re.VERBOSE)
_WORD = re.compile(r"[A-Za-z]{2,}")


def plain(text: str) -> str:
    """``text`` as it reads: no markup, no code, no symbols in subscripts."""
    text = _SPANS.sub(" ", text)
    text = html.unescape(_TAGS.sub(" ", text.replace("<br>", " ")))
    return _CODE.sub(" ", text)


def english_words(text: str) -> list[str]:
    """The English words of ``text`` (see the module docstring)."""
    return [word for word in _WORD.findall(plain(text)) if word.lower() not in ALLOWED]


def bears_language(text: str) -> bool:
    return bool(english_words(text) or HAN.search(plain(text)))


def _widget_texts(widget: QWidget) -> Iterator[str]:
    yield widget.toolTip()
    if isinstance(widget, QLabel):
        yield widget.text()
    if isinstance(widget, QAbstractButton):
        yield widget.text()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield widget.tabText(index)
            yield widget.tabToolTip(index)
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield widget.itemText(index)
            yield str(widget.itemData(index, Qt.ItemDataRole.ToolTipRole) or "")
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        yield from (widget.prefix(), widget.suffix(), widget.specialValueText())
    if isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for row in range(min(model.rowCount(), 5)):
            index = model.index(row, 0)
            yield str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            yield str(model.data(index, Qt.ItemDataRole.ToolTipRole) or "")
    if isinstance(widget, QMenu):
        yield widget.title()
    for action in widget.actions():
        yield from _action_texts(action)


def _action_texts(action: QAction) -> Iterator[str]:
    yield from (action.text(), action.toolTip(), action.statusTip())
    if action.menu() is not None:
        yield action.menu().title()
        for child in action.menu().actions():
            yield from _action_texts(child)


def _plot_texts(view: pg.GraphicsView) -> Iterator[str]:
    for item in view.scene().items():
        if isinstance(item, pg.PlotItem):
            yield item.titleLabel.text if item.titleLabel.isVisible() else ""
            for name in ("left", "bottom", "right", "top"):
                axis = item.getAxis(name)
                if axis.isVisible() and axis.label.isVisible():
                    yield axis.labelText
        elif isinstance(item, pg.LabelItem):
            yield item.text
        elif isinstance(item, pg.TextItem):
            yield item.textItem.toPlainText()
        if hasattr(item, "toolTip"):
            yield item.toolTip()


def _overflow(window: QWidget) -> list[QWidget]:
    """Qt's own overflow button of a menu bar and its menu: copies of the menu bar's entries."""
    buttons = window.findChildren(QToolButton, "qt_menubar_ext_button")
    return [*buttons, *(button.menu() for button in buttons if button.menu() is not None)]


def window_texts(windows: Iterable[QWidget]) -> list[str]:
    """Every text of these windows and all their children (see the module docstring), non-empty."""
    texts: list[str] = []
    for window in windows:
        texts.append(window.windowTitle())
        if isinstance(window, QMainWindow):
            texts.append(window.statusBar().currentMessage())
            for action in window.menuBar().actions():
                texts.extend(_action_texts(action))
        overflow = _overflow(window)
        for widget in [window, *window.findChildren(QWidget)]:
            if widget in overflow:
                continue
            texts.extend(_widget_texts(widget))
            if isinstance(widget, pg.GraphicsView):
                texts.extend(_plot_texts(widget))
    return [text for text in texts if text and text.strip()]


def english_share(texts: list[str]) -> tuple[float, list[str]]:
    """The share of language-bearing texts that are still English, and those texts."""
    bearing = [text for text in texts if bears_language(text)]
    english = [text for text in bearing if english_words(text)]
    return len(english) / max(1, len(bearing)), english
