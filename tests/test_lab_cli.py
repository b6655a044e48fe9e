"""``lstm-studio lab``: its JSON line, the sweep form with the cache, bad input, and Ctrl+C."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from lstm_studio.cli import main

pytestmark = pytest.mark.usefixtures("torch_threads")
TINY = ["--steps", "6", "--eval-every", "3", "--hidden-size", "6", "--batch-size", "8", "--test-size", "40"]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LSTM_STUDIO_LAB_CACHE", str(tmp_path / "lab-results.json"))


def _last_json(capsys) -> dict:  # noqa: ANN001
    out = capsys.readouterr().out.strip().splitlines()
    return json.loads(out[-1])


def test_lab_json_reports_each_cell_against_the_baseline(capsys, tmp_path):
    status = main(["lab", "--task", "adding", "--length", "10", "--cells", "rnn,gru,lstm", "--forget-bias",
                   "default,1", "--seed", "3", "--json", *TINY])
    payload = _last_json(capsys)
    assert status == 0
    assert (payload["task"], payload["length"], payload["steps"], payload["seed"]) == ("adding", 10, 6, 3)
    assert payload["baseline"] == pytest.approx(1 / 6) and payload["metric"] == "mse"
    assert payload["status"] == "finished" and payload["device"] == "cpu"
    results = payload["results"]
    assert [(r["cell"], r["forget_bias"]) for r in results] == [("rnn", None), ("gru", None), ("lstm", None),
                                                                ("lstm", 1.0)]
    for result in results:
        assert result["metric"] == "mse" and isinstance(result["final"], float) and result["final"] > 0
        assert result["solved_at_step"] is None and result["steps"] == 6
    assert (tmp_path / "lab-results.json").exists()  # a finished run is cached for the sweep plot


def test_lab_accuracy_and_cross_entropy_tasks(capsys):
    assert main(["lab", "--task", "temporal_order", "--length", "10", "--cells", "lstm-fb1", "--json", *TINY]) == 0
    order = _last_json(capsys)
    assert order["metric"] == "accuracy" and order["baseline"] == 0.25 and order["solved_at_least"] == 0.95
    assert 0.0 <= order["results"][0]["final"] <= 1.0 and order["results"][0]["label"] == "LSTM, forget bias 1"
    assert main(["lab", "--task", "copy", "--length", "3", "--cells", "gru", "--json", "--no-cache", *TINY]) == 0
    copy = _last_json(capsys)
    assert copy["metric"] == "cross_entropy" and copy["results"][0]["metric"] == "cross_entropy"
    assert copy["solved_below"] == pytest.approx(0.1 * copy["baseline"])


def test_lab_sweep_reuses_cached_results(capsys):
    arguments = ["lab", "--lengths", "6,8", "--cells", "rnn,lstm", "--json", *TINY]
    assert main(arguments) == 0
    first = _last_json(capsys)
    assert first["lengths"] == [6, 8] and first["metric"] == "mse"
    assert [(r["length"], r["cell"], r["cached"]) for r in first["results"]] == [
        (6, "rnn", False), (6, "lstm", False), (8, "rnn", False), (8, "lstm", False)]
    assert main(arguments) == 0
    again = _last_json(capsys)
    assert all(r["cached"] for r in again["results"])
    assert [r["final"] for r in again["results"]] == [r["final"] for r in first["results"]]


@pytest.mark.parametrize("arguments,message", [
    (["--task", "temporal_order", "--length", "5"], "10..5000"),
    (["--cells", "rnn,lstm2"], "unknown cell 'lstm2'"),
    (["--task", "seq_mnist", "--length", "100"], "divide 784"),
    (["--forget-bias", "x"], "use a number or 'default'"),
    (["--cells", "gru-fb1"], "no forget gate"),
    (["--lengths", "4,zero"], "length 'zero'")])
def test_bad_lab_input_is_one_line_and_status_2(capsys, arguments, message):
    assert main(["lab", *arguments, *TINY]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("lstm-studio: ") and message in err[0]


def _wait_for(stream, text: str, seconds: float) -> bool:  # noqa: ANN001
    """Read ``stream`` until ``text`` shows up (True), it ends or time runs out (False)."""
    deadline, seen = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        char = stream.read(1)
        if not char:
            return False
        seen = (seen + char)[-500:]
        if text in seen:
            return True
    return False


def test_ctrl_c_stops_between_steps_and_still_prints_the_results(tmp_path):
    env = {**os.environ, "LSTM_STUDIO_LAB_CACHE": str(tmp_path / "cache.json")}
    process = subprocess.Popen([sys.executable, "-m", "lstm_studio", "lab", "--length", "10", "--steps", "1000000",
                                "--eval-every", "50", "--hidden-size", "6", "--test-size", "40", "--cells", "rnn,gru",
                                "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert _wait_for(process.stderr, "T=10", 240), "the progress bar never showed"
        time.sleep(1.0)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, err[-2000:]
    payload = json.loads(out.strip().splitlines()[-1])
    assert payload["status"] == "stopped" and 0 < payload["steps"] < 1_000_000
    assert all(r["status"] == "stopped" and r["final"] is not None for r in payload["results"])
    assert "RNN" in err and not (tmp_path / "cache.json").exists()  # verdicts shown; a stopped run is not cached
