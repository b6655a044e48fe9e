"""The main window: Draw / Train / Inspect / Lab / Text tabs over one shared :class:`Session`.

It owns the menus, the status bar and the one shutdown path: ``closeEvent`` (the close button,
Ctrl+Q, Ctrl+C or SIGTERM in the terminal) saves the settings, stops the training worker and
waits until its thread has ended; ``aboutToQuit`` is the backstop for ``app.quit()``.
"""
from __future__ import annotations

import platform
import sys
from importlib import resources

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from ... import __version__
from ..draw._tab import DrawTab
from ..follow import RunFollowing
from ..i18n import (CHINESE, LANGUAGES, MISSING_FONT_NOTE, chosen_language, current_language, digits_source_text,
                    has_han_font, install_language, on_language_change, save_language, source_text)
from ..inspect._tab import InspectTab
from ..lab._tab import LabTab
from ._gc import collect_garbage_in_gui_thread
from ._own_models import OwnModelActions
from ._session import Session
from ._settings import open_settings, read_value
from ..widgets._style import apply_theme, current_theme
from ..train._tab import TrainTab
from ..text._tab import TextTab

TITLE = "LSTM Studio"
SHUTDOWN_WAIT_MS = 1500
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


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
        collect_garbage_in_gui_thread()  # never in the training thread or a job: see _gc.py
        # The language first: every view sets its texts as it is made (and again on a change).
        install_language(chosen_language())
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
        self.lab_tab = LabTab(self.session)
        self.text_tab = TextTab()
        for tab in (self.draw_tab, self.train_tab, self.inspect_tab, self.lab_tab, self.text_tab):
            self.tabs.addTab(tab, "")
        self.tabs.setCurrentWidget(self.train_tab)
        self.setCentralWidget(self.tabs)
        self._shut_down = False
        self._load_state = "loading"  # loading, ready or failed: the status bar's word for it
        self._font_note_shown = False
        self.follow = RunFollowing(self.session, self.tabs, self)  # File > Follow a run...: a Run tab while following
        self._build_menus()
        self._build_status_bar()
        self._connect_session()
        self.retranslate()
        on_language_change(self, self.retranslate)
        self._restore_settings()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)
        # Load torch once the event loop runs, i.e. after the window's first paint: the import
        # holds the GIL for seconds and would otherwise delay the window appearing.
        QTimer.singleShot(0, self.session.start_loading)
        QTimer.singleShot(0, self._check_font)

    def _build_menus(self) -> None:
        tab = self.train_tab
        self.file_menu = file_menu = self.menuBar().addMenu("")
        for action in (tab.new_model_action, tab.open_action, tab.save_action, tab.bundled_action):
            file_menu.addAction(action)
        self.own_models = OwnModelActions(self, file_menu)  # Open model… (any format), sequences, export, attach
        file_menu.addSeparator()
        file_menu.addAction(tab.download_action)
        file_menu.addAction(self.follow.action)
        file_menu.addSeparator()
        self.quit_action = QAction(self, shortcut=QKeySequence("Ctrl+Q"), triggered=self.close)
        file_menu.addAction(self.quit_action)
        self.training_menu = self.menuBar().addMenu("")
        for action in (tab.train_action, tab.pause_action, tab.stop_action):
            self.training_menu.addAction(action)
        self.view_menu = self.menuBar().addMenu("")
        self.tab_actions = []
        for index in range(5):
            action = QAction(self, shortcut=QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda checked=False, i=index: self.tabs.setCurrentIndex(i))
            self.view_menu.addAction(action)
            self.tab_actions.append(action)
        self.view_menu.addSeparator()
        self.language_menu = self._build_language_menu()
        self.view_menu.addMenu(self.language_menu)
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self, shortcut=QKeySequence("F1"), triggered=self.show_about)
        self.help_menu.addAction(self.about_action)

    def _build_language_menu(self) -> QMenu:
        """View → Language: each language named in itself, the one in use checked."""
        menu = QMenu(self, objectName="languageMenu")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda checked=False, c=code: self.set_language(c))
            group.addAction(action)
            menu.addAction(action)
            self.language_actions[code] = action
        return menu

    def retranslate(self) -> None:
        """Every text of the frame (menus, tabs, status bar) in the current language."""
        tips = (self.tr("Draw a digit and watch the LSTM read it row by row (Ctrl+1)"),
                self.tr("Train the LSTM and watch its loss, accuracy and gates live (Ctrl+2)"),
                self.tr("Step through the 28 timesteps of any input and see what every gate did (Ctrl+3)"),
                self.tr("Why LSTM: RNN, GRU and LSTM side by side on tasks that need long-term memory (Ctrl+4)"),
                self.tr("Watch a character-level LSTM learn to write, and find what its cells track (Ctrl+5)"))
        titles = (self.tr("Draw"), self.tr("Train"), self.tr("Inspect"), self.tr("Lab"), self.tr("Text"))
        tabs = (self.draw_tab, self.train_tab, self.inspect_tab, self.lab_tab, self.text_tab)
        for tab, title, tip in zip(tabs, titles, tips):
            self.tabs.setTabText(self.tabs.indexOf(tab), title)
            self.tabs.setTabToolTip(self.tabs.indexOf(tab), tip)
        self.file_menu.setTitle(self.tr("&File"))
        self.training_menu.setTitle(self.tr("&Training"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.quit_action.setText(self.tr("&Quit"))
        self.quit_action.setStatusTip(self.tr("Close LSTM Studio (a running training stops first)"))
        names = (self.tr("&Draw tab"), self.tr("&Train tab"), self.tr("&Inspect tab"), self.tr("&Lab tab"),
                 self.tr("&Text tab"))
        for action, text in zip(self.tab_actions, names):
            action.setText(text)
        self.about_action.setText(self.tr("&About LSTM Studio"))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
            action.setStatusTip(self.tr("Show LSTM Studio in {language} (remembered for next time)")
                                .format(language=LANGUAGES[code]))
        self._show_load_state()
        self._update_title()

    # --- language ------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        """Switch every text to ``code`` (``"en"`` or ``"zh_CN"``) now and remember it (View → Language).

        Only words change: the drawing, the model and a training run in progress carry on.
        """
        save_language(code)
        if not install_language(code):
            self.retranslate()  # already in effect: still tick the right entry
        self._check_font()

    def _check_font(self) -> None:
        """In Chinese without a Han font (boxes instead of characters): say once which package to install."""
        if current_language() == CHINESE and not self._font_note_shown and not has_han_font():
            self._font_note_shown = True
            self.statusBar().showMessage(MISSING_FONT_NOTE)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.loading_label = QLabel(self, objectName="loadingLabel")
        bar.addWidget(self.loading_label)
        bar.addPermanentWidget(self.train_tab.status)
        self.train_tab.status_message.connect(self._show_status)
        self.lab_tab.status_message.connect(self._show_status)

    def _show_load_state(self) -> None:
        digits = self.session.digits
        if self._load_state == "failed":
            text = self.tr("Loading failed")
        elif self._load_state == "ready" and digits is not None:
            text = self.tr("Ready · {source}: {train} train / {test} test digits").format(
                source=digits_source_text(digits.source), train=f"{len(digits.train_labels):,}",
                test=f"{len(digits.test_labels):,}")
        elif self._load_state == "ready":
            text = self.tr("Ready")
        else:
            text = self.tr("Loading PyTorch…")
        self.loading_label.setText(text)

    def _connect_session(self) -> None:
        self.session.ready.connect(self._on_ready)
        self.session.load_failed.connect(self._on_load_failed)
        self.session.model_changed.connect(self._update_title)

    @Slot(str, int)
    def _show_status(self, text: str, milliseconds: int) -> None:
        self.statusBar().showMessage(text, milliseconds)

    @Slot()
    def _on_ready(self) -> None:
        self._load_state = "ready"
        self._show_load_state()

    @Slot(str)
    def _on_load_failed(self, error: str) -> None:
        self._load_state = "failed"
        self._show_load_state()
        # open(), not exec(): no nested event loop, so other listeners (and quitting) still run.
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("LSTM Studio could not load"), error,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(object)
    def _update_title(self, model: object = None) -> None:
        source = self.session.model_source
        self.setWindowTitle(f"{TITLE} — {source_text(source)}" if source else TITLE)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Say so when the system switches between light and dark while the app runs.

        The plots take their colours when they are made, so a switch shows fully after a restart.
        """
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            theme = current_theme()
            if theme != getattr(self, "theme", theme):
                colours = self.tr("dark") if theme.is_dark else self.tr("light")
                self.statusBar().showMessage(self.tr("The system switched to {theme} colours: restart LSTM Studio "
                                                     "to draw the plots in them").format(theme=colours), 15000)

    # --- about ---------------------------------------------------------------------------
    def about_text(self) -> str:
        """Versions and the device in use, for Help > About."""
        import PySide6
        import pyqtgraph

        torch_version = self.tr("loading…")
        device = self.tr("not chosen yet (PyTorch is loading)")
        if "torch" in sys.modules and self.session.is_ready:
            import torch

            from ...training import describe_device, resolve_device
            from ..i18n import device_text

            torch_version = torch.__version__
            device = device_text(self.train_tab.device_description or describe_device(resolve_device("auto")))
        return (f"<h3>LSTM Studio {__version__}</h3>"
                "<p>" + self.tr("Watch an LSTM learn: draw digits, train live and inspect every gate at every "
                                "timestep.") + "</p>"
                f"<p>Python {platform.python_version()}<br>PyTorch {torch_version}<br>"
                f"PySide6 {PySide6.__version__} (Qt {PySide6.QtCore.qVersion()})<br>"
                f"pyqtgraph {pyqtgraph.__version__}<br>" + self.tr("Device: {device}").format(device=device) + "</p>")

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About LSTM Studio"), self.about_text())

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
        self.lab_tab.restore_settings(settings)

    def save_settings(self) -> None:
        settings = open_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        self.train_tab.save_settings(settings)
        self.lab_tab.save_settings(settings)
        settings.sync()

    # --- shutdown ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """The one shutdown path: stop training, wait (bounded), save settings, close."""
        self.follow.shutdown()
        if not self._shut_down:
            self.save_settings()
        self._stop_training()
        self.own_models.close_all()
        self._shut_down = True
        super().closeEvent(event)

    def _stop_training(self) -> None:
        """Stop the worker and wait until its thread has ended; a running QThread is never destroyed.

        Training stops between batches (and between test batches), so this is quick; on a machine
        so loaded that it takes over ``SHUTDOWN_WAIT_MS``, the window vanishes first and the wait goes on.
        """
        for tab in (self.lab_tab, self.text_tab):
            if not tab.shutdown(SHUTDOWN_WAIT_MS):
                self.hide()
                tab.controller.wait(60_000)
                tab.shutdown(0)
        self.train_tab.shutdown(SHUTDOWN_WAIT_MS, on_slow=self.hide)

    @Slot()
    def _on_about_to_quit(self) -> None:
        """Backstop when the app quits without closing this window (e.g. ``app.quit()``)."""
        if not self._shut_down:
            self.save_settings()
            self._stop_training()
            self.own_models.close_all()
            self._shut_down = True
