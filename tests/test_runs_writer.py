"""The run folder writer: open formats, whole files only (a racing reader never sees half of one), thinning, errors."""
from __future__ import annotations

import json
import threading
import time
import zipfile

import numpy as np
import pytest
import torch

from lstm_studio.data import load_mini_mnist
from lstm_studio.io import load_checkpoint
from lstm_studio.models import ModelConfig, SequenceModel
from lstm_studio.runs import (MetricsReader, RunFolderError, RunWriter, read_trace_file, step_file_name,
                              steps_to_delete, steps_to_keep)
from lstm_studio.runs._format import TRACE_SUFFIX, step_files


@pytest.fixture(scope="module")
def model_and_trace():
    torch.manual_seed(0)
    model = SequenceModel(ModelConfig(hidden_size=8, num_layers=2))
    mini = load_mini_mnist()
    trace = model.trace(torch.tensor(mini.test_images[:4]).float().div(255))
    return model, trace, mini.test_labels[:4].copy()


def test_the_folder_holds_open_formats_anyone_can_read(tmp_path, model_and_trace) -> None:
    model, trace, labels = model_and_trace
    folder = tmp_path / "run"
    writer = RunWriter(folder)
    writer.write_config(task={"name": "digits"}, model=model.config, training={"epochs": 3}, world_size=2,
                        metric={"name": "accuracy"})
    writer.log_metrics(10, loss=2.25, accuracy=float("nan"), samples=np.int64(640), note="warm-up")
    assert writer.write_trace(10, trace, labels) and writer.write_weights(10, model)
    writer.close("finished", step=10)

    run = json.loads((folder / "run.json").read_text())
    assert run["format"] == "lstm-studio-run/1" and run["world_size"] == 2 and run["status"] == "finished"
    assert run["model"]["hidden_size"] == 8 and run["task"] == {"name": "digits"} and run["host"]
    line = json.loads((folder / "metrics.jsonl").read_text())
    assert line["step"] == 10 and line["loss"] == 2.25 and line["accuracy"] is None and line["samples"] == 640
    assert line["note"] == "warm-up" and line["time"] > 1e9
    status = json.loads((folder / "status.json").read_text())
    assert status["status"] == "finished" and status["step"] == 10 and status["pid"] > 0 and status["updated"]

    with np.load(folder / "traces" / "step-000000010.npz", allow_pickle=False) as arrays:   # NumPy alone
        assert str(arrays["cell"]) == "lstm" and int(arrays["step"]) == 10
        assert arrays["f"].dtype == np.float16 and arrays["f"].shape == (2, 4, 28, 8)
        np.testing.assert_allclose(arrays["f"], trace.f, atol=1e-3)
        assert list(arrays["probe_labels"]) == list(labels)
    record = read_trace_file(folder / "traces" / "step-000000010.npz")
    assert record.step == 10 and record.trace.names == trace.names
    np.testing.assert_allclose(record.trace.c, trace.c, atol=2e-3)
    checkpoint = load_checkpoint(folder / "weights" / "step-000000010.pt")   # an ordinary checkpoint
    assert checkpoint.metrics["step"] == 10 and checkpoint.task == {"name": "digits"}
    for name, value in model.state_dict().items():
        assert torch.equal(checkpoint.state_dict[name], value)


def test_a_run_is_never_overwritten(tmp_path) -> None:
    RunWriter(tmp_path / "run").close()
    with pytest.raises(RunFolderError, match="already holds a run"):
        RunWriter(tmp_path / "run")
    (tmp_path / "file").write_text("x")
    with pytest.raises(RunFolderError, match="is a file"):
        RunWriter(tmp_path / "file")


def test_bad_metric_values_are_refused_at_once(tmp_path) -> None:
    writer = RunWriter(tmp_path / "run")
    with pytest.raises(ValueError, match="step"):
        writer.log_metrics(-1, loss=1.0)
    with pytest.raises(TypeError, match="metric 'loss'"):
        writer.log_metrics(1, loss=[1.0, 2.0])
    writer.close()


def test_traces_and_weights_come_at_a_bounded_rate(tmp_path, model_and_trace) -> None:
    model, trace, labels = model_and_trace
    writer = RunWriter(tmp_path / "run", trace_interval_s=60, weights_interval_s=60)
    assert writer.write_trace(1, trace) and not writer.write_trace(2, trace)
    assert writer.write_trace(3, trace, force=True)
    assert writer.write_weights(1, model) and not writer.write_weights(2, model)
    writer.close()
    written = sorted(step_files(tmp_path / "run" / "traces", TRACE_SUFFIX))
    # Step 2 was refused; step 1 is there unless step 3 replaced it before the disk took it (newest wins).
    assert written in ([1, 3], [3])


def test_thinning_keeps_the_newest_and_a_logarithmic_spread() -> None:
    steps = range(0, 1000, 10)
    kept = steps_to_keep(steps, keep_newest=20)
    assert set(range(800, 1000, 10)) <= kept
    assert {0, 10, 20, 40, 70, 130, 260, 520} <= kept and len(kept) == 20 + 8
    assert not set(steps_to_delete(steps, keep_newest=20)) & kept
    # Kept for its range once, kept while later steps arrive (a synced copy does not churn).
    assert {0, 10, 20, 40, 70, 130, 260, 520} <= steps_to_keep(range(0, 5000, 10), keep_newest=20)
    assert steps_to_keep([5, 6, 7], keep_newest=1, spread=False) == {7}


