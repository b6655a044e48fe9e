"""The Lab tab: a short comparison fills every panel with what the run measured; Stop and closing end it."""
from __future__ import annotations

import csv

import numpy as np
import pytest

pytestmark = pytest.mark.usefixtures("torch_threads")
TINY = dict(hidden_size=6, batch_size=8, test_size=40, probe_size=3, eval_every=5)


@pytest.fixture
def lab(window, monkeypatch, tmp_path):
    monkeypatch.setenv("LSTM_STUDIO_LAB_CACHE", str(tmp_path / "lab-results.json"))
    tab = window.lab_tab
    window.tabs.setCurrentWidget(tab)
    tab.config_overrides = dict(TINY)
    return tab


def _choose(tab, task: str, length: int, steps: int, cells: tuple[str, ...], biases: str = "d") -> None:  # noqa: ANN001
    controls = tab.controls
    controls.task.setCurrentIndex(controls.task.findData(task))
    controls.length.setValue(length)
    controls.steps.setValue(steps)
    for kind, check in controls.cell_boxes.items():
        check.setChecked(kind in cells)
    controls.bias_default.setChecked("d" in biases)
    controls.bias_one.setChecked("1" in biases)


def _finish(tab, qtbot) -> object:  # noqa: ANN001
    qtbot.waitUntil(lambda: not tab.is_running, timeout=180_000)
    qtbot.waitUntil(lambda: tab._drawn_frame is tab._latest and not tab._frame_timer.isActive(), timeout=5000)
    return tab._latest


def test_a_short_comparison_fills_every_panel(lab, qtbot):
    _choose(lab, "adding", 12, 20, ("rnn", "gru", "lstm"), biases="d1")
    lab.run_button.click()
    assert lab.is_running and not lab.run_button.isEnabled() and lab.stop_button.isEnabled()
    result = _finish(lab, qtbot)
    assert result.status == "finished" and [c.spec.key for c in result.cells] == ["rnn", "gru", "lstm", "lstm-fb1"]
    train, test, _ = lab.metric_panel.curves["lstm-fb1"]
    steps, scores = test.getOriginalDataset()  # the values given, before the log axis takes their log10
    assert list(steps) == [0, 5, 10, 15, 20]
    np.testing.assert_allclose(scores, result.cells[3].test_metric, rtol=1e-6)
    assert len(train.getOriginalDataset()[0]) == 20
    x, y = lab.gradient_panel.curves["rnn"].getOriginalDataset()
    assert list(x) == list(range(1, 13))
    np.testing.assert_allclose(np.nan_to_num(y), result.cells[0].gradient[0], rtol=1e-6)
    assert lab.gradient_panel.when.toPlainText() == "after training step 20"
    assert lab.gate_panel.image("lstm", "f").shape == (6, 12) and lab.gate_panel.image("gru", "z").shape == (6, 12)
    assert lab.gate_panel.image("rnn", "h").shape == (6, 12) and lab.gate_panel.image("rnn", "f") is None
    np.testing.assert_array_equal(lab.gate_panel.image("lstm-fb1", "f"), result.cells[3].trace["f"][0, 0].T)
    image, plot = lab.gate_panel.rows["lstm"].heatmaps["c"]
    placed = image.mapRectToParent(image.boundingRect())  # what the user sees: timesteps 1..12 by 6 units
    assert (placed.left(), placed.width(), placed.top(), placed.height()) == (0.5, 12, 0, 6)
    assert plot.viewRange()[0] == pytest.approx([0.5, 12.5])
    for key, cell in zip(("rnn", "gru", "lstm", "lstm-fb1"), result.cells):
        text = lab.verdicts.plain_text(key)
        assert text.startswith(f"■ {cell.spec.label} ") and "after 20 steps" in text and "baseline 0.1667" in text
    assert "forget bias 1" in lab.verdicts.plain_text("lstm-fb1")
    assert "Finished at step 20" in lab.message.text() and ". Not solved: " in lab.message.text()
    assert lab.lower_tabs.count() == 2 and lab.run_button.isEnabled()


def test_the_probe_picker_moves_the_heatmaps_and_the_marks(lab, qtbot):
    _choose(lab, "temporal_order", 12, 10, ("lstm",))
    lab.run_button.click()
    result = _finish(lab, qtbot)
    marks = result.task.marks
    lines = lab.gate_panel.mark_lines
    assert len(lines) == 3 * 2  # i, f and c, two marks each
    assert sorted({line.value() for line in lines}) == sorted(t + 1 for t in marks[0])
    assert "XX" in lab.probe_caption.text() or "Y" in lab.probe_caption.text()
    lab.probe_spin.setValue(3)
    qtbot.waitUntil(lambda: sorted({line.value() for line in lines}) == sorted(t + 1 for t in marks[2]))
    np.testing.assert_array_equal(lab.gate_panel.image("lstm", "c"), result.cells[0].trace["c"][0, 2].T)
    assert result.task.probe_names[2] in lab.probe_caption.text()


def test_a_sweep_fills_the_sweep_plot_and_exports(lab, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    _choose(lab, "adding", 10, 10, ("rnn", "lstm"))
    lab.controls.sweep_lengths.setText("6, 10")
    lab.sweep_button.click()
    _finish(lab, qtbot)
    points = lab.sweep_panel.points
    assert sorted((p.cell, p.length) for p in points) == [("lstm", 6), ("lstm", 10), ("rnn", 6), ("rnn", 10)]
    x, _ = lab.sweep_panel.curves["rnn"].getOriginalDataset()
    assert sorted(x) == [6, 10]
    assert "4 result(s) at T = 6, 10" in lab.sweep_caption.text()
    target = tmp_path / "sweep.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    lab.export_button.click()
    assert [row["cell"] for row in csv.DictReader(target.open())] == ["lstm", "lstm", "rnn", "rnn"]
    lab.sweep_button.click()  # everything is cached now: nothing trains
    qtbot.waitUntil(lambda: not lab.is_running, timeout=60_000)
    assert "already cached" in lab.message.text() and lab.lower_tabs.currentIndex() == 1


def test_stop_mid_run_ends_the_thread_and_says_so(lab, qtbot):
    _choose(lab, "adding", 12, 1_000_000, ("rnn", "lstm"))
    lab.run_button.click()
    qtbot.waitUntil(lambda: lab._latest is not None and lab._latest.step >= 2, timeout=120_000)
    lab.stop_button.click()
    result = _finish(lab, qtbot)
    assert result.status == "stopped" and result.step < 1_000_000
    assert lab.controller._thread is None and "Stopped at step" in lab.message.text()
    assert "(stopped)" in lab.progress_label.text()


def test_closing_the_window_mid_run_ends_the_lab_thread(lab, qtbot, window):
    _choose(lab, "adding", 12, 1_000_000, ("gru",))
    lab.run_button.click()
    qtbot.waitUntil(lambda: lab._latest is not None and lab._latest.step >= 1, timeout=120_000)
    thread = lab.controller._thread
    window.close()
    assert lab.controller._thread is None and (thread is None or not thread.isRunning())


def test_bad_choices_are_said_in_the_tab(lab):
    _choose(lab, "adding", 12, 10, ())
    lab.run_button.click()
    assert not lab.is_running and "check at least one cell" in lab.message.text()
    _choose(lab, "adding", 12, 10, ("lstm",), biases="")
    lab.run_button.click()
    assert not lab.is_running and "forget bias" in lab.message.text()
