"""``qinternet run FILE``: simulate a scenario file and print what it delivered.

A progress bar (on standard error) follows the simulated time; the result is a table
that fits the terminal (:mod:`qinternet.cli.run_tables`), or with ``--json`` one strict
JSON object (RFC 8259: no NaN, null instead) in the versioned shape of
:mod:`qinternet.network.results` (``schema_version``, ``protocol``, ``pairs``,
``rate_hz``, ``fidelity_mean``, ... and one entry per link or request), with what makes
the run repeatable (``qinternet_version``, ``seed``, ``scenario_id``: the content id of
the scenario as run) and ``warnings``, one line each, for what the numbers cannot say
(no pair delivered: no fidelity; one pair: no standard error).

Examples:
    >>> _warnings({"links": [{"nodes": ["A", "B"], "pairs": 0}, {"nodes": ["B", "C"], "pairs": 1}]})
    ['links A-B: no pair delivered, so no fidelity', 'links B-C: one pair delivered, so no standard error']
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from qinternet import __version__
from qinternet.cli.records_out import write_run_records
from qinternet.cli.run_tables import result_table
from qinternet.core.ids import content_id
from qinternet.network import build_scenario, load_scenario, parse_scenario, run_built
from qinternet.network.budget import check_budget

if TYPE_CHECKING:
    from qinternet.network.build import BuiltScenario
    from qinternet.network.results import RunResult


def _warnings(summary: dict[str, Any]) -> list[str]:
    """One line for each part (or the whole run) whose pair count leaves a number unknown
    (a graph state: its own notes)."""
    if summary.get("protocol") == "graph":
        return list(summary["notes"])
    key = next((key for key in ("links", "requests") if summary.get(key)), None)
    parts = (
        [(f"{key} {'-'.join(part.get('nodes') or part['between'])}", part) for part in summary[key]]
        if key
        else [("", summary)]
    )
    lines = []
    for label, part in parts:
        where = f"{label}: " if label else ""
        if part["pairs"] == 0:
            lines.append(f"{where}no pair delivered, so no fidelity")
        elif part["pairs"] == 1:
            lines.append(f"{where}one pair delivered, so no standard error")
    return lines


def _print_table(result: RunResult, published: str, warnings: list[str]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    if not console.is_terminal:  # a file or pipe: no reason to wrap the cells
        console = Console(width=max(console.width, 160))
    console.print(result_table(result))
    if published:
        console.print(f"published: {escape(published)}")
    for line in warnings:
        console.print(f"note: {escape(line)}")


def _run_with_progress(built: BuiltScenario) -> RunResult:
    """``run_built(built)`` with a progress bar of the simulated time on standard error."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    scenario = built.scenario
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:.3g}/{task.total:g} s simulated"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task(scenario.name, total=scenario.duration_s)
        return run_built(built, on_progress=lambda now_s: progress.update(task, completed=now_s))


def _run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    updates = {
        key: value
        for key, value in (("seed", args.seed), ("duration_s", args.duration_s))
        if value is not None
    }
    if updates:
        given = " ".join(f"--{key.replace('_', '-')} {value!r}" for key, value in updates.items())
        data = {**scenario.model_dump(), **updates}
        scenario = parse_scenario(data, source=f"{args.file} with {given}")
    built = build_scenario(scenario, source=args.file)
    check_budget(built, source=args.file, force=args.force)
    if not args.json and sys.stderr.isatty():
        result = _run_with_progress(built)
    else:
        result = run_built(built, on_progress=lambda now_s: None)
    summary = result.to_json()
    warnings = _warnings(summary)
    if args.json:
        summary.update(
            qinternet_version=__version__,
            seed=scenario.seed,
            scenario_id=content_id(scenario.model_dump(mode="json")),
            warnings=warnings,
        )
        print(json.dumps(summary, allow_nan=False))
    else:
        _print_table(result, scenario.published.source if scenario.published else "", warnings)
    write_run_records(args, built, result)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser("run", help="simulate a scenario file")
    parser.add_argument("file", help="scenario YAML file (see examples/)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=None, help="override the file's seed")
    parser.add_argument("--duration-s", type=float, default=None, help="override the duration")
    parser.add_argument(
        "--force", action="store_true", help="run even beyond the time and memory budget"
    )
    parser.add_argument("--records", default=None, help="write records of the delivered state")
    parser.add_argument("--shots", type=int, default=None, help="records' shots per setting")
    parser.set_defaults(handler=_run)
