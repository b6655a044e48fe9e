"""The Text tab in Simplified Chinese: the text core's signals, corpus descriptions and errors translated, English
said exactly as the core says it, and a switch of language that keeps a training run, the typed text and the model.

The core (lstm_studio.data.text, lstm_studio.text, lstm_studio.tasks) keeps speaking English: the CLI prints it.
"""
from __future__ import annotations

from collections import Counter

import pytest

from i18n_texts import HAN, english_words, window_texts
from lstm_studio.app.i18n import CHINESE, ENGLISH, install_language
from lstm_studio.data.text import (SHAKESPEARE_PLAYS, SIGNALS, CorpusError, generated_corpus, load_shakespeare,
                                   open_text_file)
from test_i18n_window import TYPED_TEXT, visit_text_tab

pytestmark = pytest.mark.usefixtures("torch_threads")
SMALL = generated_corpus(40_000, seed=1).corpus


def test_every_word_of_the_text_core_is_marked_for_the_translators() -> None:
    from lstm_studio.app.text._texts import PLAY_TEXTS, SIGNAL_NAMES, SIGNAL_TEXTS

    assert {name: signal.description for name, signal in SIGNALS.items()} == SIGNAL_TEXTS
    assert set(SIGNAL_NAMES) == set(SIGNALS) and set(PLAY_TEXTS) == set(SHAKESPEARE_PLAYS)


def corpus_descriptions(tmp_path) -> list[str]:
    """A description of every kind: the bundled corpora, a whole file, a sampled one with bad bytes, a string."""
    from lstm_studio.tasks import TextTask

    whole = tmp_path / "notes.txt"
    whole.write_text("one line of notes\n" * 400)
    big = tmp_path / "big.txt"
    big.write_bytes(("a line of text number\n" * 3_000).encode() + b"\xff\xfe\x00 tail\n" * 10)
    return [load_shakespeare().description, SMALL.description, open_text_file(whole).description,
            open_text_file(big, max_bytes=8_192).description, TextTask("short text " * 50).corpus.description]


def text_errors(tmp_path) -> list[str]:
    """The errors the tab shows when a corpus cannot be loaded or a text is too short to train on."""
    from lstm_studio.tasks import TextTask
    from lstm_studio.text import load_corpus

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin.txt").write_bytes("caf\xe9 ".encode("latin-1") * 100)
    errors = []
    for spec in ("shakespear", str(tmp_path / "missing.txt"), str(tmp_path), str(tmp_path / "empty.txt"),
                 str(tmp_path / "binary.bin"), str(tmp_path / "latin.txt")):
        with pytest.raises(CorpusError) as caught:
            load_corpus(spec)
        errors.append(str(caught.value))
    for text in ("a", "abcdefghij" * 20):
        with pytest.raises(ValueError) as caught:
            TextTask(text, probe_chars=2).batches_per_epoch(64)
        errors.append(str(caught.value))
    return errors


def test_corpus_descriptions_and_errors_in_english_are_the_cores_and_in_chinese_have_no_english(qapp, tmp_path):
    from lstm_studio.app.text._texts import corpus_description, text_error

    descriptions, errors = corpus_descriptions(tmp_path), text_errors(tmp_path)
    install_language(ENGLISH)
    assert [corpus_description(d) for d in descriptions] == descriptions
    assert [text_error(e) for e in errors] == errors
    assert text_error(f"CorpusError: {errors[1]}") == errors[1]  # a background job's class name is dropped
    install_language(CHINESE)
    said = [corpus_description(d) for d in descriptions] + [text_error(e) for e in errors]
    for text in said:  # what is left is data: file names, paths, "Open Shakespeare" (the edition's name)
        words = english_words(text.replace(str(tmp_path), "").replace("Open Shakespeare", ""))
        assert HAN.search(text) and not set(words) - {"notes", "big", "shakespear", "shakespeare", "generated"}, text
    assert said[0].startswith("莎士比亚，8 部戏剧（罗密欧与朱丽叶、") and "暴风雨）" in said[0]
    assert said[1].startswith("生成语料：一种人工语言，含嵌套的 ()、[] 和 {}") and said[1].endswith("随机种子 1")
    assert said[3].startswith("big.txt：在文件的 ") and "无法解码的字节显示为 \ufffd" in said[3]
    assert "不是语料名称（shakespeare, python, generated）" in said[5] and said[6].endswith("：没有这个文件")
    assert said[-2] == "1 个字符的文本太短，无法留出其中的 10%" and said[-1] == "180 个字符不够组成 64 x 64 的批次（需要 4,097 个）"
    install_language(ENGLISH)


