"""The batch route of nested repeater chains gives what the event route gives, pair for pair.

Both routes draw from the same streams (one per link, swap node and purification step
of each channel), so with one seed they must deliver the same pairs at the same
instants: the monitors' waiting times and delivery intervals are compared bit for bit,
fidelities to 1e-12 (they come out equal), whole statistics with ``==``, and, for runs
bounded by a duration, every stream must have handed out the same number of draws
(the same attempts, patterns, swap and purification draws, up to the end of the run).
The chain examples and randomized chains are compared (2-9 segments, 1-4 channels,
ideal, dephasing and T1/T2 memories, imperfect swaps, BSM noise, heralding and
classical delays, cut-offs, purification, duration and pair-count bounds), including
zero-delay chains whose times fall on a common grid, where a half is known at the very
instant of a cut-off and where nested cut-offs fall on one instant (these broke the
first version of the batch route). The closed forms stay with ``test_repeater.py``.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.core.rng import child_generators
from qinternet.physics.devices import Memory
from qinternet.physics.links import barrett_kok_link, single_click_link
from qinternet.physics.maps.swapping import BsmNoise
from qinternet.sim.chain import ChainConfig, simulate_chain
from qinternet.sim.chain_batch import batch_applies, run_batch, run_events
from qinternet.sim.chain_streams import channel_draws, channel_seeds
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.monitor import DeliveryMonitor

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHAIN_EXAMPLES = {  # name: simulated time (the long one cut short)
    "barrett_kok_chain_3_nodes.yaml": None,
    "barrett_kok_chain_9_nodes.yaml": None,
    "pan_1000km_projection.yaml": 10.0,
    "chain_needs_purification.yaml": None,
}


def both_routes(
    config: ChainConfig,
    memories: dict[str, Memory],
    seed: int,
    duration_s: float = math.inf,
    max_pairs: int | None = None,
) -> list[tuple[DeliveryMonitor, float, list[list[int]]]]:
    """Each route's monitor, simulated time and the draws each stream handed out."""
    runs = []
    for route in (run_batch, run_events):
        rng = np.random.default_rng(seed)
        draws = channel_draws(config, channel_seeds(config, rng))
        if route is run_batch:
            monitor, sim_time_s = run_batch(config, memories, draws, duration_s, max_pairs)
        else:
            monitor, sim_time_s = run_events(config, memories, rng, draws, duration_s, max_pairs)
        runs.append((monitor, sim_time_s, [[s.pos for s in d.streams] for d in draws]))
    return runs


def assert_same_pairs(
    config: ChainConfig,
    memories: dict[str, Memory],
    seed: int,
    duration_s: float = math.inf,
    max_pairs: int | None = None,
) -> DeliveryMonitor:
    (batch, batch_s, batch_draws), (events, events_s, events_draws) = both_routes(
        config, memories, seed, duration_s, max_pairs
    )
    assert batch.num_pairs == events.num_pairs
    assert batch_s == events_s
    assert np.array_equal(batch.waits.values(), events.waits.values())
    assert np.array_equal(batch.intervals.values(), events.intervals.values())
    assert np.allclose(batch.fidelities.values(), events.fidelities.values(), rtol=0, atol=1e-12)
    assert batch.statistics(sim_time_s=batch_s) == events.statistics(sim_time_s=events_s)
    if max_pairs is None:
        assert batch_draws == events_draws
    else:
        assert batch.num_pairs <= max_pairs
        if batch.num_pairs == max_pairs:
            assert batch_s == float(np.sum(batch.intervals.values()))  # the last pair's time
    return batch


