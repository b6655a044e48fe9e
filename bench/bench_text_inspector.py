"""How fast the Text tab's inspector follows typing and scrubbing, and how fast the model writes.

Runs the real Text tab offscreen with the bundled text model on its Inspect view. "A new character" means:
type one character at the end of the text, then everything the app does until the event loop is idle
(the incremental reading, the coloured text, the guesses, the unit plot and its equations, the connectivity
of the new character's prediction, and the paint), twice through the event loop as ``bench_inspect.py``
does. "A new position" is a jump of the scrubber. Wall times suffer on a busy machine, so the GUI thread's
own CPU time is printed beside them. Then: a 500-character sample (``sample_text``, one torch thread).
Targets: new character p95 < 50 ms, a 500-character sample < 1 s.

    python bench/bench_text_inspector.py [--chars 200]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentiles(samples_s: list[float]) -> str:
    ms = sorted(1000 * s for s in samples_s)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   max {ms[-1]:6.1f} ms   (n={len(ms)})"


def build_tab():  # noqa: ANN201
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from lstm_studio.app.text._state import load_bundled_text
    from lstm_studio.app.text._tab import TextTab
    from lstm_studio.app.widgets._style import apply_theme

    apply_theme()
    tab = TextTab()
    tab.resize(1400, 860)
    tab.show()
    tab.jobs.cancel("load")  # loaded here, synchronously, instead
    tab._on_loaded(load_bundled_text())
    tab.views.setCurrentWidget(tab.inspector)
    tab.inspector.editor.setPlainText("")
    for _ in range(5):
        app.processEvents()
    return app, tab


def redraw(app) -> None:  # noqa: ANN001
    app.processEvents()
    app.processEvents()


def time_typing(app, tab, text: str) -> tuple[list[float], list[float]]:  # noqa: ANN001
    editor, walls, cpus = tab.inspector.editor, [], []
    for char in text:
        start, start_cpu = time.perf_counter(), time.thread_time()
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        editor.insertPlainText(char)
        redraw(app)
        walls.append(time.perf_counter() - start)
        cpus.append(time.thread_time() - start_cpu)
        assert tab.reading is not None and tab.reading.text == editor.toPlainText()
    return walls, cpus


def time_scrubbing(app, tab, repeats: int) -> tuple[list[float], list[float]]:  # noqa: ANN001
    walls, cpus, length = [], [], len(tab.reading)
    for k in range(repeats):
        start, start_cpu = time.perf_counter(), time.thread_time()
        tab.inspector.scrubber.setValue((k * 37) % length)
        redraw(app)
        walls.append(time.perf_counter() - start)
        cpus.append(time.thread_time() - start_cpu)
    return walls, cpus


def time_sampling(repeats: int = 5) -> list[float]:
    import torch

    from lstm_studio.text import load_text_model, sample_text

    torch.set_num_threads(1)
    model = load_text_model()
    durations = []
    for seed in range(repeats):
        start = time.perf_counter()
        sample_text(model.model, model.vocabulary, "ROMEO.\n", 500, 0.8, seed=seed)
        durations.append(time.perf_counter() - start)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200, help="characters typed")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    app, tab = build_tab()
    from lstm_studio.data.text import load_shakespeare

    passage = load_shakespeare().text[-20_000:][:args.chars]
    config = tab.state.snapshot.config
    print(f"model: {config.num_layers} x {config.hidden_size} {config.cell}; typing {len(passage)} characters")
    walls, cpus = time_typing(app, tab, passage)
    print(f"new character, wall:     {percentiles(walls[10:])}")
    print(f"new character, GUI CPU:  {percentiles(cpus[10:])}")
    walls, cpus = time_scrubbing(app, tab, 100)
    print(f"new position, wall:      {percentiles(walls)}")
    print(f"new position, GUI CPU:   {percentiles(cpus)}")
    print(f"500-character sample:    {percentiles(time_sampling())}")
    tab.shutdown()


if __name__ == "__main__":
    main()
