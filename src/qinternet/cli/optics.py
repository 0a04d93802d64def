"""``qinternet optics``: linear-optics calculations from the command line.

``qinternet optics pachinko --levels L --photons N [--photons-right M]`` builds the
quantum pachinko machine of Gard et al. (arXiv:1304.4206), prints the dimension of its
output space ``C(N + M + 2L - 1, N + M)`` and the resource counts, and the most likely
detector outcomes:

* when the output space is small enough (``--max-dimension``), the whole distribution
  is computed exactly and the ``--top`` outcomes are printed;
* otherwise nothing is enumerated: a seeded Metropolis walk over outcomes (moving one
  photon between detectors), guided by the polynomial-time two-port probability, visits
  outcomes, and the best ones are printed with their exact probabilities, labelled as
  found by a search and not certified.

Examples:
    >>> from qinternet.cli.main import main
    >>> main(["optics", "pachinko", "--levels", "1", "--photons", "1", "--json"])
    ... # doctest: +ELLIPSIS
    {"levels": 1, ...}
    0
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from qinternet.core.errors import InvalidParameterError
from qinternet.core.rng import make_rng
from qinternet.optics.fock import output_distribution
from qinternet.optics.pachinko import PachinkoMachine, pachinko, search_likely_outcomes
from qinternet.optics.two_port import TwoPortInput

DEFAULT_MAX_DIMENSION = 2_000_000
"""Largest output space enumerated exactly; beyond it the seeded search runs."""

DEFAULT_SEARCH_STEPS = 2000
DEFAULT_TOP = 10
PRINT_ALL_BELOW = 64
"""Output spaces up to this size are printed whole unless ``--top`` is given."""
FULL_OCCUPATION_MAX_MODES = 16
"""Occupations of machines with more lanes are printed sparsely (``detector:photons``)."""


@dataclass(frozen=True)
class PachinkoOutcome:
    """One reported outcome: photons per detector, probability and its error estimate."""

    occupation: tuple[int, ...]
    log_probability: float
    relative_error: float

    @property
    def probability(self) -> float:
        """The probability (0.0 if it underflows a float; see ``log10_probability``)."""
        return math.exp(self.log_probability)

    @property
    def log10_probability(self) -> float:
        """Base-10 logarithm of the probability."""
        return self.log_probability / math.log(10.0)


@dataclass(frozen=True)
class PachinkoReport:
    """What ``qinternet optics pachinko`` prints."""

    machine: PachinkoMachine
    photons: tuple[int, int]
    dimension: int
    exact: bool
    seed: int | None
    search_steps: int
    outcomes: tuple[PachinkoOutcome, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable summary (the dimension is an exact integer)."""
        return {
            "levels": self.machine.levels,
            "photons_left": self.photons[0],
            "photons_right": self.photons[1],
            "reflectivity": self.machine.reflectivity,
            "num_modes": self.machine.num_modes,
            "dimension": self.dimension,
            "num_beam_splitters": self.machine.num_beam_splitters,
            "num_phase_shifters": self.machine.num_phase_shifters,
            "num_detectors": self.machine.num_detectors,
            "method": "exact" if self.exact else "seeded search (not certified)",
            "seed": self.seed,
            "search_steps": None if self.exact else self.search_steps,
            "outcomes": [
                {
                    "occupation": list(outcome.occupation),
                    "probability": outcome.probability,
                    "log10_probability": outcome.log10_probability,
                    "relative_error": outcome.relative_error,
                }
                for outcome in self.outcomes
            ],
        }


def _non_negative(name: str, value: int) -> int:
    if value < 0:
        raise InvalidParameterError(name, value, "must be >= 0")
    return value


def pachinko_report(
    *,
    levels: int,
    photons_left: int,
    photons_right: int = 0,
    reflectivity: float = 0.5,
    top: int = DEFAULT_TOP,
    max_dimension: int = DEFAULT_MAX_DIMENSION,
    seed: int = 0,
    search_steps: int = DEFAULT_SEARCH_STEPS,
) -> PachinkoReport:
    """The most likely outcomes of a pachinko machine, exactly or by a seeded search.

    Raises:
        InvalidParameterError: for ``levels < 1``, negative photon numbers, a
            reflectivity outside [0, 1], ``top < 1``, ``max_dimension < 1`` or a negative
            seed or number of search steps.

    Examples:
        >>> report = pachinko_report(levels=3, photons_left=2, top=1)
        >>> report.dimension, report.outcomes[0].occupation
        (21, (0, 0, 0, 2, 0, 0))
    """
    machine = pachinko(levels, reflectivity=reflectivity)
    photons = (
        _non_negative("--photons", photons_left),
        _non_negative("--photons-right", photons_right),
    )
    if top < 1:
        raise InvalidParameterError("--top", top, "must be >= 1")
    if max_dimension < 1:
        raise InvalidParameterError("--max-dimension", max_dimension, "must be >= 1")
    _non_negative("--search-steps", search_steps)
    _non_negative("--seed", seed)
    dimension = machine.output_dimension(sum(photons))
    if dimension <= max_dimension:
        distribution = output_distribution(machine.unitary, machine.input_occupation(*photons))
        outcomes = tuple(
            PachinkoOutcome(occupation, math.log(p) if p > 0 else -math.inf, 0.0)
            for occupation, p in distribution.most_likely(top)
        )
        return PachinkoReport(machine, photons, dimension, True, None, 0, outcomes)
    source = TwoPortInput(machine.unitary, machine.input_modes, photons)
    found = search_likely_outcomes(source, num_steps=search_steps, rng=make_rng(seed), num_kept=top)
    outcomes = tuple(
        PachinkoOutcome(occupation, estimate.log_probability, estimate.relative_error)
        for occupation, estimate in found
    )
    return PachinkoReport(machine, photons, dimension, False, seed, search_steps, outcomes)


