"""The Text tab's top bar: the model, the corpus, the shape of a new model, and Train / Pause / Stop."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ..i18n import on_language_change, translate

#: Corpus choices: (label, name for load_corpus, tooltip), said in the app's language by the form.
CORPORA = (
    (QT_TRANSLATE_NOOP("TextForm", "Shakespeare"), "shakespeare",
     QT_TRANSLATE_NOOP("TextForm", "Eight plays, bundled (1.05 million characters).")),
    (QT_TRANSLATE_NOOP("TextForm", "Python stdlib"), "python",
     QT_TRANSLATE_NOOP("TextForm", "1 MB of this Python's own standard library source.")),
    (QT_TRANSLATE_NOOP("TextForm", "Generated"), "generated",
     QT_TRANSLATE_NOOP("TextForm", "A synthetic language with nested brackets, strings, comments and indentation, "
                                   "whose true structure is known: the cell finder's best test.")),
)
#: The combo box entry (its data) that opens a file dialog.
OPEN_FILE = "Open a text file…"


class TextForm(QWidget):
    """Controls only; the tab reacts to their signals and reads their values."""

    corpus_chosen = Signal(str)    # a corpus name, or OPEN_FILE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_label = QLabel()
        self.model_label.setObjectName("textModelLabel")
        self.model_label.setWordWrap(True)
        self.model_label.setMinimumWidth(160)
        self.corpus_box = QComboBox()
        self.corpus_box.setObjectName("corpusBox")
        for _, name, _ in CORPORA:
            self.corpus_box.addItem("", name)
        self.corpus_box.addItem("", OPEN_FILE)
        self.corpus_box.activated.connect(lambda index: self.corpus_chosen.emit(self.corpus_box.itemData(index)))
        self.layers = _spin(1, 4, 2)
        self.hidden = _spin(8, 512, 128)
        self.epochs = _spin(1, 1000, 20)
        for box in (self.layers, self.epochs):
            box.valueChanged.connect(self._say_suffixes)
        self.continue_box = QCheckBox()
        self.train_button = QPushButton()
        self.train_button.setObjectName("textTrainButton")
        self.pause_button = QPushButton()
        self.stop_button = QPushButton()
        self.open_button = QPushButton()
        self.save_button = QPushButton()
        self.corpus_label = QLabel()
        self.paused = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        for widget in (self.model_label, self.corpus_label, self.corpus_box, self.layers, self.hidden, self.epochs,
                       self.continue_box, self.train_button, self.pause_button, self.stop_button, self.open_button,
                       self.save_button):
            layout.addWidget(widget)
        layout.setStretchFactor(self.model_label, 1)
        self.set_running(False)
        self.model_label.setText(self.tr("Loading the text model…"))  # until the tab says which model is shown
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Every word of the form in the current language (the tab says the model label)."""
        tips = {name: tip for _, name, tip in CORPORA}
        labels = {name: label for label, name, _ in CORPORA}
        for index in range(self.corpus_box.count()):
            name = self.corpus_box.itemData(index)
            if name in labels:
                self.corpus_box.setItemText(index, translate("TextForm", labels[name]))
                self.corpus_box.setItemData(index, translate("TextForm", tips[name]), 3)  # 3: Qt.ToolTipRole
            elif name == OPEN_FILE:
                self.corpus_box.setItemText(index, self.tr("Open a text file…"))
        self.corpus_label.setText(self.tr("corpus"))
        self.corpus_box.setToolTip(self.tr("The text the model learns from (its last 10% is held out for measuring)."))
        for box, tip in ((self.layers, self.tr("Layers of a new model.")),
                         (self.hidden, self.tr("Units per layer of a new model.")),
                         (self.epochs, self.tr("Passes over the corpus."))):
            box.setToolTip(tip)
        self._say_suffixes()
        self.continue_box.setText(self.tr("continue the loaded model"))
        self.continue_box.setToolTip(self.tr("Train the model shown (its vocabulary and shape) instead of a new one."))
        self.train_button.setText(self.tr("Train"))
        self.stop_button.setText(self.tr("Stop"))
        self.pause_button.setText(self.tr("Resume") if self.paused else self.tr("Pause"))
        self.open_button.setText(self.tr("Open model…"))
        self.save_button.setText(self.tr("Save model…"))
        self.open_button.setToolTip(self.tr("Open a character model's checkpoint (<code>lstm-studio train --task text"
                                            "</code>)."))
        self.save_button.setToolTip(self.tr("Save the model shown, with its vocabulary, as a checkpoint."))

    @property
    def corpus_name(self) -> str:
        return self.corpus_box.currentData()

    def set_running(self, running: bool, paused: bool = False) -> None:
        for widget in (self.train_button, self.corpus_box, self.layers, self.hidden, self.epochs, self.continue_box,
                       self.open_button):
            widget.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.paused = paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))

    def show_file(self, name: str) -> None:
        """Add (or choose) an entry for an opened file."""
        index = self.corpus_box.findData(name)
        if index < 0:
            self.corpus_box.insertItem(self.corpus_box.count() - 1, name.rsplit("/", 1)[-1], name)
            index = self.corpus_box.count() - 2
        self.corpus_box.setCurrentIndex(index)

    def _say_suffixes(self) -> None:
        """" 1 epoch", " 2 epochs": the spin boxes' words follow their numbers (and the language)."""
        for box, one, many in ((self.layers, self.tr(" layer"), self.tr(" layers")),
                               (self.epochs, self.tr(" epoch"), self.tr(" epochs"))):
            box.setSuffix(one if box.value() == 1 else many)
        self.hidden.setSuffix(self.tr(" units"))  # at least 8


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box
