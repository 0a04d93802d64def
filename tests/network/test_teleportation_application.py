"""Teleportation in scenario files: ``application: {kind: teleportation}`` of ``link_layer``
and ``chain``.

Closed forms derived here (Bennett et al., PRL 70, 1895 (1993); Horodecki, Horodecki and
Horodecki, PRA 60, 1888 (1999)):

* A Werner pair of fidelity F is w |phi+><phi+| + (1 - w) I/4, w = (4F - 1)/3. Through
  its phi+ part teleportation is perfect; through I/4 the receiver's half is I/2 and
  uncorrelated with the bits, and a Pauli correction leaves I/2. So the receiver gets
  w rho + (1 - w) I/2, whose fidelity with a pure input is w + (1 - w)/2 = (1 + w)/2 =
  (2F + 1)/3, for every input: also the average.
* Read-out flips, probability e per bit. The z bit picks the Z of the correction, the
  x bit its X: a flipped z bit leaves a Z on the output, a flipped x bit an X, both a
  Y (up to a phase), with probabilities q = (1 - e)^2 (none), e(1 - e), e(1 - e), e^2.
  A Pauli sigma_j keeps the Bloch component n_j of a pure input and flips the other two,
  so its fidelity with the input is (1 + n.n')/2 = n_j^2, whose average over the sphere
  is 1/3. Hence the average fidelity with a Werner pair is
  w (q + (1 - q)/3) + (1 - w)/2: the white part is unchanged by the Pauli.
* Gate errors, probability g of depolarising each measured qubit: the sender's half
  depolarised turns the Werner pair into one of parameter w (1 - g); the input
  depolarised is I/2, which arrives as I/2. So the receiver gets w (1 - g)^2 rho + the
  rest of I/2: the read-out formula with w -> w (1 - g)^2.
* A chain of Werner links w_i with ideal swaps and memories delivers Werner pairs of
  w = prod w_i (tests/network/test_chain_application.py derives it).
* The receiver's wait: the two bits cross the link's fibre, tau = L / v, while the
  receiver's half dephases (T2, no T1): a Z with probability p = (1 - exp(-tau/T2))/2,
  which swaps the phi+ and phi- weights: F' = (1 - p) F_phi+ + p F_phi-.
* The classical limit: measure and prepare reaches 2/3 at best (Massar and Popescu,
  PRL 74, 1259 (1995)); (2F + 1)/3 > 2/3 exactly when F > 1/2.

The link: a ``transduced`` scheme of efficiency 1 whose heralded state is replaced by a
Werner state (``heralded_fidelity``), nodes with ideal memories and an attempt rate of
100 Hz: deterministic, one pair per 10 ms per memory pair.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from qinternet.cli.main import main
from qinternet.network import build_scenario, parse_scenario, run_scenario
from qinternet.network.linked import ChainApplicationResult, LinkedProcessorsResult
from qinternet.network.teleportation import TeleportationReport
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.states import bell_state, fidelity
from qinternet.sweep.worker import summarise

if TYPE_CHECKING:  # the shared checks' types (tests/network/conftest.py)
    from conftest import Refusal, StrictJson

ATTEMPT_RATE_HZ = 100.0
DURATION_S = 1.0
CHAIN_FIDELITIES = (0.95, 0.9, 0.97, 0.92)
CHAIN_NAMES = ("A", "B", "C", "D", "E")


def _scenario(fidelity: float = 0.9, **application: Any) -> dict[str, Any]:
    node = {"emitter": {"max_attempt_rate_hz": ATTEMPT_RATE_HZ}}
    return {
        "name": "teleportation",
        "duration_s": DURATION_S,
        "seed": 5,
        "nodes": [{"name": "A", "num_memories": 2, **node}, {"name": "B", **node}],
        "links": [
            {
                "nodes": ["A", "B"],
                "length_m": 1e3,
                "heralded_fidelity": fidelity,
                "scheme": {"kind": "transduced", "efficiency": 1.0, "bandwidth_hz": 1e6},
            }
        ],
        "protocol": {
            "kind": "link_layer",
            "application": {"kind": "teleportation", "between": ["A", "B"], **application},
        },
    }


def _chain(**application: Any) -> dict[str, Any]:
    node = {"num_memories": 2, "emitter": {"max_attempt_rate_hz": 1000.0}}
    links = [
        {
            "nodes": [a, b],
            "length_m": 10e3,
            "heralded_fidelity": fidelity,
            "scheme": {"kind": "barrett_kok"},
        }
        for a, b, fidelity in zip(CHAIN_NAMES[:-1], CHAIN_NAMES[1:], CHAIN_FIDELITIES, strict=True)
    ]
    return {
        "name": "teleportation chain",
        "duration_s": DURATION_S,
        "seed": 7,
        "nodes": [{"name": name, **node} for name in CHAIN_NAMES],
        "links": links,
        "protocol": {
            "kind": "chain",
            "application": {"kind": "teleportation", "between": ["A", "E"], **application},
        },
    }


def _run(data: dict[str, Any]) -> dict[str, Any]:
    return run_scenario(parse_scenario(data)).to_json()


def _werner_w(fidelity: float) -> float:
    return (4 * fidelity - 1) / 3


def _werner_average(w: float, readout_flip: float = 0.0, gate: float = 0.0) -> float:
    """The average over the sphere derived in the module docstring."""
    q = (1 - readout_flip) ** 2
    kept = w * (1 - gate) ** 2
    return kept * (q + (1 - q) / 3) + (1 - kept) / 2


@pytest.mark.parametrize("fidelity", [1.0, 0.9, 0.7, 0.3])
def test_a_werner_link_teleports_at_two_f_plus_one_over_three(fidelity: float) -> None:
    result = _run(_scenario(fidelity))
    report = result["application"]
    assert result["pairs"] == round(ATTEMPT_RATE_HZ * DURATION_S)  # one memory pair
    assert report["link"] == 0
    assert report["pair_fidelity"] == pytest.approx(fidelity, abs=1e-12)
    assert report["average_fidelity"] == pytest.approx((2 * fidelity + 1) / 3, abs=1e-9)
    assert report["teleported_rate_hz"] == pytest.approx(ATTEMPT_RATE_HZ, rel=1e-12)
    assert report["classical_limit"] == pytest.approx(2 / 3, abs=1e-15)
    assert report["note"] == ""


@pytest.mark.parametrize(
    ("fidelity", "readout_flip", "gate"),
    [(0.9, 0.05, 0.0), (1.0, 0.2, 0.0), (0.8, 0.5, 0.0), (0.9, 0.0, 0.1), (0.85, 0.03, 0.04)],
)
def test_read_out_flips_and_gate_errors_follow_the_pauli_mixture(
    fidelity: float, readout_flip: float, gate: float
) -> None:
    data = _scenario(fidelity, readout_flip=readout_flip, gate_depolarizing=gate)
    report = _run(data)["application"]
    expected = _werner_average(_werner_w(fidelity), readout_flip, gate)
    assert report["average_fidelity"] == pytest.approx(expected, abs=1e-9)
    # The same as (2F' + 1)/3 with F' the identity weight of the composed Pauli channel.
    if gate == 0.0:
        q = (1 - readout_flip) ** 2
        f_prime = fidelity * q + (1 - fidelity) / 3 * (1 - q)
        assert report["average_fidelity"] == pytest.approx((2 * f_prime + 1) / 3, abs=1e-9)
    assert report["readout_flip"] == readout_flip
    assert report["gate_depolarizing"] == gate


@pytest.mark.parametrize(
    ("between", "protocol"), [(["A", "E"], {}), (["E", "A"], {"policy": "asap"})]
)
def test_a_werner_chain_teleports_through_the_product_of_its_werner_parameters(
    between: list[str], protocol: dict[str, Any]
) -> None:
    data = _chain(between=between, readout_flip=0.02)
    data["protocol"].update(protocol)
    run = run_scenario(parse_scenario(data))
    assert isinstance(run, ChainApplicationResult)
    result = run.to_json()
    report = result["application"]
    w = math.prod(_werner_w(f) for f in CHAIN_FIDELITIES)
    assert result["pairs"] > 20
    assert report["link"] is None
    assert report["between"] == between
    assert report["pair_fidelity"] == pytest.approx((1 + 3 * w) / 4, abs=1e-9)
    assert report["average_fidelity"] == pytest.approx(_werner_average(w, 0.02), abs=1e-9)
    assert report["teleported_rate_hz"] == pytest.approx(result["pairs"] / DURATION_S, rel=1e-12)
    # The bits cross the whole chain: 40 km of fibre.
    delay_s = 40e3 / DEFAULT_GROUP_VELOCITY_M_PER_S
    assert report["message_delay_s"] == pytest.approx(delay_s, rel=1e-12)
    assert report["resource_fidelity"] == pytest.approx(report["pair_fidelity"], abs=1e-12)


@pytest.mark.parametrize("receiver", ["B", "A"])
def test_the_receiver_s_half_dephases_while_the_bits_fly(receiver: str) -> None:
    length_m, velocity, t2_s = 40e3, 2e8, 1e-3
    data = _scenario(0.9)
    link = data["links"][0]
    link.update(length_m=length_m, group_velocity_m_per_s=velocity)
    for node in data["nodes"]:
        node["num_memories"] = 2
        if node["name"] == receiver:
            node["memory"] = {"t2_s": t2_s}
    sender = "A" if receiver == "B" else "B"
    data["protocol"]["application"]["between"] = [sender, receiver]
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, LinkedProcessorsResult)
    assert isinstance(result.application, TeleportationReport)
    pair = result.application.pair
    assert pair is not None
    report = result.to_json()["application"]
    tau = length_m / velocity
    p = (1 - math.exp(-tau / t2_s)) / 2
    weights = {name: fidelity(pair, bell_state(name)) for name in ("phi+", "phi-")}
    expected = (1 - p) * weights["phi+"] + p * weights["phi-"]
    assert report["message_delay_s"] == pytest.approx(tau, rel=1e-12)
    assert report["pair_fidelity"] == pytest.approx(weights["phi+"], abs=1e-12)
    assert report["resource_fidelity"] == pytest.approx(expected, abs=1e-9)
    assert report["average_fidelity"] == pytest.approx((2 * expected + 1) / 3, abs=1e-9)
    assert report["resource_fidelity"] < report["pair_fidelity"] - 0.01


@pytest.mark.parametrize(("fidelity", "beats"), [(0.45, False), (0.55, True)])
def test_the_classical_verdict_flips_at_half_fidelity(fidelity: float, beats: bool) -> None:
    """(2F + 1)/3 = 0.6333 (F = 0.45) and 0.7 (F = 0.55) about the 2/3 limit."""
    report = _run(_scenario(fidelity))["application"]
    average = (2 * fidelity + 1) / 3
    assert (average > 2 / 3) is beats
    assert report["average_fidelity"] == pytest.approx(average, abs=1e-9)
    assert report["beats_classical"] is beats


def test_any_pair_teleports_at_its_phi_plus_weight_in_either_direction() -> None:
    """The standard protocol averages the pair over the Pauli corrections: the channel is
    the Pauli channel of the pair's Bell weights, so its average fidelity is
    (2 <phi+|rho|phi+> + 1)/3 for any pair (Horodecki 1999), here the resource (the pair
    after the receiver's wait). The transduced pair with decaying memories is no Werner
    pair and not symmetric; the delivered pair's <phi+|rho|phi+> is."""
    data = _scenario()
    del data["links"][0]["heralded_fidelity"]
    data["links"][0]["length_m"] = 20e3
    data["nodes"][1]["num_memories"] = 2
    for node in data["nodes"]:
        node["memory"] = {"t1_s": 1e-3, "t2_s": 5e-4}
    forward = _run(data)["application"]
    data["protocol"]["application"]["between"] = ["B", "A"]
    backward = _run(data)["application"]
    assert forward["pair_fidelity"] < 1.0 - 1e-3
    for report in (forward, backward):
        f = report["resource_fidelity"]
        assert f < report["pair_fidelity"] - 1e-3  # 0.1 ms of the receiver's T1 and T2
        assert report["average_fidelity"] == pytest.approx((2 * f + 1) / 3, abs=1e-9)
    assert backward["pair_fidelity"] == pytest.approx(forward["pair_fidelity"], abs=1e-12)


def test_only_the_sender_keeps_a_memory_out_of_the_pairs() -> None:
    """Sender 3 memories, receiver 2: the link gets min(3 - 1, 2) = 2 memory pairs (a gate
    would keep one at each end: 1), and a receiver with one memory is enough. On a chain
    (sender 3, receiver 2, repeaters 4): min(3 - 1, 2, 4/2) = 2 copies (a gate: 1)."""
    data = _scenario()
    data["nodes"][0]["num_memories"] = 3
    data["nodes"][1]["num_memories"] = 2
    (config,) = build_scenario(parse_scenario(data)).links
    assert config.num_channels == 2
    gate = copy.deepcopy(data)
    gate["protocol"]["application"] = {"kind": "nonlocal_cnot", "between": ["A", "B"]}
    assert build_scenario(parse_scenario(gate)).links[0].num_channels == 1
    one = _scenario()
    assert "num_memories" not in one["nodes"][1]  # default: 1
    result = _run(one)
    assert result["application"]["note"] == ""
    chain = _chain()
    memories = {"A": 3, "E": 2}
    chain["nodes"] = [{**n, "num_memories": memories.get(n["name"], 4)} for n in chain["nodes"]]
    built = build_scenario(parse_scenario(chain))
    assert built.chain is not None
    assert built.chain.num_channels == 2
    chain["protocol"]["application"] = {"kind": "nonlocal_cnot", "between": ["A", "E"]}
    built = build_scenario(parse_scenario(chain))
    assert built.chain is not None
    assert built.chain.num_channels == 1


def test_no_pair_gives_nulls_and_a_note() -> None:
    data = _scenario()
    data["duration_s"] = 1e-6  # before the first herald (5 us of fibre)
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, LinkedProcessorsResult)
    assert isinstance(result.application, TeleportationReport)
    report = result.to_json()["application"]
    for key in ("pair_fidelity", "resource_fidelity", "average_fidelity", "beats_classical"):
        assert report[key] is None
    assert report["teleported_rate_hz"] == 0.0
    assert report["note"] == "no pair delivered on links[0], so nothing teleported"


