"""Draw-tab latency: from the end of a stroke to the new prediction on screen (issue 4: p95 <= 30 ms on CPU).

Real pendigits strokes are replayed as mouse events onto the real DrawTab, which holds the
bundled model. For every stroke end (mouse release) the clock runs from just before the
release event is sent until (a) the tab has shown the prediction (the release handler
renders, classifies and updates labels, bars, curves and pipeline pictures synchronously)
and (b) Qt has also painted those changes. The core stages are then timed alone, on the
same drawings, for a breakdown.

Usage: python bench/bench_draw_latency.py [--digits 200] [--threads N] [--main-window]
Prints one line per figure and, last, one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LSTM_STUDIO_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PENDIGITS = ROOT.parent / "shared" / "pendigits" / "pendigits-train"
WARM_UP = 5  # digits replayed before timing starts


def percentiles(values_s: list[float]) -> dict[str, float]:
    ms = np.asarray(values_s) * 1e3
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "max_ms": float(ms.max()), "n": int(ms.size)}


def build_tab(main_window: bool):
    """The real DrawTab over a session holding the bundled model (alone, or inside MainWindow)."""
    from lstm_studio.app import MainWindow, Session
    from lstm_studio.app.draw import DrawTab
    from lstm_studio.data import load_mini_mnist
    from lstm_studio.io import load_bundled

    if main_window:
        window = MainWindow()
        window.resize(1400, 900)
        window.show()
        while not window.session.is_ready:
            app_process_events()
            time.sleep(0.01)
        window.tabs.setCurrentWidget(window.draw_tab)
        return window, window.draw_tab
    session = Session()
    session.set_digits(load_mini_mnist())
    session.set_model(load_bundled().build_model("cpu"), "bundled model")
    tab = DrawTab(session)
    tab.resize(1380, 840)
    tab.show()
    return tab, tab


def app_process_events() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QApplication.processEvents()  # a second pass flushes updates posted while painting (graphics scenes)


def replay_and_time(tab, digits) -> tuple[list[float], list[float], float]:
    """Per stroke end: seconds until the prediction is shown, and until it is painted."""
    from lstm_studio.app.draw import fit_strokes, replay_strokes

    shown, painted, correct = [], [], 0
    side = min(tab.canvas.width(), tab.canvas.height())
    starts: list[float] = []

    def start_clock() -> None:
        app_process_events()  # paint the stroke itself first: that is not part of the latency
        starts.append(time.perf_counter())

    for number, digit in enumerate(digits):
        tab.clear()
        app_process_events()
        for stroke in fit_strokes(digit.drawing, side):
            replay_strokes(tab.canvas, [stroke], before_release=start_clock)
            handled = time.perf_counter()  # the release handler has classified and updated the tab
            app_process_events()
            if number >= WARM_UP:
                shown.append(handled - starts[-1])
                painted.append(time.perf_counter() - starts[-1])
        correct += tab.prediction is not None and tab.prediction.digit == digit.label
    return shown, painted, correct / len(digits)


def core_breakdown(tab, digits) -> dict[str, dict[str, float]]:
    """The core stages alone on the same drawings: rendering, and the model's trace pass."""
    from lstm_studio.app.draw import predict
    from lstm_studio.data import render_drawing

    render_s, model_s = [], []
    for digit in digits:
        start = time.perf_counter()
        rendering = render_drawing(digit.drawing)
        middle = time.perf_counter()
        predict(tab.session.model, rendering.image)
        render_s.append(middle - start)
        model_s.append(time.perf_counter() - middle)
    return {"render": percentiles(render_s), "model": percentiles(model_s)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=200, help="pen digits to replay (spread over all writers)")
    parser.add_argument("--pendigits", default=str(DEFAULT_PENDIGITS))
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    parser.add_argument("--main-window", action="store_true", help="the tab inside the full MainWindow")
    args = parser.parse_args()

    import torch
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from lstm_studio.data import read_pendigits

    if args.threads:
        torch.set_num_threads(args.threads)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # The offscreen platform warns on every size-hint change; that is noise here.
    qInstallMessageHandler(lambda kind, context, text: None if "propagateSizeHints" in text
                           else sys.stderr.write(text + "\n"))
    keep_alive, tab = build_tab(args.main_window)
    app_process_events()
    pen = read_pendigits(args.pendigits)
    digits = pen[:: max(1, len(pen) // (args.digits + WARM_UP))][: args.digits + WARM_UP]
    shown, painted, accuracy = replay_and_time(tab, digits)
    breakdown = core_breakdown(tab, digits[WARM_UP:])
    figures = {"stroke_end_to_prediction_shown": percentiles(shown),
               "stroke_end_to_painted": percentiles(painted), **breakdown}
    print(f"device: CPU ({platform.processor() or platform.machine()}), {os.cpu_count()} cores, "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads, load average "
          f"{os.getloadavg()[0]:.2f}; canvas {tab.canvas.width()}x{tab.canvas.height()} px; "
          f"{'MainWindow' if args.main_window else 'DrawTab alone'}")
    print(f"replayed {len(digits) - WARM_UP} pendigits digits ({len(shown)} stroke ends) as mouse events; "
          f"shown prediction = label for {accuracy:.1%} (all {len(digits)} replayed)")
    for name, values in figures.items():
        print(f"{name:32s} p50 {values['p50_ms']:6.2f} ms   p95 {values['p95_ms']:6.2f} ms   "
              f"max {values['max_ms']:6.2f} ms   (n={values['n']})")
    verdict = "meets" if figures["stroke_end_to_painted"]["p95_ms"] <= 30 else "MISSES"
    print(f"target: p95 <= 30 ms from stroke end to the prediction on screen: {verdict}")
    print(json.dumps({"bench": "draw_latency", "threads": torch.get_num_threads(), **figures}))
    keep_alive.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
