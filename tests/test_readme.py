"""The README's Python example runs as written and prints what the physics says."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_readme_shows_the_commands_first() -> None:
    text = README.read_text()
    first_block = text.index("```")
    assert text[first_block:].startswith("```bash\nmake demo")
    assert "make test" in text[: text.index("```python")]


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    block = python_blocks()[0]
    exec(compile(block, str(README), "exec"), {})
    printed = capsys.readouterr().out
    fidelity = float(re.search(r"fidelity (\S+)", printed).group(1))  # type: ignore[union-attr]
    # Each qubit: amplitude damping gamma = 1 - exp(-t/T1), coherence decay exp(-t/T2).
    # F = <phi+|rho|phi+> = (rho_00,00 + rho_11,11)/2 + Re rho_00,11, worked out by hand:
    gamma = 1 - math.exp(-5e-3 / 0.1)
    coherence = math.exp(-2 * 5e-3 / 0.01)  # product of both qubits' exp(-t/T2)
    population_00 = 1 / 2 + gamma**2 / 2  # |11> decays to |00> with prob gamma^2
    population_11 = (1 - gamma) ** 2 / 2
    expected = (population_00 + population_11) / 2 + coherence / 2
    assert fidelity == pytest.approx(expected, abs=5e-5)


def test_readme_bring_your_own_example_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(README.parent)  # the example names a file under examples/
    block = python_blocks()[1]
    exec(compile(block, str(README), "exec"), {})
    printed = capsys.readouterr().out
    concurrence = float(re.search(r"QuTiP concurrence (\S+)", printed).group(1))  # type: ignore[union-attr]
    assert concurrence == pytest.approx(2 * 0.9 - 1, abs=1e-12)  # Werner: C = 2F - 1
    assert "back (2, 2)" in printed
    assert "ring links 4" in printed  # a cycle of four nodes has four edges
    probabilities = [float(p) for p in re.findall(r"success per attempt (\S+)", printed)]
    # 4 km and 6 km links, 0.2 dB/km, station halfway: Barrett-Kok succeeds with T_arm^2 / 2.
    expected = [(10 ** (-0.2 * km / 2 / 10)) ** 2 / 2 for km in (4, 6)]
    assert probabilities == pytest.approx(expected, rel=1e-12)


def test_readme_beyond_pairs_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    block = python_blocks()[2]
    exec(compile(block, str(README), "exec"), {})
    printed = capsys.readouterr().out
    number = lambda label: float(re.search(rf"{label} (\S+)", printed).group(1))  # type: ignore[union-attr]  # noqa: E731
    # GHZ from two Werner pairs (F, q = (1 - F)/3): [(F + q)^2 + (F - q)^2]/2.
    f, q = 0.9, 0.1 / 3
    assert number("GHZ fidelity") == pytest.approx(((f + q) ** 2 + (f - q) ** 2) / 2, abs=5e-5)
    estimate = re.search(r"mean=(\S+), stderr=(\S+),", printed)
    assert estimate is not None
    assert abs(float(estimate.group(1)) - ((f + q) ** 2 + (f - q) ** 2) / 2) < 5 * float(
        estimate.group(2)
    )
    # <K_v> = w^deg(v), w = (4F - 1)/3, averaged over a 30 x 30 grid's degrees 2, 3, 4.
    w = (4 * 0.99 - 1) / 3
    mean = (4 * w**2 + 112 * w**3 + 784 * w**4) / 900
    assert number("grid <K_v> mean") == pytest.approx(mean, abs=0.002)
    assert number("non-local CNOT") == pytest.approx((4 * 0.95 + 1) / 5, abs=5e-5)
    assert number("telescope visibility") == pytest.approx(
        (4 * 0.95 - 1) / (2 * 0.95 + 1), abs=5e-5
    )


def test_readme_experiment_table_is_what_the_command_prints() -> None:
    from qinternet.network.experiments import experiment_table

    text = README.read_text()
    start = text.index("<!-- experiment table")
    block = text[text.index("\n", start) + 1 : text.index("<!-- end of experiment table -->")]
    assert block.strip() == experiment_table(README.parent / "examples")
