"""Take the README's screenshots from the running app (offscreen: no display needed).

Usage, from the repository root::

    .venv/bin/python packaging/screenshots.py            # docs/screenshots/{drawing,training,inspector,lab,gru,dark}.png
    .venv/bin/python packaging/screenshots.py --theme dark --scale 2 --out /tmp/shots
    .venv/bin/python packaging/screenshots.py --tabs draw,inspect --out /tmp/shots
    .venv/bin/python packaging/screenshots.py --tabs lab --language zh_CN   # docs/screenshots/zh_lab.png
    .venv/bin/python packaging/screenshots.py --language zh_CN   # docs/screenshots/zh_{drawing,...}.png

Without ``--theme`` it runs itself twice: the light theme for every tab, then the dark theme
for ``dark.png`` (the theme is chosen once, when the window is made). ``--theme light|dark``
forces one theme in this process (the dark one through the Fusion style and a dark palette,
as a system in dark mode would give), ``--scale 2`` renders at a device pixel ratio of 2
(``QT_SCALE_FACTOR``) to check high-DPI output. Each picture is 1400x900 logical pixels.
``--language zh_CN`` shows the app in Simplified Chinese (light theme; files named ``zh_*.png``).

The state shown is realistic and reproducible:

* Draw: a pendigits digit (``--digit``, an index into pendigits-train) replayed as mouse
  strokes onto the canvas and classified by the bundled model;
* Inspect: MNIST test digit #0 at t = 14, with the unit of the last layer whose cell state
  is largest there selected;
* Lab: RNN, GRU and LSTM (PyTorch's forget bias and 1) on the adding problem at T = 100, after a
  short comparison (``--lab-steps`` steps; results go to a throw-away cache);
* Train: a fresh 2 x 128 LSTM on full MNIST, grabbed mid-run (``--steps`` optimiser steps);
* GRU: the same with a 2 x 128 GRU (``gru.png``).

Needs the MNIST files (``--data``, default ``../shared/mnist``) and pendigits
(``--pendigits``). PNGs over 300 KB are re-saved with a 256-colour palette.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_BYTES = 300_000
SIZE = (1400, 900)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--theme", choices=("light", "dark", "system"), default=None,
                        help="one theme in this process (default: light for every tab, then dark.png)")
    parser.add_argument("--tabs", default="draw,inspect,lab,train,gru",
                        help="comma-separated: draw, inspect, lab, train, gru")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (QT_SCALE_FACTOR)")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en",
                        help="the app's language (zh_CN: Simplified Chinese, pictures named zh_*.png)")
    parser.add_argument("--suffix", default="", help="added to every file name, e.g. '-dark'")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "mnist"))
    parser.add_argument("--pendigits", default=str(ROOT.parent / "shared" / "pendigits" / "pendigits-train"))
    parser.add_argument("--digit", type=int, default=5,
                        help="index of the pendigits digit to draw (5: a 6 by writer 27, whom the model never saw)")
    parser.add_argument("--steps", type=int, default=200, help="optimiser steps before the Train tab is grabbed")
    parser.add_argument("--lab-steps", type=int, default=400, help="steps of the Lab tab's comparison")
    parser.add_argument("--extra", action="store_true",
                        help="also grab other states for review: the empty canvas, an unsure guess, the idle "
                             "Train tab and every sub-tab of Inspect (*-extra-*.png)")
    return parser.parse_args(argv)


def readme_set(args: argparse.Namespace) -> int:
    """Light screenshots of every tab, then the dark one, each theme in its own process."""
    common = [sys.executable, __file__, "--out", str(args.out), "--data", args.data, "--pendigits",
              args.pendigits, "--digit", str(args.digit), "--steps", str(args.steps), "--lab-steps",
              str(args.lab_steps)]
    for extra in (["--theme", "light"], ["--theme", "dark", "--tabs", "train", "--suffix=-dark"]):
        if subprocess.run(common + extra, check=False).returncode:
            return 1
    dark = args.out / "training-dark.png"
    dark.replace(args.out / "dark.png")
    print(f"wrote {args.out / 'dark.png'}")
    return 0


def set_environment(args: argparse.Namespace) -> None:
    """Everything Qt and the app read at start-up; must run before PySide6 is imported."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["LSTM_STUDIO_OFFLINE"] = "1"
    os.environ["LSTM_STUDIO_DATA"] = args.data
    os.environ["LSTM_STUDIO_LANGUAGE"] = args.language
    # A throw-away settings file and lab cache: the user's window layout and results must not leak into the
    # pictures (nor the pictures' runs into the user's results).
    scratch = Path(tempfile.mkdtemp())
    os.environ["LSTM_STUDIO_SETTINGS"] = str(scratch / "screenshots.ini")
    os.environ["LSTM_STUDIO_LAB_CACHE"] = str(scratch / "lab-results.json")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"