SENDER_SHORT = (
    "nodes[0].num_memories=1: node 'A' is asked to send by teleportation "
    "(protocol.application) and needs 2 memory qubits, a communication qubit and one for "
    "the input qubit"
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"gate_depolarizing": 1.5}, "protocol.application.gate_depolarizing=1.5"),
        ({"gate_depolarizing": -0.1}, "protocol.application.gate_depolarizing=-0.1"),
        ({"readout_flip": 2.0}, "protocol.application.readout_flip=2.0"),
        ({"readout_flip": -1e-3}, "protocol.application.readout_flip=-0.001"),
        ({"between": ["A", "C"]}, "protocol.application.between names unknown node 'C'"),
        (
            {"between": ["A", "A"]},
            "protocol.application.between: asks for teleportation from 'A' to itself",
        ),
        (
            {"readout_flp": 0.1},
            "protocol.application.readout_flp: unknown key; did you mean 'readout_flip'?",
        ),
        ({"kind": "teleport"}, "protocol.application.kind='teleport': must be one of"),
        # B, now the sender, has the default single memory.
        ({"between": ["B", "A"]}, SENDER_SHORT.replace("[0]", "[1]").replace("'A'", "'B'")),
    ],
)
def test_bad_teleportations_are_refused_in_one_line_naming_the_field(
    change: dict[str, Any], message: str, refused: Refusal
) -> None:
    data = _scenario()
    data["protocol"]["application"].update(change)
    assert refused(data).startswith(message)