def test_signals_and_unit_matches_are_said_in_chinese(qapp) -> None:
    from lstm_studio.app.text._texts import match_description, signal_description, signal_name
    from lstm_studio.text import UnitMatch

    match = UnitMatch("bracket_depth", "c", 1, 17, 0.934)
    install_language(ENGLISH)
    assert match_description(match) == match.describe() and signal_name("bracket_depth") == "bracket_depth"
    install_language(CHINESE)
    assert match_description(match) == "括号深度：第 2 层单元 17 的 c（r = +0.93）"
    assert signal_description("inside_quotes", SIGNALS["inside_quotes"].description) == "在双引号内"
    assert all(HAN.search(signal_name(name)) for name in SIGNALS)
    install_language(ENGLISH)


def test_switching_language_keeps_the_model_the_typed_text_and_a_run(window, qtbot) -> None:
    """Only words change: the bundled model, the text typed in Inspect text and a run in progress stay."""
    tab = window.text_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.state.snapshot is not None and tab.live.arrays is not None, timeout=60_000)
    tab.views.setCurrentWidget(tab.inspector)
    tab.inspector.editor.setPlainText(TYPED_TEXT)
    qtbot.waitUntil(lambda: tab.reading is not None and tab.reading.text == TYPED_TEXT, timeout=10_000)
    bundled, reading = tab.state.snapshot, tab.reading
    window.set_language(CHINESE)
    qtbot.waitUntil(lambda: tab.form.train_button.text() == "训练", timeout=5_000)
    assert tab.state.snapshot is bundled and tab.reading is reading and tab.inspector.editor.toPlainText() == TYPED_TEXT
    model = tab.form.model_label.text()
    assert model.startswith("<b>内置文本模型</b><br>2 × 128 lstm，74 个符号，留出集 ") and model.endswith(" 比特/字符")
    assert [tab.views.tabText(i) for i in range(3)] == ["实时训练", "检视文本", "单元查找"]
    assert "（读完第 42 个字符 <tt>.</tt>（共 42 个）之后）" in tab.inspector.equations.text()
    assert tab.live.passage_title.text() == "留出段落（内置文本模型）"

    tab.views.setCurrentWidget(tab.live)
    tab.set_corpus(SMALL)
    tab.form.hidden.setValue(8)
    tab.form.layers.setValue(1)
    tab.form.epochs.setValue(1000)
    tab.start_training()
    qtbot.waitUntil(lambda: tab.latest is not None and tab.live.train_curve.size > 2, timeout=60_000)
    thread, run, points = tab.controller._thread, tab.run_snapshot, tab.live.train_curve.size
    assert "字符/秒" in tab.status.text() and tab.form.pause_button.text() == "暂停"
    window.set_language(ENGLISH)
    qtbot.waitUntil(lambda: tab.form.train_button.text() == "Train", timeout=5_000)
    assert tab.controller._thread is thread and tab.controller.is_running and tab.run_snapshot is run
    assert tab.inspector.editor.toPlainText() == TYPED_TEXT and tab.live.train_curve.size >= points
    qtbot.waitUntil(lambda: "characters/s" in tab.status.text(), timeout=5_000)  # the same run goes on, in English
    with qtbot.waitSignal(tab.controller.finished, timeout=60_000):
        tab.controller.stop()
    assert tab.status.text().startswith("Training stopped (stopped by the user): ")
    window.set_language(CHINESE)
    qtbot.waitUntil(lambda: tab.form.train_button.text() == "训练", timeout=5_000)
    assert tab.status.text().startswith("训练已停止（被用户停止）：") and "训练好的模型（" in tab.form.model_label.text()


def test_a_round_trip_through_chinese_brings_back_every_english_text_of_the_text_tab(window, qtbot) -> None:
    """All three views with something in them, switched to Chinese and back: every text as before."""
    visit_text_tab(window, qtbot)
    tab = window.text_tab
    before = window_texts([tab])
    window.set_language(CHINESE)
    qtbot.waitUntil(lambda: tab.form.train_button.text() == "训练", timeout=5_000)
    chinese = window_texts([tab])
    window.set_language(ENGLISH)
    qtbot.waitUntil(lambda: tab.form.train_button.text() == "Train", timeout=5_000)
    assert Counter(window_texts([tab])) == Counter(before)
    english = [text for text in chinese if english_words(text.replace("Open Shakespeare", ""))]
    assert len(chinese) > 80 and english == [], english
    assert "单元查找" in chinese and "括号深度" in chinese  # a view's title, a signal in the finder's table
    assert any("；文本按它着色" in text for text in chinese)  # the chosen unit, said with its numbers
