"""Reading, writing and analysing text with a character model: sampling, connectivity, the cell finder, patterns."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_studio.data.text import UNKNOWN_CHAR, Vocabulary, compute_signals
from lstm_studio.models import ModelConfig, SequenceModel
from lstm_studio.text import (connectivity, find_cells, read_text, record_states, sample_text, search_pattern,
                              span_units, unit_correlations)

pytestmark = pytest.mark.usefixtures("torch_threads")  # batch-of-one work: one thread, as the app runs it

TEXT = 'print("hi", [1, (2, 3)])\n    x = {"a": (b)}  # done\n'
VOCABULARY = Vocabulary.from_text(TEXT)


def char_model(cell: str = "lstm", hidden: int = 12, layers: int = 2, seed: int = 0) -> SequenceModel:
    torch.manual_seed(seed)
    size = len(VOCABULARY)
    return SequenceModel(ModelConfig(cell=cell, input_size=6, hidden_size=hidden, num_layers=layers, output_size=size,
                                     vocab_size=size, head="every", dropout=0.0)).eval()


# --- sampling ---------------------------------------------------------------------------------------------------
def test_sampling_is_reproducible_under_a_seed() -> None:
    model = char_model()
    first = sample_text(model, VOCABULARY, "print(", 120, temperature=1.0, seed=7)
    assert first == sample_text(model, VOCABULARY, "print(", 120, temperature=1.0, seed=7)
    assert first != sample_text(model, VOCABULARY, "print(", 120, temperature=1.0, seed=8)
    assert len(first) == 120 and set(first) <= set(VOCABULARY.chars) and UNKNOWN_CHAR not in first
    greedy = sample_text(model, VOCABULARY, "x = ", 30, temperature=0.0, seed=1)
    assert greedy == sample_text(model, VOCABULARY, "x = ", 30, temperature=0.0, seed=2)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_greedy_writing_takes_the_readers_top_guess_every_time(cell: str) -> None:
    model = char_model(cell)
    prime = "x = {"
    written = sample_text(model, VOCABULARY, prime, 25, temperature=0.0)
    reading = read_text(model, VOCABULARY, prime + written)
    guesses = reading.probs.copy()
    guesses[:, 0] = 0  # <unk> is never written
    assert VOCABULARY.decode(guesses.argmax(axis=1)[len(prime) - 1: -1]) == written


def test_sampling_follows_the_models_own_probabilities() -> None:
    model = char_model()
    with torch.no_grad():
        logits = model(torch.as_tensor(VOCABULARY.encode("x"))[None])[0, -1]
    logits[0] = -float("inf")  # <unk> is never written
    expected = torch.softmax(logits, dim=-1).numpy()
    firsts = [sample_text(model, VOCABULARY, "x", 1, seed=seed) for seed in range(400)]
    counts = np.bincount(VOCABULARY.encode("".join(firsts)), minlength=len(VOCABULARY)) / len(firsts)
    assert np.abs(counts - expected).max() < 0.07


def test_sampling_refuses_bad_settings() -> None:
    with pytest.raises(ValueError, match="temperature"):
        sample_text(char_model(), VOCABULARY, "", 5, temperature=-1)
    with pytest.raises(ValueError, match="length"):
        sample_text(char_model(), VOCABULARY, "", 10**9)


# --- reading ----------------------------------------------------------------------------------------------------
def test_reading_matches_the_trace_and_extends_incrementally() -> None:
    model = char_model()
    whole = read_text(model, VOCABULARY, TEXT)
    trace = model.trace(torch.as_tensor(VOCABULARY.encode(TEXT))[None])
    for name in trace.names:
        np.testing.assert_allclose(whole.arrays[name], trace[name][:, 0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(whole.probs, trace.outputs[0], rtol=1e-5, atol=1e-7)
    partial = read_text(model, VOCABULARY, TEXT[:20])
    extended = read_text(model, VOCABULARY, TEXT, previous=partial)
    np.testing.assert_allclose(extended.arrays["c"], whole.arrays["c"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(extended.probs, whole.probs, rtol=1e-5, atol=1e-7)
    assert np.array_equal(whole.top_ids[:, 0], whole.probs.argmax(axis=1))
    assert whole.top_probs.shape == (len(TEXT), 5) and np.all(np.diff(whole.top_probs, axis=1) <= 0)


# --- connectivity -----------------------------------------------------------------------------------------------
def autograd_connectivity(model: SequenceModel, text: str, at: int, target: int) -> np.ndarray:
    """The same gradient, by autograd through the step-by-step path over the whole text."""
    embedded = model.embed(torch.as_tensor(VOCABULARY.encode(text[: at + 1]))[None]).detach().requires_grad_(True)
    with torch.enable_grad():
        per_layer = model.cell.unroll(embedded, grad=True)
        log_prob = torch.log_softmax(model.apply_head(per_layer[-1]["h"][-1]), dim=-1)[0, target]
        (gradient,) = torch.autograd.grad(log_prob, embedded)
    return gradient[0].norm(dim=-1).numpy()


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_connectivity_equals_autograd(cell: str) -> None:
    model = char_model(cell)
    reading = read_text(model, VOCABULARY, TEXT)
    at = len(TEXT) - 5
    found = connectivity(model, reading, at, window=None)
    expected = autograd_connectivity(model, TEXT, at, int(reading.top_ids[at, 0]))
    assert found.target == int(reading.top_ids[at, 0]) and found.start == 0
    np.testing.assert_allclose(found.magnitudes, expected, rtol=1e-4, atol=1e-8)
    # A window is exact for the characters in it: the state it starts from does not depend on them.
    windowed = connectivity(model, reading, at, window=10)
    assert windowed.start == at - 9 and len(windowed.magnitudes) == 10
    np.testing.assert_allclose(windowed.magnitudes, expected[-10:], rtol=1e-4, atol=1e-8)
    full = windowed.full(len(TEXT))
    assert np.isnan(full[: at - 9]).all() and np.isnan(full[at + 1:]).all()


def test_connectivity_of_a_chosen_next_character() -> None:
    model = char_model()
    reading = read_text(model, VOCABULARY, TEXT)
    target = int(VOCABULARY.encode(")")[0])
    found = connectivity(model, reading, 12, target=target, window=None)
    np.testing.assert_allclose(found.magnitudes, autograd_connectivity(model, TEXT, 12, target), rtol=1e-4, atol=1e-8)


# --- the cell finder --------------------------------------------------------------------------------------------
def test_unit_correlations_equal_pearson_r() -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=(300, 7)).astype(np.float32)
    values[:, 3] = 2.0  # a constant unit correlates with nothing
    signal = values[:, 1] * 0.5 + rng.normal(size=300)
    r = unit_correlations(values, signal)
    for unit in (0, 1, 2, 4, 5, 6):
        assert r[unit] == pytest.approx(np.corrcoef(values[:, unit], signal)[0, 1], abs=1e-9)
    assert r[3] == 0.0 and abs(r[1]) == np.abs(r).max()
    with pytest.raises(ValueError, match="constant"):
        unit_correlations(values, np.ones(300))


def test_recorded_states_match_a_reading_in_one_stream_and_by_parts() -> None:
    model = char_model()
    reading = read_text(model, VOCABULARY, TEXT * 3)
    one = record_states(model, VOCABULARY, TEXT * 3, streams=1, chunk=17)
    np.testing.assert_allclose(one["c"], reading.arrays["c"], rtol=1e-5, atol=1e-6)
    parts = record_states(model, VOCABULARY, TEXT * 3, streams=2, chunk=17)
    half = -(-len(TEXT * 3) // 2)
    second = read_text(model, VOCABULARY, (TEXT * 3)[half:])
    np.testing.assert_allclose(parts["h"][:, half:], second.arrays["h"], rtol=1e-5, atol=1e-6)


def test_finder_ranks_units_by_their_correlation_with_each_signal() -> None:
    model = char_model(hidden=10)
    text = TEXT * 4
    result = find_cells(model, VOCABULARY, text, signals=["bracket_depth", "position_in_line", "inside_comment"])
    signals = compute_signals(text, ["bracket_depth", "position_in_line", "inside_comment"])
    for name, matches in result.ranking.items():
        best = result.best(name)
        assert matches[0] is best and [abs(m.r) for m in matches] == sorted((abs(m.r) for m in matches), reverse=True)
        direct = np.corrcoef(result.states[best.field][best.layer, :, best.unit], signals[name])[0, 1]
        assert best.r == pytest.approx(direct, abs=1e-6)
        every_unit = [abs(np.corrcoef(result.states[f][layer, :, u], signals[name])[0, 1])
                      for f in ("c", "h") for layer in range(2) for u in range(10)]
        assert abs(best.r) == pytest.approx(np.nanmax(every_unit), abs=1e-6)


# --- LSTMVis patterns -------------------------------------------------------------------------------------------
def test_span_units_are_on_inside_and_off_around() -> None:
    values = np.full((30, 5), -0.5, dtype=np.float32)
    values[10:14, 1] = 0.8          # on exactly over the span: chosen
    values[10:14, 3] = 0.6
    values[8:16, 2] = 0.9           # on, but also around the span: not chosen
    values[10:13, 4] = 0.9          # off at one character of the span: not chosen
    values[20:24, [1, 3]] = 0.7     # the same pattern elsewhere
    values[26:27, 1] = 0.7          # only one of the two units
    units = span_units(values, 10, 14, threshold=0.3, margin=2)
    assert list(units) == [1, 3]  # strongest contrast first
    matches = search_pattern(values, units, threshold=0.3, length=4)
    assert [(m.start, m.end) for m in matches] == [(10, 14), (20, 24)]
    loose = search_pattern(values, units, threshold=0.3, min_share=0.5, length=4)
    assert (26, 27) in [(m.start, m.end) for m in loose]
    with pytest.raises(ValueError, match="span"):
        span_units(values, 5, 40)


def test_the_text_core_runs_without_qt() -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['PySide6'] = None; sys.modules['pyqtgraph'] = None\n"
            "import torch; torch.set_num_threads(1)\n"
            "from lstm_studio.text import load_text_model, read_text, sample_text, connectivity, find_cells\n"
            "from lstm_studio.cli import main\n"
            "m = load_text_model()\n"
            "r = read_text(m.model, m.vocabulary, 'To be, or not')\n"
            "assert len(sample_text(m.model, m.vocabulary, 'To', 20, seed=0)) == 20\n"
            "assert connectivity(m.model, r, 5).magnitudes.shape == (6,)\n"
            "assert find_cells(m.model, m.vocabulary, 'a (b) c\\n' * 40).best('bracket_depth') is not None\n"
            "assert not [k for k in sys.modules if k.startswith(('PySide6.', 'pyqtgraph.'))]\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
