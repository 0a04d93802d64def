"""``qinternet sweep FILE --vary PATH=VALUES ... --out DIR``: run a parameter sweep.

Each ``--vary`` adds an axis (all axes multiply); ``--zip`` adds an axis that advances
together with the one before it. Values are ``START:STOP:NUM``, ``log:START:STOP:NUM``
or ``V1,V2,...``; paths go into the scenario (``links.0.length_m``,
``nodes.*.memory.t2_s``; ``_km``/``_ms``/... suffixes are converted; ``distance_km``
is every link's length of a one-link scenario). ``--set PATH=VALUE`` fixes a field
for every point.

Points run on all local cores by default, on ``--processes N`` local processes, on a
local Dask cluster of ``--workers N``, or on the Dask scheduler ``--scheduler
tcp://HOST:PORT`` (which must answer as one within ``--connect-timeout-s``, else one
line and status 2). Every finished point is committed to ``DIR/sweep.sqlite``;
re-running the same command resumes. At the end ``DIR/results.parquet`` and
``DIR/results.csv`` are written. The exit status is 0 when every point is done, 1 when
some failed (their errors are stored), 2 for bad input.

Examples:
    >>> args = build_arguments(["a.yaml", "--vary", "distance_km=1:9:3", "--zip", "seed=1,2,3",
    ...                         "--out", "d"])
    >>> [(axis.path.text, axis.zipped) for axis in _axes(args)]
    [('distance_km', False), ('seed', True)]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_positive
from qinternet.sweep import Axis, DaskExecutor, Executor, LocalExecutor, SweepSpec
from qinternet.sweep.executors import DEFAULT_CONNECT_TIMEOUT_S
from qinternet.sweep.run import DEFAULT_MAX_ATTEMPTS, SweepProgress, run_sweep
from qinternet.sweep.scheduler import scheduler_address
from qinternet.sweep.spec import parse_assignment
from qinternet.sweep.store import SweepStore

INTERRUPTED_STATUS = 130


class _AxisAction(argparse.Action):
    """Collect ``--vary`` and ``--zip`` in the order given (a zip joins the axis before)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        axes = list(getattr(namespace, self.dest, None) or [])
        axes.append((option_string == "--zip", str(values)))
        setattr(namespace, self.dest, axes)


def _axes(args: argparse.Namespace) -> list[Axis]:
    entries: list[tuple[bool, str]] = args.axes or []
    if entries and entries[0][0]:
        raise InvalidParameterError("--zip", entries[0][1], "needs a --vary before it")
    return [Axis.parse(text, zipped=zipped) for zipped, text in entries]


def _executor(args: argparse.Namespace) -> Executor:
    if args.scheduler is not None:
        return DaskExecutor(scheduler=args.scheduler, connect_timeout_s=args.connect_timeout_s)
    if args.workers is not None:
        return DaskExecutor(num_workers=args.workers)
    return LocalExecutor(args.processes)


def _eta(progress: SweepProgress) -> str:
    if progress.eta_s is None:
        return "ETA -"
    minutes, seconds = divmod(round(progress.eta_s), 60)
    return f"ETA {minutes}:{seconds:02d}"


def _run(args: argparse.Namespace) -> int:
    if args.max_attempts < 1:
        raise InvalidParameterError("--max-attempts", args.max_attempts, "must be >= 1")
    check_positive(args.connect_timeout_s, "--connect-timeout-s", "s")
    if args.scheduler is not None:
        scheduler_address(args.scheduler)  # a malformed address fails before any work
    axes = _axes(args)
    overrides = [parse_assignment(text) for text in args.set or []]
    if args.duration_s is not None:
        overrides.append(parse_assignment(f"duration_s={args.duration_s!r}"))
    spec = SweepSpec.from_file(args.file, axes, base_seed=args.seed, overrides=overrides)
    points = spec.validated_points()
    for point in points:
        if point.scenario is not None and math.isinf(point.scenario.duration_s):
            where = f" (at {point.describe()})" if point.params else ""
            raise InvalidParameterError(
                "duration_s", math.inf, f"a point that would not end{where}; give a finite one"
            )
    description = {
        "scenario": spec.scenario_name,
        "source": spec.source,
        "base_seed": spec.base_seed,
        "parameters": list(spec.parameters),
    }
    store = SweepStore.create(
        args.out, sweep_id=spec.sweep_id, description=description, force=args.force
    )
    err = Console(stderr=True)
    show = sys.stderr.isatty() and not args.quiet
    try:
        with (
            _executor(args) as executor,
            Progress(
                TextColumn("[bold]sweep"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} points, {task.fields[failed]} failed"),
                TextColumn("{task.fields[eta]}"),
                TimeElapsedColumn(),
                console=err,
                disable=not show,
            ) as bar,
        ):
            task = bar.add_task("sweep", total=len(points), failed=0, eta="ETA -")

            def on_progress(progress: SweepProgress) -> None:
                bar.update(
                    task,
                    completed=progress.num_done + progress.num_failed,
                    failed=progress.num_failed,
                    eta=_eta(progress),
                )

            summary = run_sweep(
                points,
                store,
                executor,
                max_attempts=args.max_attempts,
                on_progress=on_progress,
            )
        parquet, csv = store.export()
    except KeyboardInterrupt:
        counts = store.counts()
        err.print(f"interrupted: {counts['done']} points stored in {args.out}; re-run to resume")
        return INTERRUPTED_STATUS
    finally:
        store.close()
    print(
        f"{summary.num_points} points: {summary.num_done} done "
        f"({summary.num_skipped} already stored), {summary.num_failed} failed, "
        f"{summary.elapsed_s:.1f} s; results in {parquet} and {csv}"
    )
    return 1 if summary.num_failed else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sweep`` subcommand."""
    parser = subparsers.add_parser(
        "sweep",
        help="run a scenario over a grid of parameters",
        description="Run a scenario over a grid of parameters; every finished point is "
        "stored in --out at once, and re-running the command resumes.",
    )
    _add_arguments(parser)
    parser.set_defaults(handler=_run)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="scenario YAML file (see examples/)")
    parser.add_argument(
        "--vary",
        "--zip",
        dest="axes",
        action=_AxisAction,
        metavar="PATH=VALUES",
        help="an axis: START:STOP:NUM, log:START:STOP:NUM or V1,V2,...; "
        "--zip advances with the axis before it instead of multiplying",
    )
    parser.add_argument("--set", action="append", metavar="PATH=VALUE", help="fix a field")
    parser.add_argument("--out", required=True, help="output folder (resumed if it exists)")
    parser.add_argument("--seed", type=int, default=None, help="base seed (default: the file's)")
    parser.add_argument("--duration-s", type=float, default=None, help="simulated time per point")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--processes", type=int, default=None, help="local processes (default: all cores)"
    )
    where.add_argument("--workers", type=int, default=None, help="start a local Dask cluster")
    where.add_argument("--scheduler", default=None, help="Dask scheduler, tcp://HOST:PORT")
    parser.add_argument(
        "--connect-timeout-s",
        type=float,
        default=DEFAULT_CONNECT_TIMEOUT_S,
        help="how long to wait for the Dask scheduler",
    )
    parser.add_argument(
        "--max-attempts", type=int, default=DEFAULT_MAX_ATTEMPTS, help="attempts per point"
    )
    parser.add_argument("--force", action="store_true", help="replace a different sweep in --out")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def build_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``qinternet sweep`` arguments (without running anything)."""
    parser = argparse.ArgumentParser(prog="qinternet sweep")
    _add_arguments(parser)
    return parser.parse_args(argv)
