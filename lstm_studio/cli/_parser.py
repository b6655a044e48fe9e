"""The ``lstm-studio`` argument parser."""
from __future__ import annotations

import argparse

from .. import __version__

#: The cells, described without importing torch (``--help`` stays instant).
CELL_KINDS = {
    "lstm": "LSTM (nn.LSTM)", "gru": "GRU (nn.GRU)", "rnn": "plain tanh RNN (nn.RNN)",
    "lstm_peephole": "LSTM with peepholes (Gers & Schmidhuber 2000)",
    "lstm_no_forget": "the original 1997 LSTM, no forget gate",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lstm-studio",
        description="Watch an LSTM learn. With no command, opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_train(commands)
    _add_evaluate(commands)
    _add_classify(commands)
    _add_inspect(commands)
    _add_sample(commands)
    _add_lab(commands)
    _add_runs(commands)
    _add_export(commands)
    commands.add_parser("gui", help="open the desktop app (the default)")
    return parser


MODEL_FORMATS = ("any model file: an LSTM Studio checkpoint, a PyTorch state_dict, .safetensors, Keras "
                 ".keras/.h5, a TensorFlow 1 checkpoint or ONNX")
SEQUENCE_HELP = ".npy/.npz ([T, F] or [N, T, F]), .csv (one row per step) or .txt (character models)"


def _checkpoint_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--checkpoint", metavar="FILE", help=f"{help_text}; {MODEL_FORMATS}")


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="MNIST folder (torchvision layout); default $LSTM_STUDIO_DATA or the user data folder")
    parser.add_argument("--no-download", action="store_true", help="never try to download MNIST")


def _add_train(commands) -> None:  # noqa: ANN001 - argparse's private subparsers type
    train = commands.add_parser("train", help="train a model and save a checkpoint",
                                description="Train the LSTM on MNIST (or the bundled mini-MNIST when "
                                            "MNIST is unavailable) and save a checkpoint.")
    train.add_argument("--epochs", type=_positive_int, help="passes over the training data (default 1)")
    train.add_argument("--limit-batches", type=_positive_int, metavar="N", help="at most N batches per epoch")
    train.add_argument("--device", default="auto", help="auto (cuda, then mps, then cpu), cpu, cuda, cuda:1, mps")
    _data_options(train)
    train.add_argument("--mini", action="store_true", help="train on the bundled mini-MNIST")
    train.add_argument("--out", metavar="FILE", default="model.pt", help="checkpoint to write (default model.pt)")
    _checkpoint_option(train, "start from this checkpoint's weights (and shape)")
    train.add_argument("--probe-every", type=_non_negative_int, metavar="N",
                       help="gate trace of the probe batch every N steps (0: never; default: time-based, "
                            "at most 1%% of training time)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--cell", choices=tuple(CELL_KINDS), default="lstm",
                       help="the recurrent cell: " + "; ".join(f"{k}: {v}" for k, v in CELL_KINDS.items()))
    train.add_argument("--forget-bias", type=_finite_float, metavar="B",
                       help="initial forget-gate bias of the LSTM cells (default: PyTorch's, around 0; 1 is "
                            "what Gers et al. 2000 and Jozefowicz et al. 2015 recommend)")
    train.add_argument("--layout", choices=("rows", "pixels"), default="rows",
                       help="digits: read one row per step (28 steps, default) or --chunk pixels per step")
    train.add_argument("--chunk", type=_positive_int, default=4, metavar="K",
                       help="with --layout pixels: pixels per step (784/K steps; default 4)")
    train.add_argument("--hidden-size", type=_positive_int, help="units per layer (default 128)")
    train.add_argument("--layers", type=_positive_int, default=2)
    train.add_argument("--dropout", type=_fraction, help="dropout between layers (default 0.2; text 0)")
    train.add_argument("--lr", type=_positive_float, help="Adam learning rate (default 1e-3; text 5e-3)")
    train.add_argument("--lr-schedule", choices=("constant", "cosine"),
                       help="constant or cosine decay to 0 over the run (default constant; text cosine)")
    train.add_argument("--batch-size", type=_positive_int, help="default 128; text 64 streams")
    train.add_argument("--threads", type=_positive_int, metavar="N", help="cap torch's CPU threads")
    train.add_argument("--augment", action="store_true",
                       help="random rotation, scale, shear, shift and pen width on every batch")
    train.add_argument("--strokes", metavar="FILE",
                       help="also train on pen digits from a UNIPEN file (e.g. pendigits), rendered like drawings")
    train.add_argument("--stroke-writers", metavar="LIST", default="",
                       help="only these writers of --strokes, e.g. 1-25 (default: all)")
    train.add_argument("--json", action="store_true", help="end with one JSON line of results on stdout")
    train.add_argument("--run-dir", metavar="DIR",
                       help="also write the run as it goes into this new folder (metrics, gate traces, weights, "
                            "status) for File > Follow a run... or `lstm-studio runs`")
    train.add_argument("--dist-timeout", type=_positive_float, default=300.0, metavar="SECONDS",
                       help="under torchrun: how long a process waits for the others (joining, and at every "
                            "step) before it gives up (default 300)")
    _text_train_options(train)


