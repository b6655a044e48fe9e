"""The inspector's Qt-free analyses: gradient flow, saturation, test-set evaluation, leading step."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from lstm_studio.analysis import (confusion_matrix, evaluate_test_set, first_leading_step, gate_saturation,
                                  gradient_flow, trace_gradient_flow, unrolled_forward)
from lstm_studio.models import ModelConfig, SequenceModel, copy_model
from lstm_studio.tasks import DigitsTask

SATURATION_GATES = ("forget_gate", "input_gate", "output_gate")
FUSED = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}

# Batch-of-one work is fastest on one thread, and the suite shares 2 cores.
pytestmark = pytest.mark.usefixtures("torch_threads")


@pytest.fixture(scope="module")
def tiny_model() -> SequenceModel:
    torch.manual_seed(3)
    model = SequenceModel(ModelConfig(hidden_size=12, num_layers=2, dropout=0.0))
    with torch.no_grad():  # larger weights than the default init: saturated gates, gradients that vary
        for parameter in model.cell.parameters():
            parameter.mul_(4.0)
    return model.eval()


@pytest.fixture(scope="module")
def images(tiny_digits) -> np.ndarray:
    return tiny_digits.test_images[:40]


def _single_layers(model: SequenceModel) -> list[nn.LSTM]:
    """The model's layers as separate fused ``nn.LSTM``s holding the same weights."""
    layers = []
    cell = model.cell
    for layer in range(cell.num_layers):
        single = FUSED[cell.kind](cell.input_size if layer == 0 else cell.hidden_size, cell.hidden_size,
                                  batch_first=True)
        for kind, value in cell.layer_weights(layer).items():
            getattr(single, f"{kind}_l0").data.copy_(value.detach())
        layers.append(single.eval())
    return layers


def _reference_hidden_grad(model: SequenceModel, x: torch.Tensor, target: int, layer: int, t: int) -> float:
    """‖∂loss/∂h_t‖ of ``layer`` by autograd through fused nn.LSTMs: h_t is made a leaf and fed to
    both of its consumers, the same layer's next steps and the layers above."""
    layers = _single_layers(model)
    with torch.no_grad():
        sequence = x
        for below in layers[:layer]:
            sequence = below(sequence)[0]
        prefix, state = layers[layer](sequence[:, :t + 1])
    lstm = isinstance(state, tuple)
    leaf = (state[0] if lstm else state).clone().requires_grad_(True)  # [1, batch, H]
    parts = [prefix[:, :t], leaf.transpose(0, 1)]
    if t + 1 < x.shape[1]:
        parts.append(layers[layer](sequence[:, t + 1:], (leaf, state[1]) if lstm else leaf)[0])
    output = torch.cat(parts, dim=1)
    for above in layers[layer + 1:]:
        output = above(output)[0]
    loss = F.cross_entropy(model.head(output[:, -1]), torch.tensor([target]))
    (gradient,) = torch.autograd.grad(loss, leaf)
    return float(gradient.norm())


def test_gradient_flow_matches_autograd_through_fused_lstm(tiny_model, images):
    flow = gradient_flow(tiny_model, images[0], label=3)
    x = torch.from_numpy(images[:1].astype(np.float32) / 255)
    assert flow.hidden_grad_norm.shape == (2, 28) and flow.target == 3 and flow.target_is_label
    for layer in range(2):
        reference = [_reference_hidden_grad(tiny_model, x, 3, layer, t) for t in range(28)]
        np.testing.assert_allclose(flow.hidden_grad_norm[layer], reference, rtol=2e-3, atol=1e-9)
    assert flow.hidden_grad_norm[1, 0] != pytest.approx(flow.hidden_grad_norm[1, -1])  # it does vary


