"""``qinternet presets`` and ``qinternet validate``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qinternet.cli.main import main
from qinternet.physics.devices.presets import Platform, preset

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_presets_lists_every_platform_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for platform in Platform:
        assert f"{platform.value}: {preset(platform).title}" in out
        for source in preset(platform).sources:
            assert f"    {source}" in out


def test_presets_brief_and_one_preset(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "--brief"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == len(Platform)
    assert main(["presets", "SIV"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("siv: ")
    assert "nv_centre" not in out


def test_presets_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "--json", "transmon"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["transmon"]
    assert data["transmon"]["sources"] == list(preset("transmon").sources)


def test_unknown_preset_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "nv_center"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "did you mean 'nv_centre'" in lines[0]


def test_every_example_validates(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(path) for path in EXAMPLES.glob("*.yaml"))
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == len(files)
    assert all(": ok (" in line for line in out)


@pytest.mark.parametrize(
    ("replace", "needle"),
    [
        (("duration_s:", "duraton_s:"), "did you mean 'duration_s'"),
        (("emission_efficiency: 0.75", "emission_efficiency: 1.75"), "emission_efficiency=1.75"),
        (("length_m: 10000", "length_m: [1"), "not valid YAML"),
    ],
)
def test_invalid_scenarios_are_one_line_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    replace: tuple[str, str],
    needle: str,
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLES / "barrett_kok_link.yaml").read_text().replace(*replace, 1))
    assert main(["validate", str(bad)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("qinternet validate: error: ")
    assert needle in lines[0]
    assert str(bad) in lines[0]
