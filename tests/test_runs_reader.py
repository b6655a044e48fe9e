"""Following and listing run folders: the state machine, only-what-is-new polling, vanishing files, ``runs``."""
from __future__ import annotations

import json
import time

import numpy as np
import pytest
import torch

from lstm_studio.cli import main
from lstm_studio.data import load_mini_mnist
from lstm_studio.models import ModelConfig, SequenceModel
from lstm_studio.runs import HeartbeatWatch, RunFollower, RunWriter, list_runs, run_status, step_file_name
from lstm_studio.runs import _reader


@pytest.fixture(scope="module")
def model_and_trace():
    torch.manual_seed(1)
    model = SequenceModel(ModelConfig(hidden_size=8, num_layers=1))
    trace = model.trace(torch.tensor(load_mini_mnist().test_images[:3]).float().div(255))
    return model, trace


def status_json(status: str = "running", age_s: float = 0.0, heartbeat_s: float = 10.0, **extra) -> dict:
    return {"status": status, "step": 7, "reason": "", "pid": 42, "host": "gpu-box", "heartbeat_s": heartbeat_s,
            "beat": 1, "updated": "2026-12-01T10:00:00+00:00", "updated_unix": time.time() - age_s} | extra


def write_status(folder, **fields) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "status.json").write_text(json.dumps(status_json(**fields)))


# --- the state machine ----------------------------------------------------------------------------
def test_run_states() -> None:
    assert run_status(None, has_config=False, silent_s=0).state == "waiting"
    assert run_status(None, has_config=True, silent_s=0).state == "starting"
    assert run_status(status_json(), True, silent_s=5).state == "running"
    stale = run_status(status_json(), True, silent_s=31)           # over 3 heartbeats of 10 s
    assert stale.state == "not responding" and stale.describe() == "not responding (crashed?): silent for 31 s"
    for final in ("finished", "stopped", "diverged", "crashed"):
        ended = run_status(status_json(final, reason="the loss became nan at step 9"), True, silent_s=1e6)
        assert ended.state == final and ended.is_final and not ended.is_live
    assert run_status(status_json("crashed", reason="Killed"), True, 0).describe() == "crashed: Killed"
    assert run_status(status_json("exploded"), True, 0).state == "running"   # unknown words: judged by heartbeat


def test_the_heartbeat_is_judged_on_this_machines_clock() -> None:
    watch = HeartbeatWatch()
    first = status_json(age_s=0) | {"updated_unix": 1000.0}
    assert watch.silent_s(first, monotonic_now=50.0, wall_now=1100.0) == pytest.approx(100.0)  # 100 s old at first sight
    assert watch.silent_s(first, monotonic_now=60.0, wall_now=1110.0) == pytest.approx(110.0)
    # A new beat from a writer whose clock is an hour behind: fresh when seen, whatever its clock says.
    second = first | {"beat": 2, "updated_unix": 1110.0 - 3600}
    assert watch.silent_s(second, monotonic_now=61.0, wall_now=1111.0) == 0.0
    assert watch.silent_s(second, monotonic_now=66.0, wall_now=1116.0) == pytest.approx(5.0)


def test_a_follower_sees_a_run_come_alive_go_silent_and_end(tmp_path) -> None:
    clock = [0.0]
    follower = RunFollower(tmp_path / "run", monotonic=lambda: clock[0], wall=time.time)
    assert follower.poll().status.state == "waiting"        # the folder does not even exist yet
    write_status(tmp_path / "run", heartbeat_s=1.0)
    assert follower.poll().status.state == "running"
    clock[0] = 2.0
    assert follower.poll().status.state == "running"
    clock[0] = 3.5
    assert follower.poll().status.state == "not responding"
    write_status(tmp_path / "run", heartbeat_s=1.0, beat=2)  # it was only a network hiccup
    assert follower.poll().status.state == "running"
    write_status(tmp_path / "run", status="finished", beat=3)
    clock[0] = 1e6
    assert follower.poll().status.state == "finished"


# --- what is new ------------------------------------------------------------------------------------
def test_each_poll_returns_only_what_is_new(tmp_path, model_and_trace) -> None:
    model, trace = model_and_trace
    writer = RunWriter(tmp_path / "run", trace_interval_s=0, weights_interval_s=0, flush_s=0.01)
    writer.write_config(task={"name": "digits"}, model=model.config, metric={"name": "accuracy"})
    follower = RunFollower(tmp_path / "run")
    for step in (1, 2):
        writer.log_metrics(step, loss=1.0 / step)
    writer.write_trace(2, trace, np.array([7, 2, 1]))
    writer.write_weights(2, model)
    _wait_for(lambda: (tmp_path / "run" / "weights" / step_file_name(2, ".pt")).exists()
              and (tmp_path / "run" / "metrics.jsonl").exists())
    time.sleep(0.1)
    first = follower.poll()
    assert first.config["model"]["hidden_size"] == 8 and first.status.state == "running"
    assert [line["step"] for line in first.metrics] == [1, 2]
    assert first.trace.step == 2 and list(first.trace.probe_labels) == [7, 2, 1]
    assert first.weights.step == 2 and first.weights.checkpoint.config.hidden_size == 8
    again = follower.poll()
    assert again.metrics == () and again.trace is None and again.weights is None
    writer.log_metrics(3, loss=0.25)
    writer.close()
    last = follower.poll()
    assert [line["step"] for line in last.metrics] == [3] and last.status.state == "finished"


