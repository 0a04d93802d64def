"""``qinternet plot``: image size and plotted data read back; labels, legends by
scenario, read-only sweep folders; errors on bad columns."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import matplotlib.image
import pytest

from qinternet.cli.main import main
from qinternet.sweep.plot import DPI, PANEL_SIZE_IN
from qinternet.sweep.plot_data import BOUND_LABEL, CLASSICAL_LABEL
from qinternet.sweep.store import load_results

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rate and fidelity against distance (1 to 100 km, log-spaced), memories that decohere."""
    folder = tmp_path_factory.mktemp("sweep")
    sweep = ["sweep", str(EXAMPLE), "--vary", "distance_km=log:1:100:5", "--duration-s", "0.2"]
    fixed = ["--set", "links.0.heralded_fidelity=null", "--set", "nodes.*.memory.t2_s=0.01"]
    status = main([*sweep, *fixed, "--processes", "2", "--quiet", "--out", str(folder)])
    assert status == 0
    return folder


def test_png_size_and_plotted_data(sweep_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = sweep_folder / "figure.png"
    argv = ["plot", str(sweep_folder), "--x", "distance_km", "--y", "rate_hz"]
    assert main([*argv, "--y", "fidelity_mean", "--out", str(image)]) == 0
    assert f"{image} (1280x480 px)" in capsys.readouterr().out
    height, width, _ = matplotlib.image.imread(image).shape
    assert (width, height) == (round(2 * PANEL_SIZE_IN[0] * DPI), round(PANEL_SIZE_IN[1] * DPI))

    drawn = json.loads((sweep_folder / "figure.plot.json").read_text())
    assert (drawn["width_px"], drawn["height_px"]) == (width, height)
    results = load_results(sweep_folder).sort_values("distance_km")
    rate, fidelity = drawn["panels"]
    assert (rate["x_scale"], rate["y_scale"]) == ("log", "log")
    assert (fidelity["x_scale"], fidelity["y_scale"]) == ("log", "linear")
    assert (rate["x_label"], rate["y_label"]) == ("distance (km)", "pair rate (Hz)")
    assert fidelity["y_label"] == "fidelity to the target Bell state"
    name = "Barrett-Kok link, 10 memories per node"
    assert rate["legend"] == [name, BOUND_LABEL]
    assert fidelity["legend"] == [name, CLASSICAL_LABEL]
    assert drawn["title"] == name
    [series] = rate["series"]
    assert series["x"] == results["distance_km"].tolist()
    assert series["y"] == results["rate_hz"].tolist()
    assert series["yerr"] == results["rate_stderr_hz"].tolist()
    [bound] = rate["bounds"]
    assert bound["label"] == BOUND_LABEL
    assert bound["y"] == results["plob_bound_hz"].tolist()
    assert all(b > r for b, r in zip(bound["y"], series["y"], strict=True))
    [fidelities] = fidelity["series"]
    assert fidelities["y"] == results["fidelity_mean"].tolist()
    assert fidelities["yerr"] == results["fidelity_stderr"].tolist()
    assert fidelity["bounds"] == []
    assert fidelity["lines"] == [{"label": CLASSICAL_LABEL, "y": 0.5}]


def test_svg_size(sweep_folder: Path) -> None:
    image = sweep_folder / "rate.svg"
    argv = ["plot", str(sweep_folder), "--x", "distance_km", "--y", "rate_hz"]
    assert main([*argv, "--out", str(image)]) == 0
    root = ElementTree.parse(image).getroot()
    points_per_inch = 72
    assert root.get("width") == f"{PANEL_SIZE_IN[0] * points_per_inch:g}pt"
    assert root.get("height") == f"{PANEL_SIZE_IN[1] * points_per_inch:g}pt"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}


def test_default_output_is_here_and_the_sweep_folder_untouched(
    sweep_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = _snapshot(sweep_folder)
    assert main(["plot", str(sweep_folder), "--x", "distance_km", "--y", "pairs"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "pairs_vs_distance_km.plot.json",
        "pairs_vs_distance_km.png",
    ]
    assert _snapshot(sweep_folder) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_sweep_folder(
    sweep_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    read_only = tmp_path / "read-only"
    shutil.copytree(sweep_folder, read_only)
    for path in read_only.iterdir():
        path.chmod(0o444)
    read_only.chmod(0o555)
    try:
        image = tmp_path / "rate.png"
        argv = ["plot", str(read_only), "--x", "distance_km", "--y", "rate_hz"]
        assert main([*argv, "--out", str(image)]) == 0
        assert image.is_file()
        assert main([*argv, "--out", str(read_only / "rate.png")]) == 2
        assert "cannot write" in capsys.readouterr().err
    finally:
        read_only.chmod(0o755)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--x", "distance", "--y", "rate_hz"], "--x='distance': no such column; did you mean"),
        (["--x", "distance_km", "--y", "rate"], "--y='rate': no such column"),
        (["--x", "distance_km", "--y", "rate_hz", "--out", "x.pdf"], "format must be one of"),
    ],
)
def test_bad_plot_requests(
    sweep_folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    assert main(["plot", str(sweep_folder), *argv]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert needle in lines[0]


def test_folder_without_sweep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", str(tmp_path), "--x", "a", "--y", "b"]) == 2
    assert "no sweep results here" in capsys.readouterr().err


def test_several_sweeps_are_one_line_each(
    sweep_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A one-repeater chain over the same distances, drawn beside the direct link, and the
    # same chain under a name that mathtext cannot parse: same fibre, same attempt rate,
    # so the two chains share one bound, and the direct link (ten memory pairs at once,
    # where a chain copy uses one per link) has its own.
    chain = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_chain_3_nodes.yaml"
    tex_name = r"$\frac{1}{2$"
    sweep = ["sweep", str(chain), "--vary", "distance_km=log:1:100:3", "--duration-s", "0.1"]
    folders = {"one-repeater": [], "tex": ["--set", f"name={tex_name}"]}
    for folder, extra in folders.items():
        out = ["--processes", "1", "--quiet", "--out", str(tmp_path / folder)]
        assert main([*sweep, *extra, *out]) == 0
    image = tmp_path / "both.png"
    argv = ["plot", str(sweep_folder), *(str(tmp_path / f) for f in folders)]
    assert main([*argv, "--x", "distance_km", "--y", "rate_hz", "--out", str(image)]) == 0
    capsys.readouterr()
    drawn = json.loads((tmp_path / "both.plot.json").read_text())
    height, width, _ = matplotlib.image.imread(image).shape
    assert (width, height) == (drawn["width_px"], drawn["height_px"])
    [rate] = drawn["panels"]
    direct, repeater = "Barrett-Kok link, 10 memories per node", "one repeater (3 nodes)"
    assert [series["label"] for series in rate["series"]] == [direct, repeater, tex_name]
    chain_results = load_results(tmp_path / "one-repeater").sort_values("distance_km")
    assert rate["series"][1]["y"] == chain_results["rate_hz"].tolist()
    assert [(b["label"], b["series"]) for b in rate["bounds"]] == [
        (f"{BOUND_LABEL} by {direct}", [direct]),
        (f"{BOUND_LABEL} by {repeater}, {tex_name}", [repeater, tex_name]),
    ]
    assert rate["bounds"][1]["y"] == chain_results["plob_bound_hz"].tolist()
    assert rate["legend"][:3] == [direct, repeater, tex_name]
    assert drawn["title"] == ""  # several sweeps: the legend names them
