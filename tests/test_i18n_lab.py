"""The Lab tab in Simplified Chinese: the core's verdicts said from the same parts, its names, probes and errors
translated, and a switch of language that leaves a running comparison and its results as they are.

The core (lstm_studio.lab) keeps speaking English: the CLI prints its verdicts, and tests/test_lab*.py check them.
"""
from __future__ import annotations

import numpy as np
import pytest

from i18n_texts import HAN, english_words, window_texts
from lstm_studio.app.i18n import CHINESE, ENGLISH, install_language
from lstm_studio.lab import (CELL_LABELS, TASK_LABELS, TEMPLATES, CellProgress, CellSpec, LabCache, LabCacheError,
                             LabError, TaskInfo, judge, parse_lengths)
from lstm_studio.lab._cells import LABEL_WITH_BIAS
from test_i18n_window import TINY_LAB, run_tiny_lab_comparison

pytestmark = pytest.mark.usefixtures("torch_threads")


def _metrics() -> list:
    from lstm_studio.tasks import ACCURACY, CROSS_ENTROPY, MSE

    return [ACCURACY, MSE, CROSS_ENTROPY]


def _adding() -> TaskInfo:
    from lstm_studio.tasks import MSE

    return TaskInfo("adding", "Adding problem", 100, 100, MSE, 1 / 6, 0.01)


def _order() -> TaskInfo:
    from lstm_studio.tasks import ACCURACY

    return TaskInfo("temporal_order", "Temporal order", 60, 60, ACCURACY, 0.25, 0.95)


def progress(spec: CellSpec, scores: list[float], status: str = "finished", solved: int | None = None,
             gradient: list[float] | None = None, reason: str = "") -> CellProgress:
    steps = 100 * max(0, len(scores) - 1)
    empty = np.zeros(0, dtype=np.float32)
    return CellProgress(spec, status, steps, empty, empty, np.arange(0, steps + 1, 100) if scores else empty,
                        np.array(scores), solved, 1.0, reason, None if gradient is None else np.array([gradient]))


def verdicts() -> dict[str, object]:
    """One verdict of every kind and wording the lab can give."""
    adding, order = _adding(), _order()
    return {
        "solved": judge(progress(CellSpec("gru"), [0.17, 0.02, 0.004], solved=200), adding),
        "rnn": judge(progress(CellSpec("rnn"), [0.17, 0.168, 0.166], gradient=[3e-13, 1e-6, 0.1]), adding),
        "bias": judge(progress(CellSpec("lstm"), [0.25, 0.26, 0.24]), order),
        "biased": judge(progress(CellSpec("lstm", 1.0), [0.25, 0.25]), order),
        "waiting": judge(progress(CellSpec("lstm_peephole"), [], status="training"), adding),
        "still": judge(progress(CellSpec("lstm"), [0.17, 0.17], status="training"), adding),
        "learning": judge(progress(CellSpec("lstm"), [0.17, 0.05], status="training"), adding),
        "part": judge(progress(CellSpec("lstm_no_forget"), [0.17, 0.05]), adding),
        "worse": judge(progress(CellSpec("rnn"), [1.1, 0.4]), adding),
        "not yet": judge(progress(CellSpec("gru"), [1.1, 0.4], status="training"), adding),
        "none": judge(progress(CellSpec("rnn"), [0.17, 0.17], gradient=[0.0, 1e-9, 0.1]), adding),
        "times": judge(progress(CellSpec("rnn"), [0.17, 0.17], gradient=[0.3, 0.2, 0.2]), adding),
        "no forget": judge(progress(CellSpec("lstm_no_forget"), [0.17, 0.17]), adding),
        "diverged": judge(progress(CellSpec("gru"), [0.17], status="diverged",
                                   reason="the loss exploded to 1.2e+03 at step 40"), adding),
    }


