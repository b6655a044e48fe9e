"""Abuse the core: killed saves, no network, hostile stroke files."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from lstm_studio.io import load_checkpoint

_SAVER = """
import sys, torch
from lstm_studio.models import SequenceModel, ModelConfig
from lstm_studio.io import save_checkpoint
model = SequenceModel(ModelConfig(hidden_size=256, num_layers=3))
print("ready", flush=True)
version = 0
while True:
    version += 1
    save_checkpoint(sys.argv[1], model, {"version": version})
"""


def test_sigkill_during_saves_never_leaves_a_corrupt_file(tmp_path) -> None:
    """Kill a process that saves a ~3 MB checkpoint in a loop at many moments; the target stays loadable."""
    target = tmp_path / "model.pt"
    delays = [0.05, 0.13, 0.21, 0.34]  # different moments of the save cycle
    for delay in delays:
        process = subprocess.Popen([sys.executable, "-c", _SAVER, str(target)], stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        if target.exists():
            checkpoint = load_checkpoint(target)  # raises if corrupt
            assert checkpoint.metrics["version"] >= 1
    assert target.exists(), "no save completed at all; the test did not exercise anything"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "model.pt"]
    # A kill mid-write may leave a hidden temporary file, never a damaged target.
    assert all(name.startswith(".model.pt.") and name.endswith(".tmp") for name in leftovers)


def test_no_network_still_trains_and_classifies(tmp_path) -> None:
    """Offline, with no MNIST on disk: train falls back to the bundled mini-MNIST with a notice."""
    env = os.environ | {"LSTM_STUDIO_OFFLINE": "1", "LSTM_STUDIO_DATA": str(tmp_path / "nothing")}
    out = tmp_path / "m.pt"
    done = subprocess.run([sys.executable, "-m", "lstm_studio", "train", "--epochs", "1", "--limit-batches", "2",
                           "--hidden-size", "8", "--threads", "1", "--out", str(out)],
                          capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr[-1500:]
    assert "mini-MNIST" in done.stderr and out.exists()


@pytest.mark.parametrize("content, expected", [
    ('{"width": 280, "height": 280}', "strokes"),
    ('{"width": 280, "height": 280, "strokes": [[[1, NaN]]]}', "finite"),
    ('{"width": 280, "height": 280, "strokes": [[[1e300, 5], [2, 3]]]}', "out of range"),
    ('{"width": "wide", "height": 280, "strokes": []}', "width"),
    ('[1, 2, 3]', "object"),
    ('{"width": 280, "height": 280, "strokes": [[[1, 2, 3]]]}', "[x, y]"),
    ('not json at all', "not valid JSON"),
    ('{"width": 280, "height": 280, "strokes": []}', "nothing drawn"),
])
def test_bad_stroke_files_get_one_line_and_status_2(tmp_path, capsys, content, expected) -> None:
    from lstm_studio.cli import main

    path = tmp_path / "drawing.json"
    path.write_text(content)
    assert main(["classify", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and len(err.splitlines()) == 1 and "Traceback" not in err
