"""What the lab concludes: verdicts in plain words, the results cache, sweeps and their export."""
from __future__ import annotations

import csv
import dataclasses
import json

import numpy as np
import pytest

from lstm_studio.lab import (CellProgress, CellSpec, LabCache, LabCacheError, LabConfig, LabError, LabRunner, Sweep,
                             TaskInfo, export_points, judge, parse_cells, parse_lengths, superscript_power,
                             sweep_points)
from lstm_studio.tasks import ACCURACY, MSE

pytestmark = pytest.mark.usefixtures("torch_threads")
ADDING = TaskInfo("adding", "Adding problem", 100, 100, MSE, 1 / 6, 0.01)
ORDER = TaskInfo("temporal_order", "Temporal order", 60, 60, ACCURACY, 0.25, 0.95)


def progress(spec: CellSpec, scores: list[float], status: str = "finished", solved: int | None = None,
             gradient: list[float] | None = None) -> CellProgress:
    steps = 100 * (len(scores) - 1)
    empty = np.zeros(0, dtype=np.float32)
    return CellProgress(spec, status, steps, empty, empty, np.arange(0, steps + 1, 100), np.array(scores), solved,
                        1.0, gradient=None if gradient is None else np.array([gradient]))


# --- verdicts ------------------------------------------------------------------------------------
def test_a_solved_cell_says_when():
    verdict = judge(progress(CellSpec("gru"), [0.17, 0.02, 0.004, 0.0003], solved=200), ADDING)
    assert verdict.kind == "solved" and verdict.advice == ""
    assert verdict.headline.startswith("GRU solved it at step 200: mean squared error 0.0003 on fresh sequences")
    assert "baseline 0.1667" in verdict.headline


def test_an_rnn_at_the_baseline_is_told_why_with_the_gradient_it_measured():
    verdict = judge(progress(CellSpec("rnn"), [0.17, 0.168, 0.166], gradient=[3e-13, 1e-6, 0.1]), ADDING)
    assert verdict.kind == "baseline"
    assert "RNN stayed at the baseline after 200 steps" in verdict.headline
    assert "The gradient reaching step 1 is 3 × 10⁻¹² of the one at the last step" in verdict.headline
    assert "fades long before" in verdict.advice and "Try a GRU or an LSTM" in verdict.advice


def test_a_default_lstm_at_the_baseline_is_told_to_try_forget_bias_one():
    verdict = judge(progress(CellSpec("lstm"), [0.25, 0.26, 0.24]), ORDER)
    assert verdict.kind == "baseline"
    assert verdict.advice.startswith("Try forget bias 1: it keeps the cell state open from the start")
    assert verdict.advice.endswith("so the gradient reaches the X and Y.")
    assert "the markers" in judge(progress(CellSpec("lstm"), [0.17, 0.17]), ADDING).advice
    biased = judge(progress(CellSpec("lstm", 1.0), [0.25, 0.25]), ORDER)
    assert biased.headline.startswith("LSTM, forget bias 1 stayed at") and "forget bias 1" not in biased.advice


def test_a_cell_still_training_gets_no_advice_yet():
    waiting = judge(progress(CellSpec("lstm"), [], status="training"), ADDING)
    at_baseline = judge(progress(CellSpec("lstm"), [0.17, 0.17], status="training"), ADDING)
    learning = judge(progress(CellSpec("lstm"), [0.17, 0.05], status="training"), ADDING)
    assert waiting.kind == "waiting" and "no held-out score yet" in waiting.headline
    assert at_baseline.kind == "baseline" and "is still at the baseline" in at_baseline.headline
    worse = judge(progress(CellSpec("rnn"), [1.1, 0.4]), ADDING)
    assert worse.kind == "baseline" and "RNN did not beat the baseline after 100 steps" in worse.headline
    assert learning.kind == "learning" and "is learning" in learning.headline and not learning.advice
    over = judge(progress(CellSpec("lstm"), [0.17, 0.05]), ADDING)
    assert "learned part of it" in over.headline and "solved means mean squared error below 0.01" in over.headline
    assert over.advice.startswith("Try more steps")


def test_the_vanishing_gradient_is_blamed_only_where_it_was_measured():
    healthy = judge(progress(CellSpec("rnn"), [0.17, 0.17], gradient=[0.3, 0.2, 0.2]), ADDING)
    assert "1.5 times the one at the last step" in healthy.headline
    assert "fades" not in healthy.advice and healthy.advice.startswith("Try more steps")
    lstm = judge(progress(CellSpec("lstm"), [0.17, 0.17], gradient=[0.05, 0.1, 0.1]), ADDING)
    assert "0.5 of the one" in lstm.headline and "forget bias" not in lstm.advice


def test_no_gradient_at_all_is_said_plainly():
    verdict = judge(progress(CellSpec("rnn"), [0.17, 0.17], gradient=[0.0, 1e-9, 0.1]), ADDING)
    assert "No gradient at all reaches step 1" in verdict.headline


@pytest.mark.parametrize("value,text", [(3.2e-12, "3 × 10⁻¹²"), (1e-20, "10⁻²⁰"), (9.7e-8, "10⁻⁷"),
                                        (0.25, "0.25"), (0.0, "0"), (4e5, "4 × 10⁵")])
def test_powers_of_ten_read_like_print(value, text):
    assert superscript_power(value) == text


