"""``qinternet run`` tables: estimates printed with the digits their errors allow, exact
values without "±", and every table within 80 columns without cutting a name."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from qinternet.cli.run_tables import result_table
from qinternet.core.statistics import format_estimate, format_significant
from qinternet.network import build_scenario, parse_scenario, run_built
from qinternet.network.results import RunResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    ("value", "stderr", "expected"),
    [
        # The three leading digits of the error decide (Particle Data Group, Phys. Rev. D
        # 98, 030001 (2018), Introduction, Sec. 5.3): 100-354 two significant digits,
        (0.93492, 0.00213, "0.9349 ± 0.0021"),
        (0.93492, 0.003549, "0.9349 ± 0.0035"),
        # 355-949 one,
        (0.93492, 0.003551, "0.935 ± 0.004"),
        (0.93492, 0.0094, "0.935 ± 0.009"),
        # 950-999 up to 1000, two digits.
        (0.93492, 0.0096, "0.935 ± 0.010"),
        (0.279008, 0.0123261, "0.279 ± 0.012"),
        (2800.0, 529.15, "2800 ± 500"),
        (2271.4, 12.6, "2271 ± 13"),
        (123456.0, 1234.0, "123500 ± 1200"),
        (880.0, 130.4, "880 ± 130"),
        (-0.00004, 0.3, "0.00 ± 0.30"),
        # Very small or large numbers share one power of ten.
        (3.2e-7, 9.7e-9, "(3.20 ± 0.10)e-07"),
        (4.56e8, 1.2e6, "(4.560 ± 0.012)e+08"),
        # Exact (error 0, or rounding noise below 1e-12 of the value): no "±".
        (0.9349, 0.0, "0.9349"),
        (0.9348999999999997, 2.1e-17, "0.9349"),
        (0.0, 0.0, "0"),
        # Unknown.
        (math.nan, math.nan, "-"),
        (12.0, math.nan, "12 ± -"),
    ],
)
def test_format_estimate_matches_hand_rounding(value: float, stderr: float, expected: str) -> None:
    assert format_estimate(value, stderr) == expected


def _result(example: str, duration_s: float, **changes: Any) -> RunResult:
    data = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text())
    data.update(duration_s=duration_s, **changes)
    return run_built(build_scenario(parse_scenario(data)))


def _printed(result: RunResult, width: int = 80) -> str:
    console = Console(width=width, file=io.StringIO())
    console.print(result_table(result), crop=False)  # not cropped: a wide table shows
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize(
    ("example", "duration_s", "names"),
    [
        ("stolk_2024_metropolitan_nv", 300.0, ["Delft-TheHague"]),
        ("barrett_kok_chain_9_nodes", 0.05, ["n0-n8"]),
        ("metropolitan_star_requests", 0.05, ["A-B (hops)", "A-server-B"]),
        ("grid_routing", 0.05, ["r0c0-r0c2 (fidelity)", "r0c0-r1c0-r1c1-r1c2-r0c2"]),
    ],
)
def test_tables_fit_80_columns_and_keep_names_whole(
    example: str, duration_s: float, names: list[str]
) -> None:
    text = _printed(_result(example, duration_s))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80, text
    assert "…" not in text
    for name in names:
        assert any(name in line for line in lines), (name, text)


def test_a_name_longer_than_the_column_folds_not_cut() -> None:
    data = yaml.safe_load((EXAMPLES / "barrett_kok_link.yaml").read_text())
    long_name = "Metropolitan-Node-With-A-Very-Long-Name-" + "x" * 30
    data["nodes"][0]["name"] = long_name
    data["links"][0]["nodes"][0] = long_name
    data["duration_s"] = 0.01
    text = _printed(run_built(build_scenario(parse_scenario(data))))
    assert max(len(line) for line in text.splitlines()) <= 80, text
    assert "…" not in text
    first_column = "".join(line.split()[0] for line in text.splitlines()[4:] if line.strip())
    assert f"{long_name}-B" in first_column


def test_an_exact_fidelity_prints_without_plus_minus() -> None:
    # Stolk's single-click link heralds one state, so every pair has one fidelity.
    result = _result("stolk_2024_metropolitan_nv", 300.0)
    stats = result.links[0].statistics  # type: ignore[union-attr]
    assert stats.num_pairs >= 2
    assert stats.fidelity.stderr <= 1e-12 * stats.fidelity.mean
    row = next(line for line in _printed(result).splitlines() if "Delft-TheHague" in line)
    fidelity = f"{stats.fidelity.mean:.4g}"
    assert fidelity in row
    assert f"{fidelity} ±" not in row


def test_a_wide_console_keeps_each_estimate_on_one_line() -> None:
    result = _result("metropolitan_star_requests", 0.05)
    stats = result.requests[0].statistics  # type: ignore[union-attr]
    text = _printed(result, width=160)
    expected = format_estimate(stats.fidelity.mean, stats.fidelity.stderr)
    assert "±" in expected
    assert expected in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (50000.0, "50000"),
        (49999.99999999999, "50000"),
        (123456.0, "123500"),
        (999999.5, "1e+06"),
        (0.000999996, "0.001"),
        (0.0212345, "0.02123"),
        (-38.61, "-38.61"),
        (2.0, "2"),
        (1.5e-5, "1.5e-05"),
    ],
)
def test_an_exact_number_prints_in_four_significant_digits(value: float, expected: str) -> None:
    assert format_significant(value) == expected
    # Positional or not, the text reads back within half a unit of the fourth digit.
    assert math.isclose(float(expected), value, rel_tol=5e-4)


def test_a_deterministic_link_prints_its_predicted_rate_in_full() -> None:
    # Kurpiers' transfer runs once every 20 us: 50 kHz, not "5e+04".
    data = yaml.safe_load((EXAMPLES / "kurpiers_2018_transmon.yaml").read_text())
    data["duration_s"] = 0.001
    result = run_built(build_scenario(parse_scenario(data)))
    out = io.StringIO()
    Console(file=out, width=200).print(result_table(result))
    (row,) = [line for line in out.getvalue().splitlines() if line.strip().startswith("A-B")]
    stats = result.links[0].statistics  # type: ignore[union-attr]
    rate = format_estimate(stats.rate_hz, stats.rate_stderr_hz)
    assert row.split()[:6] == ["A-B", "50", *rate.split(), "50000"]
