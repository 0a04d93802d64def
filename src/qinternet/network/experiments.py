"""The experiment table: every example that models a published experiment, run as it is.

An example models an experiment when its scenario has a ``published:`` block (the rate
and fidelity the paper reports, with the bands ``tests/examples/`` holds the run to).
:func:`experiment_rows` runs each such file with its own seed and duration and
:func:`experiment_table` prints the README's table from them, so the README shows what
the code computes today (a test compares the two).

Examples:
    >>> format_with_error(0.93487, 0.00213)
    '0.9349 ± 0.0021'
    >>> format_with_error(0.8, 0.0), format_with_error(2238.0, 47.3, unit=" Hz")
    ('0.8', '2240 ± 50 Hz')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qinternet.core.statistics import format_estimate
from qinternet.network.run import run_scenario
from qinternet.network.scenario import load_scenario
from qinternet.network.specs import PublishedResult

HEADER = (
    "| example | experiment | published [band of the tests] | simulated |",
    "|---|---|---|---|",
)


def format_with_error(value: float, stderr: float, *, unit: str = "") -> str:
    """:func:`~qinternet.core.statistics.format_estimate` with ``unit`` after it.

    Examples:
        >>> format_with_error(39.04, 0.81, unit=" Hz")
        '39.0 ± 0.8 Hz'
    """
    return format_estimate(value, stderr) + unit


@dataclass(frozen=True)
class ExperimentRow:
    """One example of a published experiment and what its run gives."""

    file: str
    experiment: str
    published: str
    simulated: str

    def markdown(self) -> str:
        return f"| `{self.file}` | {self.experiment} | {self.published} | {self.simulated} |"


def _published_text(published: PublishedResult) -> str:
    parts = []
    if published.rate_hz is not None:
        parts.append(f"{published.rate_hz:g} Hz{_band(published.rate_band_hz)}")
    if published.fidelity is not None:
        parts.append(f"F = {published.fidelity:g}{_band(published.fidelity_band)}")
    return ", ".join(parts) or "(see the file)"


def _band(band: tuple[float, float] | None) -> str:
    return "" if band is None else f" [{band[0]:g}, {band[1]:g}]"


def experiment_rows(folder: str | Path) -> list[ExperimentRow]:
    """Run every scenario in ``folder`` (``*.yaml``, by name) that has a ``published``
    block, and describe each by its rate and fidelity next to the published ones.

    Raises:
        ScenarioError: if a file does not load or build.
    """
    rows = []
    for file in sorted(Path(folder).glob("*.yaml")):
        scenario = load_scenario(file)
        if scenario.published is None:
            continue
        data = run_scenario(scenario).to_json()
        rate = format_with_error(data["rate_hz"], data.get("rate_stderr_hz") or 0.0, unit=" Hz")
        fidelity = data.get("fidelity_mean")
        simulated = rate
        if fidelity is not None:
            simulated += ", F = " + format_with_error(fidelity, data.get("fidelity_stderr") or 0.0)
        published = _published_text(scenario.published)
        rows.append(ExperimentRow(file.name, scenario.name, published, simulated))
    return rows


def experiment_table(folder: str | Path) -> str:
    """The markdown table of :func:`experiment_rows` (the README's experiment table)."""
    return "\n".join([*HEADER, *(row.markdown() for row in experiment_rows(folder))])