def test_a_sender_without_a_memory_for_the_input_is_refused(refused: Refusal) -> None:
    data = _scenario()
    data["nodes"][0]["num_memories"] = 1
    assert refused(data) == SENDER_SHORT
    chain = _chain()
    chain["nodes"][0]["num_memories"] = 1
    assert refused(chain) == SENDER_SHORT
    many = _chain()
    many["protocol"]["num_channels"] = 2  # the sender's 2 memories: the input and one copy
    assert refused(many).startswith(
        "protocol.num_channels=2: a repeater needs two memories per chain copy and an end "
        "node one (times 2^purification_rounds = 1); the sender keeps one more for "
        "protocol.application's data qubit; the nodes allow 1"
    )


def test_nodes_not_joined_or_not_the_chain_s_ends_are_refused(refused: Refusal) -> None:
    data = _scenario()
    data["nodes"].append({"name": "C"})
    data["links"][0]["nodes"] = ["A", "C"]
    assert refused(data) == ("protocol.application.between=['A', 'B']: no link joins the two nodes")
    chain = _chain(between=["A", "D"])
    assert refused(chain) == (
        "protocol.application.between=['A', 'D']: on a chain teleportation uses its "
        "end-to-end pairs, between its ends ['A', 'E']"
    )


@pytest.mark.parametrize("protocol", ["link_layer", "chain"])
def test_run_json_is_strict_and_finite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], protocol: str, strict_json: StrictJson
) -> None:
    data = _scenario(0.8, readout_flip=0.01) if protocol == "link_layer" else _chain()
    path = tmp_path / "teleport.json"
    path.write_text(json.dumps(data))
    assert main(["run", str(path), "--json"]) == 0
    result = strict_json(capsys.readouterr().out)
    report = result["application"]
    assert report["kind"] == "teleportation"
    assert report["beats_classical"] is True
    # No pair in a short run: nulls and the note, still strict JSON.
    assert main(["run", str(path), "--json", "--duration-s", "1e-6"]) == 0
    short = strict_json(capsys.readouterr().out)
    assert short["pairs"] == 0
    assert short["application"]["average_fidelity"] is None


