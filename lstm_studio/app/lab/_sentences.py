"""What the Lab tab says about a run, made from its state in the app's language (Qt context LabTab).

Each function reads a snapshot, a result or the sweep's points and says them in the current
language, so the tab keeps them as functions and says them again when the language changes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import translate
from ._texts import cell_label, error_text, joined, probe_text, sentences

#: A run's state after its progress, as the progress line says it.
_STATES = {"paused": lambda: translate("LabTab", " (paused)"), "stopped": lambda: translate("LabTab", " (stopped)"),
           "finished": lambda: translate("LabTab", " (done)")}


def start_text(config: Any, lengths: tuple[int, ...]) -> str:
    """``"Training RNN, GRU, LSTM on T = 100…"`` or ``"… on a sweep over T = 25, 50…"``."""
    cells = joined(cell_label(spec) for spec in config.cells)
    if lengths:
        return translate("LabTab", "Training {cells} on a sweep over T = {lengths}…").format(
            cells=cells, lengths=", ".join(map(str, lengths)))
    return translate("LabTab", "Training {cells} on T = {length}…").format(cells=cells, length=config.length)


def finished_text(result: Any) -> str:
    """``"Finished at step 2,000 (T = 100). Solved: GRU at step 500; LSTM at step 1,200. Not solved: RNN."``"""
    if result.status == "finished":
        head = translate("LabTab", "Finished at step {step} (T = {length}).")
    else:
        head = translate("LabTab", "Stopped at step {step} (T = {length}).")
    said = [head.format(step=f"{result.step:,}", length=result.config.length)]
    solved = [translate("LabTab", "{cell} at step {step}").format(cell=cell_label(c.spec), step=f"{c.solved_at_step:,}")
              for c in result.cells if c.solved_at_step is not None]
    unsolved = [cell_label(c.spec) for c in result.cells if c.solved_at_step is None]
    if solved:
        said.append(translate("LabTab", "Solved: {cells}.").format(cells=translate("LabTab", "; ").join(solved)))
    if unsolved:
        said.append(translate("LabTab", "Not solved: {cells}.").format(cells=joined(unsolved)))
    return sentences(said)


def progress_text(snapshot: Any) -> str:
    """``"T = 100 · step 1,200 of 2,000 (paused) · 1:05 · 18 steps/s"``."""
    config = snapshot.config
    rate = snapshot.step / snapshot.elapsed_s if snapshot.elapsed_s > 0 else 0.0
    minutes, seconds = divmod(int(snapshot.elapsed_s), 60)
    state = _STATES[snapshot.status]() if snapshot.status in _STATES else ""
    return translate("LabTab", "T = {length} · step {step} of {steps}{state} · {time} · {rate} steps/s").format(
        length=config.length, step=f"{snapshot.step:,}", steps=f"{config.steps:,}", state=state,
        time=f"{minutes}:{seconds:02d}", rate=f"{rate:.0f}")


def probe_caption(snapshot: Any, probe: int) -> str:
    """What the probe sequence holds and what each cell answers for it now."""
    info = snapshot.task
    name = probe_text(info.probe_names[probe]) if probe < len(info.probe_names) else ""
    answers = []
    for cell in snapshot.cells:
        trace = cell.trace
        if trace is None or trace.outputs is None or info.name == "copy":
            continue
        final = trace.outputs[probe, -1]
        answer = f"{float(final[0]):.2f}" if trace.output_kind == "values" else _class_name(info, int(final.argmax()))
        answers.append(translate("LabTab", "{cell}: {answer}").format(cell=cell_label(cell.spec), answer=answer))
    if not answers:
        return f"<b>{name}</b>"
    return f"<b>{name}</b> · " + translate("LabTab", "answers: {answers}").format(answers=" · ".join(answers))


def _class_name(info: Any, index: int) -> str:
    from ...tasks._temporal_order import CLASSES

    return CLASSES[index] if info.name == "temporal_order" else str(index)


def sweep_caption(points: list[Any], config: Any, kept_in: Path | None, problem: str) -> str:
    """``"4 result(s) at T = 6, 10 with 2,000 steps, seed 0. Kept in …/lab-results.json."``"""
    lengths = ", ".join(map(str, sorted({p.length for p in points}))) or "–"
    count = len(points)
    found = translate("LabTab", "%n result(s) at T = {lengths} with {steps} steps, seed {seed}.", None, count).format(
        lengths=lengths, steps=f"{config.steps:,}", seed=config.seed)
    if kept_in is not None:
        where = translate("LabTab", "Kept in {path}.").format(path=kept_in)
    else:
        where = translate("LabTab", "Not cached: {problem}").format(problem=error_text(problem))
    return sentences([found, where])