def random_chain(seed: int) -> tuple[ChainConfig, dict[str, Memory], float, int | None]:
    """A random chain, its memories and bounds (see the module docstring)."""
    rng = np.random.default_rng(seed)
    num_links = int(rng.integers(2, 10))
    nodes = [f"n{i}" for i in range(num_links + 1)]
    grid = rng.random() < 0.25  # zero delays, times on a common grid
    links = []
    for a, b in itertools.pairwise(nodes):
        outcome = barrett_kok_link(
            float(rng.uniform(0.3, 0.9)),
            preparation_time_s=1e-3 if grid else float(rng.uniform(1e-4, 1e-3)),
        )
        herald_s = 0.0 if grid else float(rng.choice([0.0, rng.uniform(0.0, 2e-3)]))
        links.append(HeraldedLinkConfig(a, b, outcome, herald_delay_s=(herald_s, herald_s)))
    kind = int(rng.integers(0, 3))
    memories = {}
    for node in nodes:
        if kind == 0:
            memories[node] = Memory(t2_s=float(rng.uniform(0.05, 1.0)))
        elif kind == 1:
            t1_s = float(rng.uniform(0.1, 2.0))
            memories[node] = Memory(t1_s=t1_s, t2_s=float(rng.uniform(0.05, 2 * t1_s)))
        else:
            memories[node] = Memory()
    longest_s = max(link.period_s for link in links)
    cutoff_s = None
    if grid or rng.random() < 0.4:
        cutoff_s = (int(rng.integers(1, 6)) if grid else float(rng.uniform(1, 20))) * longest_s
    delays = (
        (0.0,) * num_links if grid else tuple(float(d) for d in rng.uniform(0, 1e-3, num_links))
    )
    config = ChainConfig(
        tuple(links),
        segment_delay_s=delays,
        swap_success_probability=float(rng.choice([1.0, rng.uniform(0.3, 1.0)])),
        bsm_noise=BsmNoise(
            gate_depolarizing=float(rng.choice([0.0, 0.02])),
            readout_flip=float(rng.choice([0.0, 0.01])),
        ),
        cutoff_s=cutoff_s,
        num_channels=int(rng.integers(1, 5)),
        purification_rounds=int(rng.integers(1, 3)) if rng.random() < 0.2 else 0,
    )
    max_pairs = int(rng.integers(1, 30)) if rng.random() < 0.3 else None
    return config, memories, float(rng.uniform(0.2, 1.0)), max_pairs


@pytest.mark.parametrize("seed", range(24))
def test_random_chains_give_the_same_pairs_on_both_routes(seed: int) -> None:
    config, memories, duration_s, max_pairs = random_chain(seed)
    assert batch_applies(config, memories)
    assert_same_pairs(config, memories, 1000 + seed, duration_s, max_pairs)


@pytest.mark.parametrize("num_links", [2, 3, 4, 7])
@pytest.mark.parametrize("herald_s", [0.0, 4e-4])
def test_cutoffs_on_a_common_time_grid_give_the_same_pairs(num_links: int, herald_s: float) -> None:
    outcome = barrett_kok_link(0.5, preparation_time_s=1e-3)
    nodes = [f"n{i}" for i in range(num_links + 1)]
    links = tuple(
        HeraldedLinkConfig(a, b, outcome, herald_delay_s=(herald_s, herald_s))
        for a, b in itertools.pairwise(nodes)
    )
    config = ChainConfig(links, num_channels=2, cutoff_s=3 * links[0].period_s)
    memories = {node: Memory(t2_s=0.1) for node in nodes}
    monitor = assert_same_pairs(config, memories, 1, duration_s=0.3)
    assert monitor.num_pairs > 0


@pytest.mark.parametrize("num_links", [1, 3])
@pytest.mark.parametrize("rounds", [0, 2])
def test_single_click_links_in_t1_memories_give_the_same_pairs(num_links: int, rounds: int) -> None:
    # Several heralding patterns, states that are not Bell-diagonal, amplitude damping:
    # every swap, purification and delivery goes through the scratch storage.
    outcome = single_click_link(0.2, 0.3, phase_std_rad=0.2, arm_length_m=1000.0)
    assert len(outcome.branches) > 1
    nodes = "ABCD"[: num_links + 1]
    links = tuple(
        HeraldedLinkConfig(a, b, outcome, herald_delay_s=(1e-4, 2e-4))
        for a, b in itertools.pairwise(nodes)
    )
    config = ChainConfig(
        links,
        segment_delay_s=(1e-4,) * num_links,
        bsm_noise=BsmNoise(gate_depolarizing=0.01, readout_flip=0.01),
        cutoff_s=20 * links[0].period_s,
        num_channels=2,
        purification_rounds=rounds,
    )
    memories = {node: Memory(t1_s=1.0, t2_s=0.5) for node in nodes}
    assert assert_same_pairs(config, memories, 4, duration_s=0.06).num_pairs > 0


