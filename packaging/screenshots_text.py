"""Take the README's screenshots of the Text tab from the running app (offscreen), at 1400 x 900.

    .venv/bin/python packaging/screenshots_text.py [--out docs/screenshots] [--seconds 40] [--language zh_CN]

* ``text-live.png``: the bundled text model trained on further (Shakespeare), grabbed mid-run: curves,
  samples written from the latest weights, gate heatmaps of a held-out passage, the passage coloured by a unit;
* ``text-inspect.png``: a held-out passage read character by character, connectivity of one prediction;
* ``text-finder.png``: the cell finder over held-out text.

``--language zh_CN`` shows the app in Simplified Chinese and names the pictures ``zh_text-*.png``.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import save  # noqa: E402 - the README screenshots' writer (palette PNG when over 300 KB)


def settle(app, seconds: float, until=lambda: False) -> None:  # noqa: ANN001
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--seconds", type=float, default=40.0, help="seconds of training before the live grab")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en",
                        help="the app's language (zh_CN: Simplified Chinese, pictures named zh_text-*.png)")
    args = parser.parse_args()
    args.prefix = "" if args.language == "en" else "zh_"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["LSTM_STUDIO_LANGUAGE"] = args.language
    os.environ["LSTM_STUDIO_SETTINGS"] = str(Path(tempfile.mkdtemp()) / "screenshots.ini")
    os.environ["LSTM_STUDIO_DATA"] = str(Path(tempfile.mkdtemp()))  # the bundled mini-MNIST is enough here
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())
    qInstallMessageHandler(lambda *a: None)
    from lstm_studio.app import MainWindow

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    window.tabs.setCurrentWidget(window.text_tab)
    tab = window.text_tab
    settle(app, 120, until=lambda: tab.state.snapshot is not None)
    args.out.mkdir(parents=True, exist_ok=True)
    grab_live(app, window, tab, args)
    grab_inspect(app, window, tab, args)
    grab_finder(app, window, tab, args)
    window.close()
    return 0


def grab_live(app, window, tab, args) -> None:  # noqa: ANN001
    tab.form.continue_box.setChecked(True)
    tab.form.epochs.setValue(3)
    tab.live.prime.setText("ROMEO.\n")
    tab.start_training()
    settle(app, args.seconds, until=lambda: len(tab.live.sample_texts) >= 3 and tab.live.test_curve.size >= 1)
    tab.live.unit_box.setValue(best_unit(tab))
    settle(app, 0.5)
    save(window, args.out / f"{args.prefix}text-live.png")
    tab.controller.stop()
    settle(app, 30, until=lambda: not tab.controller.is_running)


def best_unit(tab) -> int:  # noqa: ANN001
    """The last layer's unit whose squashed cell state varies most over the passage: a lively colouring."""
    c = tab.live.arrays["c"][tab.live.layer_box.currentIndex()]
    return int(np.tanh(c).std(axis=0).argmax())


def grab_inspect(app, window, tab, args) -> None:  # noqa: ANN001
    tab.views.setCurrentWidget(tab.inspector)
    passage = tab.held_out_text[2000:2400]
    passage = passage[passage.index("\n") + 1:]
    tab.inspector.editor.setPlainText(passage[:260])
    settle(app, 2, until=lambda: tab.reading is not None and len(tab.reading) == 260)
    tab.inspector.scrubber.setValue(200)
    name = tab.reading.text.rindex("YOUNG SIWARD.")  # "UNG" in a speaker's name: which units are on there?
    tab.inspector.grid.span_selected.emit(name + 2, name + 5)
    tab.inspector.search_button.click()
    settle(app, 120, until=lambda: tab.inspector.matches.count() > 1)
    settle(app, 0.5)
    save(window, args.out / f"{args.prefix}text-inspect.png")


def grab_finder(app, window, tab, args) -> None:  # noqa: ANN001
    tab.views.setCurrentWidget(tab.finder)
    tab.finder.find_button.click()
    settle(app, 300, until=lambda: tab.finder.result is not None)
    row = [tab.finder.signal_at(r) for r in range(tab.finder.table.rowCount())].index("position_in_line")
    tab.finder.table.selectRow(row)
    settle(app, 0.5)
    save(window, args.out / f"{args.prefix}text-finder.png")


if __name__ == "__main__":
    raise SystemExit(main())
