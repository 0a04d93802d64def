"""``qinternet run FILE --records OUT.csv [--shots N]``: the run's delivered state as records.

The sampling (:mod:`qinternet.network.delivered_records`) needs only the result; here
the command's side: the arguments' checks, the file, and the line that says where the
records went and which ``qinternet verify`` reads them (on standard error with
``--json``, so standard output stays one JSON object). Loaded with ``qinternet run``,
it imports nothing numerical until records are asked for.

Examples:
    >>> verify_command("out.csv", "ghz")
    'qinternet verify out.csv --target ghz'
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import TYPE_CHECKING

from qinternet.core.errors import InvalidParameterError, ScenarioError

if TYPE_CHECKING:
    from qinternet.network.build import BuiltScenario
    from qinternet.network.results import RunResult

DEFAULT_SHOTS = 1000
"""Shots per setting when ``--shots`` is not given."""


def verify_command(path: str, target: str) -> str:
    """The ``qinternet verify`` command that reads the records at ``path``."""
    return f"qinternet verify {shlex.quote(path)} --target {target}"


def write_run_records(args: argparse.Namespace, built: BuiltScenario, result: RunResult) -> None:
    """Write ``--records`` (if given): ``--shots`` shots of each fidelity setting of the
    mean delivered state, seeded from the scenario's seed.

    Raises:
        InvalidParameterError: naming ``--shots`` given without ``--records`` or below 1,
            or ``--records`` for a result with no mean delivered state (the reason from
            :func:`~qinternet.network.delivered_records.delivered_state`) or a file that
            cannot be written.
    """
    if args.records is None:
        if args.shots is not None:
            raise InvalidParameterError("--shots", args.shots, "needs --records OUT.csv")
        return
    from qinternet.analysis.records import write_records_csv
    from qinternet.core.validation import check_count
    from qinternet.network.delivered_records import delivered_records, delivered_state

    shots = check_count(DEFAULT_SHOTS if args.shots is None else args.shots, "--shots", 1)
    try:
        delivered = delivered_state(result, built)
    except ScenarioError as error:
        raise InvalidParameterError("--records", args.records, str(error)) from None
    records = delivered_records(delivered, built.scenario.seed, shots)
    try:
        write_records_csv(records, args.records)
    except OSError as error:
        reason = f"cannot be written ({error.strerror or error})"
        raise InvalidParameterError("--records", args.records, reason) from None
    print(
        f"records: {records.num_shots} shots ({shots} per setting) of the mean delivered state "
        f"in {args.records}; read them with: {verify_command(args.records, delivered.target)}",
        file=sys.stderr if args.json else sys.stdout,
    )
