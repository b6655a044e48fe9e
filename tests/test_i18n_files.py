"""The translation files: complete, consistent with the code, built, and right about the forget gate.

These read the ``.ts`` the app is translated from and the ``.qm`` it loads, and run Qt's own
``lupdate``/``lrelease`` (they ship with PySide6) on the sources, so a text added to the app
without a translation, or a ``.qm`` not rebuilt after an edit, fails here.
"""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import update_translations as updates  # noqa: E402 - packaging/ is not a package

LANGUAGE = "zh_CN"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def ts_tree() -> ET.ElementTree:
    return ET.parse(updates.ts_path(LANGUAGE))


def test_every_entry_is_translated_with_its_placeholders_and_tags(ts_tree) -> None:
    messages = updates.messages(ts_tree)
    assert len(messages) > 500  # the whole app, not a sample
    assert updates.problems(ts_tree) == []
    unfinished = [m.findtext("source") for _, m in messages if m.find("translation").get("type")]
    assert unfinished == []
    # Every text with words in it reads in Chinese (names alone, "MNIST" or "CUDA (GPU)", stay as they are).
    names = {"mnist", "cuda", "gpu", "cpu", "mps", "apple"}

    def has_words(source: str) -> bool:
        words = re.findall(r"[A-Za-z]{2,}", updates.PLACEHOLDER.sub("", source))
        return any(word.lower() not in names for word in words)

    english = [m.findtext("source") for _, m in messages if has_words(m.findtext("source", ""))
               and not any(HAN.search(text) for text in updates.translations_of(m))]
    assert english == []


def test_the_checker_catches_a_lost_placeholder_a_lost_tag_and_an_unfinished_entry() -> None:
    tree = ET.ElementTree(ET.fromstring(
        "<TS><context><name>C</name>"
        "<message><source>step {step}</source><translation>第步</translation></message>"
        "<message><source>&lt;b&gt;Gates&lt;/b&gt;</source><translation>门控</translation></message>"
        "<message><source>Idle</source><translation type='unfinished'></translation></message>"
        "<message><source>ok {n}</source><translation>好 {n}</translation></message>"
        "</context></TS>"))
    found = updates.problems(tree)
    assert len(found) == 3
    assert found[0].startswith("placeholders differ") and found[1].startswith("HTML tags differ")
    assert found[2].startswith("unfinished")


def test_the_ts_holds_every_text_the_code_marks(tmp_path) -> None:
    """lupdate over today's sources finds no text the committed .ts lacks (and none it has in excess)."""
    fresh = tmp_path / "fresh.ts"
    updates.lupdate(LANGUAGE, target=fresh)

    def keys(tree: ET.ElementTree) -> set[tuple[str, str, str]]:
        return {(context, m.findtext("source", ""), m.findtext("comment", "") or "")
                for context, m in updates.messages(tree)}

    committed, wanted = keys(ET.parse(updates.ts_path(LANGUAGE))), keys(ET.parse(fresh))
    assert wanted - committed == set(), "run packaging/update_translations.py and translate the new texts"
    assert committed - wanted == set(), "run packaging/update_translations.py to drop texts the code no longer has"


def marked_texts(folder: Path) -> set[tuple[str, str, str]]:
    """``(context, text, where)`` of every ``self.tr("…")``, ``translate("Context", "…")`` and
    ``QT_TRANSLATE_NOOP("Context", "…")`` in the sources, read with Python's own parser."""
    found = set()

    def visit(node: ast.AST, cls: str, path: Path) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name, path)
                continue
            if isinstance(child, ast.Call):
                name = child.func.attr if isinstance(child.func, ast.Attribute) else getattr(child.func, "id", "")
                texts = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                         for a in child.args[:2]]
                where = f"{path.name}:{child.lineno}"
                if name == "tr" and texts and texts[0] is not None:
                    found.add((cls, texts[0], where))
                elif name in ("translate", "QT_TRANSLATE_NOOP") and len(texts) == 2 and None not in texts:
                    found.add((texts[0], texts[1], where))
            visit(child, cls, path)

    for path in sorted(folder.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), "", path)
    return found


def test_every_text_marked_in_the_code_is_in_the_ts(ts_tree) -> None:
    """An independent reading of the sources: lupdate silently skips some calls (a numerus count written as
    ``config.num_layers``); such a text would stay English in the app."""
    in_ts = {(context, m.findtext("source")) for context, m in updates.messages(ts_tree)}
    missing = sorted(where for context, text, where in marked_texts(ROOT / "lstm_studio" / "app")
                     if (context, text) not in in_ts)
    assert missing == []


def test_the_shipped_qm_is_built_from_the_ts(tmp_path) -> None:
    built = updates.lrelease(LANGUAGE, tmp_path / "built.qm")
    assert built.read_bytes() == updates.qm_path(LANGUAGE).read_bytes(), \
        "the .qm is stale: run packaging/update_translations.py"


def _translation(tree: ET.ElementTree, context: str, source: str) -> str:
    for name, message in updates.messages(tree):
        if name == context and message.findtext("source") == source:
            return updates.translations_of(message)[0]
    raise KeyError((context, source))