def test_input_gradient_and_loss_match_the_fast_path(tiny_model, images):
    x = torch.from_numpy(images[1:2].astype(np.float32) / 255).requires_grad_(True)
    logits = tiny_model(x)
    loss = F.cross_entropy(logits, torch.tensor([7]))
    (gradient,) = torch.autograd.grad(loss, x)
    flow = gradient_flow(tiny_model, images[1], label=7)
    np.testing.assert_allclose(flow.input_grad_norm, gradient[0].norm(dim=1).numpy(), rtol=2e-3, atol=1e-9)
    assert flow.loss == pytest.approx(float(loss.detach()), rel=1e-5)
    assert all(p.grad is None for p in tiny_model.parameters())  # no gradient left in the weights


def test_last_step_gradient_is_the_heads(tiny_model, images):
    """At t = T the top layer's h only feeds the head: ∂loss/∂h_T = Wᵀ(softmax − onehot)."""
    flow = gradient_flow(tiny_model, images[2])  # no label: the predicted class
    probs = tiny_model.predict_proba(torch.from_numpy(images[2:3].astype(np.float32) / 255))[0]
    predicted = int(probs.argmax())
    expected = tiny_model.head.weight.detach().t() @ (probs - F.one_hot(torch.tensor(predicted), 10).float())
    assert flow.target == predicted and not flow.target_is_label
    assert flow.hidden_grad_norm[-1, -1] == pytest.approx(float(expected.norm()), rel=1e-4)


@pytest.mark.parametrize("layers", [1, 3])
def test_gradient_through_a_trace_equals_autograd_through_the_unrolled_network(layers, images):
    """The backward pass over a trace's gates (what the inspector draws), at other depths than the fixture's."""
    torch.manual_seed(layers)
    model = SequenceModel(ModelConfig(hidden_size=10, num_layers=layers, dropout=0.0)).eval()
    with torch.no_grad():
        for parameter in model.cell.parameters():
            parameter.mul_(3.0)
    x = torch.from_numpy(images[3:4].astype(np.float32) / 255).requires_grad_(True)
    logits, hidden = unrolled_forward(model, x)
    loss = F.cross_entropy(logits, torch.tensor([5]))
    gradients = torch.autograd.grad(loss, [x, *[h for layer in hidden for h in layer]])
    flow = trace_gradient_flow(model, model.trace(x.detach(), notify=False), label=5)
    expected_hidden = torch.stack([g.norm() for g in gradients[1:]]).view(layers, 28).numpy()
    np.testing.assert_allclose(flow.hidden_grad_norm, expected_hidden, rtol=1e-4)
    np.testing.assert_allclose(flow.input_grad_norm, gradients[0][0].norm(dim=1).numpy(), rtol=1e-4)
    assert flow.loss == pytest.approx(float(loss.detach()), rel=1e-5) and flow.target == 5
    from_image = gradient_flow(model, images[3], label=5)
    np.testing.assert_allclose(from_image.hidden_grad_norm, flow.hidden_grad_norm, rtol=1e-4)


@pytest.mark.parametrize("cell", ["gru", "rnn"])
def test_gradient_flow_of_other_cells_matches_autograd_through_fused_modules(cell, images):
    torch.manual_seed(5)
    model = SequenceModel(ModelConfig(cell=cell, hidden_size=9, num_layers=2, dropout=0.0)).eval()
    x = torch.from_numpy(images[4:5].astype(np.float32) / 255)
    flow = trace_gradient_flow(model, model.trace(x, notify=False), label=2)  # falls back to autograd
    for layer in range(2):
        reference = [_reference_hidden_grad(model, x, 2, layer, t) for t in range(28)]
        np.testing.assert_allclose(flow.hidden_grad_norm[layer], reference, rtol=2e-3, atol=1e-9)
    if cell == "rnn":  # the vanishing gradient: early steps get far less than late ones
        assert flow.hidden_grad_norm[-1, 0] < flow.hidden_grad_norm[-1, -1]


def test_gradient_flow_result_is_read_only(tiny_model, images):
    flow = gradient_flow(tiny_model, images[0].astype(np.float32) / 255, label=1)
    with pytest.raises(ValueError):
        flow.hidden_grad_norm[0, 0] = 1.0