def test_the_table_fits_80_columns() -> None:
    from rich.console import Console
    from rich.measure import Measurement

    from qinternet.cli.run_tables import result_table

    data = _scenario(0.8)
    data["nodes"][0]["name"] = data["links"][0]["nodes"][0] = "Alice at the far station"
    data["protocol"]["application"]["between"][0] = "Alice at the far station"
    console = Console(width=80)
    table = result_table(run_scenario(parse_scenario(data))).build(compact=False)
    assert Measurement.get(console, console.options, table).maximum <= 80
    with console.capture() as capture:
        console.print(table)
    text = capture.get()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "teleportation from the mean pair of links[0]" in text
    assert "0.8667" in text  # (2 x 0.8 + 1)/3


def test_a_sweep_records_the_report_as_application_columns() -> None:
    scenario = parse_scenario(_scenario(0.7))
    values = summarise(run_scenario(scenario), build_scenario(scenario))
    assert values["application.average_fidelity"] == pytest.approx(0.8, abs=1e-9)
    assert values["application.beats_classical"] is True
    assert values["application.teleported_rate_hz"] == pytest.approx(ATTEMPT_RATE_HZ)
    assert values["application.kind"] == "teleportation"


ODD_VALUES: list[Any] = [
    *("A", "B", "C", "E", "teleportation", "nonlocal_cnot", ""),
    *(0, 1, 2, 3, 4, 0.0, 0.25, 0.5, 1.0, 1.5, -0.1, 1e300, math.nan, math.inf, True, None),
    *([], {}, ["A"], ["A", "B", "C"], ["B", "A"], ["E", "A"], [1, 2]),
]
"""Values a mutated teleportation file may hold where it had one of its own."""


