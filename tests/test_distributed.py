"""Distributed training on the CPU (gloo): shards, identical weights, agreement, one checkpoint, failures in one line.

The multi-process tests start real processes with the variables torchrun sets (one test through
torchrun itself), on a free local port, with a tiny model on a slice of the bundled mini-MNIST.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lstm_studio.cli import main
from lstm_studio.data import load_mini_mnist
from lstm_studio.io import load_checkpoint
from lstm_studio.runs import list_runs
from lstm_studio.tasks import DigitsTask
from lstm_studio.training import DistributedError, Launch, detect_launch, start_distributed

ROOT = Path(__file__).resolve().parents[1]
TINY_TRAIN = ["--mini", "--hidden-size", "16", "--layers", "1", "--batch-size", "64", "--threads", "1"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch_env(rank: int, world: int, port: int) -> dict[str, str]:
    """What torchrun sets for a process (plus one thread, so two processes share two cores)."""
    return os.environ | {"RANK": str(rank), "WORLD_SIZE": str(world), "LOCAL_RANK": str(rank),
                         "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port), "OMP_NUM_THREADS": "1"}


def start_pair(args: list[str], port: int, cwd: Path) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, *args], env=launch_env(rank, 2, port), cwd=cwd, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for rank in range(2)]


def finish(processes: list[subprocess.Popen], timeout: float) -> list[tuple[int, str, str]]:
    results = []
    for process in processes:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"a training process hung: {err[-2000:]}")
        results.append((process.returncode, out, err))
    return results


# --- sharding and launch, in this process ------------------------------------------------------------
@pytest.mark.parametrize("batches", [1, 7, 10, 469])
@pytest.mark.parametrize("world", [1, 2, 3, 8])
def test_every_process_gets_an_equal_disjoint_share_of_the_batches(batches: int, world: int) -> None:
    task = DigitsTask(load_mini_mnist())
    shards = [list(task.shard_batches(batches, rank, world)) for rank in range(world)]
    assert len({len(shard) for shard in shards}) == 1, "a process with more batches would wait for ever"
    assert len(shards[0]) == batches // world
    together = [index for shard in shards for index in shard]
    assert len(together) == len(set(together)) and set(together) <= set(range(batches))
    assert list(task.shard_batches(batches, 0, 1)) == list(range(batches))


def test_launch_is_read_from_torchruns_variables() -> None:
    assert detect_launch({}) is None
    launch = detect_launch({"RANK": "1", "WORLD_SIZE": "4", "LOCAL_RANK": "1", "MASTER_ADDR": "gpu-0",
                            "MASTER_PORT": "29500"})
    assert launch == Launch(1, 4, 1, "gpu-0:29500")
    with pytest.raises(DistributedError, match="WORLD_SIZE, LOCAL_RANK not"):
        detect_launch({"RANK": "0"})
    with pytest.raises(DistributedError, match="make no sense"):
        detect_launch({"RANK": "2", "WORLD_SIZE": "2", "LOCAL_RANK": "0"})
    with pytest.raises(DistributedError, match="not whole numbers"):
        detect_launch({"RANK": "x", "WORLD_SIZE": "2", "LOCAL_RANK": "0"})


def test_a_failed_rendezvous_is_one_line_within_the_timeout(monkeypatch) -> None:
    monkeypatch.setenv("TORCH_CPP_LOG_LEVEL", "FATAL")
    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    monkeypatch.setenv("MASTER_PORT", str(free_port()))   # nobody listens there
    started = time.monotonic()
    with pytest.raises(DistributedError) as caught:
        start_distributed(Launch(1, 2, 0, f"127.0.0.1:{os.environ['MASTER_PORT']}"), "cpu", timeout_s=1.0)
    assert time.monotonic() - started < 20
    message = str(caught.value)
    assert "\n" not in message and message.startswith("process 1 of 2 could not join the others at 127.0.0.1:")


# --- real processes -----------------------------------------------------------------------------------
def test_two_processes_train_shards_keep_identical_weights_and_agree_to_stop(tmp_path) -> None:
    results = finish(start_pair([str(ROOT / "tests" / "ddp_worker.py"), str(tmp_path)], free_port(), ROOT), 240)
    assert [code for code, _, _ in results] == [0, 0], results[0][2][-2000:] + results[1][2][-2000:]
    first, second = (json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(2))
    weights = [np.load(tmp_path / f"rank{r}.npz") for r in range(2)]
    assert all(np.array_equal(weights[0][name], weights[1][name]) for name in weights[0].files)
    # The same epoch order everywhere, a disjoint equal share each: 640 digits / 32 = 20 batches, 10 each.
    assert first["batches_per_epoch"] == second["batches_per_epoch"] == 10
    for mine, theirs in zip(first["seen"], second["seen"]):
        assert len(mine) == len(theirs) == 320 and not set(mine) & set(theirs)
    assert first["samples_seen"] == second["samples_seen"] == 8 * 640     # counted over both processes
    assert first["test_metric"] == second["test_metric"] > 0.2            # rank 0 evaluated, all agree
    losses = first["losses"]
    assert np.mean(losses[-10:]) < np.mean(losses[:10]) - 0.3              # it learned
    assert second["losses"] == [] and second["traced"] == 0 < first["traced"]  # only rank 0 probes and reports
    # One process asked to stop, one process's loss turned NaN: both stopped at the same step.
    assert first["stopped"][:2] == second["stopped"][:2] == ["stopped", 3]
    assert first["diverged"][:2] == second["diverged"][:2] == ["diverged", 3]
    assert first["diverged"][3] and second["diverged"][3], "weights must stay finite after a divergence"


def test_torchrun_writes_one_checkpoint_and_run_folder_that_work(tmp_path, capsys) -> None:
    out, run_dir = tmp_path / "model.pt", tmp_path / "runs" / "ddp"
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", f"--master_port={free_port()}",
               "-m", "lstm_studio", "train", *TINY_TRAIN, "--epochs", "2", "--limit-batches", "6",
               "--out", str(out), "--run-dir", str(run_dir), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=tmp_path,
                          env=os.environ | {"OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])      # one JSON line: rank 0's
    assert done.stdout.count('"world_size"') == 1
    assert result["world_size"] == 2 and result["status"] == "finished" and result["steps"] == 12
    assert done.stderr.count("finished: 2 epoch(s)") == 1            # one story, told by rank 0
    checkpoint = load_checkpoint(out)
    assert checkpoint.metrics["world_size"] == 2 and checkpoint.config.hidden_size == 16
    image = tmp_path / "digit.png"
    Image.fromarray(load_mini_mnist().test_images[0]).save(image)
    assert main(["classify", "--checkpoint", str(out), str(image), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out.splitlines()[-1])["probs"]) == 10
    (run,) = list_runs(run_dir.parent)
    assert run.status.state == "finished" and run.config["world_size"] == 2 and run.as_dict()["step"] == 12


def test_a_process_that_dies_stops_the_other_with_one_line(tmp_path) -> None:
    run_dir = tmp_path / "run"
    args = ["-m", "lstm_studio", "train", *TINY_TRAIN, "--epochs", "1000", "--limit-batches", "4",
            "--out", str(tmp_path / "m.pt"), "--dist-timeout", "30"]
    survivor, victim = start_pair(args + ["--run-dir", str(run_dir)], free_port(), tmp_path)
    deadline = time.monotonic() + 120
    while not (run_dir / "metrics.jsonl").exists():   # training is under way on both
        assert time.monotonic() < deadline and survivor.poll() is None, "training did not start"
        time.sleep(0.2)
    victim.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    (code, _, err), _ = finish([survivor, victim], timeout=60)
    assert time.monotonic() - killed_at < 60
    assert code == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("lstm-studio: process 0 of 2: lost contact with the other training processes")
    assert "Traceback" not in err
    (run,) = list_runs(run_dir)
    assert run.status.state == "crashed" and "lost contact" in run.status.reason