def test_temporary_files_are_never_read(tmp_path, model_and_trace) -> None:
    write_status(tmp_path / "run")
    (tmp_path / "run" / "traces").mkdir()
    (tmp_path / "run" / "traces" / ".step-000000009.npz.a1b2.tmp").write_bytes(b"half a file")
    (tmp_path / "run" / "traces" / "notes.txt").write_text("not a step")
    update = RunFollower(tmp_path / "run").poll()
    assert update.trace is None and update.problems == ()


def test_a_snapshot_that_vanishes_between_listing_and_reading_is_tried_again(tmp_path, model_and_trace,
                                                                            monkeypatch) -> None:
    model, trace = model_and_trace
    with RunWriter(tmp_path / "run", trace_interval_s=0) as writer:
        writer.write_trace(4, trace)
    real = _reader.read_trace_file
    calls = []

    def thinned_once(path):  # noqa: ANN001, ANN202
        calls.append(path)
        if len(calls) == 1:
            raise FileNotFoundError(2, "No such file", str(path))   # deleted by thinning a moment ago
        return real(path)

    monkeypatch.setattr(_reader, "read_trace_file", thinned_once)
    follower = RunFollower(tmp_path / "run")
    assert follower.poll().trace is None
    assert follower.poll().trace.step == 4 and len(calls) == 2


def test_a_damaged_snapshot_is_reported_once_and_skipped(tmp_path) -> None:
    write_status(tmp_path / "run")
    (tmp_path / "run" / "traces").mkdir()
    (tmp_path / "run" / "traces" / step_file_name(3, ".npz")).write_bytes(b"garbage")
    (tmp_path / "run" / "weights").mkdir()
    (tmp_path / "run" / "weights" / step_file_name(3, ".pt")).write_bytes(b"garbage")
    follower = RunFollower(tmp_path / "run")
    first = follower.poll()
    assert first.trace is None and first.weights is None and len(first.problems) == 2
    assert all("step-000000003" in problem and "\n" not in problem for problem in first.problems)
    assert follower.poll().problems == ()


# --- lstm-studio runs -----------------------------------------------------------------------------------
def _wait_for(condition, timeout: float = 10.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def runs_folder(tmp_path, model_and_trace):
    model, _ = model_and_trace
    folder = tmp_path / "runs"
    finished = RunWriter(folder / "a-finished")
    finished.write_config(model=model.config, world_size=2, metric={"name": "accuracy", "percent": True})
    finished.log_metrics(100, loss=0.5, accuracy=0.875)
    finished.log_metrics(100, epoch=1, test_loss=0.4, test_accuracy=0.9)
    finished.close("finished", step=100)
    diverged = RunWriter(folder / "b-diverged")
    diverged.write_config(model=model.config, metric={"name": "accuracy", "percent": True})
    diverged.close("diverged", "the loss became nan at step 12", step=11)
    write_status(folder / "c-silent", age_s=600, heartbeat_s=10)   # a process that died without a word
    (folder / "not-a-run").mkdir()
    return folder


def test_runs_lists_each_run_with_its_state_and_last_metrics(runs_folder, capsys) -> None:
    assert main(["runs", str(runs_folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["RUN", "STATE", "STEP", "LOSS", "METRIC", "TEST", "PROCS", "HOST", "UPDATED"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"a-finished", "b-diverged", "c-silent"}
    assert "finished" in rows["a-finished"] and "accuracy 87.50%" in rows["a-finished"]
    assert "accuracy 90.00%" in rows["a-finished"] and " 2 " in rows["a-finished"]
    assert "diverged: the loss became nan at step 12" in rows["b-diverged"]
    assert "not responding (crashed?)" in rows["c-silent"] and "gpu-box" in rows["c-silent"]


def test_runs_json_is_one_line_per_run(runs_folder, capsys) -> None:
    assert main(["runs", str(runs_folder), "--json"]) == 0
    records = {r["run"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert records["a-finished"] | {"path": None, "started": None, "updated": None, "host": None} == {
        "run": "a-finished", "path": None, "state": "finished", "status": "finished", "reason": "", "step": 100,
        "loss": 0.5, "metric": "accuracy", "accuracy": 0.875, "test_accuracy": 0.9, "world_size": 2,
        "host": None, "started": None, "updated": None}
    assert records["c-silent"]["state"] == "not responding" and records["c-silent"]["status"] == "running"
    assert main(["runs", str(runs_folder / "b-diverged"), "--json"]) == 0      # a run folder itself
    assert json.loads(capsys.readouterr().out)["state"] == "diverged"


def test_runs_on_a_bad_folder_is_one_line(tmp_path, capsys) -> None:
    assert main(["runs", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.strip() == f"lstm-studio: {tmp_path / 'missing'}: no such folder"
    assert main(["runs", str(tmp_path)]) == 0
    assert "no runs in" in capsys.readouterr().err
    assert list_runs(tmp_path) == []


def test_run_folders_and_distributed_training_are_core_code_without_qt() -> None:
    """The modules a GPU box imports (no display, maybe no Qt installed) import nothing of the app."""
    import ast
    from pathlib import Path

    import lstm_studio

    package = Path(lstm_studio.__file__).parent
    files = [*sorted((package / "runs").glob("*.py")), package / "training" / "_distributed.py",
             package / "training" / "_parallel.py", package / "cli" / "_runs.py", package / "cli" / "_train_group.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                # "app" is a relative import of lstm_studio.app (from ..app import ...)
                assert not name.startswith(("PySide6", "pyqtgraph", "app", "lstm_studio.app")), f"{path}: {name}"