#: Defaults of the options that differ between tasks (the text task's are in cli/_text.py).
DIGITS_DEFAULTS = {"epochs": 1, "hidden_size": 128, "dropout": 0.2, "lr": 1e-3, "lr_schedule": "constant",
                   "batch_size": 128}


def _text_train_options(train: argparse.ArgumentParser) -> None:
    text = train.add_argument_group("text (--task text)")
    text.add_argument("--task", choices=("digits", "text"), default="digits",
                      help="digits (default) or text: a character-level language model")
    text.add_argument("--corpus", metavar="FILE|NAME",
                      help="shakespeare (bundled, default), python (this Python's standard library), generated "
                           "(a synthetic language with known structure) or a UTF-8 text file (sampled when large)")
    text.add_argument("--corpus-bytes", type=_positive_int, default=2_000_000, metavar="N",
                      help="most bytes read from a file or the standard library (default 2,000,000)")
    text.add_argument("--minutes", type=_positive_float, metavar="M",
                      help="train for M minutes of wall time, then measure (instead of --epochs)")
    text.add_argument("--seq-len", type=_positive_int, metavar="T",
                      help="characters per sequence: how far back gradients flow (default 64; the state "
                           "flows on from sequence to sequence)")
    text.add_argument("--embedding-size", type=_positive_int, metavar="E",
                      help="size of each character's learnt embedding (default 64)")
    text.add_argument("--no-carry-state", action="store_true",
                      help="start every batch from a zero state instead of carrying it (truncated BPTT)")


def _add_evaluate(commands) -> None:  # noqa: ANN001
    evaluate = commands.add_parser("evaluate", help="accuracy on the MNIST test set, or on your labelled sequences")
    _checkpoint_option(evaluate, "checkpoint to evaluate (default: the bundled model)")
    evaluate.add_argument("--data", metavar="FILE.npz",
                          help="evaluate on these sequences instead of MNIST: x [N, T, F] and labels y [N]")
    _data_options(evaluate)
    evaluate.add_argument("--device", default="auto")
    evaluate.add_argument("--json", action="store_true", help='print {"accuracy": ..., "n": ...}')


def _add_classify(commands) -> None:  # noqa: ANN001
    classify = commands.add_parser(
        "classify", help="classify images or drawings",
        description="INPUT: an image (PNG/JPEG, either polarity), stroke JSON "
                    '({"width", "height", "strokes"}) or a .jsonl file of drawings, one per line; or, for any '
                    f"model, sequences: {SEQUENCE_HELP}.")
    _checkpoint_option(classify, "checkpoint (default: the bundled model)")
    classify.add_argument("inputs", nargs="+", metavar="INPUT")
    classify.add_argument("--json", action="store_true", help="one JSON line per digit, in input order")


def _add_inspect(commands) -> None:  # noqa: ANN001
    inspect = commands.add_parser("inspect", help="save every gate at every timestep for one input")
    _checkpoint_option(inspect, "checkpoint (default: the bundled model; with --text the bundled text model)")
    inspect.add_argument("input", metavar="INPUT", nargs="?",
                         help=f"an image or stroke JSON file, a sequence ({SEQUENCE_HELP}), or for a text model a "
                              "text file")
    inspect.add_argument("--index", type=_non_negative_int, default=0, metavar="N",
                         help="which sequence of a file holding several (default 0)")
    inspect.add_argument("--text", metavar="TEXT", help="text for a character model to read (instead of INPUT)")
    inspect.add_argument("--out", metavar="FILE.npz", required=True)
    inspect.add_argument("--csv", metavar="FILE.csv", help="also write the gates as a long CSV table")


def _add_runs(commands) -> None:  # noqa: ANN001
    runs = commands.add_parser("runs", help="list the training runs in a folder (train --run-dir)",
                               description="List the runs in DIR (its sub-folders written by train --run-dir, or "
                                           "DIR itself): state, last step, last loss and metrics.")
    runs.add_argument("folder", metavar="DIR")
    runs.add_argument("--json", action="store_true", help="one JSON line per run instead of a table")