def test_pairs_delivered_at_one_instant_are_counted_in_channel_order() -> None:
    # Zero delays and likely links: channels often deliver at the same instant.
    outcome = barrett_kok_link(0.95, preparation_time_s=1e-3)
    links = tuple(HeraldedLinkConfig(a, b, outcome) for a, b in ("AB", "BC", "CD"))
    memories = {node: Memory(t2_s=float(i + 1)) for i, node in enumerate("ABCD")}
    config = ChainConfig(links, num_channels=4)
    monitor = assert_same_pairs(config, memories, 5, duration_s=0.05)
    assert np.count_nonzero(monitor.intervals.values() == 0.0) > 10
    for max_pairs in (1, 7, 30):  # the count may end in the middle of an instant
        assert_same_pairs(config, memories, 5, max_pairs=max_pairs)


@pytest.mark.parametrize("name", sorted(CHAIN_EXAMPLES))
def test_chain_examples_give_the_same_statistics_on_both_routes(name: str) -> None:
    from qinternet.network import load_scenario
    from qinternet.network.build import build_scenario

    scenario = load_scenario(EXAMPLES / name)
    built = build_scenario(scenario)
    assert built.chain is not None
    memories = {node: spec.memory for node, spec in built.nodes.items()}
    assert batch_applies(built.chain, memories)
    duration_s = CHAIN_EXAMPLES[name] or scenario.duration_s
    runs = [
        simulate_chain(
            built.chain,
            memories=memories,
            rng=child_generators(scenario.seed, 1)[0],
            duration_s=duration_s,
            route=route,
        )
        for route in ("batch", "events", "auto")
    ]
    assert runs[0].num_pairs > 0
    assert runs[0] == runs[1] == runs[2]


def dephasing_chain(num_channels: int) -> tuple[ChainConfig, dict[str, Memory]]:
    outcome = barrett_kok_link(0.4, preparation_time_s=5e-4)
    links = tuple(HeraldedLinkConfig(a, b, outcome) for a, b in ("AB", "BC"))
    return ChainConfig(links, num_channels=num_channels), {
        "A": Memory(t2_s=1.0, dephasing_per_attempt=0.01),
        "B": Memory(t2_s=1.0),
        "C": Memory(t2_s=1.0, dephasing_per_attempt=0.01),
    }


def test_a_memory_dephasing_with_every_attempt_of_one_channel_keeps_the_batch_route() -> None:
    config, memories = dephasing_chain(num_channels=1)
    assert batch_applies(config, memories)
    assert_same_pairs(config, memories, 3, duration_s=1.0)


def test_a_memory_dephasing_with_the_attempts_of_other_qubits_takes_the_event_route() -> None:
    config, memories = dephasing_chain(num_channels=2)
    assert not batch_applies(config, memories)
    inner = dict(memories, B=Memory(t2_s=1.0, dephasing_per_attempt=0.01))
    assert not batch_applies(ChainConfig(config.links, num_channels=1), inner)
    with pytest.raises(InvalidParameterError, match="route"):
        simulate_chain(
            config, memories=memories, rng=np.random.default_rng(1), duration_s=1.0, route="batch"
        )
    auto, events = (
        simulate_chain(
            config, memories=memories, rng=np.random.default_rng(1), duration_s=1.0, route=route
        )
        for route in ("auto", "events")
    )
    assert auto.num_pairs > 0
    assert auto == events


def test_routes_are_checked() -> None:
    config, memories = dephasing_chain(num_channels=1)
    rng = np.random.default_rng(0)
    with pytest.raises(InvalidParameterError, match="route"):
        simulate_chain(config, memories=memories, rng=rng, duration_s=1.0, route="fast")
    asap = ChainConfig(config.links, policy="asap")
    with pytest.raises(InvalidParameterError, match="nested"):
        simulate_chain(asap, memories=memories, rng=rng, duration_s=1.0, route="batch")
    with pytest.raises(InvalidParameterError, match="memories"):
        simulate_chain(config, memories={"A": Memory()}, rng=rng, duration_s=1.0)


def test_adding_a_channel_changes_no_other_channel() -> None:
    config, memories = dephasing_chain(num_channels=1)
    memories = {node: Memory(t2_s=1.0) for node in memories}
    wider = ChainConfig(config.links, num_channels=3)
    one = channel_draws(config, channel_seeds(config, np.random.default_rng(8)))
    three = channel_draws(wider, channel_seeds(wider, np.random.default_rng(8)))
    batch = run_batch(config, memories, one, 2.0, None)[0]
    alone = run_batch(wider, memories, three[:1], 2.0, None)[0]
    assert batch.num_pairs > 0
    assert np.array_equal(batch.waits.values(), alone.waits.values())