def test_saturation_equals_direct_computation(tiny_model, images):
    result = gate_saturation(tiny_model, images, batch_size=16)  # 16 + 16 + 8: batches must add up
    trace = tiny_model.trace(torch.from_numpy(images.astype(np.float32) / 255), notify=False)
    assert result.sample_count == len(images) and result.fractions.shape == (3, 2, 2, 12)
    for gate in SATURATION_GATES:
        values = getattr(trace, gate)  # [layers, batch, T, H]
        np.testing.assert_allclose(result.left(gate), (values < 0.1).mean(axis=(1, 2)))
        np.testing.assert_allclose(result.right(gate), (values > 0.9).mean(axis=(1, 2)))
    assert result.right("forget_gate").max() > 0  # the scaled weights do saturate


def test_saturation_can_be_cancelled(tiny_model, images):
    assert gate_saturation(tiny_model, images, should_stop=lambda: True) is None


def test_evaluation_equals_trainer_evaluate_and_direct_counts(tiny_model, tiny_digits):
    from lstm_studio.data import DigitSet

    images, labels = tiny_digits.test_images[:150], tiny_digits.test_labels[:150]
    result = evaluate_test_set(tiny_model, images, labels, batch_size=64)
    subset = DigitSet(images, labels, images, labels, "subset")
    evaluation = DigitsTask(subset).evaluate(tiny_model, keep_predictions=True)
    accuracy, predicted = evaluation.metric, torch.from_numpy(evaluation.predictions)
    np.testing.assert_array_equal(result.predictions, predicted.numpy())
    assert result.accuracy == pytest.approx(accuracy)
    direct = np.zeros((10, 10), dtype=int)
    for true_class, predicted_class in zip(labels, predicted.numpy()):
        direct[true_class, predicted_class] += 1
    np.testing.assert_array_equal(result.confusion, direct)
    np.testing.assert_array_equal(result.misclassified(), np.flatnonzero(labels != predicted.numpy()))
    row, column = np.unravel_index(np.argmax(direct - np.diag(np.diag(direct))), direct.shape)
    cell = result.cell(row, column)
    assert len(cell) == direct[row, column]
    assert all(labels[i] == row and result.predictions[i] == column for i in cell)


def test_evaluation_confidence_and_cancel(tiny_model, tiny_digits):
    images, labels = tiny_digits.test_images[:20], tiny_digits.test_labels[:20]
    result = evaluate_test_set(tiny_model, images, labels)
    probs = tiny_model.predict_proba(torch.from_numpy(images.astype(np.float32) / 255)).numpy()
    np.testing.assert_allclose(result.confidence, probs.max(axis=1), rtol=1e-5)
    assert evaluate_test_set(tiny_model, images, labels, should_stop=lambda: True) is None


def test_confusion_matrix_rows_are_true_labels():
    matrix = confusion_matrix(np.array([1, 1, 2]), np.array([1, 3, 2]))
    assert matrix[1, 3] == 1 and matrix[3, 1] == 0 and matrix.sum() == 3 and matrix[2, 2] == 1


@pytest.mark.parametrize(("leaders", "stays", "expected"), [
    ([3, 3, 3, 3], True, 1),
    ([1, 2, 3, 3], True, 3),
    ([3, 1, 3, 3], True, 3),   # led at step 1, lost it, leads for good from step 3
    ([3, 1, 3, 3], False, 1),
    ([1, 2, 2, 7], True, 4),   # only the very last step
])
def test_first_leading_step(leaders, stays, expected):
    probs = np.full((len(leaders), 10), 0.01)
    probs[np.arange(len(leaders)), leaders] = 0.9
    assert first_leading_step(probs, stays=stays) == expected


def test_copy_model_is_independent(tiny_model):
    duplicate = copy_model(tiny_model)
    with torch.no_grad():
        duplicate.head.bias.add_(1.0)
    assert not torch.equal(duplicate.head.bias, tiny_model.head.bias)
    assert not duplicate.training


def test_analysis_imports_no_qt():
    code = ("import sys; sys.modules['PySide6'] = None; import lstm_studio.analysis, lstm_studio.tasks, lstm_studio.training, lstm_studio.io, lstm_studio.cli; "
            "assert not any(m.startswith('PySide6') and sys.modules[m] for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
