"""ls.watch / ls.log: the gates of a user's own model, traced on its current weights and published live."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lstm_studio.watch import MessageError, Subscriber, WatchError, decode, encode, module_traces
from lstm_studio.watch._modules import find_recurrent, probe_pass, trace_module
from lstm_studio.watch._watcher import Watcher

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "watch_my_lstm.py"


@pytest.fixture(autouse=True)
def _one_thread(torch_threads) -> None:
    """Every test here runs torch on one thread."""


class Tagger(nn.Module):
    """A user's model: a linear front, a recurrent module (any kind), a head."""

    def __init__(self, recurrent: nn.Module, features: int = 3) -> None:
        super().__init__()
        self.front = nn.Linear(features, recurrent.input_size)
        self.recurrent = recurrent
        self.head = nn.Linear(recurrent.hidden_size, 2)

    def forward(self, x: torch.Tensor, state: object = None) -> torch.Tensor:
        inputs = self.front(x) if self.recurrent.batch_first else self.front(x).transpose(0, 1)
        return self.head(self.recurrent(inputs, state)[0])


def _traced(model: nn.Module, probe: object) -> tuple[dict, torch.Tensor, torch.Tensor]:
    (item,) = find_recurrent(model)
    fields, inputs, own = trace_module(item, probe_pass(model, [item], probe)[item.name])
    return fields, inputs, own


@pytest.mark.parametrize("recurrent", [
    nn.LSTM(4, 6, num_layers=2, batch_first=True), nn.LSTM(4, 6), nn.GRU(4, 6, num_layers=2),
    nn.RNN(4, 6, batch_first=True), nn.LSTM(4, 6, bias=False, batch_first=True)],
    ids=["lstm-batch-first", "lstm-time-major", "gru", "rnn", "lstm-no-bias"])
def test_the_trace_replays_each_modules_real_input_on_its_own_weights(recurrent) -> None:
    model = Tagger(recurrent)
    x = torch.randn(5, 7, 3)
    fields, inputs, own = _traced(model, x)
    with torch.no_grad():
        expected_inputs = model.front(x)
        expected_h = recurrent(expected_inputs if recurrent.batch_first else expected_inputs.transpose(0, 1))[0]
    expected_h = expected_h if recurrent.batch_first else expected_h.transpose(0, 1)
    torch.testing.assert_close(inputs, expected_inputs)  # what the module really received, batch first
    assert fields["h"].shape == (recurrent.num_layers, 5, 7, 6)
    torch.testing.assert_close(fields["h"][-1], expected_h, atol=1e-5, rtol=0)  # every step
    torch.testing.assert_close(own, expected_h)


def test_an_initial_state_given_to_the_module_is_replayed_too() -> None:
    recurrent = nn.LSTM(4, 6, num_layers=2, batch_first=True)
    model = Tagger(recurrent)
    state = (torch.randn(2, 5, 6), torch.randn(2, 5, 6))
    fields, _, own = _traced(model, (torch.randn(5, 7, 3), state))
    torch.testing.assert_close(fields["h"][-1], own, atol=1e-5, rtol=0)
    assert not torch.allclose(fields["c"][:, :, 0], torch.zeros(2, 5, 6))


def test_tracing_leaves_the_model_as_it_was() -> None:
    """Modes put back one by one (a frozen BatchNorm stays in eval), no hooks left, no gradients, no copies."""
    model = Tagger(nn.LSTM(4, 6, batch_first=True))
    model.norm = nn.BatchNorm1d(2)
    model.train()
    model.norm.eval()
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    _traced(model, torch.randn(5, 7, 3))
    assert model.training and model.recurrent.training and not model.norm.training
    assert not model.recurrent._forward_pre_hooks and not model.recurrent._forward_hooks
    assert all(p.grad is None for p in model.parameters())
    assert all(torch.equal(before[name], p) for name, p in model.named_parameters())
    (item,) = find_recurrent(model)
    trace_module(item, probe_pass(model, [item], torch.randn(2, 3, 3))[item.name])
    assert item._twin.weight_hh_l0 is model.recurrent.weight_hh_l0  # the user's parameter itself


