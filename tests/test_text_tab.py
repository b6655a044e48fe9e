"""The Text tab: the bundled text model on show, a tiny live run, samples, heatmaps, inspect, the cell finder."""
from __future__ import annotations

import numpy as np

from lstm_studio.data.text import SIGNALS, generated_corpus

SMALL = generated_corpus(40_000, seed=1).corpus


def open_text_tab(window, qtbot):
    window.tabs.setCurrentWidget(window.text_tab)
    tab = window.text_tab
    qtbot.waitUntil(lambda: tab.state.snapshot is not None, timeout=60_000)
    return tab


def test_text_tab_opens_the_bundled_model_on_a_held_out_passage(window, qtbot) -> None:
    tab = open_text_tab(window, qtbot)
    config = tab.state.snapshot.config
    assert "bundled text model" in tab.form.model_label.text() and config.vocab_size == len(tab.state.vocabulary)
    live = tab.live
    passage = tab.passage
    assert len(passage) == 80 and passage in tab.held_out_text
    image = live.heatmaps.heatmaps["f"].image
    assert image.shape == (config.hidden_size, 80) and 0 <= image.min() and image.max() <= 1
    # The characters are printed under the columns, the passage is coloured by a unit, five guesses under each.
    ticks = live.heatmaps.plots["h"].getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks][:5] == [c if c != "\n" else "↵" for c in passage[:5]]
    assert live.grid.text == passage and len(live.grid.guesses) == 80 and len(live.grid.guesses[0]) == 5
    assert (live.grid.colours[:, 3] > 0).all()  # every character coloured by the unit


