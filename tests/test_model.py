"""The hooked LSTM: trace path equals the fused path; weights move to and from nn.LSTM."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from lstm_studio.cells import GateLSTM, GateTrace

from lstm_studio.models import LSTMClassifier, ModelConfig


@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("hidden", [1, 16, 64])
def test_trace_matches_fused_path(layers: int, hidden: int, torch_threads) -> None:
    torch.manual_seed(layers * 100 + hidden)
    lstm = GateLSTM(28, hidden, layers, dropout=0.3).eval()
    x = torch.rand(5, 28, 28)
    output, (h_n, c_n) = lstm(x)
    trace = lstm.trace(x)
    assert trace.hidden_state.shape == (layers, 5, 28, hidden)
    torch.testing.assert_close(trace.hidden_state[-1], output, atol=1e-5, rtol=0)
    torch.testing.assert_close(trace.hidden_state[:, :, -1], h_n, atol=1e-5, rtol=0)
    torch.testing.assert_close(trace.cell_state[:, :, -1], c_n, atol=1e-5, rtol=0)


def test_trace_matches_every_layer_and_step(torch_threads) -> None:
    """Each layer's h at every step equals a one-layer nn.LSTM fed the layer below's output."""
    torch.manual_seed(0)
    lstm = GateLSTM(28, 12, 3).eval()
    x = torch.rand(3, 28, 28)
    trace = lstm.trace(x)
    layer_input = x
    for layer in range(3):
        single = nn.LSTM(28 if layer == 0 else 12, 12, batch_first=True)
        for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(single, f"{kind}_l0").data.copy_(getattr(lstm, f"{kind}_l{layer}"))
        output, _ = single(layer_input)
        torch.testing.assert_close(trace.hidden_state[layer], output, atol=1e-5, rtol=0)
        layer_input = output


def test_gates_obey_the_lstm_equations(torch_threads) -> None:
    torch.manual_seed(1)
    model = LSTMClassifier(ModelConfig(hidden_size=10, num_layers=2)).eval()
    trace = model.trace(torch.rand(2, 28, 28))
    f, i, g, o, c, h = trace.f, trace.i, trace.g, trace.o, trace.c, trace.h
    previous = np.concatenate([np.zeros_like(c[:, :, :1]), c[:, :, :-1]], axis=2)
    np.testing.assert_allclose(c, f * previous + i * g, atol=1e-6)
    np.testing.assert_allclose(h, o * np.tanh(c), atol=1e-6)
    for gate in (i, f, o):
        assert gate.min() >= 0 and gate.max() <= 1
    assert g.min() >= -1 and g.max() <= 1


def test_weights_round_trip_with_plain_nn_lstm(torch_threads) -> None:
    torch.manual_seed(2)
    plain = nn.LSTM(28, 20, num_layers=2, batch_first=True)
    ours = GateLSTM(28, 20, 2)
    assert set(ours.state_dict()) == set(plain.state_dict())
    ours.load_state_dict(plain.state_dict())
    x = torch.rand(4, 28, 28)
    torch.testing.assert_close(ours.eval()(x)[0], plain.eval()(x)[0])
    back = nn.LSTM(28, 20, num_layers=2, batch_first=True)
    back.load_state_dict(ours.state_dict())
    for name, tensor in back.state_dict().items():
        assert torch.equal(tensor, ours.state_dict()[name])


def test_classifier_state_dict_names() -> None:
    model = LSTMClassifier(ModelConfig(hidden_size=8, num_layers=2))
    assert set(model.state_dict()) == {
        "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
        "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
        "head.weight", "head.bias"}


def test_per_step_probabilities_end_at_the_prediction(torch_threads) -> None:
    torch.manual_seed(3)
    model = LSTMClassifier(ModelConfig(hidden_size=16)).eval()
    x = torch.rand(3, 28, 28)
    trace = model.trace(x)
    assert trace.probs_per_step.shape == (3, 28, 10)
    np.testing.assert_allclose(trace.probs_per_step.sum(-1), 1, atol=1e-5)
    np.testing.assert_allclose(trace.probs_per_step[:, -1], model.predict_proba(x).numpy(), atol=1e-5)
    np.testing.assert_array_equal(trace.inputs, x.numpy())


def test_trace_hooks_receive_immutable_traces(torch_threads) -> None:
    model = LSTMClassifier(ModelConfig(hidden_size=4, num_layers=1))
    received: list[GateTrace] = []
    handle = model.register_trace_hook(received.append)
    model.trace(torch.rand(2, 28, 28))
    assert len(received) == 1 and received[0].forget_gate.shape == (1, 2, 28, 4)
    with pytest.raises(ValueError):
        received[0].forget_gate[0, 0, 0, 0] = 1.0  # read-only: safe to share across threads
    handle.remove()
    model.trace(torch.rand(1, 28, 28))
    assert len(received) == 1


def test_saturation_fractions() -> None:
    values = np.array([0.05, 0.5, 0.95, 0.99], dtype=np.float32).reshape(1, 1, 4, 1)
    zeros = np.zeros_like(values)
    trace = GateTrace(values, values, zeros, values, zeros, zeros)
    low, high = trace.saturation()["forget_gate"]
    assert low.shape == (1, 1) and low[0, 0] == pytest.approx(0.25) and high[0, 0] == pytest.approx(0.5)