def test_modules_the_equations_do_not_cover_are_named_with_the_reason() -> None:
    class Several(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.both_ways = nn.LSTM(3, 4, bidirectional=True)
            self.projected = nn.LSTM(3, 4, proj_size=2)
            self.relu = nn.RNN(3, 4, nonlinearity="relu")
            self.fine = nn.GRU(3, 4)

    found = {item.name: item.problem for item in find_recurrent(Several())}
    assert found["fine"] == "" and "bidirectional" in found["both_ways"]
    assert "proj_size" in found["projected"] and "relu" in found["relu"]
    with pytest.raises(WatchError, match="no nn.LSTM, nn.GRU or nn.RNN inside this Linear"):
        Watcher(nn.Linear(2, 2), torch.zeros(1, 2), port=0)


# --- the wire --------------------------------------------------------------------------------
def test_messages_round_trip_and_strangers_are_refused() -> None:
    arrays = {"lstm/h": np.random.rand(2, 3, 4, 5).astype(np.float32), "ids": np.arange(4)}
    message = decode(encode("trace", {"step": 7}, arrays))
    assert message.kind == "trace" and message.step == 7
    np.testing.assert_array_equal(message.arrays["lstm/h"], arrays["lstm/h"])
    assert message.arrays["ids"].dtype == np.int64
    frames = encode("trace", {"step": 7}, arrays)
    for bad in ([b"other/topic", frames[1]], [frames[0], b"{not json"], [frames[0], frames[1], frames[2]],
                [frames[0], frames[1], frames[2][:-4], frames[3]]):
        with pytest.raises(MessageError):
            decode(bad)


def _wait_for(subscriber: Subscriber, kind: str, seconds: float = 30.0, also: object = None):  # noqa: ANN202
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if also is not None:
            also()
        message = subscriber.receive(20)
        if message is not None and message.kind == kind:
            return message
    raise AssertionError(f"no {kind} message within {seconds} s")


def test_nobody_listening_costs_no_trace_and_a_listener_gets_one_at_once() -> None:
    model = Tagger(nn.GRU(4, 6, batch_first=True))
    with Watcher(model, torch.randn(3, 5, 3), every=1000, port=0) as watcher:
        for step in range(50):
            watcher.log(step, loss=1.0)
        assert watcher.traces == 0  # every step was due by `every`... but nobody listened
        with Subscriber("127.0.0.1", int(watcher.address.rsplit(":", 1)[1])) as subscriber:
            steps = iter(range(50, 10_000))
            message = _wait_for(subscriber, "trace", also=lambda: watcher.log(next(steps), loss=0.5))
        traces = module_traces(message)
        assert message.step >= 50 and set(traces) == {"recurrent"} and traces["recurrent"].cell == "gru"
        assert traces["recurrent"].h.shape == (1, 3, 5, 6)


def test_log_never_blocks_and_drops_what_nobody_reads() -> None:
    model = Tagger(nn.LSTM(4, 6, batch_first=True))
    with Watcher(model, torch.randn(2, 5, 3), port=0) as watcher:
        started = time.perf_counter()
        for step in range(20_000):
            watcher.log(step, loss=float(step), other=np.float32(2.0), bad=float("nan"))
        per_call = (time.perf_counter() - started) / 20_000
        assert per_call < 1e-3  # a queue put per call; generous: the machine is shared
        assert watcher.publisher.sent + watcher.publisher.dropped > 0


def test_a_probe_the_model_cannot_take_never_stops_training(capsys) -> None:
    model = Tagger(nn.LSTM(4, 6, batch_first=True))
    with Watcher(model, torch.randn(2, 5, 7), port=0, every=1, budget=1.0) as watcher:  # 7 features, not 3
        watcher.publishing = True  # trace as if someone listened
        for step in range(3):
            watcher.log(step, loss=1.0)
        assert "RuntimeError" in watcher.publisher.last_error and watcher.describe()["error"]
    assert capsys.readouterr().err.count("tracing the probe failed") == 1


def test_a_busy_port_is_one_line() -> None:
    model = Tagger(nn.LSTM(4, 6, batch_first=True))
    with Watcher(model, torch.randn(2, 5, 3), port=0) as first:
        port = int(first.address.rsplit(":", 1)[1])
        with pytest.raises(WatchError) as caught:
            Watcher(model, torch.randn(2, 5, 3), port=port)
    assert f"cannot listen on 127.0.0.1:{port}" in str(caught.value) and "\n" not in str(caught.value)


def test_a_stranger_on_the_port_cannot_crash_a_listener() -> None:
    import zmq

    stranger = zmq.Context.instance().socket(zmq.PUB)
    port = stranger.bind_to_random_port("tcp://127.0.0.1")
    with Subscriber("127.0.0.1", port) as subscriber:
        deadline = time.monotonic() + 10
        while subscriber.rejected == 0 and time.monotonic() < deadline:
            stranger.send_multipart([b"lstm-studio/trace", b'{"format": "lstm-studio-watch/1", "kind": "trace", '
                                                            b'"arrays": [{"name": "x", "dtype": "float32", '
                                                            b'"shape": [1000]}]}', b"\0" * 8])
            assert subscriber.receive(20) is None
    stranger.close(0)
    assert "8 bytes for shape (1000,)" in subscriber.last_problem


def test_run_dir_writes_a_run_folder_anyone_can_follow(tmp_path) -> None:
    """``ls.watch(..., run_dir=...)`` writes the same run folder ``train --run-dir`` does, even with no listener."""
    from lstm_studio.runs import RunFollower, list_runs

    model = Tagger(nn.LSTM(4, 6, batch_first=True))
    folder = tmp_path / "my-run"
    with Watcher(model, torch.randn(2, 5, 3), port=0, run_dir=folder, every=5, budget=1.0) as watcher:
        for step in range(12):
            watcher.log(step, loss=0.25 + step)
        deadline = time.monotonic() + 20
        while not list((folder / "traces").glob("*.npz")) and time.monotonic() < deadline:
            time.sleep(0.05)
    [summary] = list_runs(tmp_path)
    assert summary.status.state == "finished"
    update = RunFollower(folder).poll()
    assert [point["loss"] for point in update.metrics][:3] == [0.25, 1.25, 2.25]
    assert update.config["source"] == "ls.watch" and update.config["model_class"] == "Tagger"
    assert update.trace is not None and update.trace.trace.h.shape == (1, 2, 5, 6)


def test_import_lstm_studio_stays_cheap_ls_watch_is_callable_and_needs_no_qt() -> None:
    code = ("import sys\n"
            "sys.modules['PySide6'] = None; sys.modules['pyqtgraph'] = None  # the core never needs Qt\n"
            "import lstm_studio as ls\n"
            "assert 'torch' not in sys.modules and 'zmq' not in sys.modules\n"
            "from lstm_studio.watch import Subscriber\n"
            "assert 'torch' not in sys.modules\n"
            "assert callable(ls.watch) and callable(ls.log)\n"
            "ls.log(1, loss=2.0)  # no watcher: nothing happens\n"
            "import torch, lstm_studio.io, lstm_studio.tasks, lstm_studio.cli._sequences\n"
            "watcher = ls.watch(torch.nn.GRU(2, 3), probe=torch.zeros(1, 4, 2), port=0)\n"
            "watcher.trace_now(0); watcher.close()\n"
            "print('cheap')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "cheap" in done.stdout, done.stderr[-2000:]


# --- the example script, watched from outside ------------------------------------------------
def _lines(stream: object, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)


def _ctrl_c_as_in_a_terminal() -> None:
    """The script gets Ctrl+C as in a terminal, whoever started the tests: a shell's background job (CI run
    with ``&``) inherits SIGINT ignored, and Python then raises no KeyboardInterrupt for it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_the_example_script_is_watched_live_from_another_process() -> None:
    """A user-style script (Embedding → time-major nn.LSTM → Linear) publishes traces whose per-step h is
    its LSTM's own output on the probe, and its loss and accuracy; Ctrl+C ends it with a bye."""
    environment = dict(os.environ, PYTHONUNBUFFERED="1")
    script = subprocess.Popen([sys.executable, str(EXAMPLE), "--port", "0", "--every", "5", "--steps", "100000",
                               "--delay", "0.005"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=environment, preexec_fn=_ctrl_c_as_in_a_terminal)
    errors: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(script.stderr, errors), daemon=True).start()
    try:
        line = errors.get(timeout=120)
        assert "watching encoder on tcp://127.0.0.1:" in line, line
        port = int(line.split("tcp://127.0.0.1:")[1].split()[0])
        with Subscriber("localhost", port) as subscriber:
            hello = _wait_for(subscriber, "hello", 60)
            trace = _wait_for(subscriber, "trace", 60)
            scalars = [point for _ in range(3) for point in _wait_for(subscriber, "scalars", 30).points]
            script.send_signal(signal.SIGINT)
            bye = _wait_for(subscriber, "bye", 60)
        assert script.wait(60) == 0
    finally:
        if script.poll() is None:
            script.kill()
            script.wait(10)
    assert hello.header["script"] == "watch_my_lstm.py" and hello.header["modules"][0]["cell"] == "lstm"
    module = trace.header["modules"][0]
    assert (module["name"], module["layers"], module["batch"], module["steps"], module["hidden"]) == \
        ("encoder", 1, 8, 12, 48)
    h, own = trace.arrays["encoder/h"], trace.arrays["encoder/output"]
    np.testing.assert_allclose(h[-1], own, atol=1e-5, rtol=0)  # the user's LSTM's own output, every step
    assert trace.arrays["encoder/inputs"].shape == (8, 12, 16)  # after the user's embedding
    assert set(module_traces(trace)["encoder"].names) == set("ifgoch")
    assert len(trace.header["labels"]) == 8
    steps = [step for step, _ in scalars]
    assert len(steps) >= 3 and steps == sorted(steps) and len(set(steps)) == len(steps)
    assert all(np.isfinite(values["loss"]) and 0 <= values["accuracy"] <= 1 and values["grad_norm"] >= 0
               for _, values in scalars)
    assert bye.run == hello.run and bye.header["step"] >= steps[-1]
