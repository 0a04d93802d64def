"""``qinternet presets [NAME ...]``: the platform presets and where each number comes from.

Examples:
    >>> lines = preset_lines(["siv"])
    >>> lines[0].startswith("siv: ") and any("Knaut" in line for line in lines)
    True
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from qinternet.physics.devices.presets import Platform, preset


def _names(names: Sequence[str]) -> list[str]:
    return [preset(name).platform.value for name in names] or [p.value for p in Platform]


def preset_lines(names: Sequence[str] = ()) -> list[str]:
    """One header line per preset (``name: title``), then its sourced numbers indented.

    Raises:
        InvalidParameterError: for an unknown preset name (with a "did you mean" hint).
    """
    lines = []
    for name in _names(names):
        platform = preset(name)
        lines.append(f"{name}: {platform.title}")
        lines.extend(f"    {source}" for source in platform.sources)
    return lines


def _run(args: argparse.Namespace) -> int:
    if args.json:
        data = {
            name: {"title": preset(name).title, "sources": list(preset(name).sources)}
            for name in _names(args.names)
        }
        print(json.dumps(data, indent=1))
    elif args.brief:
        for name in _names(args.names):
            print(f"{name}: {preset(name).title}")
    else:
        print("\n".join(preset_lines(args.names)))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``presets`` subcommand."""
    parser = subparsers.add_parser("presets", help="list platform presets and their sources")
    parser.add_argument("names", nargs="*", help="presets to show (default: all)")
    parser.add_argument("--brief", action="store_true", help="names and titles only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=_run)