def test_the_writer_thins_old_snapshots(tmp_path, model_and_trace) -> None:
    model, trace, labels = model_and_trace
    writer = RunWriter(tmp_path / "run", trace_interval_s=0, weights_interval_s=0, keep_traces=5, keep_weights=3,
                       flush_s=0.01)
    for step in range(1, 41):
        writer.write_trace(step, trace)
        writer.write_weights(step, model)
        time.sleep(0.005)
    writer.close()
    traces = sorted(step_files(tmp_path / "run" / "traces", TRACE_SUFFIX))
    older = traces[:-5]   # beyond the newest five: at most one per power-of-two range of steps
    assert traces[-1] == 40 and len({step.bit_length() for step in older}) == len(older) <= 6
    weights = sorted(path.name for path in (tmp_path / "run" / "weights").iterdir())
    assert weights[-1] == step_file_name(40, ".pt") and len(weights) <= 3


def test_a_reader_racing_the_writer_never_sees_a_partial_file(tmp_path, model_and_trace) -> None:
    model, trace, labels = model_and_trace
    folder = tmp_path / "run"
    writer = RunWriter(folder, trace_interval_s=0, heartbeat_s=0.0, flush_s=0.0, keep_traces=3)
    writer.write_config(task={"name": "digits"}, model=model.config)
    stop = threading.Event()

    def write() -> None:
        step = 0
        while not stop.is_set():
            step += 1
            writer.log_metrics(step, loss=1.0 / step, text="x" * (step % 300))
            writer.write_trace(step, trace, labels)
            writer.set_status("running", step)
    thread = threading.Thread(target=write)
    thread.start()
    reads = {"status": 0, "trace": 0, "lines": 0}
    metrics = MetricsReader(folder / "metrics.jsonl")
    deadline = time.monotonic() + 3.0
    try:
        while time.monotonic() < deadline:
            status = (folder / "status.json").read_text()
            assert json.loads(status)["status"] == "running"
            reads["status"] += 1
            for path in step_files(folder / "traces", TRACE_SUFFIX).values():   # .tmp files are never listed
                try:
                    assert read_trace_file(path).trace.f.shape == trace.f.shape
                    reads["trace"] += 1
                except FileNotFoundError:
                    pass  # thinned away between listing and reading
            lines, _ = metrics.read_new()
            assert all(line["loss"] == 1.0 / line["step"] for line in lines)
            reads["lines"] += len(lines)
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert min(reads.values()) > 3, reads


def test_a_metrics_line_still_being_written_is_not_read(tmp_path) -> None:
    path = tmp_path / "metrics.jsonl"
    path.write_text('{"step": 1, "loss": 2.0}\n{"step": 2, "lo')
    reader = MetricsReader(path)
    assert [line["step"] for line in reader.read_new()[0]] == [1]
    assert reader.read_new() == ([], False)
    with open(path, "a") as stream:
        stream.write('ss": 1.5}\nnot json\n')
    lines, restarted = reader.read_new()
    assert lines == [{"step": 2, "loss": 1.5}] and not restarted and reader.bad_lines == 1
    path.write_text('{"step": 1, "loss": 9.0}\n')           # replaced by a new run: start over
    assert reader.read_new() == ([{"step": 1, "loss": 9.0}], True)


def test_a_write_failure_is_reported_and_training_goes_on(tmp_path, model_and_trace) -> None:
    model, trace, labels = model_and_trace
    writer = RunWriter(tmp_path / "run", trace_interval_s=0)
    (tmp_path / "run" / "traces").rmdir()
    (tmp_path / "run" / "traces").write_text("not a folder any more")
    writer.write_trace(1, trace)
    writer.log_metrics(1, loss=1.0)
    writer.close()
    assert writer.error is not None and "cannot write" in writer.error and "\n" not in writer.error
    assert json.loads((tmp_path / "run" / "metrics.jsonl").read_text())["loss"] == 1.0
    assert json.loads((tmp_path / "run" / "status.json").read_text())["status"] == "finished"


def test_an_error_in_a_with_block_marks_the_run_crashed(tmp_path) -> None:
    with pytest.raises(ZeroDivisionError):
        with RunWriter(tmp_path / "run") as writer:
            writer.log_metrics(3, loss=1.0)
            1 / 0
    status = json.loads((tmp_path / "run" / "status.json").read_text())
    assert status["status"] == "crashed" and status["reason"] == "ZeroDivisionError: division by zero"
    assert status["step"] == 3


def test_a_damaged_trace_is_one_line(tmp_path) -> None:
    path = tmp_path / step_file_name(5, ".npz")
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match=r"step-000000005\.npz: not a readable trace") as caught:
        read_trace_file(path)
    assert "\n" not in str(caught.value)
    with zipfile.ZipFile(path, "w"):
        pass
    with pytest.raises(ValueError, match="no hidden state"):
        read_trace_file(path)
