"""The headless command line: ``lstm-studio train | evaluate | classify | inspect | sample``."""
from __future__ import annotations

import sys

from ._common import CliError
from ._digits import run_classify, run_evaluate, run_inspect
from ._text import run_inspect_any, run_sample
from ._train import run_train
from ._parser import build_parser

COMMANDS = {"train": run_train, "evaluate": run_evaluate, "classify": run_classify, "inspect": run_inspect_any,
            "sample": run_sample}


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status. Errors are one line on stderr, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        return _run_gui(parser)
    try:
        return COMMANDS[args.command](args)
    except CliError as error:
        print(f"lstm-studio: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("lstm-studio: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _run_gui(parser) -> int:  # noqa: ANN001
    try:
        from ..app import run_app
    except ImportError as error:
        print(f"lstm-studio: the desktop app is unavailable ({error})", file=sys.stderr)
        parser.print_help(sys.stderr)
        return 2
    return run_app()


__all__ = ["CliError", "build_parser", "main"]
