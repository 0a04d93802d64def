"""``qinternet validate FILE ...``: check scenario files without running them.

Each file is parsed and validated (unknown keys, missing fields, impossible values)
and its hardware built (presets, overrides, link schemes). A valid file prints one
line; the first invalid one is a one-line error and exit status 2.
"""

from __future__ import annotations

import argparse

from qinternet.network import build_scenario, load_scenario


def _run(args: argparse.Namespace) -> int:
    for file in args.files:
        scenario = load_scenario(file)
        built = build_scenario(scenario, source=file)
        print(
            f"{file}: ok ({scenario.name!r}: {len(built.nodes)} nodes, {len(built.links)} links, "
            f"{scenario.duration_s:g} s)"
        )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser("validate", help="check scenario files without running them")
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    parser.set_defaults(handler=_run)
