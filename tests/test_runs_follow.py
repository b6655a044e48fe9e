"""File → Follow a run…: a run written by another process shows live, with the Train tab's panels."""
from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest
import torch

from lstm_studio.data import load_mini_mnist
from lstm_studio.models import ModelConfig, SequenceModel
from lstm_studio.runs import RunWriter

PROBES = 4


class BackgroundRun:
    """A training run's writer in another thread, in two phases the test releases one by one."""

    def __init__(self, folder) -> None:  # noqa: ANN001
        torch.manual_seed(3)
        self.model = SequenceModel(ModelConfig(hidden_size=8, num_layers=2))
        mini = load_mini_mnist()
        self.probe_x = torch.tensor(mini.test_images[:PROBES]).float().div(255)
        self.labels = mini.test_labels[:PROBES].copy()
        self.writer = RunWriter(folder, trace_interval_s=0, weights_interval_s=0, flush_s=0.05)
        self.losses: list[float] = []
        self.traces: dict[int, object] = {}
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._run, name="test-background-run")

    def _phase(self, steps: range) -> None:
        for step in steps:
            loss = 2.3 / step
            self.losses.append(loss)
            self.writer.log_metrics(step, epoch=1, samples=step * 64, loss=loss, accuracy=min(1.0, step / 20))
        with torch.no_grad():
            for parameter in self.model.parameters():
                parameter.add_(0.05)            # "training" changes the weights, so the gates change
        trace = self.model.trace(self.probe_x)
        self.traces[steps[-1]] = trace
        self.writer.write_trace(steps[-1], trace, self.labels, force=True)
        self.writer.write_weights(steps[-1], self.model, force=True)

    def _run(self) -> None:
        self.writer.write_config(task={"name": "digits", "layout": "rows", "chunk": 28}, model=self.model.config,
                                 metric={"name": "accuracy", "percent": True},
                                 planned={"epochs": 1, "batches_per_epoch": 20, "samples": 20 * 64})
        self._phase(range(1, 6))
        self.release.wait(30)
        self._phase(range(6, 11))
        self.writer.log_metrics(10, epoch=1, samples=640, test_loss=0.9, test_accuracy=0.75)
        self.writer.close("finished", step=10)


def curve_y(curve) -> np.ndarray:  # noqa: ANN001
    y = curve.getData()[1]
    return np.empty(0) if y is None else np.asarray(y, dtype=float)


def shows_trace(tab, run: BackgroundRun, step: int) -> None:  # noqa: ANN001
    """The heatmaps show probe 1 of the trace taken at ``step`` (float16 on disk: 1e-3 close)."""
    assert tab.drawn_trace_step == step
    image = tab.panels.gates.heatmaps[(0, "f")].image
    np.testing.assert_allclose(image, run.traces[step].f[0, 0].T, atol=2e-3)


@pytest.fixture
def background_run(tmp_path):
    run = BackgroundRun(tmp_path / "run-a")
    yield run
    run.release.set()
    if run.thread.is_alive() or run.thread.ident is not None:
        run.thread.join(30)
    run.writer.close()


def test_following_a_run_shows_its_curves_gates_and_weights_live(window, qtbot, background_run) -> None:
    run = background_run
    run.thread.start()
    assert window.follow.follow(run.writer.folder)
    tab = window.follow.tab
    assert window.tabs.currentWidget() is tab and window.tabs.tabText(window.tabs.indexOf(tab)) == "Run: run-a"

    def first_phase_shown() -> None:
        assert list(curve_y(tab.panels.curves.loss_curve)) == pytest.approx(run.losses[:5])
        shows_trace(tab, run, 5)
        assert window.session.snapshot.step == 5
    qtbot.waitUntil(first_phase_shown, timeout=20_000)
    assert tab.state_label.text() == "running"
    assert window.session.snapshot.label == "weights after step 5" and "run-a" in window.session.snapshot.source
    assert len(tab.panels.probe_picker.buttons) == PROBES
    assert np.allclose(curve_y(tab.panels.curves.accuracy_curve), [100 * s / 20 for s in range(1, 6)])

    run.release.set()                                  # the run goes on, and ends

    def second_phase_shown() -> None:
        assert list(curve_y(tab.panels.curves.loss_curve)) == pytest.approx(run.losses)
        assert list(curve_y(tab.panels.curves.test_curve)) == pytest.approx([75.0])
        shows_trace(tab, run, 10)
        assert tab.state_label.text() == "finished"
    qtbot.waitUntil(second_phase_shown, timeout=20_000)
    for name, value in run.model.state_dict().items():     # Draw and Inspect now use the run's latest weights
        np.testing.assert_array_equal(window.session.snapshot.weights[name], value.numpy())
    assert window.session.snapshot.step == 10
    saturation_points = tab.feed.history.saturation_series()[0]
    assert list(saturation_points) == [5 * 64, 10 * 64]   # gate saturation at the traces' samples seen