def test_every_word_of_the_lab_core_is_marked_for_the_translators() -> None:
    from lstm_studio.app.lab._controls import TASK_HELP
    from lstm_studio.app.lab._texts import CELL_TEXTS, TASK_TEXTS, VERDICT_TEXTS

    assert set(TEMPLATES) | {metric.label for metric in _metrics()} <= set(VERDICT_TEXTS)
    assert set(TASK_LABELS.values()) | {label.lower() for name, label in TASK_LABELS.items()
                                        if name != "seq_mnist"} <= set(TASK_TEXTS)
    assert {label for label in CELL_LABELS.values() if " " in label} | {LABEL_WITH_BIAS} <= set(CELL_TEXTS)
    assert set(TASK_HELP) == set(TASK_LABELS)


def test_a_verdict_in_english_reads_exactly_as_the_core_says_it(qapp) -> None:
    from lstm_studio.app.lab._texts import say_all

    install_language(ENGLISH)
    for verdict in verdicts().values():
        assert say_all(verdict.sentences) == verdict.headline
        assert say_all(verdict.tips) == verdict.advice


def test_a_verdict_in_chinese_is_said_from_the_same_parts(qapp) -> None:
    from lstm_studio.app.lab._texts import say_all

    install_language(CHINESE)
    said = {name: (say_all(v.sentences), say_all(v.tips)) for name, v in verdicts().items()}
    for headline, advice in said.values():
        for text in (headline, advice):
            assert not english_words(text.replace("float32", "")), text
        assert HAN.search(headline)
    assert said["solved"][0] == "GRU 在第 200 步解决了任务：第 200 步后在新序列上均方误差为 0.004（基线 0.1667）。"
    assert said["rnn"][0].startswith("RNN 训练 200 步后仍停留在基线") and "3 × 10⁻¹²" in said["rnn"][0]
    assert "梯度消失" in said["rnn"][1] and said["rnn"][1].endswith("试试 GRU 或 LSTM，或者更短的序列。")
    assert said["bias"][1].startswith("试试遗忘门偏置 1") and said["bias"][1].endswith("到达两个符号 X 和 Y 处。")
    assert said["biased"][0].startswith("LSTM（遗忘门偏置 1） 训练 100 步后") and "偏置" not in said["biased"][1]
    assert said["waiting"][0] == "带窥视孔连接的 LSTM：还没有留出集得分。"
    assert "准确率为 24.00%（基线 25.00%）" in said["bias"][0]
    assert "解决的标准是均方误差低于 0.01" in said["part"][0] and said["part"][1].startswith("试试更多的步数")
    assert said["diverged"] == ("GRU 发散了：损失在第 40 步暴增到 1.2e+03。", "试试更低的学习率。")
    assert said["none"][0].endswith("完全没有梯度到达第 1 步：它已小于 float32 能表示的最小数。")
    assert "1.5 倍" in said["times"][0] and said["no forget"][1].startswith("没有遗忘门，细胞状态只能累加、无法擦除")
    install_language(ENGLISH)


def test_probe_descriptions_and_errors_are_translated_and_english_stays_as_the_core_says_it(qapp, tmp_path) -> None:
    from lstm_studio.app.lab._texts import error_text, probe_text
    from lstm_studio.tasks import AddingTask, CopyTask, TemporalOrderTask

    probes = [name for task in (AddingTask(12), TemporalOrderTask(20), CopyTask(5)) for name in task.probe(2).names]
    errors = []
    for text in ("", "25, x", "1", "30"):
        with pytest.raises(LabError) as caught:
            parse_lengths(text, "seq_mnist" if text == "30" else "adding")
        errors.append(str(caught.value))
    damaged = tmp_path / "cache.json"
    damaged.write_text("{not json")
    with pytest.raises(LabCacheError) as caught:
        LabCache(damaged).load()
    errors += [str(caught.value), "check at least one cell", "check a forget bias for the LSTMs"]
    install_language(ENGLISH)
    assert [probe_text(p) for p in probes] == probes and [error_text(e) for e in errors] == errors
    install_language(CHINESE)
    chinese = [probe_text(p) for p in probes] + [error_text(e) for e in errors]
    assert all(HAN.search(text) for text in chinese), chinese
    assert error_text(errors[1]) == "长度 'x'：不是整数：'x'"
    assert error_text(errors[2]) == "长度 '1'：加法问题：长度必须在 2..5000 之间，实际为 1"
    assert "请把它移走以新建一个" in error_text(errors[4]) and str(damaged) in error_text(errors[4])
    assert probe_text("XY: X at step 3, Y at step 12") == "XY：第 3 步是 X，第 12 步是 Y"
    install_language(ENGLISH)


