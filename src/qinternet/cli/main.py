"""Entry point of the ``qinternet`` command.

Each subcommand lives in a module of its own that exposes ``register(subparsers)``;
``register`` adds a parser whose ``handler`` default takes the parsed arguments and
returns the exit status. Errors a user can cause (a ``QinternetError``) print one line
on standard error and exit with status 2, without a traceback.

Examples:
    >>> build_parser().parse_args(["run", "scenario.yaml", "--json"]).json
    True
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from qinternet import __version__
from qinternet.cli import demo, optics, plot, presets, run, sweep, validate
from qinternet.core.errors import QinternetError

USAGE_ERROR_STATUS = 2
SUBCOMMAND_MODULES = (demo, run, optics, sweep, plot, presets, validate)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="qinternet", description="Simulate the quantum internet: states, optics, links."
    )
    parser.add_argument("--version", action="version", version=f"qinternet {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module in SUBCOMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except QinternetError as error:
        print(f"qinternet {args.command}: error: {error}", file=sys.stderr)
        return USAGE_ERROR_STATUS
    return status


if __name__ == "__main__":
    sys.exit(main())
