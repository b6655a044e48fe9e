"""The main window: Draw / Train / Inspect tabs over one shared :class:`Session`.

It owns the menus, the status bar and the one shutdown path: ``closeEvent`` stops the
training worker and waits for it with a bound; ``aboutToQuit`` is the backstop.
"""
from __future__ import annotations

import platform
import sys
from importlib import resources

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from ... import __version__
from ..draw._tab import DrawTab
from ..inspect._tab import InspectTab
from ._session import Session
from ._settings import open_settings, read_value
from ..widgets._style import apply_theme, current_theme
from ..train._tab import TrainTab
from ..text._tab import TextTab

TITLE = "LSTM Studio"
SHUTDOWN_WAIT_MS = 1500
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
TAB_TIPS = ("Draw a digit and watch the LSTM read it row by row (Ctrl+1)",
            "Train the LSTM and watch its loss, accuracy and gates live (Ctrl+2)",
            "Step through the 28 timesteps of any input and see what every gate did (Ctrl+3)",
            "Watch a character-level LSTM learn to write, and find what its cells track (Ctrl+4)")


def app_icon() -> QIcon:
    """The LSTM Studio icon at every shipped size, read from the package (works from a zip too)."""
    icon = QIcon()
    folder = resources.files("lstm_studio.resources").joinpath("icons")
    for size in ICON_SIZES:
        try:
            data = folder.joinpath(f"lstm-studio-{size}.png").read_bytes()
        except (FileNotFoundError, OSError):
            continue
        pixmap = QPixmap()
        if pixmap.loadFromData(data, "PNG"):
            icon.addPixmap(pixmap)
    return icon