def _places(data: dict[str, Any]) -> list[tuple[Any, Any]]:
    """The (container, key) pairs a mutation may change: the application's keys and ends,
    the nodes' memories, the chain's copies."""
    application = data["protocol"]["application"]
    places: list[tuple[Any, Any]] = [(application, key) for key in application]
    places += [(application.get("between"), 0), (application.get("between"), 1)]
    places += [(node, "num_memories") for node in data["nodes"]]
    return [*places, (data["protocol"], "num_channels")]


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(st.sampled_from([_scenario(0.8, readout_flip=0.1), _chain(gate_depolarizing=0.1)]))
    for _ in range(draw(st.sampled_from([1, 1, 2, 3]))):
        places = _places(data)
        container, key = places[draw(st.integers(0, len(places) - 1))]
        if not isinstance(container, dict | list) or (
            isinstance(container, list) and key >= len(container)
        ):
            continue
        if isinstance(container, dict) and draw(st.booleans()) and key in container:
            del container[key]
        else:
            container[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    return data


def _call(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@settings(max_examples=80, derandomize=True, deadline=None, database=None)
@given(data=_mutated())
def test_mutated_teleportation_files_give_one_line_or_strict_json(
    data: dict[str, Any], strict_json: StrictJson
) -> None:
    """Validate and run agree, a refusal is one line, a run is strict finite JSON."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "teleport.json"
        path.write_text(json.dumps(data))
        validated, _, validate_err = _call(["validate", str(path)])
        ran, out, run_err = _call(["run", str(path), "--json", "--duration-s", "0.05"])
    for command, status, err in (("validate", validated, validate_err), ("run", ran, run_err)):
        assert status in (0, 2), (command, err)
        if status == 2:
            assert err.startswith(f"qinternet {command}: error: "), err
            assert err.count("\n") == 1, err
    assert validated == ran, (validate_err, run_err)
    event(f"exit {ran}")
    if ran == 0:
        result = strict_json(out)
        report = result["application"]
        assert report["kind"] == "teleportation"
        if report["average_fidelity"] is not None:
            assert report["average_fidelity"] == pytest.approx(
                _expected_average(data, report["resource_fidelity"]), abs=1e-9
            )


def _expected_average(data: dict[str, Any], resource_fidelity: float) -> float:
    """The Werner average of the module docstring: every pair here is a Werner pair (a
    chain's too, and the memories are ideal), so its fidelity fixes it."""
    application = data["protocol"]["application"]
    w = _werner_w(resource_fidelity)
    return _werner_average(
        w, application.get("readout_flip", 0.0), application.get("gate_depolarizing", 0.0)
    )