def _format_occupation(occupation: tuple[int, ...]) -> str:
    if len(occupation) <= FULL_OCCUPATION_MAX_MODES:
        return "(" + ", ".join(str(count) for count in occupation) + ")"
    return " ".join(f"{k + 1}:{count}" for k, count in enumerate(occupation) if count)


def _print_report(report: PachinkoReport) -> None:
    console = Console(soft_wrap=True)
    machine = report.machine
    console.print(
        f"Quantum pachinko machine: L = {machine.levels} levels, {machine.num_modes} lanes, "
        f"|{report.photons[0]}>|{report.photons[1]}> on lanes {machine.input_modes}, "
        f"reflectivity {machine.reflectivity:g}",
        highlight=False,
    )
    console.print(
        f"beam splitters: {machine.num_beam_splitters}, phase shifters: "
        f"{machine.num_phase_shifters}, detectors: {machine.num_detectors}",
        highlight=False,
    )
    console.print(f"output-space dimension: {report.dimension}", highlight=False)
    if report.exact:
        title = f"{len(report.outcomes)} most likely outcomes (exact, full distribution)"
    else:
        title = (
            f"most likely outcomes found by a seeded search (not certified); "
            f"seed {report.seed}, {report.search_steps} steps"
        )
    sparse = machine.num_modes > FULL_OCCUPATION_MAX_MODES
    table = Table(title=title)
    table.add_column("rank", justify="right")
    table.add_column("detector:photons" if sparse else "photons per detector", overflow="fold")
    table.add_column("probability", justify="right")
    table.add_column("log10 P", justify="right")
    if not report.exact:
        table.add_column("rel. error (est.)", justify="right")
    for rank, outcome in enumerate(report.outcomes, start=1):
        row = [
            str(rank),
            _format_occupation(outcome.occupation),
            f"{outcome.probability:.6g}",
            f"{outcome.log10_probability:.4f}",
        ]
        if not report.exact:
            row.append(f"{outcome.relative_error:.1e}")
        table.add_row(*row)
    console.print(table)


def _run_pachinko(args: argparse.Namespace) -> int:
    report = pachinko_report(
        levels=args.levels,
        photons_left=args.photons,
        photons_right=args.photons_right,
        reflectivity=args.reflectivity,
        top=args.top if args.top is not None else _default_top(args),
        max_dimension=args.max_dimension,
        seed=args.seed,
        search_steps=args.search_steps,
    )
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        _print_report(report)
    return 0


def _default_top(args: argparse.Namespace) -> int:
    """All outcomes of a small machine, else the :data:`DEFAULT_TOP` most likely."""
    if min(args.levels, args.photons, args.photons_right) < 0 or args.levels < 1:
        return DEFAULT_TOP  # pachinko_report names the bad value
    dimension = math.comb(
        args.photons + args.photons_right + 2 * args.levels - 1, 2 * args.levels - 1
    )
    return dimension if dimension <= PRINT_ALL_BELOW else DEFAULT_TOP


def register(subparsers: Any) -> None:
    """Add the ``optics`` command (with its ``pachinko`` subcommand) to ``subparsers``."""
    optics = subparsers.add_parser("optics", help="linear optics: the quantum pachinko machine")
    commands = optics.add_subparsers(dest="optics_command", metavar="SUBCOMMAND")
    commands.required = True
    machine = commands.add_parser(
        "pachinko",
        help="output distribution of the pachinko machine (Gard et al. 2013)",
        description=__doc__.split("Examples:")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    machine.add_argument("--levels", type=int, required=True, help="number of levels L (>= 1)")
    machine.add_argument("--photons", type=int, required=True, help="photons N on lane L-1")
    machine.add_argument("--photons-right", type=int, default=0, help="photons M on lane L")
    machine.add_argument("--reflectivity", type=float, default=0.5, help="splitter R in [0, 1]")
    machine.add_argument(
        "--top",
        type=int,
        default=None,
        help=f"outcomes to print (default: all up to {PRINT_ALL_BELOW}, else {DEFAULT_TOP})",
    )
    machine.add_argument(
        "--max-dimension",
        type=int,
        default=DEFAULT_MAX_DIMENSION,
        help="largest output space enumerated exactly (beyond it: seeded search)",
    )
    machine.add_argument("--seed", type=int, default=0, help="seed of the search")
    machine.add_argument(
        "--search-steps", type=int, default=DEFAULT_SEARCH_STEPS, help="steps of the search"
    )
    machine.add_argument("--json", action="store_true", help="print one JSON object")
    machine.set_defaults(handler=_run_pachinko)