def test_the_forget_gate_keeps_near_1_and_erases_near_0(ts_tree) -> None:
    """The explainer the app grew from said a forget gate near 1 forgets; every translation says it right."""
    meaning = _translation(ts_tree, "Field", "How much of the previous cell state is kept: near 1 keeps it, "
                                              "near 0 erases it.")
    assert "接近 1 表示保留记忆" in meaning and "接近 0 表示擦除记忆" in meaning
    legend = _translation(ts_tree, "TrainPanels", "<b>f</b> forget gate: near 1 <i>keeps</i> the cell's memory, "
                                                  "near 0 <i>erases</i> it · <b>i</b> input gate: near 1 writes the "
                                                  "candidate <b>g</b> into the cell · <b>o</b> output gate: near 1 "
                                                  "shows the cell through <b>h</b>")
    assert "遗忘门：接近 1 表示<i>保留</i>" in legend and "接近 0 表示<i>擦除</i>" in legend
    # Nowhere does "near 1" (接近 1, or a value > 0.9) go with forgetting or erasing in the same clause.
    near_one = re.compile(r"(接近 ?1|> ?0\.9)[^，；。·：:]*?(遗忘|忘记|擦除|丢弃)")
    wrong = [text for _, m in updates.messages(ts_tree) for text in updates.translations_of(m)
             if near_one.search(text.replace("遗忘门", "门"))]
    assert wrong == []
    assert "保留了上一时刻细胞状态的 {kept}" in _translation(
        ts_tree, "UnitEquations", "keeps {kept} of the previous cell state: remembers")


def test_the_standard_terms_are_used(ts_tree) -> None:
    """The words of Chinese textbooks, the same everywhere."""
    terms = {("Field", "forget gate"): "遗忘门", ("Field", "input gate"): "输入门", ("Field", "output gate"): "输出门",
             ("Field", "candidate"): "候选值", ("Field", "cell state"): "细胞状态", ("Field", "hidden state"): "隐藏状态",
             ("Field", "reset gate"): "重置门", ("Field", "update gate"): "更新门", ("TrainControls", "Learning rate"):
             "学习率", ("TrainControls", "Batch size"): "批大小", ("CurvesPanel", "Accuracy"): "准确率",
             ("CurvesPanel", "Training loss"): "训练损失", ("InspectTab", "Confusion matrix"): "混淆矩阵",
             ("InspectTab", "Saturation"): "饱和", ("GateHeatmapPanel", "timestep t"): "时间步 t"}
    for (context, source), term in terms.items():
        assert term in _translation(ts_tree, context, source), (context, source)
    gradient = _translation(ts_tree, "TimelinePanel", "‖∂loss/∂h<sub>t</sub>‖ per layer and ‖∂loss/∂x<sub>t</sub>‖ "
                                                      "(the input at step t), loss = cross-entropy w.r.t. {target} = "
                                                      "{loss}. Where the curves fall towards t = 1, the learning "
                                                      "signal fades on its way back through time.")
    assert "梯度消失" in gradient


def _chosen_language_in_a_fresh_process(tmp_path: Path, **env: str) -> str:
    """What a new app process picks with this environment (no saved choice, no forced language)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("LSTM_STUDIO_LANGUAGE", "LANGUAGE", "LC_ALL",
                                                                    "LC_MESSAGES", "LANG")}
    environment |= {"LSTM_STUDIO_SETTINGS": str(tmp_path / "fresh.ini"), "QT_QPA_PLATFORM": "offscreen", **env}
    script = ("from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
              "from lstm_studio.app.i18n import chosen_language; print(chosen_language())")
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


def test_the_language_follows_the_system_locale(tmp_path) -> None:
    assert _chosen_language_in_a_fresh_process(tmp_path, LANG="zh_CN.UTF-8") == "zh_CN"
    assert _chosen_language_in_a_fresh_process(tmp_path, LANG="en_US.UTF-8") == "en"
    assert _chosen_language_in_a_fresh_process(tmp_path, LANG="de_DE.UTF-8") == "en"  # not offered: English
    assert _chosen_language_in_a_fresh_process(tmp_path, LANG="en_US.UTF-8", LANGUAGE="zh_CN:en") == "zh_CN"
    assert _chosen_language_in_a_fresh_process(tmp_path, LANG="zh_CN.UTF-8", LSTM_STUDIO_LANGUAGE="en") == "en"


def test_language_codes_and_locales_map_to_what_the_app_speaks() -> None:
    from PySide6.QtCore import QLocale

    from lstm_studio.app.i18n import language_for_locale, normalise

    assert [normalise(code) for code in ("zh", "zh_CN", "zh-Hans-CN", "en_GB", "C", "fr", "", None)] == \
        ["zh_CN", "zh_CN", "zh_CN", "en", "en", None, None, None]
    assert [language_for_locale(QLocale(name)) for name in ("zh_CN", "zh_TW", "en_US", "fr_FR")] == \
        ["zh_CN", "zh_CN", "en", "en"]
