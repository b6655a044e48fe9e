"""``lstm-studio lab``: compare cells side by side on a long-term dependency task, headless.

One comparison (``--length T``) always trains; a sweep (``--lengths 50,100,200``) reuses the
results already in the lab's cache. Ctrl+C stops between steps, scores the held-out set
where the run stopped, and still prints what it has.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import Any

from ._common import CliError, emit_json, note


def run_lab(args: argparse.Namespace) -> int:
    from ..lab import LabCache, LabError, Sweep, parse_lengths

    try:
        config = _config(args)
        lengths = parse_lengths(args.lengths, args.task) if args.lengths else None
    except LabError as error:
        raise CliError(str(error)) from None
    digits = _digits(args) if args.task == "seq_mnist" else None
    cache = None if args.no_cache else LabCache(args.cache)
    if lengths is None:
        return _compare(args, config, digits, cache)
    sweep = Sweep(config, lengths, cache, digits)
    try:
        results = _run_with_progress(sweep, sweep.plan())
    except LabError as error:
        raise CliError(str(error)) from None
    _warn_cache(sweep.cache_problem)
    payload = _sweep_payload(config, lengths, results, sweep)
    for result in payload["results"]:
        note(f"T = {result['length']}: {result['label']}: {_final_text(result)}")
    if args.json:
        emit_json(payload)
    return 0


def _config(args: argparse.Namespace) -> Any:
    from ..lab import DEFAULT_LENGTHS, LabConfig, parse_cells, parse_forget_biases

    biases = parse_forget_biases(args.forget_bias)
    length = args.length if args.length is not None else DEFAULT_LENGTHS[args.task]
    return LabConfig(task=args.task, length=length, cells=parse_cells(args.cells, biases), steps=args.steps,
                     seed=args.seed, hidden_size=args.hidden_size, num_layers=args.layers,
                     batch_size=args.batch_size, learning_rate=args.lr, grad_clip=args.clip,
                     eval_every=min(args.eval_every, args.steps), test_size=args.test_size, device=args.device,
                     num_threads=args.threads)


def _digits(args: argparse.Namespace) -> Any:
    from ..data import MnistMissing, load_digits

    try:
        digits = load_digits(args.data_dir, download=not args.no_download, allow_mini=True)
    except MnistMissing as error:
        raise CliError(str(error)) from None
    if digits.notice:
        note(f"lstm-studio: notice: {digits.notice}")
    return digits


def _compare(args: argparse.Namespace, config: Any, digits: Any, cache: Any) -> int:
    from ..lab import LabError, LabRunner, judge

    try:
        runner = LabRunner(config, digits=digits)
    except (LabError, ValueError) as error:
        raise CliError(str(error)) from None
    note(f"comparing {', '.join(spec.label for spec in config.cells)} on {runner.task.describe()}, "
         f"{config.steps:,} steps (seed {config.seed}, device {runner.device})")
    started = time.perf_counter()
    (result,) = _run_with_progress(runner, [config])
    if cache is not None:
        _store(cache, result, runner.device.type)
    for cell in result.cells:
        note(judge(cell, result.task).text)
    if args.json:
        emit_json({**result.to_dict(), "device": runner.device.type,
                   "wall_seconds": round(time.perf_counter() - started, 3)})
    return 0


def _store(cache: Any, result: Any, device: str) -> None:
    from ..lab import LabCacheError

    try:
        cache.store(result, device)
    except (LabCacheError, OSError) as error:
        _warn_cache(str(error))


def _warn_cache(problem: str) -> None:
    if problem:
        note(f"lstm-studio: notice: results are not cached: {problem}")


def _run_with_progress(job: Any, plans: list[Any]) -> list[Any]:
    """Run ``job`` (a runner or a sweep) with a progress bar over every planned step; Ctrl+C stops it."""
    from tqdm import tqdm

    from ..lab import LabRunner

    bar = tqdm(total=sum(plan.steps for plan in plans), unit="step", file=sys.stderr, dynamic_ncols=True,
               mininterval=0.5)
    offset = {"done": 0, "length": None}

    def on_snapshot(snapshot: Any) -> None:
        if offset["length"] not in (None, snapshot.config.length) and snapshot.step == 0:
            offset["done"] = bar.n
        offset["length"] = snapshot.config.length
        bar.set_postfix_str(_postfix(snapshot), refresh=False)
        bar.update(offset["done"] + snapshot.step - bar.n)

    previous = signal.getsignal(signal.SIGINT)

    def interrupt(signum: int, frame: Any) -> None:
        job.stop("interrupted (Ctrl+C)")
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, interrupt)
    try:
        if isinstance(job, LabRunner):
            return [job.run(on_snapshot)]
        return job.run(on_snapshot)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()


def _postfix(snapshot: Any) -> str:
    metric = snapshot.task.metric
    parts = [f"T={snapshot.config.length}"]
    for cell in snapshot.cells:
        value = cell.latest_test if len(cell.test_metric) else float("nan")
        parts.append(f"{cell.spec.key} {metric.format(value)}")
    return " ".join(parts)


def _sweep_payload(config: Any, lengths: tuple[int, ...], results: list[Any], sweep: Any) -> dict[str, Any]:
    """Every (length, cell) asked for: from this run where it trained, else from the cache."""
    fresh = {(result.config.length, cell.spec.key): {**cell.to_dict(result.task.metric),
                                                     "length": result.config.length, "cached": False}
             for result in results for cell in result.cells}
    cached = {}
    if sweep.cache is not None and not sweep.cache_problem:
        for length in lengths:
            for spec in config.cells:
                entry = sweep.cache.get(config.with_length(length), spec, sweep.data, _device(config))
                if entry is not None:
                    cached[(length, spec.key)] = {**_entry_result(entry), "length": length, "cached": True}
    rows = [fresh.get((length, spec.key)) or cached.get((length, spec.key))
            for length in lengths for spec in config.cells]
    rows = [row for row in rows if row is not None]
    status = "stopped" if any(result.status != "finished" for result in results) else "finished"
    return {"task": config.task, "lengths": list(lengths), "steps": config.steps, "seed": config.seed,
            "metric": rows[0]["metric"] if rows else None, "status": status, "results": rows}


def _entry_result(entry: dict[str, Any]) -> dict[str, Any]:
    keep = ("cell", "forget_bias", "label", "metric", "final", "solved_at_step", "status", "reason", "steps",
            "train_seconds", "baseline")
    return {name: entry.get(name) for name in keep}


def _device(config: Any) -> str:
    from ..training import resolve_device

    return resolve_device(config.device).type


def _final_text(result: dict[str, Any]) -> str:
    final = result.get("final")
    solved = result.get("solved_at_step")
    value = "–" if final is None else f"{final:.4g}"
    return f"{result['metric']} {value}" + (f", solved at step {solved:,}" if solved is not None else ", not solved") \
        + (" (cached)" if result.get("cached") else "")