def _add_export(commands) -> None:  # noqa: ANN001
    export = commands.add_parser("export", help="export a model to .safetensors or ONNX",
                                 description="Write a model (any format --checkpoint reads) as .safetensors (the "
                                             "weights, with the config as metadata) or .onnx (lstm, gru and rnn "
                                             "cells; inputs [batch, steps, features], activated outputs).")
    _checkpoint_option(export, "model to export (default: the bundled model)")
    export.add_argument("--to", metavar="FILE", required=True, help="model.safetensors or model.onnx")
    export.add_argument("--json", action="store_true", help="print one JSON line describing the file written")


def _add_lab(commands) -> None:  # noqa: ANN001
    lab = commands.add_parser(
        "lab", help="compare RNN, GRU and LSTM side by side on a long-term dependency task",
        description="Train several cells on the same batches of a task built to need long-term memory, and "
                    "report each one's held-out score against what a model that learned nothing scores. "
                    "Defaults: 1 layer of 32 units, batch 32, Adam 5e-3, gradients clipped to norm 1.")
    lab.add_argument("--task", choices=("adding", "temporal_order", "copy", "seq_mnist"), default="adding",
                     help="adding problem (MSE), temporal order (accuracy), copy memory (cross-entropy) or "
                          "sequential MNIST (accuracy; the length is 784 / pixels per step)")
    lengths = lab.add_mutually_exclusive_group()
    lengths.add_argument("--length", type=_positive_int, metavar="T",
                         help="sequence length (default: adding 100, temporal_order 60, copy 50, seq_mnist 28)")
    lengths.add_argument("--lengths", metavar="LIST",
                         help="a sweep: run at each length, e.g. 50,100,200 (results already cached are reused)")
    lab.add_argument("--cells", default="rnn,gru,lstm", metavar="LIST",
                     help="cells to compare: " + ", ".join(CELL_KINDS) + "; lstm-fb1 is an LSTM with forget "
                                                                          "bias 1 (default rnn,gru,lstm)")
    lab.add_argument("--forget-bias", default="default", metavar="B",
                     help="initial forget-gate bias of the LSTM cells: default (PyTorch's, around 0), a number, "
                          "or several to run each LSTM once per bias, e.g. default,1")
    lab.add_argument("--steps", type=_positive_int, default=2000)
    lab.add_argument("--seed", type=_non_negative_int, default=0)
    lab.add_argument("--hidden-size", type=_positive_int, default=32)
    lab.add_argument("--layers", type=_positive_int, default=1)
    lab.add_argument("--batch-size", type=_positive_int, default=32)
    lab.add_argument("--lr", type=_positive_float, default=5e-3, help="Adam learning rate")
    lab.add_argument("--clip", type=_positive_float, default=1.0, help="gradient norm clip")
    lab.add_argument("--eval-every", type=_positive_int, default=100, metavar="N",
                     help="score the held-out set every N steps (solved_at_step is a multiple of N)")
    lab.add_argument("--test-size", type=_positive_int, default=1000, help="held-out sequences")
    lab.add_argument("--device", default="cpu", help="cpu (default), cuda, mps or auto")
    lab.add_argument("--threads", type=_positive_int, metavar="N", help="cap torch's CPU threads")
    lab.add_argument("--cache", metavar="FILE", help="results cache (default $LSTM_STUDIO_LAB_CACHE or "
                                                     "lab-results.json in the user data folder)")
    lab.add_argument("--no-cache", action="store_true", help="neither read nor write the results cache")
    _data_options(lab)
    lab.add_argument("--json", action="store_true", help="end with one JSON line of results on stdout")


def _add_sample(commands) -> None:  # noqa: ANN001
    sample = commands.add_parser("sample", help="let a character model write text",
                                 description="A character model writes text, one character at a time.")
    _checkpoint_option(sample, "a text model's checkpoint (default: the bundled text model)")
    sample.add_argument("--prime", default="", metavar="TEXT", help="text the model reads first (printed too)")
    sample.add_argument("--length", type=_non_negative_int, default=500, metavar="N", help="characters to write")
    sample.add_argument("--temperature", type=_non_negative_float, default=0.8, metavar="T",
                        help="below 1 safer, above 1 wilder; 0 always takes the likeliest (default 0.8)")
    sample.add_argument("--seed", type=int, help="the same seed writes the same text")
    sample.add_argument("--json", action="store_true", help='print {"prime", "text", ...} as one line')


def _non_negative_float(text: str) -> float:
    value = _finite_float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = _non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value != value or abs(value) == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {text}")
    return value
