"""The batch route of the link layer gives what the event route gives, pair for pair.

Both routes draw from the same per-channel streams, so with one seed they must deliver
the same number of pairs at the same times (waiting times, intervals and attempts are
then bit for bit equal) with fidelities and mean states equal to rounding (1e-12: the
event route's heralding delay is ``(c + d) - c``, the batch route's ``d``). Every
link-layer example and randomized small configurations are compared; the closed forms
of the renewal process (rate, attempts, waiting time) are checked to 5 standard errors.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.core.rng import child_generators
from qinternet.physics.devices import Memory
from qinternet.physics.links import (
    LinkOutcome,
    barrett_kok_link,
    dlcz_link,
    photonic_server_link,
    single_click_link,
    transfer_link,
)
from qinternet.sim.link_batch import (
    _Channel,
    batch_applies,
    channel_pairs,
    channel_streams,
)
from qinternet.sim.link_process import HeraldedLinkConfig, simulate_links
from qinternet.sim.monitor import DeliveryStatistics

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NUM_SIGMA = 5.0
EXAMPLE_DURATION_S = {  # long examples cut short (a few hundred pairs each)
    "humphreys_2018_nv.yaml": 5.0,
    "knaut_2024_siv_loop.yaml": 200.0,
    "stolk_2024_metropolitan_nv.yaml": 2000.0,
    "chou_2005_dlcz.yaml": 0.04,
    "liu_2024_metropolitan_ensembles.yaml": 2.0,
}


def close(a: float | None, b: float | None, *, rel: float = 1e-12, scale: float = 0.0) -> bool:
    """Equal to ``rel`` (relative, or absolute on ``scale``: a standard error that is
    rounding noise around a mean of that size); None and NaN equal themselves."""
    if a is None or b is None:
        return a is b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=rel * max(abs(scale), 1e-2))


def assert_same(
    events: DeliveryStatistics, batch: DeliveryStatistics, *, fidelity_rel: float = 1e-12
) -> None:
    assert batch.num_pairs == events.num_pairs
    assert batch.sim_time_s == events.sim_time_s
    assert batch.waiting_time_s == events.waiting_time_s
    assert batch.delivery_interval_s == events.delivery_interval_s
    assert batch.num_attempts == events.num_attempts
    assert batch.fidelity.num_samples == events.fidelity.num_samples
    assert close(batch.fidelity.mean, events.fidelity.mean, rel=fidelity_rel)
    assert close(
        batch.fidelity.stderr, events.fidelity.stderr, rel=fidelity_rel, scale=events.fidelity.mean
    )
    assert batch.rate_hz == events.rate_hz
    assert batch.rate_stderr_hz == events.rate_stderr_hz
    if events.state is None:
        assert batch.state is None
        return
    assert batch.state is not None
    assert batch.state.dims == events.state.dims
    # The event route adds n matrices one by one (rounding error up to about n eps);
    # the batch route adds each distinct state times its count. Each entry also carries
    # the states' own difference, as the fidelity does.
    rel = max(fidelity_rel, 10 * events.num_pairs * np.finfo(float).eps)
    np.testing.assert_allclose(batch.state.matrix, events.state.matrix, rtol=0, atol=rel)
    assert close(batch.chsh, events.chsh, rel=rel)
    if events.key is None:
        assert batch.key is None
    else:
        assert batch.key is not None
        # The secret fraction 1 - h(e_z) - h(e_x) amplifies the QBERs' rounding.
        assert close(batch.key.qber_z, events.key.qber_z, rel=rel)
        assert close(batch.key.key_rate_bps, events.key.key_rate_bps, rel=10 * rel)


def both_routes(
    configs: list[HeraldedLinkConfig], seed: int, **kwargs: object
) -> tuple[list[DeliveryStatistics], list[DeliveryStatistics]]:
    results = []
    for route in ("events", "batch"):
        rngs = child_generators(seed, len(configs))
        results.append(simulate_links(configs, rngs=rngs, route=route, **kwargs))  # type: ignore[arg-type]
    return results[0], results[1]


def link_layer_examples() -> list[str]:
    from qinternet.network import load_scenario

    names = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        protocol = load_scenario(path).protocol
        if protocol is None or protocol.kind == "link_layer":
            names.append(path.name)
    return names


@pytest.mark.parametrize("name", link_layer_examples())
def test_every_link_layer_example_gives_the_same_pairs_on_both_routes(name: str) -> None:
    from qinternet.network import build_scenario, load_scenario

    built = build_scenario(load_scenario(EXAMPLES / name))
    assert built.chain is None
    assert not built.requests
    assert built.ghz is None
    duration_s = EXAMPLE_DURATION_S.get(name, built.scenario.duration_s)
    events, batch = both_routes(
        list(built.links),
        built.scenario.seed,
        memories={n: node.memory for n, node in built.nodes.items()},
        num_slots={n: node.num_memories for n, node in built.nodes.items()},
        ensembles={n: node.ensemble for n, node in built.nodes.items()},
        duration_s=duration_s,
    )
    assert sum(stats.num_pairs for stats in events) >= 50  # a test that can fail
    # The event route ages a stored pair by subtracting absolute times, each rounded to
    # the spacing of floats at the duration; its fidelity moves by at most that error
    # times the memories' decay rate (the batch route ages every pair by the exact delay).
    decay_hz = max(
        1 / node.memory.t1_s + 1 / node.memory.t2_s + 1 / node.memory.depolarizing_time_s
        for node in built.nodes.values()
    )
    rounding = 4 * 2 * decay_hz * float(np.spacing(duration_s))  # two memories
    for one, other in zip(events, batch, strict=True):
        assert_same(one, other, fidelity_rel=max(1e-12, rounding))


OUTCOMES = {
    "single_click": single_click_link(0.1, 0.05, arm_length_m=2e3),
    "barrett_kok": barrett_kok_link(0.4, visibility=0.9, arm_length_m=2e3, preparation_time_s=2e-4),
    "dlcz": dlcz_link(0.02, 0.3, arm_length_m=1e3, preparation_time_s=1e-5),
    "photonic_server": photonic_server_link(
        (0.3, 0.2, 0.25), (0, 2), arm_lengths_m=(1e3, 2e3, 1.5e3)
    ),
    "state_transfer": transfer_link(0.8, length_m=10.0, protocol_time_s=1e-6),
}


# Memories that decohere hold qubits (DLCZ's Fock modes need ensembles, the photonic
# server's time-bin modes ideal memories).
QUBIT_OUTCOMES = [o for name, o in OUTCOMES.items() if name not in ("dlcz", "photonic_server")]


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_every_scheme_gives_the_same_pairs_on_both_routes(name: str) -> None:
    outcome = OUTCOMES[name]
    config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(2e-5, 1e-5), num_channels=2)
    events, batch = both_routes(
        [config],
        3,
        memories={"A": Memory(), "B": Memory()},
        duration_s=500 / config.expected_rate_hz,
    )
    assert events[0].num_pairs >= 400
    assert_same(events[0], batch[0])


def random_memory(rng: np.random.Generator, *, per_attempt: bool) -> Memory:
    kind = rng.integers(4)
    if kind == 0:
        return Memory()
    if kind == 1:
        return Memory(t2_s=float(rng.uniform(2e-3, 2e-2)))
    if kind == 2:
        t1_s = float(rng.uniform(5e-3, 5e-2))
        return Memory(t1_s=t1_s, t2_s=float(rng.uniform(0.2, 2.0)) * t1_s)
    dephasing = float(rng.uniform(1e-4, 1e-2)) if per_attempt else 0.0
    return Memory(t2_s=float(rng.uniform(2e-3, 2e-2)), dephasing_per_attempt=dephasing)


@pytest.mark.parametrize("seed", range(12))
def test_random_small_configurations_give_the_same_pairs_on_both_routes(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    num_links = int(rng.integers(1, 4))
    nodes = [f"N{i}" for i in range(num_links + 1)]  # a line: link i joins N_i, N_i+1
    configs = []
    for i in range(num_links):
        outcome: LinkOutcome = QUBIT_OUTCOMES[int(rng.integers(len(QUBIT_OUTCOMES)))]
        ratio = float(rng.choice([0.3, 1.0, 3.0]))  # herald delay below, at, above the period
        # A period giving each channel about 1 kHz, so the links' rates are alike.
        cycles = 1 / outcome.success_probability - 1 + max(1.0, ratio)
        period_s = float(rng.uniform(0.7, 1.3)) * 1e-3 / cycles
        delays = (ratio * period_s, float(rng.uniform(0.2, 1.0)) * ratio * period_s)
        configs.append(
            HeraldedLinkConfig(
                nodes[i],
                nodes[i + 1],
                outcome,
                herald_delay_s=delays,
                num_channels=int(rng.integers(1, 4)),
                attempt_duration_s=period_s,
            )
        )
    channels = {node: 0 for node in nodes}
    for config in configs:
        channels[config.node_a] += config.num_channels
        channels[config.node_b] += config.num_channels
    memories = {n: random_memory(rng, per_attempt=channels[n] == 1) for n in nodes}
    assert batch_applies(configs, memories)
    duration_s = 400 / min(c.expected_rate_hz for c in configs)  # >= 400 pairs a link
    events, batch = both_routes(configs, seed, memories=memories, duration_s=duration_s)
    for one, other in zip(events, batch, strict=True):
        assert one.num_pairs >= 300
        assert_same(one, other)


def test_steps_and_progress_change_no_number() -> None:
    config = HeraldedLinkConfig(
        "A", "B", OUTCOMES["single_click"], herald_delay_s=(3e-5, 1e-5), num_channels=3
    )
    memories = {"A": Memory(t2_s=1e-2), "B": Memory(t1_s=1e-2, t2_s=5e-3)}
    seen: dict[str, list[float]] = {"events": [], "batch": []}
    runs = {}
    for route in ("events", "batch"):
        runs[route] = simulate_links(
            [config],
            memories=memories,
            duration_s=0.3,
            rngs=child_generators(5, 1),
            on_progress=seen[route].append,
            num_progress_steps=7,
            route=route,
        )[0]
    (whole,) = simulate_links(
        [config], memories=memories, duration_s=0.3, rngs=child_generators(5, 1)
    )
    assert seen["events"] == seen["batch"] == [0.3 * i / 7 for i in range(1, 8)]
    assert runs["batch"] == whole  # every field equal
    assert_same(runs["events"], whole)


def test_chunks_continue_the_sequence_exactly() -> None:
    # A channel told to expect a short run draws many chunks; its pairs must be those
    # of one chunk covering the whole run, and those of a scalar loop over its streams.
    config = HeraldedLinkConfig(
        "A", "B", OUTCOMES["barrett_kok"], herald_delay_s=(4e-4, 1e-4), attempt_duration_s=1e-4
    )
    until_s = 0.5
    many = _Channel(config, channel_streams(np.random.default_rng(8), 1)[0], 1e-3).take(until_s)
    one = channel_pairs(config, channel_streams(np.random.default_rng(8), 1)[0], until_s=until_s)
    attempts_rng, _ = channel_streams(np.random.default_rng(8), 1)[0]
    started, known, start_s = [], [], 0.0
    p = config.outcome.success_probability
    while True:
        k = int(attempts_rng.geometric(p))
        created_s = start_s + (k - 1) * 1e-4
        if created_s + 4e-4 >= until_s:
            break
        started.append(start_s)
        known.append(created_s + 4e-4)
        start_s = created_s + 4e-4  # max(T, d) = d here
    assert len(started) > 300
    for pairs in (many, one):
        assert pairs.started_s.tolist() == started
        assert pairs.known_s.tolist() == known


@pytest.mark.parametrize(
    ("delay_s", "period_s", "num_channels"),
    [(2e-5, 1e-4, 1), (5e-4, 1e-4, 3), (1e-4, 1e-4, 2)],
    ids=["herald_shorter", "herald_longer", "herald_equal"],
)
def test_rate_attempts_and_waiting_time_match_the_renewal_process(
    delay_s: float, period_s: float, num_channels: int
) -> None:
    outcome = OUTCOMES["barrett_kok"]
    config = HeraldedLinkConfig(
        "A",
        "B",
        outcome,
        herald_delay_s=(delay_s, delay_s / 2),
        num_channels=num_channels,
        attempt_duration_s=period_s,
    )
    (stats,) = simulate_links(
        [config],
        memories={"A": Memory(), "B": Memory()},
        duration_s=20.0,
        rngs=child_generators(11, 1),
        route="batch",
    )
    # Derived here: a cycle is (k - 1) T + max(T, d) with E[k] = 1/p.
    p = outcome.success_probability
    rate_hz = num_channels / ((1 / p - 1) * period_s + max(period_s, delay_s))
    assert config.expected_rate_hz == pytest.approx(rate_hz, rel=1e-12)
    assert abs(stats.rate_hz - rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz
    assert stats.num_attempts.agrees_with(1 / p, num_sigma=NUM_SIGMA)
    # The wait from the first attempt to the herald: (k - 1) T + d.
    assert stats.waiting_time_s.agrees_with((1 / p - 1) * period_s + delay_s, num_sigma=NUM_SIGMA)


def test_channels_that_share_a_per_attempt_dephasing_memory_take_the_event_route() -> None:
    config = HeraldedLinkConfig("A", "B", OUTCOMES["barrett_kok"], num_channels=2)
    memories = {"A": Memory(dephasing_per_attempt=0.01), "B": Memory()}
    assert not batch_applies([config], memories)
    assert batch_applies([config], {"A": Memory(), "B": Memory(t2_s=1.0)})
    one_channel = HeraldedLinkConfig("A", "B", OUTCOMES["barrett_kok"])
    assert batch_applies([one_channel], memories)
    with pytest.raises(InvalidParameterError, match="route"):
        simulate_links(
            [config], memories=memories, duration_s=0.1, rngs=child_generators(1, 1), route="batch"
        )
    with pytest.raises(InvalidParameterError, match="route"):
        simulate_links(
            [config], memories=memories, duration_s=0.1, rngs=child_generators(1, 1), route="fast"
        )
    auto = simulate_links([config], memories=memories, duration_s=0.2, rngs=child_generators(1, 1))
    events = simulate_links(
        [config], memories=memories, duration_s=0.2, rngs=child_generators(1, 1), route="events"
    )
    assert auto == events
