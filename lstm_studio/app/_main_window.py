"""The main window: three tabs over one shared :class:`Session`."""
from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from ._draw_tab import DrawTab
from ._inspect_tab import InspectTab
from ._session import Session
from ._train_tab import TrainTab


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("LSTM Studio")
        self.resize(1400, 900)
        self.session = Session(parent=self)
        self.tabs = QTabWidget(self)
        self.train_tab = TrainTab(self.session)
        self.draw_tab = DrawTab(self.session)
        self.inspect_tab = InspectTab(self.session)
        self.tabs.addTab(self.draw_tab, "Draw")
        self.tabs.addTab(self.train_tab, "Train")
        self.tabs.addTab(self.inspect_tab, "Inspect")
        self.setCentralWidget(self.tabs)
        self.session.loading_message.connect(self.statusBar().showMessage)
        self.session.ready.connect(lambda: self.statusBar().showMessage("Ready", 3000))
        self.session.start_loading()
