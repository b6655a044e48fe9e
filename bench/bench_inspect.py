"""How fast the Inspect tab redraws: a new input, and a new timestep (target: p95 < 50 ms on CPU).

Runs the real tab offscreen with the bundled model (``--cell lstm``) or a GRU / plain RNN of the
same shape (2 x 128, random weights: the work per input does not depend on what it learnt).
"Redraw" means: compute what changed
(for a new input: the trace, and the gradient flow when its sub-tab is shown), update every
panel's plot items, and paint: by default the event loop runs as in the app (Qt repaints what
changed), twice, so that what the first pass posts (a paint asked for while painting) is counted;
``--full-repaint`` repaints every pixel of the tab first (the worst case). Panels on the hidden sub-tabs are
updated too; the visible sub-tab is painted. Both sub-tabs that change with the input or
the step are measured. Wall times suffer on a busy machine, so the GUI thread's own CPU
time (``time.thread_time``) is printed beside them. Also prints the background jobs' durations for reference.

    python bench/bench_inspect.py [--repeats 60] [--data DIR] [--full-repaint] [--cell lstm|gru|rnn]
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentiles(samples_s: list[float]) -> str:
    ms = sorted(1000 * s for s in samples_s)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   max {ms[-1]:6.1f} ms   (n={len(ms)})"


def build_tab(data_dir: str | None, cell: str = "lstm"):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    import torch

    from lstm_studio.app import Session
    from lstm_studio.app.inspect import InspectTab
    from lstm_studio.app.widgets import apply_theme
    from lstm_studio.data import load_digits
    from lstm_studio.io import load_bundled
    from lstm_studio.models import SequenceModel

    apply_theme()  # as the main window does: the theme's colours, and antialiased plots
    session = Session()
    session.set_digits(load_digits(data_dir, download=False, allow_mini=True))
    bundled = load_bundled().build_model("cpu")
    if cell == "lstm":
        session.set_model(bundled, "bundled model")
    else:
        torch.manual_seed(0)
        model = SequenceModel(dataclasses.replace(bundled.config, cell=cell, forget_bias=None)).eval()
        session.set_model(model, f"random {cell} of the bundled model's shape")
    tab = InspectTab(session)
    tab.resize(1400, 860)
    tab.show()
    while tab.trace is None or tab.evaluation is None:  # the test-set evaluation runs at start-up
        app.processEvents()
    return app, session, tab


FULL_REPAINT = False
#: New inputs are shown at this step. At t = 1 every MNIST digit shows the same numbers (its
#: first row is blank), so the unit panel would not even change.
MEASURED_STEP = 14


def redraw(app, tab) -> None:
    """All the GUI-thread work of a redraw.

    By default, run the event loop as the app does: Qt paints what changed (pyqtgraph
    views repaint only their dirty regions). With ``--full-repaint``, first paint every pixel
    of the tab synchronously (the worst case: the tab was covered, or it was just shown).
    """
    if FULL_REPAINT:
        tab.repaint()
    app.processEvents()
    app.processEvents()  # anything the first pass posted: nothing may be left for later


def time_new_inputs(app, session, tab, repeats: int) -> tuple[list[float], list[float], list[float]]:
    """Wall time of a new input (all / without the paint) and the GUI thread's CPU time for it."""
    from lstm_studio.app import InputSample

    digits, totals, computes, cpu = session.digits, [], [], []
    tab.set_step(MEASURED_STEP)
    app.processEvents()
    for index in range(repeats):
        image = digits.test_images[index].astype("float32") / 255
        sample = InputSample(image, f"test digit #{index}", int(digits.test_labels[index]), index)
        start, start_cpu = time.perf_counter(), time.thread_time()
        tab.show_input(sample)
        computed = time.perf_counter()
        redraw(app, tab)
        totals.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
        computes.append(computed - start)
    return totals, computes, cpu


def time_steps(app, tab, repeats: int) -> tuple[list[float], list[float]]:
    durations, cpu = [], []
    for k in range(repeats):
        step = 1 + (k * 5) % 28  # jumps, not just neighbours
        start, start_cpu = time.perf_counter(), time.thread_time()
        tab.set_step(step)
        redraw(app, tab)
        durations.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return durations, cpu


def time_thread_effect(session, repeats: int = 5) -> None:
    """Trace + gradient of one digit with torch's default threads versus one thread (the tab's choice)."""
    import torch

    from lstm_studio.app.shell import one_torch_thread
    from lstm_studio.analysis import trace_gradient_flow

    image = session.digits.test_images[0].astype("float32") / 255
    x = torch.from_numpy(image)[None]

    def once() -> float:
        start = time.perf_counter()
        trace = session.model.trace(x, notify=False)
        trace_gradient_flow(session.model, trace, int(session.digits.test_labels[0]))
        return time.perf_counter() - start

    default = [once() for _ in range(repeats)]
    with one_torch_thread():
        single = [once() for _ in range(repeats)]
    print(f"  trace+gradient, {torch.get_num_threads()} torch threads: {percentiles(default)}")
    print(f"  trace+gradient, 1 torch thread:  {percentiles(single)}")


def time_background(session) -> None:
    from lstm_studio.analysis import evaluate_test_set, gate_saturation
    from lstm_studio.models import copy_model

    model, digits = copy_model(session.model), session.digits
    start = time.perf_counter()
    gate_saturation(model, digits.test_images[:256])
    print(f"  saturation over 256 digits: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    evaluate_test_set(model, digits.test_images, digits.test_labels)
    print(f"  evaluation of {len(digits.test_labels):,} test digits: {time.perf_counter() - start:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--data", default=None, help="MNIST folder (default: $LSTM_STUDIO_DATA or mini-MNIST)")
    parser.add_argument("--full-repaint", action="store_true", help="repaint the whole tab after every change")
    parser.add_argument("--cell", default="lstm", choices=("lstm", "gru", "rnn", "lstm_peephole", "lstm_no_forget"),
                        help="lstm: the bundled model; otherwise a random model of that cell and the same shape")
    args = parser.parse_args()
    global FULL_REPAINT
    FULL_REPAINT = args.full_repaint
    app, session, tab = build_tab(args.data, args.cell)
    print(f"Inspect tab benchmark: {session.model_source}; {session.digits.description}; "
          f"load average {os.getloadavg()[0]:.2f}; "
          f"{os.cpu_count()} CPUs; {'full repaint' if FULL_REPAINT else 'event-loop repaint'} after each change")
    for index, name in ((0, "Gates"), (1, "Prediction & gradient")):  # the sub-tabs that change with t
        tab.subtabs.setCurrentIndex(index)
        app.processEvents()
        totals, computes, cpu = time_new_inputs(app, session, tab, args.repeats)
        steps, steps_cpu = time_steps(app, tab, args.repeats)
        print(f"[{name}] new input    wall: {percentiles(totals)}")
        print(f"[{name}]              GUI-thread CPU: {percentiles(cpu)}")
        print(f"[{name}]              wall before painting (trace, setData): {percentiles(computes)}")
        print(f"[{name}] new timestep wall: {percentiles(steps)}")
        print(f"[{name}]              GUI-thread CPU: {percentiles(steps_cpu)}")
    print("Torch threads in the GUI thread:")
    time_thread_effect(session)
    print("Background jobs (not on the GUI thread):")
    time_background(session)
    tab.shutdown()


if __name__ == "__main__":
    main()