def make_app(theme: str):  # noqa: ANN201 - QApplication, imported late
    from PySide6.QtCore import Qt, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    qInstallMessageHandler(lambda *args: None)  # the offscreen platform's "propagateSizeHints" noise
    if theme == "dark":
        from lstm_studio.app.widgets import dark_palette

        app.setStyle("Fusion")
        app.setPalette(dark_palette())
        if hasattr(app.styleHints(), "setColorScheme"):
            app.styleHints().setColorScheme(Qt.ColorScheme.Dark)  # honoured where the platform supports it
    elif theme == "light":
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    return app


def wait_until(app, condition, timeout_s: float, what: str) -> None:  # noqa: ANN001
    """Run the event loop until ``condition()`` holds; fail loudly after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def settle(app, seconds: float = 0.4) -> None:  # noqa: ANN001
    """Let timers fire and layouts settle (frames are drawn by ~30 Hz timers)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def save(window, path: Path) -> None:  # noqa: ANN001
    """Grab the whole window into ``path``; shrink it to a 256-colour palette if over the limit."""
    window.grab().save(str(path), "PNG", 0)  # quality 0: Qt's strongest (still lossless) compression
    if path.stat().st_size > LIMIT_BYTES:
        from PIL import Image

        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                          dither=Image.Dither.NONE).save(path, optimize=True)
    print(f"wrote {path} ({path.stat().st_size // 1000} KB)")


def show_draw(app, window, args: argparse.Namespace) -> None:  # noqa: ANN001
    """A pendigits digit replayed onto the canvas as mouse strokes."""
    from lstm_studio.app.draw import fit_strokes, replay_strokes
    from lstm_studio.data import Drawing, read_pendigits

    tab = window.draw_tab
    window.tabs.setCurrentWidget(tab)
    settle(app)
    digit = read_pendigits(args.pendigits)[args.digit]
    points = [point for stroke in digit.drawing.strokes for point in stroke]
    left, top = min(x for x, _ in points), min(y for _, y in points)
    width, height = max(x for x, _ in points) - left, max(y for _, y in points) - top
    side = max(width, height)
    square = Drawing(side, side, [[(x - left + (side - width) / 2, y - top + (side - height) / 2) for x, y in stroke]
                                  for stroke in digit.drawing.strokes])
    replay_strokes(tab.canvas, fit_strokes(square, tab.canvas.width(), margin=0.2))
    settle(app)
    print(f"draw: pendigits #{args.digit} (a {digit.label}) read as {tab.prediction_label.text()!r}")


def show_inspect(app, window) -> None:  # noqa: ANN001
    """MNIST test digit #0 at t = 14 with an interesting unit of the last layer selected."""
    import numpy as np

    tab = window.inspect_tab
    window.tabs.setCurrentWidget(tab)
    wait_until(app, lambda: tab.built and tab.trace is not None, 60, "the inspector's first trace")
    tab.choose_test_digit(0)
    wait_until(app, lambda: tab.sample is not None and tab.sample.test_index == 0, 60, "test digit #0")
    settle(app)
    layer = tab.trace.num_layers - 1
    unit = int(np.argmax(np.abs(tab.trace.cell_state[layer, 0, 13])))
    tab.select_unit(layer, unit)
    tab.set_step(14)
    wait_until(app, lambda: tab.evaluation is not None, 600, "the test-set evaluation")
    settle(app, 1.0)
    print(f"inspect: test digit #0, layer {layer + 1}, unit {unit}, t = 14")


