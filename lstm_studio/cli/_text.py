"""``train --task text``, ``sample`` and ``inspect --text``: character-level models from the command line."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ._common import CliError, emit_json, note

#: ``train --task text``'s option names for ``tasks.TEXT_TRAINING_DEFAULTS`` (imported late: torch is slow to load).
TEXT_OPTIONS = {"hidden_size": "hidden_size", "dropout": "dropout", "lr": "learning_rate",
                "lr_schedule": "lr_schedule", "batch_size": "batch_size", "seq_len": "seq_len",
                "embedding_size": "embedding_size"}
FOREVER_EPOCHS = 1_000_000  # with --minutes the clock ends the run


def fill_defaults(args: argparse.Namespace, defaults: dict[str, Any]) -> None:
    """Give every option the user left out (``None``) its default for the task."""
    for name, value in defaults.items():
        if getattr(args, name, None) is None:
            setattr(args, name, value)


# --- train --------------------------------------------------------------------------------------------------
def run_train_text(args: argparse.Namespace) -> int:
    from ..tasks import TEXT_TRAINING_DEFAULTS
    from ..training import Trainer, describe_device

    fill_defaults(args, {option: TEXT_TRAINING_DEFAULTS[key] for option, key in TEXT_OPTIONS.items()})
    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out {out}: is a folder; give a file name such as {out / 'text_model.pt'}")
    initial, vocabulary = _initial_model(args)
    task = _text_task(args, vocabulary)
    config = _train_config(args)
    try:
        trainer = Trainer(config, task, initial)
    except ValueError as error:
        raise CliError(str(error)) from None
    note(f"training a {config.cell} {config.num_layers} x {config.hidden_size} on "
         f"{describe_device(trainer.device, config.num_threads)} with {task.describe()}")
    from ..training import SINGLE_PROCESS
    from ._train import _Saver, _finish_recorder, _start_recorder

    saver = _Saver(out, trainer, task)
    recorder = _start_recorder(args.run_dir, trainer, SINGLE_PROCESS)
    result = _train_with_clock(trainer, saver, recorder)
    _finish_recorder(recorder, result)
    if result.status == "diverged":
        note(f"lstm-studio: training diverged: {result.reason}; {saver.on_disk()}")
        return 1
    summary = _summary(args, task, trainer, result)
    saver.save({key: summary[key] for key in ("val_bits_per_char", "chars_per_s", "steps", "train_seconds",
                                              "status", "epochs", "corpus")})
    note(f"{result.status}{' (' + result.reason + ')' if result.reason else ''}: {result.steps:,} steps, "
         f"held-out {summary['val_bits_per_char']:.4f} bits per character, {summary['chars_per_s']:,.0f} characters/s; "
         f"saved {out}")
    if args.json:
        emit_json(summary)
    return 0


def _initial_model(args: argparse.Namespace) -> tuple[Any, Any]:
    """``(model, vocabulary)`` of ``--checkpoint`` to continue from, or ``(None, None)``."""
    if not args.checkpoint:
        return None, None
    from ..io import CheckpointError, load_checkpoint
    from ..text import text_model_from_checkpoint

    try:
        text_model = text_model_from_checkpoint(load_checkpoint(args.checkpoint))
    except CheckpointError as error:
        raise CliError(str(error)) from None
    config = text_model.model.config
    args.hidden_size, args.layers, args.cell = config.hidden_size, config.num_layers, config.cell
    args.embedding_size = config.input_size
    return text_model.model, text_model.vocabulary


def _text_task(args: argparse.Namespace, vocabulary: Any) -> Any:
    from ..data.text import CorpusError
    from ..tasks import TextTask
    from ..text import load_corpus

    try:
        corpus = load_corpus(args.corpus or "shakespeare", max_bytes=args.corpus_bytes, seed=args.seed)
        task = TextTask(corpus, vocabulary, seq_len=args.seq_len, embedding_size=args.embedding_size,
                        carry_state=not args.no_carry_state)
        task.batches_per_epoch(args.batch_size)  # a text too short for one batch is refused here
    except (CorpusError, ValueError) as error:
        raise CliError(f"--corpus {args.corpus or 'shakespeare'}: {error}") from None
    return task


def _train_config(args: argparse.Namespace) -> Any:
    from ..training import TrainConfig

    epochs = args.epochs or (FOREVER_EPOCHS if args.minutes else 1)
    return TrainConfig(
        cell=args.cell, hidden_size=args.hidden_size, num_layers=args.layers, dropout=args.dropout,
        forget_bias=args.forget_bias, learning_rate=args.lr, batch_size=args.batch_size, epochs=epochs,
        seed=args.seed, device=args.device, num_threads=args.threads, limit_batches=args.limit_batches,
        probe_every=args.probe_every, lr_schedule=args.lr_schedule, probe_size=4,
        max_seconds=args.minutes * 60 if args.minutes else None)


def _summary(args: argparse.Namespace, task: Any, trainer: Any, result: Any) -> dict[str, Any]:
    config = trainer.model.config
    return {"val_bits_per_char": result.test_metric, "chars_per_s": result.samples_per_s * task.seq_len,
            "steps": result.steps, "epochs": result.epochs_completed, "train_seconds": result.train_seconds,
            "status": result.status, "reason": result.reason, "corpus": task.corpus.name,
            "corpus_chars": task.corpus.n_chars, "vocab_size": len(task.vocabulary),
            "parameters": config.parameter_count(), "cell": config.cell, "hidden_size": config.hidden_size,
            "layers": config.num_layers, "embedding_size": config.input_size, "seq_len": task.seq_len,
            "batch_size": trainer.config.batch_size, "learning_rate": trainer.config.learning_rate,
            "lr_schedule": trainer.config.lr_schedule, "carry_state": task.carry_state,
            "device": trainer.device.type, "checkpoint": str(args.out)}


def _train_with_clock(trainer: Any, saver: Any, recorder: Any = None) -> Any:
    """Run with a progress bar over the time limit (``--minutes``) or over the batches, saving every epoch
    (and writing the run folder of ``--run-dir`` through ``recorder``)."""
    from tqdm import tqdm

    config = trainer.config
    timed = bool(config.max_seconds)
    total = int(config.max_seconds) if timed else config.epochs * trainer.batches_per_epoch()
    bar = tqdm(total=total, unit="s" if timed else "batch", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def on_snapshot(snapshot: Any) -> None:
        if snapshot.loss == snapshot.loss:
            bar.set_postfix_str(f"{snapshot.metric:.3f} bits/char (training) "
                                f"{snapshot.samples_per_s * trainer.task.seq_len:,.0f} chars/s", refresh=False)
        done = snapshot.elapsed_s if timed else snapshot.epoch * snapshot.batches_per_epoch + snapshot.batch
        bar.update(max(0, min(total, int(done)) - bar.n))
        if recorder is not None:
            recorder.on_snapshot(snapshot)

    def on_epoch(report: Any) -> None:
        if not timed or report.epoch % 10 == 0:
            bar.write(f"epoch {report.epoch}: held-out {report.test_metric:.4f} bits per character", file=sys.stderr)
        saver.save_epoch(report)
        if recorder is not None:
            recorder.on_epoch(report)

    previous = signal.getsignal(signal.SIGINT)

    def interrupt(signum: int, frame: Any) -> None:
        trainer.stop("interrupted (Ctrl+C)")
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, interrupt)
    try:
        return trainer.run(on_snapshot, on_epoch)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()


# --- sample -------------------------------------------------------------------------------------------------
def _text_model(path: str | None) -> Any:
    """The character model of ``path`` (default: the bundled one), on one torch thread.

    Reading and writing text is work on a batch of one: more threads only hand off and spin-wait
    (measured: a 500-character sample 25x slower on two busy cores than on one).
    """
    import torch

    from ..io import CheckpointError
    from ..text import load_text_model

    torch.set_num_threads(1)
    try:
        return load_text_model(path)
    except CheckpointError as error:
        raise CliError(str(error)) from None


def run_sample(args: argparse.Namespace) -> int:
    from ..text import sample_text

    text_model = _text_model(args.checkpoint)
    try:
        text = sample_text(text_model.model, text_model.vocabulary, args.prime, args.length, args.temperature,
                           args.seed)
    except ValueError as error:
        raise CliError(str(error)) from None
    if args.json:
        emit_json({"prime": args.prime, "text": text, "temperature": args.temperature, "seed": args.seed,
                   "length": len(text)})
    else:
        sys.stdout.write(args.prime + text + ("" if text.endswith("\n") else "\n"))
    return 0


# --- inspect ------------------------------------------------------------------------------------------------
def run_inspect_any(args: argparse.Namespace) -> int:
    """``inspect``: a character model reading ``--text`` or a text file, else a digits model on an image/drawing."""
    if args.text is not None:
        return _inspect_text(args, args.text)
    if args.input is None:
        raise CliError("inspect: give INPUT (an image, stroke JSON or, with a text model, a text file) or --text")
    bundled_text = args.checkpoint is None and args.input.lower().endswith(".txt")  # the bundled text model reads it
    if bundled_text or (args.checkpoint and _is_text_checkpoint(args.checkpoint)):
        return _inspect_text(args, _read_input_text(args.input))
    from ._sequences import run_inspect_any as inspect_digit_or_sequence

    return inspect_digit_or_sequence(args)


def _is_text_checkpoint(path: str) -> bool:
    """Whether ``path`` is an LSTM Studio text model; any other file is left to the model loader to judge."""
    from ..io import CheckpointError, load_checkpoint

    try:
        return load_checkpoint(path).task.get("name") == "text"
    except CheckpointError:
        return False


def _read_input_text(path: str) -> str:
    from ..data.text import CorpusError, open_text_file
    from ..text import MAX_READ_CHARS

    try:
        text = open_text_file(path, max_bytes=max(4_096, 4 * MAX_READ_CHARS)).text
    except CorpusError as error:
        raise CliError(str(error)) from None
    if len(text) > MAX_READ_CHARS:
        note(f"lstm-studio: {path}: reading its first {MAX_READ_CHARS:,} characters")
    return text[:MAX_READ_CHARS]


def _inspect_text(args: argparse.Namespace, text: str) -> int:
    from ..text import read_text

    text_model = _text_model(args.checkpoint)
    try:
        reading = read_text(text_model.model, text_model.vocabulary, text)
    except ValueError as error:
        raise CliError(str(error)) from None
    extra = {"chars": np.array(list(text), dtype="<U1"), "top_ids": reading.top_ids, "top_probs": reading.top_probs,
             "vocabulary": np.array(["<unk>", *text_model.vocabulary.chars])}
    _write(args, reading, extra)
    note(f"{len(text):,} characters, {', '.join(reading.arrays)} of {reading.num_layers} layer(s) x "
         f"{reading.hidden_size} units and the next-character probabilities saved to {args.out}")
    return 0


def _write(args: argparse.Namespace, reading: Any, extra: dict[str, np.ndarray]) -> None:
    from ..io import save_trace_csv, save_trace_npz

    trace = reading.as_trace()
    for path, write in ((args.out, lambda p: save_trace_npz(p, trace, extra=extra)),
                        (args.csv, lambda p: save_trace_csv(p, trace))):
        if not path:
            continue
        try:
            write(path)
        except IsADirectoryError:
            raise CliError(f"{path}: is a folder; give a file name such as {path.rstrip('/')}/gates.npz") from None
        except OSError as error:
            raise CliError(f"{path}: cannot write ({error.strerror or error})") from None