def test_a_silent_run_is_shown_as_not_responding_then_crashed(window, qtbot, tmp_path) -> None:
    folder = tmp_path / "run-b"
    folder.mkdir()
    status = {"status": "running", "step": 40, "reason": "", "pid": 1, "host": "far-away", "heartbeat_s": 10.0,
              "beat": 7, "updated": "2026-12-01T10:00:00+00:00", "updated_unix": time.time() - 600}
    (folder / "status.json").write_text(json.dumps(status))
    window.follow.follow(folder)
    tab = window.follow.tab
    qtbot.waitUntil(lambda: tab.state_label.text().startswith("not responding (crashed?)"), timeout=10_000)
    (folder / "status.json").write_text(json.dumps(status | {"status": "crashed", "reason": "killed (out of memory)",
                                                             "beat": 8}))
    qtbot.waitUntil(lambda: tab.state_label.text() == "crashed: killed (out of memory)", timeout=10_000)
    assert "far-away" not in tab.title.text() and "step 40" in tab.details.text()


def test_follow_a_run_from_the_file_menu_then_stop(window, qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "run-c"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    tabs_before = window.tabs.count()
    window.follow.action.trigger()
    tab = window.follow.tab
    assert window.tabs.count() == tabs_before + 1 and tab.is_following
    qtbot.waitUntil(lambda: tab.state_label.text() == "waiting for the run to start", timeout=10_000)
    poller = tab.poller
    qtbot.mouseClick(tab.stop_button, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    assert window.tabs.count() == tabs_before and window.follow.tab is None and not poller.is_running


def test_a_followed_text_run_is_shown_in_bits_per_character_without_digit_predictions(window, qtbot,
                                                                                      tmp_path) -> None:
    """`train --task text --minutes M --run-dir DIR` followed: the second curve is the run's own metric on its
    own scale, the x axis spans what was trained (not the epoch ceiling of a time-limited run), and no
    "predicts 7" or "n/m right" is said of a text probe."""
    from lstm_studio.cli import main

    folder = tmp_path / "text-run"
    assert main(["train", "--task", "text", "--corpus", "generated", "--corpus-bytes", "40000", "--hidden-size",
                 "8", "--layers", "1", "--minutes", "0.05", "--run-dir", str(folder),
                 "--out", str(tmp_path / "text.pt")]) == 0
    config = json.loads((folder / "run.json").read_text())
    assert "samples" not in config["planned"] and config["planned"]["seconds"] == pytest.approx(3.0)
    assert window.follow.follow(folder)
    tab = window.follow.tab
    curves = tab.panels.curves
    qtbot.waitUntil(lambda: tab.state_label.text().startswith("finished") and len(curve_y(curves.accuracy_curve)) > 0
                    and tab.drawn_trace_step is not None, timeout=30_000)
    assert curves.accuracy_plot.titleLabel.text == "bits per character" and not curves.metric_percent
    lines = [json.loads(line) for line in (folder / "metrics.jsonl").read_text().splitlines()]
    logged = [line["bits_per_char"] for line in lines if "bits_per_char" in line]
    assert list(curve_y(curves.accuracy_curve)) == pytest.approx(logged)  # bits as logged, not × 100
    qtbot.waitUntil(lambda: curves.accuracy_plot.vb.viewRange()[1][1] < 20, timeout=10_000)  # bits, not 0..100 %
    low, high = curves.accuracy_plot.vb.viewRange()[0]
    assert high < 10 * lines[-1]["samples"]                               # not a million epochs wide
    assert tab.panels.gates.prediction_label.text == "" and "right" not in tab.panels.gates_title.text()
    assert "text-run" not in window.session.snapshot.source  # Draw and Inspect read digits: not this model