def test_a_live_run_fills_curves_heatmaps_and_writes_samples(window, qtbot) -> None:
    tab = open_text_tab(window, qtbot)
    tab.set_corpus(SMALL)
    tab.form.hidden.setValue(8)
    tab.form.layers.setValue(1)
    tab.form.epochs.setValue(2)
    with qtbot.waitSignal(tab.controller.finished, timeout=120_000) as finished:
        tab.start_training()
        assert not tab.form.train_button.isEnabled() and tab.form.stop_button.isEnabled()
    result = finished.args[0]
    steps = 2 * ((36_000 - 64) // 64 // 64)  # two epochs of 64 streams of 64 characters over 90% of the text
    assert result.status == "finished" and result.steps == steps
    qtbot.waitUntil(lambda: not tab.frame_timer.isActive())
    live = tab.live
    assert live.train_curve.size >= 1 and live.test_curve.size == 2
    assert live.train_curve.curve.getData()[0][-1] == result.samples_seen * 64 / 1e6
    x, y = live.test_curve.curve.getData()
    assert np.all(np.diff(x) > 0) and y[-1] == result.test_metric and y[-1] < y[0]  # it learns
    for name in "fiogch":
        image = live.heatmaps.heatmaps[name].image
        assert image.shape == (8, 80) and np.isfinite(image).all()
    assert "held-out" in tab.status.text() or "held-out" in tab.form.model_label.text()
    assert f"trained model ({steps} steps)" in tab.form.model_label.text()
    assert tab.status.text().startswith(f"Training finished: {steps} steps, held-out")
    tab.live.prime.setText("(")
    live.write_button.click()
    qtbot.waitUntil(lambda: "trained model" in live.samples.toPlainText(), timeout=30_000)
    newest = live.sample_texts[0]  # (a sample may also have come while training: it is older)
    assert newest.startswith(f"── trained model ({steps} steps), temperature 0.80 ──\n(") and len(newest.splitlines()[1]) > 1
    assert live.samples.toPlainText().startswith(newest)


def test_inspect_text_reads_typed_text_with_connectivity_and_equations(window, qtbot) -> None:
    tab = open_text_tab(window, qtbot)
    tab.views.setCurrentWidget(tab.inspector)
    inspector = tab.inspector
    inspector.editor.setPlainText("To be, or not to be")
    qtbot.waitUntil(lambda: tab.reading is not None and tab.reading.text == "To be, or not to be", timeout=10_000)
    assert inspector.grid.text == "To be, or not to be" and inspector.position == 18
    inspector.scrubber.setValue(5)
    assert tab.inspector.connectivity.at == 5 and len(tab.inspector.connectivity.magnitudes) == 6
    assert "c<sub>t</sub>" in inspector.equations.text() and "character 6 of 19" in inspector.equations.text()
    assert "Next character" in inspector.guesses_label.text()
    painted = list(inspector.grid.colours[:, 3] > 0)
    assert painted[:6] == [True] * 6 and not any(painted[6:])  # nothing after the chosen character
    assert inspector.grid.colour_at(5) is not None and inspector.grid.colour_at(6) is None
    inspector.grid.span_selected.emit(3, 5)
    assert inspector.grid.span == (3, 5) and "unit(s) of layer" in inspector.pattern_label.text()


def test_cell_finder_lists_the_best_unit_per_signal(window, qtbot) -> None:
    tab = open_text_tab(window, qtbot)
    tab.set_corpus(SMALL)
    tab.views.setCurrentWidget(tab.finder)
    tab.finder.find_button.click()
    qtbot.waitUntil(lambda: tab.finder.result is not None, timeout=60_000)
    table = tab.finder.table
    assert table.rowCount() == len(SIGNALS)
    best = tab.finder.result.best("bracket_depth")
    row = [table.item(r, 0).text() for r in range(table.rowCount())].index("bracket_depth")
    assert table.item(row, 3).text() == f"{best.r:+.2f}" and f"unit {best.unit}" in table.item(row, 2).text()


def test_a_gru_text_model_shows_its_own_fields(window, qtbot, tmp_path) -> None:
    """A GRU has r, z, n, h and no cell state: the heatmaps, the colouring and the equations follow the cell."""
    from lstm_studio.cli import main

    checkpoint = tmp_path / "gru.pt"
    assert main(["train", "--task", "text", "--corpus", "generated", "--cell", "gru", "--hidden-size", "8",
                 "--layers", "1", "--corpus-bytes", "20000", "--epochs", "1", "--out", str(checkpoint)]) == 0
    tab = open_text_tab(window, qtbot)
    tab.open_model(str(checkpoint))
    qtbot.waitUntil(lambda: "gru.pt" in tab.form.model_label.text(), timeout=30_000)
    heatmaps = tab.live.heatmaps
    qtbot.waitUntil(lambda: heatmaps.stacked == ("r", "z", "n", "h"), timeout=30_000)
    for name in "rznh":
        image = heatmaps.heatmaps[name].image
        assert image.shape == (8, 80) and np.isfinite(image).all()
    assert [tab.live.field_box.itemText(i) for i in range(tab.live.field_box.count())] == ["h"]
    tab.views.setCurrentWidget(tab.inspector)
    tab.inspector.editor.setPlainText("((a) b)")
    # The GRU's own equation, h_t = (1 − z_t)·n_t + z_t·h_{t−1}, with the unit's numbers; no cell state.
    qtbot.waitUntil(lambda: "(1 \u2212 z<sub>t</sub>)" in tab.inspector.equations.text(), timeout=30_000)
    assert "c<sub>t</sub>" not in tab.inspector.equations.text()
    # Back to an LSTM: its six fields again.
    tab.open_model(str(bundled_text_model_path()))
    qtbot.waitUntil(lambda: heatmaps.stacked == ("f", "i", "o", "g", "c", "h"), timeout=30_000)


def bundled_text_model_path():
    from importlib import resources

    return resources.files("lstm_studio.resources").joinpath("text_model.pt")


def test_a_file_that_cannot_be_used_gets_a_dialog_and_the_tab_goes_on(window, qtbot, tmp_path, monkeypatch) -> None:
    """A binary file chosen as the corpus, a checkpoint that is not a text model, a folder to save into: each
    is said in a dialog (and the status line); the loaded model and corpus stay."""
    from PySide6.QtWidgets import QMessageBox

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: said.append((title, text)))
    tab = open_text_tab(window, qtbot)
    snapshot, corpus = tab.state.snapshot, tab.corpus
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    tab._choose_corpus(str(binary))
    qtbot.waitUntil(lambda: len(said) == 1, timeout=30_000)
    assert said[0][0] == "Cannot use this text" and "looks binary" in said[0][1]
    not_a_model = tmp_path / "notes.pt"
    not_a_model.write_text("not a checkpoint")
    tab.open_model(str(not_a_model))
    assert said[1][0] == "Cannot open the text model" and "notes.pt" in said[1][1]
    tab.save_model(str(tmp_path))  # a folder
    assert said[2][0] == "Cannot save the text model" and str(tmp_path) in said[2][1]
    assert tab.state.snapshot is snapshot and tab.corpus is corpus and tab.form.isEnabled()
