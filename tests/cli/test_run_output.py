"""``qinternet run`` output: strict JSON with what makes it repeatable, notes where a
number is unknown, names printed as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import qinternet
from qinternet.cli.main import main
from qinternet.core.ids import content_id
from qinternet.network import parse_scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"


def strict_json(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"not RFC 8259 JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["run", *argv, "--json"]) == 0
    return dict(strict_json(capsys.readouterr().out))


def test_json_names_version_seed_and_the_scenario_as_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = run_json([str(EXAMPLE), "--seed", "5", "--duration-s", "0.01"], capsys)
    data = yaml.safe_load(EXAMPLE.read_text()) | {"seed": 5, "duration_s": 0.01}
    as_run = parse_scenario(data).model_dump(mode="json")
    assert summary["qinternet_version"] == qinternet.__version__
    assert summary["seed"] == 5
    assert summary["scenario_id"] == content_id(as_run)
    assert summary["scenario_id"] != content_id(as_run | {"seed": 6})
    assert summary["warnings"] == []


def no_pair_file(tmp_path: Path, name: str = "short", node: str = "A") -> Path:
    # 100 km of fibre: an attempt takes 1 ms, so 10 us of simulation delivers nothing.
    data = yaml.safe_load(EXAMPLE.read_text())
    data.update(name=name, duration_s=1e-5)
    data["nodes"][0]["name"] = node
    data["links"][0].update(nodes=[node, "B"], length_m=100_000)
    path = tmp_path / "short.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_no_pair_gives_null_and_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = run_json([str(no_pair_file(tmp_path))], capsys)
    assert summary["pairs"] == 0
    assert summary["fidelity_mean"] is None
    assert summary["links"][0]["fidelity_mean"] is None
    assert summary["warnings"] == ["links A-B: no pair delivered, so no fidelity"]


def test_markup_in_names_is_printed_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = no_pair_file(tmp_path, name="[bold]Delft[/bold] $x$", node="[/bold]A")
    assert main(["run", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "[bold]Delft[/bold] $x$" in printed
    assert "[/bold]A-B" in printed
    assert "note: links [/bold]A-B: no pair delivered, so no fidelity" in printed
