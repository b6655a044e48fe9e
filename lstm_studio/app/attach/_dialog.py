"""File → Attach to a running script…: where the script publishes (host and port)."""
from __future__ import annotations

import os

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 5557


def default_port() -> int:
    """``$LSTM_STUDIO_WATCH_PORT`` (what the script also reads), else 5557."""
    try:
        port = int(os.environ.get("LSTM_STUDIO_WATCH_PORT", DEFAULT_PORT))
    except ValueError:
        return DEFAULT_PORT
    return port if 1 <= port <= 65535 else DEFAULT_PORT


class AttachDialog(QDialog):
    """Host and port of a script that called ``ls.watch(model, probe=...)``."""

    def __init__(self, parent: QWidget | None = None, host: str = DEFAULT_HOST, port: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attach to a running script"))
        self.host = QLineEdit(host)
        self.host.setObjectName("attachHost")
        self.host.setToolTip(self.tr("The machine the script runs on (it must call ls.watch with host='0.0.0.0' to "
                                     "be reachable from another machine)."))
        self.port = QSpinBox()
        self.port.setObjectName("attachPort")
        self.port.setRange(1, 65535)
        self.port.setValue(port or default_port())
        self.port.setToolTip(self.tr("The port ls.watch publishes on (default 5557, or $LSTM_STUDIO_WATCH_PORT)."))
        help_text = QLabel(self.tr("In your training script:") + "<br><code>import lstm_studio as ls<br>"
                           "ls.watch(model, probe=x_probe)<br>… ls.log(step, loss=loss.item())</code>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Attach"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(help_text)
        form.addRow(self.tr("Host:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(buttons)

    def address(self) -> tuple[str, int]:
        return self.host.text().strip() or DEFAULT_HOST, self.port.value()