@pytest.fixture
def lab_window(window, monkeypatch, tmp_path):
    monkeypatch.setenv("LSTM_STUDIO_LAB_CACHE", str(tmp_path / "lab-results.json"))
    window.resize(1400, 900)
    return window


def test_switching_language_keeps_a_running_comparison_and_its_results(lab_window, qtbot) -> None:
    """Mid-run, only words change: the same thread goes on, the verdicts and the progress line say it in Chinese."""
    window = lab_window
    lab = window.lab_tab
    window.tabs.setCurrentWidget(lab)
    lab.config_overrides = dict(TINY_LAB)
    controls = lab.controls
    controls.length.setValue(12)
    controls.steps.setValue(1_000_000)
    lab.run_button.click()
    qtbot.waitUntil(lambda: lab._latest is not None and len(lab._latest.cells[0].test_steps) > 1, timeout=120_000)
    thread, step = lab.controller._thread, lab._latest.step
    window.set_language(CHINESE)
    qtbot.waitUntil(lambda: lab.run_button.text() == "运行", timeout=5_000)
    assert lab.controller._thread is thread and lab.is_running
    qtbot.waitUntil(lambda: lab._latest.step > step + 5, timeout=60_000)  # the same run goes on, in Chinese
    qtbot.waitUntil(lambda: "步/秒" in lab.progress_label.text(), timeout=5_000)
    assert lab.message.text().startswith("正在训练 RNN、GRU、LSTM，T = 12")
    assert all(HAN.search(lab.verdicts.plain_text(key)) for key in ("rnn", "gru", "lstm"))
    assert lab.controls.task.currentText() == "加法问题" and lab.lower_tabs.tabText(0) == "探针序列上的门控"
    assert lab.metric_panel.plot.titleLabel.text == "加法问题，T = 12：得分随训练步数的变化"
    with qtbot.waitSignal(lab.controller.finished, timeout=60_000):
        lab.stop()
    qtbot.waitUntil(lambda: lab._drawn_frame is lab._latest and not lab._frame_timer.isActive(), timeout=5000)
    assert lab.message.text().startswith("在第") and "（已停止）" in lab.progress_label.text()
    window.set_language(ENGLISH)
    qtbot.waitUntil(lambda: lab.run_button.text() == "Run", timeout=5_000)
    assert lab.message.text().startswith("Stopped at step") and "(stopped)" in lab.progress_label.text()
    assert lab.verdicts.plain_text("rnn").startswith("■ RNN ")


def test_a_round_trip_through_chinese_brings_back_every_english_text_of_the_lab(lab_window, qtbot) -> None:
    window = lab_window
    run_tiny_lab_comparison(window, qtbot, steps=10)
    lab = window.lab_tab
    before = window_texts([lab])
    window.set_language(CHINESE)
    qtbot.waitUntil(lambda: lab.run_button.text() == "运行", timeout=5_000)
    chinese = window_texts([lab])
    window.set_language(ENGLISH)
    qtbot.waitUntil(lambda: lab.run_button.text() == "Run", timeout=5_000)
    assert window_texts([lab]) == before
    english = [text for text in chinese if english_words(text)]
    assert len(chinese) > 80 and english == []
    assert any("在第 10 步完成（T = 12）" in text for text in chinese)
    assert lab.sweep_panel.legend.getLabel(lab.sweep_panel.curves["lstm-fb1"]).text == "LSTM, forget bias 1"
