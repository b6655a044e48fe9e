"""Downloading MNIST in a background thread, with a progress dialog that never blocks the window.

torchvision reports no progress to a caller, so a second background thread measures the files
as they grow (a folder scan, which may be slow on a network drive: never on the GUI thread) and
sends the fraction to the dialog through a queued signal.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

#: Bytes of the four compressed MNIST files, for the progress bar.
MNIST_GZ_BYTES = 9_912_422 + 28_881 + 1_648_877 + 4_542
#: Seconds between two measurements of the download folder.
POLL_INTERVAL_S = 0.25


def downloaded_bytes(root: Path) -> int:
    """Bytes of ``.gz`` files under ``root`` so far (torchvision writes them as it downloads)."""
    try:
        return sum(path.stat().st_size for path in root.rglob("*.gz") if path.is_file())
    except OSError:
        return 0


class MnistDownloader(QObject):
    """Runs ``download_mnist(root)`` then ``read_mnist(root)`` in a daemon thread.

    ``finished`` carries the new ``DigitSet``; ``failed`` carries one line.
    """

    finished = Signal(object)
    failed = Signal(str)
    _done = Signal(object, str)   # worker thread -> GUI thread
    _progress = Signal(int)       # polling thread -> GUI thread: per mille downloaded

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._dialog: QProgressDialog | None = None
        self._root = Path()
        self._abandoned = False  # the window closed: a late result is dropped
        self._polling = threading.Event()  # set: the polling thread stops
        self._done.connect(self._on_done)
        self._progress.connect(self._show_progress)

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, root: Path, parent: QWidget | None) -> None:
        if self._thread is not None:
            if self._dialog is not None:
                self._dialog.show()
            return
        self._root = Path(root)
        self._dialog = self._make_dialog(parent)
        self._thread = threading.Thread(target=self._download, name="lstm-studio-mnist-download", daemon=True)
        self._polling = threading.Event()
        poller = threading.Thread(target=self._poll_sizes, args=(self._root, self._polling),
                                  name="lstm-studio-mnist-progress", daemon=True)
        self._thread.start()
        poller.start()

    def _make_dialog(self, parent: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(self.tr("Downloading MNIST (about 11 MB) into\n{folder}").format(folder=self._root),
                                 self.tr("Hide"), 0, 1000, parent)
        dialog.setObjectName("mnistDownloadDialog")
        dialog.setWindowTitle(self.tr("Download MNIST"))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setModal(False)
        dialog.setToolTip(self.tr("The download continues in the background if you hide this window; "
                                  "the app keeps working meanwhile."))
        dialog.setValue(0)
        dialog.show()
        return dialog

    def _download(self) -> None:
        try:
            from ...data import download_mnist, read_mnist

            download_mnist(self._root)
            self._done.emit(read_mnist(self._root), "")
        except Exception as error:  # noqa: BLE001 - shown as one line in a dialog
            lines = str(error).strip().splitlines()
            self._done.emit(None, lines[0] if lines else type(error).__name__)

    def _poll_sizes(self, root: Path, stop: threading.Event) -> None:
        """In the polling thread: measure the download every ``POLL_INTERVAL_S`` until ``stop``."""
        while not stop.wait(POLL_INTERVAL_S):
            fraction = min(0.99, downloaded_bytes(root) / MNIST_GZ_BYTES)
            try:
                self._progress.emit(int(1000 * fraction))
            except RuntimeError:  # this object is gone with its window
                return

    @Slot(int)
    def _show_progress(self, per_mille: int) -> None:
        if self._dialog is not None and not self._abandoned:
            self._dialog.setValue(per_mille)

    @Slot(object, str)
    def _on_done(self, digits: object, error: str) -> None:
        if self._abandoned:
            return
        self._polling.set()
        self._thread = None
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if error:
            self.failed.emit(error)
        else:
            self.finished.emit(digits)

    def shutdown(self) -> None:
        """Stop polling (the daemon thread cannot be interrupted; its result is then ignored)."""
        self._polling.set()
        self._abandoned = True
        if self._dialog is not None:
            self._dialog.close()
