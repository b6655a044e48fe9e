"""Starting the desktop app: the window first, everything heavy after."""
from __future__ import annotations

import sys


def run_app(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("LSTM Studio")
    app.setOrganizationName("LSTM Studio")
    from ._main_window import MainWindow

    window = MainWindow()
    window.show()
    return app.exec()
