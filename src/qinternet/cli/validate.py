"""``qinternet validate FILE ...``: check scenario files without running them.

Each file goes through everything ``qinternet run`` does before it simulates, so the
two refuse the same files: it is read and parsed (unknown keys with a "did you mean",
wrong types, missing fields, in every section including the devices), then built
(presets with the file's device changes, physically impossible values, the memories a
chain or a request needs, the link schemes' outcomes), and its estimated cost held to
the budget (:mod:`qinternet.network.budget`; ``--force`` as for run). Nothing is
simulated. A valid
file prints one line; the first invalid one is a one-line error and exit status 2.
"""

from __future__ import annotations

import argparse

from qinternet.network.budget import check_budget
from qinternet.network.build import build_scenario
from qinternet.network.scenario import load_scenario


def _run(args: argparse.Namespace) -> int:
    for file in args.files:
        scenario = load_scenario(file)
        built = build_scenario(scenario, source=file)
        check_budget(built, source=file, force=args.force)
        print(
            f"{file}: ok ({scenario.name!r}: {len(built.nodes)} nodes, {len(built.scenario.links)} links, "
            f"{scenario.duration_s:g} s)"
        )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser("validate", help="check scenario files without running them")
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    parser.add_argument(
        "--force", action="store_true", help="accept runs beyond the time and memory budget"
    )
    parser.set_defaults(handler=_run)
