"""File → Follow a run…: the action, the folder dialog, and the Follow tab that appears while following."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QTabWidget, QWidget

from ..i18n import on_language_change
from ..shell._session import Session
from ..shell._settings import open_settings
from ._tab import FollowTab


class RunFollowing(QObject):
    """Owns the Follow a run… action and the Follow tab (made on first use, removed when following ends)."""

    def __init__(self, session: Session, tabs: QTabWidget, window: QWidget) -> None:
        super().__init__(window)
        self.session, self.tabs, self.window = session, tabs, window
        self.tab: FollowTab | None = None
        self.action = QAction(self)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.action.triggered.connect(lambda: self.follow())
        self.retranslate()
        on_language_change(window, self.retranslate)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def retranslate(self) -> None:
        """The action and the Run tab's title and tooltip in the current language."""
        self.action.setText(self.tr("&Follow a run…"))
        self.action.setStatusTip(self.tr("Open a run folder written by train --run-dir (here, on NFS, sshfs or a "
                                         "synced folder) and watch it live"))
        if self.tab is not None:
            self._name_tab()

    def _name_tab(self) -> None:
        index = self.tabs.indexOf(self.tab)
        folder = self.tab.folder
        self.tabs.setTabText(index, self.tr("Run: {name}").format(name=folder.name) if folder else self.tr("Run"))
        self.tabs.setTabToolTip(index, self.tr("A training run read live from its folder (train --run-dir), here or "
                                               "on shared storage"))

    def follow(self, folder: str | Path | None = None) -> bool:
        """Follow ``folder`` (asks for one when ``None``); True if following started."""
        if folder is None:
            start = str(open_settings().value("files/last_run_folder", str(Path.home())))
            folder = QFileDialog.getExistingDirectory(self.window, self.tr("Follow a run: choose its folder"), start)
            if not folder:
                return False
        open_settings().setValue("files/last_run_folder", str(Path(folder).parent))
        tab = self._tab()
        tab.follow(folder)
        self._name_tab()
        self.tabs.setCurrentWidget(tab)
        return True

    def _tab(self) -> FollowTab:
        if self.tab is None:
            self.tab = FollowTab(self.session)
            self.tab.closed.connect(self._remove_tab)
            self.tabs.addTab(self.tab, "")
            self._name_tab()
        return self.tab

    @Slot()
    def _remove_tab(self) -> None:
        tab, self.tab = self.tab, None
        if tab is not None:
            self.tabs.removeTab(self.tabs.indexOf(tab))
            tab.deleteLater()

    @Slot()
    def shutdown(self) -> None:
        """Stop following (the window closes); safe to call twice."""
        if self.tab is not None:
            self.tab.shutdown()
