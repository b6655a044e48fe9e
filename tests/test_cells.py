"""Cells: every trace path equals its fused path (or, for step-only cells, an independent reference)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from lstm_studio.cells import CELLS, FIELDS, GateGRU, GateLSTM, GateRNN, Trace, _bptt, make_cell, parameter_shapes

FUSED = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 2, 3])
def test_trace_equals_the_fused_path(kind: str, layers: int, torch_threads) -> None:
    torch.manual_seed(layers)
    cell = make_cell(kind, 9, 13, layers, dropout=0.3).eval()
    x = torch.randn(5, 11, 9)
    output, state = cell(x)
    traced = cell.trace_tensors(x)
    h_n = state[0] if kind == "lstm" else state
    assert traced["h"].shape == (layers, 5, 11, 13)
    torch.testing.assert_close(traced["h"][-1], output, atol=1e-5, rtol=0)
    torch.testing.assert_close(traced["h"][:, :, -1], h_n, atol=1e-5, rtol=0)
    if kind == "lstm":
        torch.testing.assert_close(traced["c"][:, :, -1], state[1], atol=1e-5, rtol=0)


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_every_layer_equals_a_one_layer_fused_module(kind: str, torch_threads) -> None:
    """Each layer's h at every step equals a plain one-layer module fed the layer below's output."""
    torch.manual_seed(0)
    cell = make_cell(kind, 7, 12, 3).eval()
    x = torch.rand(3, 10, 7)
    traced = cell.trace_tensors(x)
    layer_input = x
    for layer in range(3):
        single = FUSED[kind](7 if layer == 0 else 12, 12, batch_first=True)
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(single, f"{name}_l0").data.copy_(getattr(cell, f"{name}_l{layer}"))
        output, _ = single(layer_input)
        torch.testing.assert_close(traced["h"][layer], output, atol=1e-5, rtol=0)
        layer_input = output


@pytest.mark.parametrize("cls, fused", [(GateLSTM, nn.LSTM), (GateGRU, nn.GRU), (GateRNN, nn.RNN)])
def test_state_dicts_move_to_and_from_plain_pytorch(cls, fused, torch_threads) -> None:
    torch.manual_seed(2)
    plain = fused(6, 8, num_layers=2, batch_first=True)
    ours = cls(6, 8, 2)
    assert set(ours.state_dict()) == set(plain.state_dict())
    ours.load_state_dict(plain.state_dict())
    x = torch.rand(4, 5, 6)
    torch.testing.assert_close(ours.eval()(x)[0], plain.eval()(x)[0])


def _reference_peephole(cell, x: torch.Tensor) -> torch.Tensor:
    """Gers & Schmidhuber (2000), written out independently, one scalar unit-row at a time in float64."""
    w = {k: v.double() for k, v in cell.layer_weights(0).items()}
    size = cell.hidden_size
    h = torch.zeros(x.shape[0], size, dtype=torch.float64)
    c = torch.zeros_like(h)
    outputs = []
    for t in range(x.shape[1]):
        z = x[:, t].double() @ w["weight_ih"].T + w["bias_ih"] + h @ w["weight_hh"].T + w["bias_hh"]
        zi, zf, zg, zo = z[:, :size], z[:, size:2 * size], z[:, 2 * size:3 * size], z[:, 3 * size:]
        i = 1 / (1 + torch.exp(-(zi + w["weight_ci"] * c)))
        f = 1 / (1 + torch.exp(-(zf + w["weight_cf"] * c)))
        c = f * c + i * torch.tanh(zg)
        o = 1 / (1 + torch.exp(-(zo + w["weight_co"] * c)))
        h = o * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs, 1).float()


def _reference_no_forget(cell, x: torch.Tensor) -> torch.Tensor:
    """Hochreiter & Schmidhuber (1997) without a forget gate: c only accumulates."""
    w = {k: v.double() for k, v in cell.layer_weights(0).items()}
    size = cell.hidden_size
    h = torch.zeros(x.shape[0], size, dtype=torch.float64)
    c = torch.zeros_like(h)
    outputs = []
    for t in range(x.shape[1]):
        z = x[:, t].double() @ w["weight_ih"].T + w["bias_ih"] + h @ w["weight_hh"].T + w["bias_hh"]
        i, g, o = torch.sigmoid(z[:, :size]), torch.tanh(z[:, size:2 * size]), torch.sigmoid(z[:, 2 * size:])
        c = c + i * g
        h = o * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs, 1).float()


@pytest.mark.parametrize("kind, reference", [("lstm_peephole", _reference_peephole),
                                             ("lstm_no_forget", _reference_no_forget)])
@pytest.mark.parametrize("layers", [1, 2, 3])
def test_step_only_cells_equal_an_independent_reference(kind, reference, layers, torch_threads) -> None:
    torch.manual_seed(layers)
    cell = make_cell(kind, 5, 7, layers).eval()
    with torch.no_grad():
        for p in cell.parameters():
            p.uniform_(-0.6, 0.6)  # peepholes far from zero: they must matter
    x = torch.randn(4, 9, 5)
    output, _ = cell(x)
    traced = cell.trace_tensors(x)
    layer_input = x
    for layer in range(layers):  # the reference runs layer by layer on one-layer copies
        single = make_cell(kind, layer_input.shape[-1], 7, 1)
        for name, value in cell.layer_weights(layer).items():
            getattr(single, f"{name}_l0").data.copy_(value)
        expected = reference(single, layer_input)
        torch.testing.assert_close(traced["h"][layer], expected, atol=1e-5, rtol=0)
        layer_input = expected
    torch.testing.assert_close(output, traced["h"][-1], atol=1e-5, rtol=0)


def test_step_only_cells_train_and_carry_state(torch_threads) -> None:
    torch.manual_seed(3)
    for kind in ("lstm_peephole", "lstm_no_forget"):
        cell = make_cell(kind, 3, 4, 2, dropout=0.5)
        x = torch.randn(2, 6, 3)
        output, (h, c) = cell(x)
        output.sum().backward()
        assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in cell.parameters())
        first, state = cell.eval()(x[:, :3])
        second, _ = cell(x[:, 3:], state)
        whole, _ = cell(x)
        torch.testing.assert_close(torch.cat([first, second], 1), whole, atol=1e-6, rtol=0)


STEP_ONLY = ("lstm_peephole", "lstm_no_forget")


def _autograd_loop(cell, x, state, dropout_seed=None):
    """Autograd through the cell's own step loop (``unroll(grad=True)``): what the fast path must equal."""
    if dropout_seed is not None:
        torch.manual_seed(dropout_seed)
    between = (lambda v: nn.functional.dropout(v, cell.dropout, True)) if cell.training and cell.dropout else None
    per_layer = cell.unroll(x, grad=True, between_layers=between,
                            initial=[(state[0][layer], state[1][layer]) for layer in range(cell.num_layers)])
    output = torch.stack(per_layer[-1]["h"], dim=1)
    return output, (torch.stack([p["h"][-1] for p in per_layer]), torch.stack([p["c"][-1] for p in per_layer]))


