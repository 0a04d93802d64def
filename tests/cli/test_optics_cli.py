"""Tests of ``qinternet optics pachinko``."""

from __future__ import annotations

import json
import math

import pytest

from qinternet.cli.main import main


def test_prints_the_paper_probability(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["optics", "pachinko", "--levels", "3", "--photons", "2", "--top", "21"])
    out = capsys.readouterr().out
    assert status == 0
    assert "output-space dimension: 21" in out
    assert "beam splitters: 6, phase shifters: 6, detectors: 6" in out
    line = next(row for row in out.splitlines() if "(1, 1, 0, 0, 0, 0)" in row)
    assert "0.03125" in line  # Gard et al.: P_110000 = 0.031 (exactly 1/32)


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["optics", "pachinko", "--levels", "3", "--photons", "2", "--top", "21", "--json"]
    )
    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert report["dimension"] == 21
    assert report["method"] == "exact"
    assert (report["num_beam_splitters"], report["num_phase_shifters"]) == (6, 6)
    assert report["num_detectors"] == 6
    assert len(report["outcomes"]) == 21
    assert sum(o["probability"] for o in report["outcomes"]) == pytest.approx(1.0, abs=1e-12)
    by_occupation = {tuple(o["occupation"]): o["probability"] for o in report["outcomes"]}
    assert by_occupation[(1, 1, 0, 0, 0, 0)] == pytest.approx(1 / 32, abs=1e-12)
    probabilities = [o["probability"] for o in report["outcomes"]]
    assert probabilities == sorted(probabilities, reverse=True)


def test_69_levels_137_photons_by_search(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["optics", "pachinko", "--levels", "69", "--photons", "137", "--top", "3", "--json"]
    )
    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert report["dimension"] == math.comb(274, 137)
    assert report["method"] == "seeded search (not certified)"
    assert report["seed"] == 0
    assert len(report["outcomes"]) == 3
    assert all(sum(o["occupation"]) == 137 for o in report["outcomes"])
    logs = [o["log10_probability"] for o in report["outcomes"]]
    assert logs == sorted(logs, reverse=True)


def test_search_label_in_table(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["optics", "pachinko", "--levels", "4", "--photons", "3", "--photons-right", "2"]
    status = main([*argv, "--max-dimension", "10", "--search-steps", "200", "--seed", "5"])
    out = capsys.readouterr().out
    assert status == 0
    assert "not certified" in out
    assert "seed 5" in out
    assert f"output-space dimension: {math.comb(12, 5)}" in out


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["--levels", "0", "--photons", "2"], "levels"),
        (["--levels", "3", "--photons", "-1"], "--photons"),
        (["--levels", "3", "--photons", "1", "--photons-right", "-2"], "--photons-right"),
        (["--levels", "3", "--photons", "2", "--reflectivity", "1.5"], "reflectivity"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    argv: list[str], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["optics", "pachinko", *argv])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("qinternet optics: error: ")
    assert f"{name}=" in lines[0]