# --- the cache -----------------------------------------------------------------------------------
def tiny(**changes) -> LabConfig:
    values = dict(length=8, steps=4, hidden_size=6, batch_size=8, test_size=32, eval_every=2, probe_size=2,
                  cells=parse_cells("rnn,lstm"))
    return LabConfig(**(values | changes))


@pytest.fixture(scope="module")
def finished() -> object:
    return LabRunner(tiny()).run()


def test_a_finished_run_is_kept_and_found_by_its_settings(tmp_path, finished):
    cache = LabCache(tmp_path / "results.json")
    assert cache.load() == {} and cache.store(finished, "cpu") == 2
    entry = cache.get(tiny(), CellSpec("lstm"), "generated", "cpu")
    assert entry["final"] == finished.cells[1].final and entry["label"] == "LSTM" and entry["length"] == 8
    assert entry["test_steps"] == [0, 2, 4] and entry["baseline"] == pytest.approx(1 / 6)
    assert cache.get(tiny(seed=1), CellSpec("lstm"), "generated", "cpu") is None
    assert cache.get(tiny(length=9), CellSpec("lstm"), "generated", "cpu") is None
    assert cache.get(tiny(), CellSpec("lstm", 1.0), "generated", "cpu") is None
    assert len(cache.matching(tiny(length=50, cells=(CellSpec("gru"),)), "generated", "cpu")) == 2
    assert cache.matching(tiny(steps=5), "generated", "cpu") == []


def test_a_stopped_run_is_not_kept(tmp_path, finished):
    cache = LabCache(tmp_path / "results.json")
    assert cache.store(dataclasses.replace(finished, status="stopped"), "cpu") == 0
    assert not cache.path.exists()


@pytest.mark.parametrize("content,problem", [("{not json", "not a lab cache"),
                                             ('{"format": "someone-else/3", "results": {}}', "format"),
                                             ('[1, 2]', "format")])
def test_a_damaged_or_foreign_cache_is_reported_and_never_overwritten(tmp_path, finished, content, problem):
    path = tmp_path / "results.json"
    path.write_text(content)
    cache = LabCache(path)
    with pytest.raises(LabCacheError, match=problem) as caught:
        cache.store(finished, "cpu")
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_text() == content


def test_an_oversized_cache_is_refused_before_reading(tmp_path, monkeypatch):
    from lstm_studio.lab import _cache

    path = tmp_path / "results.json"
    path.write_text(" " * 2000)
    monkeypatch.setattr(_cache, "MAX_CACHE_BYTES", 1000)
    with pytest.raises(LabCacheError, match="too large"):
        LabCache(path).load()


def test_the_default_cache_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LSTM_STUDIO_LAB_CACHE", str(tmp_path / "mine.json"))
    assert LabCache().path == tmp_path / "mine.json"


# --- sweeps --------------------------------------------------------------------------------------
def test_a_sweep_trains_each_length_once_and_reuses_the_cache(tmp_path):
    cache = LabCache(tmp_path / "results.json")
    results = []
    first = Sweep(tiny(), (6, 10), cache)
    assert [(c.length, [s.key for s in c.cells]) for c in first.plan()] == [(6, ["rnn", "lstm"]),
                                                                          (10, ["rnn", "lstm"])]
    assert len(first.run(on_result=results.append)) == 2 and [r.config.length for r in results] == [6, 10]
    again = Sweep(tiny(), (6, 10), cache)
    assert again.plan() == [] and again.run() == []
    more = Sweep(tiny(cells=parse_cells("rnn,gru,lstm")), (6, 10, 12), cache)
    assert [(c.length, [s.key for s in c.cells]) for c in more.plan()] == [
        (6, ["gru"]), (10, ["gru"]), (12, ["rnn", "gru", "lstm"])]
    points = sweep_points(cache.matching(tiny(), "generated", "cpu"))
    assert [(p.cell, p.length) for p in points] == [("lstm", 6), ("lstm", 10), ("rnn", 6), ("rnn", 10)]
    assert all(p.metric == "mse" and p.final is not None and p.solved_threshold == 0.01 for p in points)


def test_sweep_points_export_as_csv_and_json(tmp_path, finished):
    cache = LabCache(tmp_path / "results.json")
    cache.store(finished, "cpu")
    points = sweep_points(cache.matching(tiny(), "generated", "cpu"))
    export_points(points, tmp_path / "sweep.csv")
    export_points(points, tmp_path / "sweep.json")
    rows = list(csv.DictReader((tmp_path / "sweep.csv").open()))
    assert [(r["cell"], r["length"], r["label"]) for r in rows] == [("lstm", "8", "LSTM"), ("rnn", "8", "RNN")]
    assert float(rows[0]["final"]) == pytest.approx(finished.cells[1].final) and rows[0]["forget_bias"] == ""
    loaded = json.loads((tmp_path / "sweep.json").read_text())
    assert loaded[1]["cell"] == "rnn" and loaded[1]["final"] == pytest.approx(finished.cells[0].final)
    with pytest.raises(LabError, match="export as .csv or .json"):
        export_points(points, tmp_path / "sweep.xlsx")


def test_sweep_lengths_are_checked_for_the_task():
    assert parse_lengths("200, 50,100,50", "adding") == (50, 100, 200)
    with pytest.raises(LabError, match="length '5'"):
        parse_lengths("5,20", "temporal_order")
    with pytest.raises(LabError, match="length 'x'"):
        parse_lengths("x", "adding")
    assert parse_lengths("28,196", "seq_mnist") == (28, 196)