def _fast(cell, x, state, dropout_seed=None):
    if dropout_seed is not None:
        torch.manual_seed(dropout_seed)
    return cell(x, state)


@pytest.mark.parametrize("kind", STEP_ONLY)
@pytest.mark.parametrize("dropout, chunk_steps", [(0.0, 1), (0.4, 4), (0.0, 100)])
def test_fast_path_gradients_equal_autograd_through_the_step_loop(kind, dropout, chunk_steps, monkeypatch,
                                                                 torch_threads) -> None:
    """The hand-written BPTT gives the gradients autograd gives through the same steps (float32, 1e-5),
    however the backward pass cuts the 9 steps into chunks (1 step each; 4 + 4 + 1; all at once)."""
    monkeypatch.setattr(_bptt, "CHUNK_VALUES", chunk_steps * 4 * 7)
    torch.manual_seed(5)
    cell = make_cell(kind, 5, 7, 2, dropout=dropout)
    with torch.no_grad():
        for p in cell.parameters():
            p.uniform_(-0.6, 0.6)
    x = torch.randn(4, 9, 5, requires_grad=True)
    state = (torch.randn(2, 4, 7, requires_grad=True), torch.randn(2, 4, 7, requires_grad=True))
    weights = torch.randn(4, 9, 7)
    inputs = [x, *state, *cell.parameters()]
    gradients = []
    for run in (_fast, _autograd_loop):
        output, (h_n, c_n) = run(cell, x, state, dropout_seed=11)
        loss = (output * weights).sum() + (h_n ** 2).sum() + (0.3 * c_n).sum()  # every output carries a gradient
        gradients.append(torch.autograd.grad(loss, inputs))
        if run is _fast:
            expected_output = output.detach()
    for fast, reference in zip(*gradients):
        assert fast.abs().max() > 0
        torch.testing.assert_close(fast, reference, atol=1e-5, rtol=0)
    torch.testing.assert_close(expected_output, _autograd_loop(cell, x, state, 11)[0].detach(), atol=1e-6, rtol=0)


