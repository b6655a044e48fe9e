"""The Text tab's top bar: the model, the corpus, the shape of a new model, and Train / Pause / Stop."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

#: Corpus choices: (label, name for load_corpus, tooltip).
CORPORA = (
    ("Shakespeare", "shakespeare", "Eight plays, bundled (1.05 million characters)."),
    ("Python stdlib", "python", "1 MB of this Python's own standard library source."),
    ("Generated", "generated", "A synthetic language with nested brackets, strings, comments and indentation, "
                               "whose true structure is known: the cell finder's best test."),
)
OPEN_FILE = "Open a text file…"


class TextForm(QWidget):
    """Controls only; the tab reacts to their signals and reads their values."""

    corpus_chosen = Signal(str)    # a corpus name, or OPEN_FILE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_label = QLabel("Loading the text model…")
        self.model_label.setObjectName("textModelLabel")
        self.model_label.setWordWrap(True)
        self.model_label.setMinimumWidth(160)
        self.corpus_box = QComboBox()
        self.corpus_box.setObjectName("corpusBox")
        for label, name, tip in CORPORA:
            self.corpus_box.addItem(label, name)
            self.corpus_box.setItemData(self.corpus_box.count() - 1, tip, 3)  # 3: Qt.ToolTipRole
        self.corpus_box.addItem(OPEN_FILE, OPEN_FILE)
        self.corpus_box.setToolTip("The text the model learns from (its last 10% is held out for measuring).")
        self.corpus_box.activated.connect(lambda index: self.corpus_chosen.emit(self.corpus_box.itemData(index)))
        self.layers = _spin(1, 4, 2, " layers", "Layers of a new model.")
        self.hidden = _spin(8, 512, 128, " units", "Units per layer of a new model.")
        self.epochs = _spin(1, 1000, 20, " epochs", "Passes over the corpus.")
        self.continue_box = QCheckBox("continue the loaded model")
        self.continue_box.setToolTip("Train the model shown (its vocabulary and shape) instead of a new one.")
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("textTrainButton")
        self.pause_button = QPushButton("Pause")
        self.stop_button = QPushButton("Stop")
        self.open_button = QPushButton("Open model…")
        self.save_button = QPushButton("Save model…")
        self.open_button.setToolTip("Open a character model's checkpoint (lstm-studio train --task text).")
        self.save_button.setToolTip("Save the model shown, with its vocabulary, as a checkpoint.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        for widget in (self.model_label, QLabel("corpus"), self.corpus_box, self.layers, self.hidden, self.epochs,
                       self.continue_box, self.train_button, self.pause_button, self.stop_button, self.open_button,
                       self.save_button):
            layout.addWidget(widget)
        layout.setStretchFactor(self.model_label, 1)
        self.set_running(False)

    @property
    def corpus_name(self) -> str:
        return self.corpus_box.currentData()

    def set_running(self, running: bool, paused: bool = False) -> None:
        for widget in (self.train_button, self.corpus_box, self.layers, self.hidden, self.epochs, self.continue_box,
                       self.open_button):
            widget.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.pause_button.setText("Resume" if paused else "Pause")

    def show_file(self, name: str) -> None:
        """Add (or choose) an entry for an opened file."""
        index = self.corpus_box.findData(name)
        if index < 0:
            self.corpus_box.insertItem(self.corpus_box.count() - 1, name.rsplit("/", 1)[-1], name)
            index = self.corpus_box.count() - 2
        self.corpus_box.setCurrentIndex(index)


def _spin(low: int, high: int, value: int, suffix: str, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setToolTip(tip)
    return box
