"""``qinternet experiments [FOLDER]``: the table of examples that model published experiments.

Runs every scenario of the folder (default ``examples``) that has a ``published:`` block
and prints the markdown table of the README: published rate and fidelity next to the
simulated ones (:mod:`qinternet.network.experiments`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qinternet.core.errors import ScenarioError
from qinternet.network.experiments import experiment_table


def _run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise ScenarioError(f"{folder}: not a folder of scenario files")
    print(experiment_table(folder))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``experiments`` subcommand."""
    parser = subparsers.add_parser(
        "experiments", help="run the examples of published experiments and print their table"
    )
    parser.add_argument("folder", nargs="?", default="examples", help="folder of scenario files")
    parser.set_defaults(handler=_run)
