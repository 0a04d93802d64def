"""``qinternet run``: a table or JSON on success; one line and status 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qinternet.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"


def test_json_output_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--json", "--duration-s", "0.2"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("pairs", "rate_hz", "fidelity_mean", "fidelity_stderr", "sim_time_s", "wall_s"):
        assert key in result
    assert result["sim_time_s"] == 0.2
    assert result["pairs"] > 0


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--duration-s", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "predicted rate" in out
    assert "A-B" in out


def test_bad_file_is_one_line_status_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text().replace("emission_efficiency: 0.75", "emission_efficiency: 1.75", 1)
    )
    completed = subprocess.run(
        [sys.executable, "-m", "qinternet.cli", "run", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert str(bad) in lines[0]
    assert "nodes[0].emitter.emission_efficiency=1.75" in lines[0]
    assert "Traceback" not in completed.stderr


def test_unknown_key_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "typo.yaml"
    bad.write_text(EXAMPLE.read_text().replace("duration_s:", "duration:"))
    assert main(["run", str(bad)]) == 2
    assert "did you mean 'duration_s'" in capsys.readouterr().err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "/nonexistent/scenario.yaml"]) == 2
    assert "cannot read" in capsys.readouterr().err