def show_training(app, window, steps: int, cell: str = "lstm") -> None:  # noqa: ANN001
    """A fresh 2 x 128 network of ``cell`` training on the loaded digits, left running until ``steps``."""
    tab = window.train_tab
    window.tabs.setCurrentWidget(tab)
    if tab.controller.is_running:  # the previous picture's run
        tab.stop_training()
        wait_until(app, lambda: not tab.controller.is_running, 60, "the previous run to stop")
    controls = tab.controls
    controls.scratch_radio.setChecked(True)
    controls.cell.setCurrentIndex(controls.cell.findData(cell))
    controls.layers.setValue(2)
    controls.hidden_size.setValue(128)
    controls.batch_size.setValue(128)
    controls.epochs.setValue(2)
    controls.batches_per_epoch.setValue(max(10, steps * 6 // 10))
    controls.learning_rate.setValue(1e-3)
    tab.new_model()
    settle(app)
    tab.train_button.click()
    wait_until(app, lambda: tab._latest is not None and tab._latest.step >= steps, 900, f"{steps} training steps")
    settle(app, 0.5)


def show_lab(app, window, steps: int) -> None:  # noqa: ANN001
    """RNN, GRU and LSTM (PyTorch's forget bias and 1) side by side on the adding problem at T = 100."""
    tab = window.lab_tab
    window.tabs.setCurrentWidget(tab)
    controls = tab.controls
    controls.task.setCurrentIndex(controls.task.findData("adding"))
    controls.length.setValue(100)
    controls.steps.setValue(steps)
    for kind, check in controls.cell_boxes.items():
        check.setChecked(kind in ("rnn", "gru", "lstm"))
    controls.bias_default.setChecked(True)
    controls.bias_one.setChecked(True)
    settle(app)
    tab.run_button.click()
    wait_until(app, lambda: not tab.is_running, 900, f"the lab comparison ({steps} steps)")
    settle(app, 1.0)
    print(f"lab: {tab.message.text()}")


def grab_extra_states(app, window, args: argparse.Namespace) -> None:  # noqa: ANN001
    """States worth a look when the look changes (not for the README)."""
    from lstm_studio.app.draw import replay_strokes

    def grab(name: str) -> None:
        save(window, args.out / f"{_prefix(args)}extra-{name}{args.suffix}.png")

    window.tabs.setCurrentWidget(window.train_tab)
    controls = window.train_tab.controls
    hidden, shape = controls.hidden_size, controls.hidden_size.value()
    controls.continue_radio.setChecked(True)
    hidden.setValue(shape // 2)  # continuing a model of another shape: the hint says Train starts fresh weights
    settle(app, 1.0)
    grab("train-idle")
    hidden.setValue(shape)
    controls.scratch_radio.setChecked(True)
    window.tabs.setCurrentWidget(window.draw_tab)
    window.draw_tab.clear()
    settle(app)
    grab("draw-empty")
    replay_strokes(window.draw_tab.canvas, [[(150, 150), (250, 260), (180, 300)]])
    settle(app)
    grab("draw-unsure")
    window.draw_tab.clear()
    tab = window.inspect_tab
    window.tabs.setCurrentWidget(tab)
    wait_until(app, lambda: tab.built and tab.trace is not None and tab.evaluation is not None, 600, "the inspector")
    tab.start_saturation(256)
    for page in range(1, tab.subtabs.count()):
        tab.subtabs.setCurrentIndex(page)
        wait_until(app, lambda: page != 2 or tab.saturation.result is not None, 120, "gate saturation")
        settle(app, 0.6)
        grab(f"inspect-{page}")
    tab.subtabs.setCurrentIndex(0)


def take(args: argparse.Namespace) -> int:
    set_environment(args)
    app = make_app(args.theme)
    from lstm_studio.app import MainWindow

    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    wait_until(app, lambda: window.session.is_ready, 120, "the model and the digits")
    print(f"theme: {window.theme.name}; device pixel ratio {window.devicePixelRatioF():g}; "
          f"data: {window.session.digits.description}")
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = {name.strip() for name in args.tabs.split(",")}
    try:
        if args.extra:
            grab_extra_states(app, window, args)
        for name in ("draw", "inspect", "lab", "train", "gru"):  # the Train runs last: they replace the bundled model
            if name not in wanted:
                continue
            prefix = _prefix(args)
            if name == "draw":
                show_draw(app, window, args)
                save(window, args.out / f"{prefix}drawing{args.suffix}.png")
            elif name == "inspect":
                show_inspect(app, window)
                save(window, args.out / f"{prefix}inspector{args.suffix}.png")
            elif name == "lab":
                show_lab(app, window, args.lab_steps)
                save(window, args.out / f"{prefix}lab{args.suffix}.png")
            elif name == "train":
                show_training(app, window, args.steps)
                save(window, args.out / f"{prefix}training{args.suffix}.png")
            elif name == "gru":
                show_training(app, window, args.steps, "gru")
                save(window, args.out / f"{prefix}gru{args.suffix}.png")
    finally:
        window.close()
        window.session.wait_loaded(10.0)
        window.train_tab.wait_background(10.0)
    return 0


def _prefix(args: argparse.Namespace) -> str:
    """``zh_`` for pictures of the Chinese app, nothing for the English one."""
    return "" if args.language == "en" else "zh_"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.theme is None and args.language != "en":
        args.theme = "light"  # the translated app in one theme: the dark picture shows the colours, not words
    if args.theme is None:
        return readme_set(args)
    return take(args)


if __name__ == "__main__":
    raise SystemExit(main())