@pytest.mark.parametrize("kind", STEP_ONLY)
def test_fast_path_passes_gradcheck(kind, torch_threads) -> None:
    """Finite differences in float64 agree with the hand-written backward, for every input and parameter."""
    torch.manual_seed(6)
    cell = make_cell(kind, 3, 4, 2).double()
    x = torch.randn(2, 5, 3, dtype=torch.float64, requires_grad=True)
    h_0, c_0 = (torch.randn(2, 2, 4, dtype=torch.float64, requires_grad=True) for _ in range(2))

    def run(x, h_0, c_0, *parameters):
        output, (h_n, c_n) = cell(x, (h_0, c_0))
        return output, h_n, c_n

    assert torch.autograd.gradcheck(run, (x, h_0, c_0, *cell.parameters()))


@pytest.mark.parametrize("kind", STEP_ONLY)
def test_every_path_of_a_step_only_cell_gives_the_same_h(kind, torch_threads) -> None:
    """Training (hand-written BPTT), inference (no_grad) and the trace agree to 1e-5."""
    torch.manual_seed(7)
    cell = make_cell(kind, 6, 10, 2).eval()
    x = torch.randn(3, 12, 6)
    trained, (h_n, c_n) = cell(x)
    assert trained.requires_grad
    with torch.no_grad():
        inferred, (h_inferred, c_inferred) = cell(x)
    traced = cell.trace_tensors(x)
    for output in (inferred, traced["h"][-1]):
        torch.testing.assert_close(trained.detach(), output, atol=1e-5, rtol=0)
    torch.testing.assert_close(h_n.detach(), h_inferred, atol=1e-5, rtol=0)
    torch.testing.assert_close(c_n.detach(), traced["c"][:, :, -1], atol=1e-5, rtol=0)
    torch.testing.assert_close(c_inferred, traced["c"][:, :, -1], atol=1e-5, rtol=0)


def test_forget_bias_initialisation() -> None:
    for kind in ("lstm", "lstm_peephole"):
        cell = make_cell(kind, 3, 5, 2, forget_bias=1.0)
        for layer in range(2):
            torch.testing.assert_close(getattr(cell, f"bias_ih_l{layer}")[5:10], torch.ones(5))
            torch.testing.assert_close(getattr(cell, f"bias_hh_l{layer}")[5:10], torch.zeros(5))
    default = make_cell("lstm", 3, 5, 1)
    assert default.bias_ih_l0[5:10].abs().max() <= 1 / 5 ** 0.5  # PyTorch's uniform init around 0


def test_gates_obey_their_equations(torch_threads) -> None:
    torch.manual_seed(4)
    x = torch.randn(2, 8, 3)
    lstm = make_cell("lstm", 3, 6, 2).eval().trace_tensors(x)
    f, i, g, o, c, h = (lstm[k].numpy() for k in "figoch")
    previous = np.concatenate([np.zeros_like(c[:, :, :1]), c[:, :, :-1]], axis=2)
    np.testing.assert_allclose(c, f * previous + i * g, atol=1e-6)
    np.testing.assert_allclose(h, o * np.tanh(c), atol=1e-6)
    gru = make_cell("gru", 3, 6, 1).eval().trace_tensors(x)
    r, z, n, hg = (gru[k].numpy() for k in "rznh")
    previous = np.concatenate([np.zeros_like(hg[:, :, :1]), hg[:, :, :-1]], axis=2)
    np.testing.assert_allclose(hg, (1 - z) * n + z * previous, atol=1e-6)
    for gate in (i, f, o, r, z):
        assert gate.min() >= 0 and gate.max() <= 1


def test_parameter_shapes_match_the_modules() -> None:
    for kind in CELLS:
        cell = make_cell(kind, 4, 6, 3)
        assert {k: tuple(v.shape) for k, v in cell.state_dict().items()} == parameter_shapes(kind, 4, 6, 3)


def test_trace_is_immutable_named_and_comparable() -> None:
    values = np.array([0.05, 0.5, 0.95, 0.99], dtype=np.float32).reshape(1, 1, 4, 1)
    trace = Trace("gru", {"r": values, "z": values, "n": values * 0, "h": values * 0})
    assert trace.names == ("r", "z", "n", "h") and trace["z"] is trace.update_gate is trace.z
    assert [f.levels for f in trace.fields] == [(0, 1), (0, 1), (-1, 1), (-1, 1)]
    with pytest.raises(ValueError):
        trace.z[0, 0, 0, 0] = 1.0
    with pytest.raises(AttributeError):
        _ = trace.forget_gate  # a GRU has none
    low, high = trace.saturation()["update_gate"]
    assert low[0, 0] == pytest.approx(0.25) and high[0, 0] == pytest.approx(0.5)
    same = Trace("gru", {name: trace[name].copy() for name in trace.names})
    assert trace == same and not (trace != same)
    assert trace != trace.sample(0).__class__("rnn", {"h": values})
    assert FIELDS["f"].meaning.startswith("How much of the previous cell state is kept: near 1 keeps")
