"""The experiment table: values printed with the digits their errors allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from qinternet.cli.main import main
from qinternet.network.experiments import experiment_rows, format_with_error


@pytest.mark.parametrize(
    ("value", "stderr", "text"),
    [
        (0.93487, 0.00213, "0.9349 ± 0.0021"),  # error digits 213 < 355: two kept
        (2238.4, 47.3, "2240 ± 50"),  # 473 >= 355: one kept (Particle Data Group rule)
        (0.0527, 0.00157, "0.0527 ± 0.0016"),
        (1.0e6, 31622.8, "(1.000 ± 0.032)e+06"),
        (0.6380123, 3e-17, "0.638"),  # an exact value: no error printed
        (0.5, 0.0, "0.5"),
        (float("nan"), 0.1, "-"),
    ],
)
def test_value_with_error(value: float, stderr: float, text: str) -> None:
    assert format_with_error(value, stderr) == text


def test_only_examples_with_a_published_block_are_rows(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    for name in ("barrett_kok_link.yaml", "humphreys_2018_nv.yaml"):
        (tmp_path / name).write_text((examples / name).read_text())
    rows = experiment_rows(tmp_path)
    assert [row.file for row in rows] == ["humphreys_2018_nv.yaml"]
    assert rows[0].published == "39 Hz [31.2, 46.8], F = 0.6 [0.56, 0.64]"


def test_a_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["experiments", str(tmp_path / "none")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "not a folder" in error
