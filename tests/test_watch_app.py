"""File → Attach to a running script…: a watched training loop shown live with the Train tab's panels."""
from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest
import torch
from torch import nn

from lstm_studio.app.attach import AttachDialog, AttachWindow
from lstm_studio.app.attach._listener import Batch
from lstm_studio.app.attach._run import SILENCE_S, WatchedRun
from lstm_studio.watch._watcher import Watcher


class TwoModules(nn.Module):
    """A user's model with an LSTM encoder and a GRU after it."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.LSTM(3, 8, num_layers=2, batch_first=True)
        self.decoder = nn.GRU(8, 5, batch_first=True)
        self.head = nn.Linear(5, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.decoder(self.encoder(x)[0])[0][:, -1])


class Script:
    """A training loop in a thread, publishing through a Watcher, as a user's script would."""

    def __init__(self, steps: int = 400) -> None:
        torch.manual_seed(0)
        self.model = TwoModules()
        self.probe = torch.randn(4, 9, 3)
        self.watcher = Watcher(self.model, self.probe, every=10, port=0, budget=1.0,
                               probe_labels=np.array([0, 1, 1, 0]))
        self.port = int(self.watcher.address.rsplit(":", 1)[1])
        self.losses: dict[int, float] = {}
        self.steps, self.go = steps, threading.Event()
        self.thread = threading.Thread(target=self._train, name="user-script")

    def _train(self) -> None:
        torch.set_num_threads(1)
        optimiser = torch.optim.SGD(self.model.parameters(), lr=0.05)
        x, y = torch.randn(16, 9, 3), torch.randint(0, 2, (16,))
        self.go.wait(30)
        for step in range(self.steps):
            loss = nn.functional.cross_entropy(self.model(x), y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            self.losses[step] = loss.item()
            self.watcher.log(step, loss=loss.item(), accuracy=0.5, lr=0.05)
            time.sleep(0.005)
        self.watcher.close()


def _points(curve: object) -> int:
    x = curve.getData()[0]
    return 0 if x is None else len(x)


@pytest.fixture
def script():
    running = Script()
    running.thread.start()
    yield running
    running.go.set()
    running.thread.join(60)
    running.watcher.close()


def test_a_watched_loop_shows_live_and_ends_cleanly(qtbot, script, torch_threads) -> None:
    window = AttachWindow("localhost", script.port)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.module_box.count() == 2, timeout=30_000)  # the hello names both modules
    assert window.module_box.itemText(0) == "encoder (LSTM, 2 × 8)"
    script.go.set()
    qtbot.waitUntil(lambda: "encoder" in window.run.traces and window.panels.drawn_probe >= 0
                    and bool(window.panels.gates.values), timeout=30_000)
    step, trace, _ = window.run.traces["encoder"]
    shown = window.panels.gates.heatmaps[(0, "f")].image  # [units, T]: layer 1's forget gate
    np.testing.assert_array_equal(shown, trace.forget_gate[0, window.panels.drawn_probe].T)
    assert "Gates · encoder · probe #1" in window.panels.gates_title.text()
    assert "the module's own output within" in window.panels.gates_title.text()
    qtbot.waitUntil(lambda: _points(window.panels.curves.loss_curve) >= 20, timeout=30_000)
    steps, losses = window.panels.curves.loss_curve.getData()
    np.testing.assert_allclose(losses, [script.losses[int(s)] for s in steps], rtol=1e-6)  # the script's own loss
    qtbot.waitUntil(lambda: "lr" in window.extra_curves and window.extra_view.isVisible(), timeout=10_000)
    assert set(window.extra_curves["lr"].getData()[1]) == {0.05}

    window.module_box.setCurrentIndex(1)  # the GRU: scalars yes, LSTM gate panels no, and said so
    qtbot.waitUntil(lambda: window.note.isVisible(), timeout=10_000)
    assert "decoder is a GRU" in window.note.text() and "r, z, n, h were received" in window.note.text()

    script.thread.join(60)  # the script finishes and says goodbye
    qtbot.waitUntil(lambda: "the script ended at step 399" in window.status.text(), timeout=30_000)
    window.detach()
    assert not window.is_attached and window.detach_button.text() == "Attach again"
    assert "Detached from localhost" in window.status.text()


def test_attach_from_the_file_menu_and_close_with_the_main_window(window, qtbot, script) -> None:
    attached = window.own_models.attach_to_script("127.0.0.1", script.port)
    assert attached.isVisible() and attached.is_attached
    qtbot.waitUntil(lambda: attached.module_box.count() == 2, timeout=30_000)
    window.close()
    assert not attached.is_attached and not attached.isVisible()


def test_a_silent_script_is_shown_as_stopped() -> None:
    run = WatchedRun()
    assert run.status().startswith("Waiting for the script")
    hello = {"script": "train.py", "pid": 42, "hostname": "box", "run": "r1", "modules": [], "step": None}
    run.add(Batch(scalars=[(7, {"loss": 0.5})], hello=hello), now=100.0)
    assert run.status(now=101.0) == "<b>train.py</b> (pid 42 on box) · step 7 · live"
    assert "no message for 12 s</b>: the script has stopped or hangs" in run.status(now=100.0 + SILENCE_S + 2)
    run.add(Batch(bye=hello), now=150.0)
    assert run.status(now=500.0).endswith("the script ended at step 7")


def test_scalars_other_than_loss_and_accuracy_get_their_own_series() -> None:
    run = WatchedRun()
    run.add(Batch(scalars=[(1, {"loss": 2.0, "acc": 0.25, "lr": 0.1, "grad_norm": None}),
                           (2, {"loss": 1.5, "lr": 0.05})]))
    history = run.history("anything")
    np.testing.assert_allclose(history.train.column(1), [2.0, 1.5])
    assert history.train.column(2)[0] == 0.25 and math.isnan(history.train.column(2)[1])
    np.testing.assert_allclose(run.extra["lr"].rows, [[1, 0.1], [2, 0.05]])
    assert math.isnan(run.extra["grad_norm"].column(1)[0])


def test_the_dialog_defaults_to_localhost_and_the_documented_port(qtbot, monkeypatch) -> None:
    monkeypatch.setenv("LSTM_STUDIO_WATCH_PORT", "6001")
    dialog = AttachDialog()
    qtbot.addWidget(dialog)
    assert dialog.address() == ("localhost", 6001)
    dialog.host.setText(" gpu-box ")
    assert dialog.address() == ("gpu-box", 6001)
