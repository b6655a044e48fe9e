"""The headless command line: ``lstm-studio train | evaluate | classify | inspect | sample | lab | export | runs``."""
from __future__ import annotations

import sys

from ._common import CliError
from ._digits import run_classify, run_evaluate
from ._export import run_export
from ._lab import run_lab
from ._runs import run_runs
from ._text import run_inspect_any, run_sample
from ._train import run_train
from ._parser import build_parser

COMMANDS = {"train": run_train, "evaluate": run_evaluate, "classify": run_classify, "inspect": run_inspect_any,
            "sample": run_sample, "lab": run_lab, "export": run_export, "runs": run_runs}


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
        from ..app import exit_without_teardown, run_app
    except ImportError as error:
        print(f"lstm-studio: the desktop app is unavailable ({error})", file=sys.stderr)
        parser.print_help(sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C while Qt loads, before the app handles signals itself
        return 130
    try:
        status = run_app()
    except KeyboardInterrupt:  # the same, in the moment before run_app installs its handling
        return 130
    exit_without_teardown(status)  # everything is saved: skip seconds of freeing torch and Qt


__all__ = ["CliError", "build_parser", "main"]
