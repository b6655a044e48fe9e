"""Analyses behind the inspector: gradient flow, gate saturation, test-set evaluation.

Everything here is plain NumPy/PyTorch (no Qt) and returns frozen results holding
read-only arrays, so a result computed in a worker thread can be handed to the GUI.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from ..models._classifier import LSTMClassifier
from ..cells._trace import GateTrace

#: The sigmoid gates whose saturation is measured, in the order of :attr:`GateSaturation.fractions`.
SATURATION_GATES = ("forget_gate", "input_gate", "output_gate")

ShouldStop = Callable[[], bool]


def _read_only(array: np.ndarray, dtype: type | np.dtype) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=dtype)
    array.setflags(write=False)
    return array


def _as_batch(images: np.ndarray | Tensor) -> Tensor:
    """``[N, T, input]`` float32 in 0..1 from uint8 (0..255) or float images; one image gets a batch axis."""
    # A copy: inputs are often read-only arrays, which torch will not wrap.
    tensor = images if isinstance(images, Tensor) else torch.from_numpy(np.array(images))
    if tensor.dtype == torch.uint8:
        tensor = tensor.float().div_(255)
    tensor = tensor.to(torch.float32)
    return tensor.unsqueeze(0) if tensor.dim() == 2 else tensor


def copy_model(model: LSTMClassifier) -> LSTMClassifier:
    """A private copy of ``model`` (eval mode) that a worker thread may use while the GUI keeps the original."""
    duplicate = LSTMClassifier(model.config)
    duplicate.load_state_dict(model.state_dict())
    return duplicate.eval()


# --- prediction over time ------------------------------------------------------------
def first_leading_step(probs_per_step: np.ndarray, stays: bool = True) -> int:
    """The first step (1-based) at which the final answer leads.

    Parameters
    ----------
    probs_per_step
        ``[T, classes]`` probabilities after reading rows ``1..t``.
    stays
        If true (the default), the answer must lead at that step *and every later one*:
        the step from which the network's mind no longer changes. If false, the first
        step at which it leads at all, even if it loses the lead again later.

    Returns
    -------
    int
        A step in ``1..T``; ``T`` when the answer only leads at the very end.
    """
    leaders = np.asarray(probs_per_step).argmax(axis=-1)
    leads = leaders == leaders[-1]
    if not stays:
        return int(np.argmax(leads)) + 1
    not_leading = np.flatnonzero(~leads)
    return int(not_leading[-1]) + 2 if len(not_leading) else 1


# --- gradient flow through time ------------------------------------------------------
@dataclass(frozen=True)
class GradientFlow:
    """How strongly the loss at the end reaches back to every timestep.

    Attributes
    ----------
    hidden_grad_norm
        ``[layers, T]``: ``‖∂loss/∂h_t‖`` of every layer, the total derivative through
        every later step (and, for lower layers, through the layers above).
    input_grad_norm
        ``[T]``: ``‖∂loss/∂x_t‖``, the gradient reaching image row ``t``.
    target
        The class the loss is measured against.
    target_is_label
        True when ``target`` is the known true label, false when it is the predicted class.
    loss
        The cross-entropy ``-log p(target)`` of the final prediction.
    """

    hidden_grad_norm: np.ndarray
    input_grad_norm: np.ndarray
    target: int
    target_is_label: bool
    loss: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden_grad_norm", _read_only(self.hidden_grad_norm, np.float32))
        object.__setattr__(self, "input_grad_norm", _read_only(self.input_grad_norm, np.float32))


def unrolled_forward(model: LSTMClassifier, x: Tensor) -> tuple[Tensor, list[list[Tensor]]]:
    """Run ``x`` ``[batch, T, input]`` one step at a time *with autograd*, on the model's own weights.

    Returns the logits and ``hidden[layer][t]``, every ``h_t`` as a node of the graph,
    so ``torch.autograd.grad(loss, hidden[layer])`` gives ``∂loss/∂h_t``. Dropout between
    layers is not applied (the network as it infers), as in the trace path.
    """
    layer_input = x
    hidden_per_layer: list[list[Tensor]] = []
    for layer in range(model.lstm.num_layers):
        weight_ih, weight_hh, bias_ih, bias_hh = model.lstm.layer_weights(layer)
        # The input projection does not depend on the recurrence: one matrix product for all steps.
        projected = F.linear(layer_input, weight_ih, bias_ih + bias_hh)
        size = model.lstm.hidden_size
        hidden = x.new_zeros(x.shape[0], size)
        cell = torch.zeros_like(hidden)
        outputs = []
        for t in range(x.shape[1]):
            gates = torch.addmm(projected[:, t], hidden, weight_hh.t())
            input_gate, forget_gate, _, output_gate = torch.sigmoid(gates).chunk(4, dim=1)
            candidate = torch.tanh(gates[:, 2 * size:3 * size])
            cell = forget_gate * cell + input_gate * candidate
            hidden = output_gate * torch.tanh(cell)
            outputs.append(hidden)
        hidden_per_layer.append(outputs)
        layer_input = torch.stack(outputs, dim=1)
    return model.head(hidden_per_layer[-1][-1]), hidden_per_layer


def gradient_flow(model: LSTMClassifier, image: np.ndarray | Tensor, label: int | None = None) -> GradientFlow:
    """``‖∂loss/∂h_t‖`` per layer and ``‖∂loss/∂x_t‖`` for one input.

    Parameters
    ----------
    model
        The classifier; its weights are used as they are (no gradient is accumulated in them).
    image
        ``[T, input]`` (``[28, 28]``), uint8 or float 0..1.
    label
        The true class if known. The loss is the cross-entropy with respect to ``label``,
        or, when it is ``None`` (a drawing), with respect to the predicted class.

    Runs the trace path, then :func:`trace_gradient_flow`.
    """
    trace = model.trace(_as_batch(image)[:1].to(model.device), notify=False)
    return trace_gradient_flow(model, trace, label)


def trace_gradient_flow(model: LSTMClassifier, trace: GateTrace, label: int | None = None) -> GradientFlow:
    """:func:`gradient_flow` of a one-sample ``trace`` of ``model``, without running the network again.

    Backpropagation through time written out in NumPy (float64) over the gates the trace
    kept: for one digit, an autograd pass spends ~10 ms in per-operation overhead, this ~2 ms.
    The result equals autograd's to float32 precision (the tests check it against autograd
    through the unrolled network and through fused ``nn.LSTM``s).
    """
    weights = [[_float64(w) for w in model.lstm.layer_weights(layer)[:2]]
               for layer in range(trace.num_layers)]  # (weight_ih, weight_hh) per layer
    head_weight = _float64(model.head.weight)
    logits = head_weight @ trace.hidden_state[-1, 0, -1] + _float64(model.head.bias)
    target = int(logits.argmax()) if label is None else int(label)
    log_probs = logits - logits.max()
    log_probs -= np.log(np.exp(log_probs).sum())
    d_logits = np.exp(log_probs)
    d_logits[target] -= 1.0
    # ∂loss/∂h_t reaching each layer from outside its own recurrence: the head, then the layer above.
    from_outside = np.zeros((trace.num_steps, trace.hidden_size))
    from_outside[-1] = d_logits @ head_weight
    hidden_norms = np.empty((trace.num_layers, trace.num_steps))
    for layer in reversed(range(trace.num_layers)):
        weight_ih, weight_hh = weights[layer]
        hidden_grads, gate_grads = _backward_through_layer(trace, layer, from_outside, weight_hh)
        hidden_norms[layer] = np.linalg.norm(hidden_grads, axis=1)
        from_outside = _product(gate_grads, weight_ih)  # ∂loss/∂(this layer's input at t)
    return GradientFlow(hidden_norms, np.linalg.norm(from_outside, axis=1), target, label is not None,
                        float(-log_probs[target]))


def _float64(parameter: Tensor) -> np.ndarray:
    # NumPy converts: torch would convert on all its threads, which spin while training keeps the cores busy.
    return parameter.detach().cpu().numpy().astype(np.float64)


def _product(vectors: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``vectors @ matrix`` on this thread alone. ``@`` calls a multithreaded BLAS for these sizes,
    whose threads spin for a core that training or a background job keeps busy (measured in the
    GUI: p95 30 ms instead of 2 ms); einsum does not use BLAS."""
    return np.einsum("...k,kh->...h", vectors, matrix)