class MainWindow(QMainWindow):
    """LSTM Studio's window. Constructible with no arguments; reads ``LSTM_STUDIO_DATA``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The system's light or dark theme, chosen before any plot exists: pyqtgraph and the
        # tabs read their colours when their widgets are made.
        self.theme = apply_theme()
        self.setObjectName("mainWindow")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(app_icon())
        self.resize(1400, 900)
        self.session = Session(parent=self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.train_tab = TrainTab(self.session)
        self.draw_tab = DrawTab(self.session)
        self.inspect_tab = InspectTab(self.session)
        self.text_tab = TextTab()
        for tab, title, tip in zip((self.draw_tab, self.train_tab, self.inspect_tab, self.text_tab),
                                   ("Draw", "Train", "Inspect", "Text"), TAB_TIPS):
            self.tabs.setTabToolTip(self.tabs.addTab(tab, title), tip)
        self.tabs.setCurrentWidget(self.train_tab)
        self.setCentralWidget(self.tabs)
        self._shut_down = False
        self._build_menus()
        self._build_status_bar()
        self._connect_session()
        self._restore_settings()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)
        # Load torch once the event loop runs, i.e. after the window's first paint: the import
        # holds the GIL for seconds and would otherwise delay the window appearing.
        QTimer.singleShot(0, self.session.start_loading)

    def _build_menus(self) -> None:
        tab = self.train_tab
        file_menu = self.menuBar().addMenu("&File")
        for action in (tab.new_model_action, tab.open_action, tab.save_action, tab.bundled_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(tab.download_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"), triggered=self.close)
        quit_action.setStatusTip("Close LSTM Studio (a running training stops first)")
        file_menu.addAction(quit_action)
        training_menu = self.menuBar().addMenu("&Training")
        for action in (tab.train_action, tab.pause_action, tab.stop_action):
            training_menu.addAction(action)
        view_menu = self.menuBar().addMenu("&View")
        for index, name in enumerate(("Draw", "Train", "Inspect", "Text")):
            action = QAction(f"&{name} tab", self, shortcut=QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda checked=False, i=index: self.tabs.setCurrentIndex(i))
            view_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About LSTM Studio", self, shortcut=QKeySequence("F1"), triggered=self.show_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.loading_label = QLabel("Loading PyTorch…", self, objectName="loadingLabel")
        bar.addWidget(self.loading_label)
        bar.addPermanentWidget(self.train_tab.status)
        self.train_tab.status_message.connect(self._show_status)

    def _connect_session(self) -> None:
        self.session.loading_message.connect(self.loading_label.setText)
        self.session.ready.connect(self._on_ready)
        self.session.load_failed.connect(self._on_load_failed)
        self.session.model_changed.connect(self._update_title)

    @Slot(str, int)
    def _show_status(self, text: str, milliseconds: int) -> None:
        self.statusBar().showMessage(text, milliseconds)

    @Slot()
    def _on_ready(self) -> None:
        digits = self.session.digits
        self.loading_label.setText(f"Ready · {digits.description}" if digits is not None else "Ready")

    @Slot(str)
    def _on_load_failed(self, error: str) -> None:
        self.loading_label.setText("Loading failed")
        # open(), not exec(): no nested event loop, so other listeners (and quitting) still run.
        box = QMessageBox(QMessageBox.Icon.Critical, "LSTM Studio could not load", error,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(object)
    def _update_title(self, model: object = None) -> None:
        self.setWindowTitle(f"{TITLE} — {self.session.model_source}" if self.session.model_source else TITLE)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Say so when the system switches between light and dark while the app runs.

        The plots take their colours when they are made, so a switch shows fully after a restart.
        """
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            theme = current_theme()
            if theme != getattr(self, "theme", theme):
                self.statusBar().showMessage(f"The system switched to {theme.name} colours: restart LSTM Studio "
                                             f"to draw the plots in them", 15000)

    # --- about ---------------------------------------------------------------------------
    def about_text(self) -> str:
        """Versions and the device in use, for Help > About."""
        import PySide6
        import pyqtgraph

        torch_version = "loading…"
        device = "not chosen yet (PyTorch is loading)"
        if "torch" in sys.modules and self.session.is_ready:
            import torch

            from ...training import describe_device, resolve_device

            torch_version = torch.__version__
            device = self.train_tab.device_description or describe_device(resolve_device("auto"))
        return (f"<h3>LSTM Studio {__version__}</h3>"
                "<p>Watch an LSTM learn: draw digits, train live and inspect every gate at every timestep.</p>"
                f"<p>Python {platform.python_version()}<br>PyTorch {torch_version}<br>"
                f"PySide6 {PySide6.__version__} (Qt {PySide6.QtCore.qVersion()})<br>"
                f"pyqtgraph {pyqtgraph.__version__}<br>Device: {device}</p>")

    def show_about(self) -> None:
        QMessageBox.about(self, "About LSTM Studio", self.about_text())

    # --- settings ------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = open_settings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.tabs.setCurrentIndex(int(read_value(settings, "window/tab", 1, int)))
        self.train_tab.restore_settings(settings)

    def save_settings(self) -> None:
        settings = open_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        self.train_tab.save_settings(settings)
        settings.sync()

    # --- shutdown ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """The one shutdown path: stop training, wait (bounded), save settings, close."""
        if not self._shut_down:
            self.save_settings()
        self._stop_training()
        self._shut_down = True
        super().closeEvent(event)

    def _stop_training(self) -> None:
        """Stop the worker and wait for it; never let a running QThread be destroyed."""
        if not self.text_tab.shutdown(SHUTDOWN_WAIT_MS):
            self.hide()
            self.text_tab.controller.wait(60_000)
            self.text_tab.shutdown(0)
        if not self.train_tab.shutdown(SHUTDOWN_WAIT_MS):
            # Rare: a long evaluation pass is not interruptible. Vanish now, finish it, then close.
            self.hide()
            self.train_tab.controller.wait(60_000)
            self.train_tab.shutdown(0)

    @Slot()
    def _on_about_to_quit(self) -> None:
        """Backstop when the app quits without closing this window (e.g. ``app.quit()``)."""
        if not self._shut_down:
            self.save_settings()
            self._stop_training()
            self._shut_down = True
