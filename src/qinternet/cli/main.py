"""Entry point of the ``qinternet`` command.

Each subcommand lives in a module of its own that exposes ``register(subparsers)``;
``register`` adds a parser whose ``handler`` default takes the parsed arguments and
returns the exit status. Only the module of the subcommand being run is imported (the
others stand in the parser by name and help alone), so ``qinternet --help`` imports no
numerical library and each command pays only for what it uses. Errors a user can cause
(a ``QinternetError``) print one line on standard error and exit with status 2, without
a traceback.

Examples:
    >>> build_parser().parse_args(["run", "scenario.yaml", "--json"]).json
    True
    >>> chosen_command(["--version"]), chosen_command(["sweep", "run", "x.yaml"])
    (None, 'sweep')
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from qinternet import __version__
from qinternet.core.errors import QinternetError

# pydantic looks for plugins (observers of every validation) through the installed
# packages' metadata when the first model is built: about 10 ms of every command, for
# hooks a scenario file has no use for. A user's own setting is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

USAGE_ERROR_STATUS = 2
BROKEN_PIPE_STATUS = 141  # 128 + SIGPIPE, as a shell reports a command killed by it
COMMANDS = {
    "demo": ("qinternet.cli.demo", "Bell pairs decaying in quantum memories"),
    "run": ("qinternet.cli.run", "simulate a scenario file"),
    "optics": ("qinternet.cli.optics", "linear optics: the quantum pachinko machine"),
    "sweep": ("qinternet.cli.sweep", "run a scenario over a grid of parameters"),
    "plot": ("qinternet.cli.plot", "plot the results of a sweep"),
    "presets": ("qinternet.cli.presets", "list platform presets and their sources"),
    "validate": ("qinternet.cli.validate", "check scenario files without running them"),
    "verify": (
        "qinternet.cli.verify",
        "is a measured state entangled? (CSV of measurement records)",
    ),
    "experiments": (
        "qinternet.cli.experiments",
        "run the examples of published experiments and print their table",
    ),
}
"""Each subcommand: the module that registers it, and its line in ``qinternet --help``."""


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` runs (its first word that is not an option), if any."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in COMMANDS else None


def build_parser(command: str | None = None, *, every: bool = True) -> argparse.ArgumentParser:
    """The argument parser: ``command`` (or, with ``every``, each subcommand) registered
    by its module, the rest by name and help alone."""
    parser = argparse.ArgumentParser(
        prog="qinternet", description="Simulate the quantum internet: states, optics, links."
    )
    parser.add_argument("--version", action="version", version=f"qinternet {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name, (module, summary) in COMMANDS.items():
        if every or name == command:
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    The garbage collector pauses while the command's modules load: they make thousands
    of objects that all live on (classes, schemas), so the collections that their count
    would trigger free nothing (about 15 ms of every command). Run as the program, they
    are then frozen, so the collections of the simulation that follows skip them.

    Run as the program (``argv`` None: the ``qinternet`` script, ``python -m
    qinternet.cli``), the process ends on return, so the objects it holds are first
    moved out of the garbage collector's reach (:func:`gc.freeze`): the interpreter's
    shutdown then does not search them for cycles (tens of milliseconds once a
    scenario's models and numpy are loaded); the operating system takes the memory back.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser = build_parser(chosen_command(words), every=False)
    finally:
        if argv is None:
            gc.freeze()
        if collecting:
            gc.enable()
    status = _run(parser.parse_args(words))
    if argv is None:
        gc.freeze()
    return status


def _run(args: argparse.Namespace) -> int:
    """The exit status of the command ``args`` names; a user's error is one line."""
    try:
        status: int = args.handler(args)
    except QinternetError as error:
        print(f"qinternet {args.command}: error: {error}", file=sys.stderr)
        return USAGE_ERROR_STATUS
    except BrokenPipeError:
        # The reader went away (``qinternet run ... | head``): nothing left to tell it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE_STATUS
    return status


if __name__ == "__main__":
    sys.exit(main())
