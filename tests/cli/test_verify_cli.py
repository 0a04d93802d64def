"""``qinternet verify``: fidelity and witnesses from records against closed forms derived
here, the run -> records -> verify pipeline, and one line with status 2 for bad input."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qinternet.analysis.records import sample_records, write_records_csv
from qinternet.analysis.verification import fidelity_settings
from qinternet.cli.main import main
from qinternet.states import DensityMatrix
from qinternet.states.multipartite import ghz_state, graph_state, w_state

ROOT = Path(__file__).resolve().parents[2]


def white_noise(ket_vector: np.ndarray, p: float) -> DensityMatrix:
    """(1 - p)|psi><psi| + p I/d, built here from the vector."""
    d = ket_vector.size
    matrix = (1 - p) * np.outer(ket_vector, ket_vector.conj()) + p * np.eye(d) / d
    return DensityMatrix(matrix, (2,) * int(math.log2(d)))


def records_file(tmp_path: Path, state: Any, target: Any, shots: int, seed: int) -> Path:
    path = tmp_path / f"records_{seed}.csv"
    records = sample_records(state, fidelity_settings(target), shots, np.random.default_rng(seed))
    write_records_csv(records, path)
    return path


def strict_json(text: str) -> dict[str, Any]:
    def refuse(constant: str) -> None:
        raise ValueError(f"not RFC 8259: {constant}")

    parsed: dict[str, Any] = json.loads(text, parse_constant=refuse)
    return parsed


def verify_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["verify", *argv, "--json"]) == 0
    return strict_json(capsys.readouterr().out)


@pytest.mark.parametrize("n", [3, 4])
def test_noisy_ghz_fidelity_and_verdict_against_the_closed_form(
    n: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # <GHZ| I/2^n |GHZ> = 1/2^n, so F(p) = (1 - p) + p/2^n, and 1/2 - F changes sign at
    # p* = (1/2)/(1 - 2^-n) (0.571 for n = 3, 0.533 for n = 4); p* -+ 0.2 are both
    # more than 0.17 from F = 1/2, tens of standard errors at 3000 shots a setting.
    vector = np.zeros(2**n)
    vector[0] = vector[-1] = 1 / math.sqrt(2)
    p_star = 0.5 / (1 - 2.0**-n)
    for seed, p in enumerate((p_star - 0.2, p_star + 0.2)):
        closed = (1 - p) + p / 2**n
        path = records_file(tmp_path, white_noise(vector, p), ghz_state(n), 3000, seed)
        report = verify_json(capsys, str(path), "--target", "ghz")
        fidelity = report["fidelity"]
        assert abs(fidelity["mean"] - closed) < 5 * fidelity["stderr"]
        assert report["fidelity_witness"]["mean"] == pytest.approx(0.5 - fidelity["mean"])
        # Toth-Guehne: P(X..X = +1) = 1 - p/2, P(all Z_k Z_k+1 = +1) = 1 - p + 2p/2^n,
        # so <W> = 3 - 2 (P_X + P_Z) = -1 + 3p - p 2^(2-n).
        two = report["two_setting_witness"]
        assert abs(two["mean"] - (-1 + 3 * p - p * 2.0 ** (2 - n))) < 5 * two["stderr"]
        shown = 0.5 - closed < 0
        assert report["entangled"] is shown
        if shown:
            assert report["verdict"] == (
                "genuine multipartite entanglement shown at 95 % confidence"
            )
        else:
            assert report["verdict"].startswith("not shown (upper bound +0.")


def test_noisy_w_fidelity_and_witness(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # W_3 with white noise: F = (1 - p) + p/8; the witness 2/3 - F changes sign at
    # p = 8/21 = 0.381.
    vector = np.zeros(8)
    vector[[1, 2, 4]] = 1 / math.sqrt(3)
    for seed, p in enumerate((0.15, 0.65), start=10):
        closed = (1 - p) + p / 8
        path = records_file(tmp_path, white_noise(vector, p), w_state(3), 3000, seed)
        report = verify_json(capsys, str(path), "--target", "w")
        fidelity, witness = report["fidelity"], report["fidelity_witness"]
        assert abs(fidelity["mean"] - closed) < 5 * fidelity["stderr"]
        assert abs(witness["mean"] - (2 / 3 - closed)) < 5 * witness["stderr"]
        assert report["witness_bound"] == pytest.approx(2 / 3)
        assert report["entangled"] is (closed > 2 / 3)
        assert report["two_setting_witness"] is None


def test_line_graph_state_is_verified_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every stabilizer of the pure state reads +1 on every shot: F = 1 with no spread, and
    # the two-setting witness 3 - 2 (1 + 1) = -1.
    target = graph_state(4, [(0, 1), (1, 2), (2, 3)])
    path = records_file(tmp_path, target, target, 200, 5)
    report = verify_json(capsys, str(path), "--target", "graph", "--edges", "0-1,1-2,2-3")
    assert report["fidelity"]["mean"] == pytest.approx(1.0, abs=1e-12)
    assert report["fidelity"]["stderr"] == pytest.approx(0.0, abs=1e-12)
    assert report["two_setting_witness"]["mean"] == -1.0
    assert report["edges"] == [[0, 1], [1, 2], [2, 3]]
    assert report["entangled"] is True


def test_werner_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Werner: F|phi+><phi+| + (1 - F)/3 (I - |phi+><phi+|), built here.
    fidelity = 0.8
    phi = np.array([1, 0, 0, 1]) / math.sqrt(2)
    projector = np.outer(phi, phi)
    state = DensityMatrix(fidelity * projector + (1 - fidelity) / 3 * (np.eye(4) - projector))
    path = records_file(tmp_path, state, ghz_state(2), 4000, 7)
    report = verify_json(capsys, str(path), "--target", "bell")
    assert abs(report["fidelity"]["mean"] - fidelity) < 5 * report["fidelity"]["stderr"]
    assert report["verdict"] == "entanglement shown at 95 % confidence"
    assert main(["verify", str(path), "--target", "bell"]) == 0
    out = capsys.readouterr().out
    assert "fidelity F" in out
    assert "witness 1/2 - F" in out
    assert "verdict: entanglement shown at 95 % confidence" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_run_records_then_verify_matches_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The records sample the mean delivered state; the run's fidelity_mean is the mean of
    # the delivered states' fidelities, which (fidelity being linear in the state) is
    # exactly the fidelity of that mean state: only the records' shot noise separates them.
    out = tmp_path / "out.csv"
    example = ROOT / "examples" / "pompili_2021_ghz.yaml"
    argv = ["run", str(example), "--records", str(out), "--shots", "2000", "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    run = strict_json(captured.out)
    assert f"qinternet verify {out} --target ghz" in captured.err
    report = verify_json(capsys, str(out), "--target", "ghz")
    assert report["qubits"] == 3
    assert report["settings"] == 5
    assert report["shots"] == 10_000
    assert abs(report["fidelity"]["mean"] - run["fidelity_mean"]) < 5 * report["fidelity"]["stderr"]
    # Same seed, same records.
    again = tmp_path / "again.csv"
    assert main([*argv[:2], "--records", str(again), "--shots", "2000"]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_records_of_a_link_are_a_bell_pair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pair.csv"
    example = str(ROOT / "examples" / "barrett_kok_link.yaml")
    assert (
        main(["run", example, "--duration-s", "0.2", "--records", str(out), "--shots", "50"]) == 0
    )
    assert f"qinternet verify {out} --target bell" in capsys.readouterr().out
    assert len(out.read_text().splitlines()) == 1 + 3 * 50  # header, XX, YY, ZZ


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["examples/barrett_kok_chain_3_nodes.yaml", "--records", "x.csv"], "--records"),
        (["examples/humphreys_2018_nv.yaml", "--records", "x.csv"], "2 Bell targets"),
        (["examples/barrett_kok_link.yaml", "--shots", "10"], "--shots"),
        (["examples/barrett_kok_link.yaml", "--records", "x.csv", "--shots", "0"], "--shots"),
    ],
)
def test_records_refused_in_one_line(
    argv: list[str], named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(ROOT / argv[0]), *(str(tmp_path / a) if a == "x.csv" else a for a in argv[1:])]
    assert main(["run", *argv, "--duration-s", "0.05", "--json"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert named in err[0]
    assert not (tmp_path / "x.csv").exists()


HEADER3 = "setting_0,setting_1,setting_2,outcome_0,outcome_1,outcome_2\n"


@pytest.mark.parametrize(
    ("content", "target", "named"),
    [
        (b"", "ghz", "line 1 (header) column 1"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ghz", "line 3 column 1"),
        ((HEADER3 + "X,X,\xc4,1,1,1\n").encode("latin-1"), "ghz", "line 2 column 5"),
        ((HEADER3 + "X,X,X,1,1,1\n").encode("utf-16"), "ghz", "line 1 column 1"),
        (b"setting_0,setting_1,outcome_0,outcome_2\nX,X,1,1\n", "bell", "(header) column 4"),
        ((HEADER3 + "X,X,X,1,1,1\nX,W,X,1,1,1\n").encode(), "ghz", "line 3 column setting_1"),
        ((HEADER3 + "X,X,X,1,0,1\n").encode(), "ghz", "line 2 column outcome_1"),
        ((HEADER3 + "X,X,X,1,1,2\n").encode(), "ghz", "line 2 column outcome_2"),
        ((HEADER3 + "X,X,X,1,1,1\nX,X,X,1,1\n").encode(), "ghz", "line 3 column 6"),
        ((HEADER3 + "X,X,X,1,1,1,1\n").encode(), "ghz", "line 2 column 7"),
        (b"setting_0,outcome_0\nX,1\n", "w", "line 1 (header)='1 qubits'"),
        ((HEADER3 + "X,X,X,1,1,1\n").encode(), "bell", "line 1 (header)='3 qubits'"),
        ((HEADER3 + "Z,Z,Z,1,1,1\nZ,Z,Z,-1,-1,-1\n").encode(), "ghz", "'XXX, XYY, YXY, ...'"),
    ],
)
def test_malformed_records_are_one_line(
    content: bytes, target: str, named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert main(["verify", str(path), "--target", target]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert captured.out == ""
    assert lines[0].startswith(f"qinternet verify: error: {path}")
    assert named in lines[0]


def test_missing_settings_are_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # GHZ_3 has 7 non-identity Paulis with <P> != 0: IZZ, ZIZ, ZZI (measured by ZZZ)
    # and XXX, XYY, YXY, YYX (measured by no shot here).
    path = tmp_path / "z_only.csv"
    path.write_text(HEADER3 + "Z,Z,Z,1,1,1\n")
    assert main(["verify", str(path), "--target", "ghz"]) == 2
    error = capsys.readouterr().err
    assert "unmeasured Paulis='XXX, XYY, YXY, ...': 4 of the target's 7 Paulis" in error


def test_json_is_strict_with_null_and_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One shot of a setting: no standard error, so null (never NaN) and a warning.
    target = ghz_state(3)
    records = sample_records(target, fidelity_settings(target), 1, np.random.default_rng(2))
    path = tmp_path / "one.csv"
    write_records_csv(records, path)
    report = verify_json(capsys, str(path), "--target", "ghz")
    assert report["fidelity"]["stderr"] is None
    assert report["fidelity"]["low"] is None
    assert report["entangled"] is False
    assert report["verdict"] == "not shown (upper bound unknown: no standard error)"
    assert any("single shot" in line for line in report["warnings"])
    assert len(report["records_id"]) == 32


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--target", "graph", "--edges", "0-1,1-2,2-4"], "vertex 4"),
        (["--target", "graph", "--edges", "0-1,1-1"], "self-loop"),
        (["--target", "graph", "--edges", "0-1,x-2"], "--edges='x-2'"),
        (["--target", "graph", "--edges", "0-1,1-2"], "connected"),
        (["--target", "graph"], "required"),
        (["--target", "ghz", "--edges", "0-1"], "only for --target graph"),
        (["--target", "ghz", "--confidence", "1.5"], "--confidence"),
    ],
)
def test_edges_errors(
    extra: list[str], named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = graph_state(4, [(0, 1), (1, 2), (2, 3)])
    path = records_file(tmp_path, target, target, 2, 1)
    assert main(["verify", str(path), *extra]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert named in lines[0]


def test_help_loads_no_numerical_library() -> None:
    script = (
        "import contextlib, io, sys\n"
        "from qinternet.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['verify', '--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy', 'rich')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_two_setting_witness_needs_its_settings_and_two_colours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GHZ_3 measured without ZZZ: IZZ, ZIZ, ZZI come from XZZ, ZXZ, ZZX, so the fidelity
    # is known (1, the pure state) but the witness's Z setting was never measured.
    target = ghz_state(3)
    settings = ["XXX", "XYY", "YXY", "YYX", "XZZ", "ZXZ", "ZZX"]
    path = tmp_path / "no_zzz.csv"
    write_records_csv(sample_records(target, settings, 50, np.random.default_rng(3)), path)
    report = verify_json(capsys, str(path), "--target", "ghz")
    assert report["fidelity"]["mean"] == pytest.approx(1.0, abs=1e-12)
    assert report["two_setting_witness"] is None
    assert any("ZZZ" in line for line in report["warnings"])
    # A triangle has an odd cycle: no two colour classes, no two-setting witness.
    triangle = graph_state(3, [(0, 1), (1, 2), (0, 2)])
    path = records_file(tmp_path, triangle, triangle, 50, 4)
    report = verify_json(capsys, str(path), "--target", "graph", "--edges", "0-1,1-2,0-2")
    assert report["fidelity"]["mean"] == pytest.approx(1.0, abs=1e-12)
    assert report["two_setting_witness"] is None
    assert any("odd cycle" in line for line in report["warnings"])


def test_file_names_print_literally(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = ghz_state(3)
    path = tmp_path / "[red]lab run.csv"
    write_records_csv(
        sample_records(target, fidelity_settings(target), 5, np.random.default_rng(6)), path
    )
    assert main(["verify", str(path), "--target", "ghz"]) == 0
    out = capsys.readouterr().out
    assert "[red]lab run.csv:" in out  # the heading wraps at 80 columns, at spaces
    assert "3 qubits, 25 shots, 5 settings" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_readme_shows_what_the_commands_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands, shown = readme.split("## Verifying a network")[1].split("```")[1:4:2]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    for line in commands.splitlines()[1:]:
        assert line.startswith("qinternet ")
        example = line.replace("examples/", f"{ROOT}/examples/")
        assert main(example.split()[1:]) == 0
    printed = capsys.readouterr().out
    verified = printed[printed.index("ghz_records.csv: 3 qubits") :]
    assert [row.rstrip() for row in verified.strip().splitlines()] == [
        row.rstrip() for row in shown.strip().splitlines()
    ]