def _backward_through_layer(trace: GateTrace, layer: int, from_outside: np.ndarray,
                            weight_hh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(∂loss/∂h_t [T, H], ∂loss/∂gates_t [T, 4H])`` of one layer, before the non-linearities.

    With c_t = f·c_{t−1} + i·g and h_t = o·tanh(c_t): ∂c_t = ∂c_{t+1}·f_{t+1} + ∂h_t·o·(1 − tanh²c_t),
    and the pre-activation gradients are ∂c·g·i(1−i), ∂c·c_{t−1}·f(1−f), ∂c·i·(1−g²), ∂h·tanh(c)·o(1−o).
    """
    i, f, g, o, c = (getattr(trace, name)[layer, 0].astype(np.float64) for name in
                     ("input_gate", "forget_gate", "candidate", "output_gate", "cell_state"))
    c_prev = np.vstack([np.zeros_like(c[:1]), c[:-1]])
    tanh_c = np.tanh(c)
    cell_factor = o * (1 - tanh_c ** 2)
    gate_factors = np.hstack([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g ** 2), tanh_c * o * (1 - o)])
    hidden_grads, gate_grads = np.empty_like(c), np.empty_like(gate_factors)
    hidden_grad_next, cell_grad_next = np.zeros_like(c[0]), np.zeros_like(c[0])
    for t in reversed(range(len(c))):
        hidden_grad = from_outside[t] + hidden_grad_next
        cell_grad = cell_grad_next + hidden_grad * cell_factor[t]
        gate_grads[t] = np.concatenate([cell_grad, cell_grad, cell_grad, hidden_grad]) * gate_factors[t]
        hidden_grads[t] = hidden_grad
        hidden_grad_next = _product(gate_grads[t], weight_hh)
        cell_grad_next = cell_grad * f[t]
    return hidden_grads, gate_grads


# --- gate saturation -----------------------------------------------------------------
@dataclass(frozen=True)
class GateSaturation:
    """How often each unit's sigmoid gates are saturated (Karpathy, Johnson & Fei-Fei 2015).

    Attributes
    ----------
    fractions
        ``[gate, 2, layers, hidden]`` for the gates in :data:`SATURATION_GATES`; index 0 of
        the second axis is the fraction of (digit, step) pairs with the gate below ``low``
        ("left-saturated"), index 1 the fraction above ``high`` ("right-saturated").
    sample_count
        How many digits were run.
    low, high
        The thresholds (0.1 and 0.9 in the paper).
    """

    fractions: np.ndarray
    sample_count: int
    low: float = 0.1
    high: float = 0.9

    def __post_init__(self) -> None:
        object.__setattr__(self, "fractions", _read_only(self.fractions, np.float64))

    def left(self, gate: str) -> np.ndarray:
        """``[layers, hidden]``: fraction of steps ``gate`` spends below :attr:`low`."""
        return self.fractions[SATURATION_GATES.index(gate), 0]

    def right(self, gate: str) -> np.ndarray:
        """``[layers, hidden]``: fraction of steps ``gate`` spends above :attr:`high`."""
        return self.fractions[SATURATION_GATES.index(gate), 1]


def gate_saturation(model: LSTMClassifier, images: np.ndarray | Tensor, low: float = 0.1, high: float = 0.9,
                    batch_size: int = 128, should_stop: ShouldStop | None = None) -> GateSaturation | None:
    """Measure gate saturation of every unit over ``images`` (``[N, 28, 28]``, uint8 or float 0..1).

    Runs the trace path batch by batch; returns ``None`` if ``should_stop()`` turns true
    between batches (a worker being cancelled).
    """
    x_all = _as_batch(images)
    layers, hidden = model.lstm.num_layers, model.lstm.hidden_size
    counts = np.zeros((len(SATURATION_GATES), 2, layers, hidden), dtype=np.int64)
    for start in range(0, len(x_all), batch_size):
        if should_stop is not None and should_stop():
            return None
        trace = model.trace(x_all[start:start + batch_size].to(model.device), notify=False)
        for index, name in enumerate(SATURATION_GATES):
            values = getattr(trace, name)
            counts[index, 0] += (values < low).sum(axis=(1, 2))
            counts[index, 1] += (values > high).sum(axis=(1, 2))
    pairs = max(1, len(x_all) * x_all.shape[1])
    return GateSaturation(counts / pairs, len(x_all), low, high)


# --- the test set --------------------------------------------------------------------
def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """``[true, predicted]`` counts (rows: true class, columns: predicted class)."""
    flat = np.asarray(labels, dtype=np.int64) * num_classes + np.asarray(predictions, dtype=np.int64)
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(num_classes, num_classes)


@dataclass(frozen=True)
class TestSetEvaluation:
    """Predictions of one model on a labelled digit set.

    Attributes
    ----------
    labels, predictions
        ``[N]`` int64 true and predicted classes.
    confidence
        ``[N]`` float32 probability of the predicted class.
    confusion
        ``[classes, classes]`` counts, rows = true class, columns = predicted class.
    """

    __test__ = False  # not a pytest test class despite its name

    labels: np.ndarray
    predictions: np.ndarray
    confidence: np.ndarray
    confusion: np.ndarray

    def __post_init__(self) -> None:
        for name, dtype in (("labels", np.int64), ("predictions", np.int64), ("confidence", np.float32),
                            ("confusion", np.int64)):
            object.__setattr__(self, name, _read_only(getattr(self, name), dtype))

    @property
    def accuracy(self) -> float:
        """Fraction of digits predicted correctly."""
        return float((self.labels == self.predictions).mean()) if len(self.labels) else float("nan")

    def misclassified(self) -> np.ndarray:
        """Indices of the digits predicted wrongly."""
        return np.flatnonzero(self.labels != self.predictions)

    def cell(self, true_class: int, predicted_class: int) -> np.ndarray:
        """Indices of the digits of ``true_class`` predicted as ``predicted_class``."""
        return np.flatnonzero((self.labels == true_class) & (self.predictions == predicted_class))


@torch.no_grad()
def evaluate_test_set(model: LSTMClassifier, images: np.ndarray, labels: np.ndarray, batch_size: int = 500,
                      should_stop: ShouldStop | None = None) -> TestSetEvaluation | None:
    """Classify every image with the fast (fused) path, batch by batch.

    Returns ``None`` if ``should_stop()`` turns true between batches.
    """
    predictions, confidence = [], []
    for start in range(0, len(labels), batch_size):
        if should_stop is not None and should_stop():
            return None
        probs = torch.softmax(model(_as_batch(images[start:start + batch_size]).to(model.device)), dim=-1)
        best, predicted = probs.max(dim=1)
        predictions.append(predicted.cpu().numpy())
        confidence.append(best.cpu().numpy())
    predicted_all = np.concatenate(predictions) if predictions else np.zeros(0, np.int64)
    confidence_all = np.concatenate(confidence) if confidence else np.zeros(0, np.float32)
    classes = model.config.num_classes
    return TestSetEvaluation(np.asarray(labels), predicted_all, confidence_all,
                             confusion_matrix(labels, predicted_all, classes))
