"""The Bell-diagonal fast path of chains gives the records of the density route.

Same seed, same chain: one run keeps Bell-diagonal pairs as coefficients and swaps them
in closed form, the other holds every pair as a density matrix in the registry and
swaps by the density contraction. Both draw the same random numbers, so they must
deliver the same pairs at the same times with states equal to rounding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import simpy

from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome
from qinternet.physics.maps.swapping import BsmNoise
from qinternet.sim.chain import ChainConfig, ChainShell, chain_storage
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.records import DeliveredPair
from qinternet.sim.storage import QuantumStorage
from qinternet.states import BellDiagonal, bell_state

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class _CountingStorage(QuantumStorage):
    """Counts the swaps' reads of pairs held as Bell coefficients."""

    bell_reads = 0

    def bell_pair(self, slot_a: Any, slot_b: Any, *, now_s: float) -> Any:
        coefficients = super().bell_pair(slot_a, slot_b, now_s=now_s)
        self.bell_reads += coefficients is not None
        return coefficients


def run_records(
    config: ChainConfig, memories: dict[str, Memory], seed: int, duration_s: float, fast: bool
) -> tuple[list[DeliveredPair], int]:
    env = simpy.Environment()
    plain = chain_storage(config, memories, config.slots_per_link_side, bell_diagonal_pairs=fast)
    storage = _CountingStorage(bell_diagonal_pairs=fast)
    for node in config.nodes:
        storage.add_node(node, memories[node], num_slots=plain.num_slots(node))
    records: list[DeliveredPair] = []

    def keep(record: DeliveredPair) -> bool:
        records.append(record)
        return False

    ChainShell.policies[config.policy](env, config, storage, np.random.default_rng(seed), keep)
    env.run(until=duration_s)
    return records, storage.bell_reads


def assert_same_records(fast: list[DeliveredPair], plain: list[DeliveredPair]) -> None:
    assert len(fast) == len(plain) > 0
    for got, want in zip(fast, plain, strict=True):
        assert (got.started_s, got.delivered_s) == (want.started_s, want.delivered_s)
        assert got.fidelity == pytest.approx(want.fidelity, abs=1e-12)
        np.testing.assert_allclose(got.state.matrix, want.state.matrix, atol=1e-12)


def random_chain(rng: np.random.Generator, num_links: int, target: str) -> ChainConfig:
    weights = rng.random(4) ** 2
    weights[["phi+", "phi-", "psi+", "psi-"].index(target)] += 3.0
    outcome = LinkOutcome(
        success_probability=float(rng.uniform(0.2, 0.6)),
        heralded_state=BellDiagonal(tuple(weights / weights.sum())).to_density(),
        target=bell_state(target),
        target_name=target,
        attempt_duration_s=1e-3,
    )
    nodes = [f"n{i}" for i in range(num_links + 1)]
    links = tuple(
        HeraldedLinkConfig(nodes[i], nodes[i + 1], outcome, herald_delay_s=(2e-4, 3e-4))
        for i in range(num_links)
    )
    return ChainConfig(
        links,
        segment_delay_s=tuple(rng.uniform(0, 5e-4, num_links)),
        swap_success_probability=float(rng.uniform(0.7, 1.0)),
        bsm_noise=BsmNoise(float(rng.uniform(0, 0.05)), float(rng.uniform(0, 0.03))),
        num_channels=int(rng.integers(1, 3)),
        cutoff_s=float(rng.uniform(5e-3, 2e-2)) if rng.random() < 0.5 else None,
        policy="asap" if rng.random() < 0.5 else "nested",
    )


def random_memory(rng: np.random.Generator) -> Memory:
    return Memory(
        t2_s=float(rng.uniform(0.01, 0.1)),
        dephasing_per_attempt=float(rng.uniform(0, 0.005)),
        depolarizing_time_s=float(rng.uniform(0.05, 0.5)),
    )


@pytest.mark.parametrize("seed", range(6))
def test_random_noisy_chains_deliver_the_density_route_records(seed: int) -> None:
    rng = np.random.default_rng(seed)
    config = random_chain(rng, int(rng.integers(2, 5)), str(rng.choice(["phi+", "psi-"])))
    memories = {node: random_memory(rng) for node in config.nodes}
    fast, bell_reads = run_records(config, memories, seed, 0.3, fast=True)
    plain, plain_reads = run_records(config, memories, seed, 0.3, fast=False)
    assert_same_records(fast, plain)
    assert bell_reads > 0  # the fast path was taken
    assert plain_reads == 0


def test_purified_chain_mixes_both_routes_to_the_same_records() -> None:
    rng = np.random.default_rng(11)
    base = random_chain(rng, 2, "phi+")
    config = ChainConfig(base.links, purification_rounds=1, bsm_noise=BsmNoise(0.02, 0.01))
    memories = {node: random_memory(rng) for node in config.nodes}
    fast, _ = run_records(config, memories, 5, 0.3, fast=True)
    plain, _ = run_records(config, memories, 5, 0.3, fast=False)
    assert_same_records(fast, plain)


def test_amplitude_damping_takes_the_density_route() -> None:
    rng = np.random.default_rng(21)
    config = random_chain(rng, 3, "phi+")
    memories = {node: Memory(t1_s=0.2, t2_s=0.05) for node in config.nodes}
    fast, bell_reads = run_records(config, memories, 3, 0.3, fast=True)
    plain, _ = run_records(config, memories, 3, 0.3, fast=False)
    assert bell_reads == 0
    assert_same_records(fast, plain)


CHAIN_EXAMPLES = {
    "barrett_kok_chain_3_nodes.yaml": 0.2,
    "barrett_kok_chain_9_nodes.yaml": 0.1,
    "chain_needs_purification.yaml": 2.0,
    "pan_1000km_projection.yaml": 10.0,
}


@pytest.mark.parametrize("name", sorted(CHAIN_EXAMPLES))
def test_chain_examples_give_the_density_route_numbers(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qinternet.network import ChainResult, load_scenario, parse_scenario, run_scenario

    data = load_scenario(EXAMPLES / name).model_dump()
    data["duration_s"] = min(data["duration_s"], CHAIN_EXAMPLES[name])
    fast = run_scenario(parse_scenario(data))
    monkeypatch.setattr("qinternet.sim.storage.is_pauli_memory", lambda memory: False)
    plain = run_scenario(parse_scenario(data))
    assert isinstance(fast, ChainResult)
    assert isinstance(plain, ChainResult)
    assert fast.num_pairs == plain.num_pairs > 0
    assert fast.statistics.sim_time_s == plain.statistics.sim_time_s
    assert fast.fidelity.mean == pytest.approx(plain.fidelity.mean, rel=1e-12)
    assert fast.fidelity.stderr == pytest.approx(plain.fidelity.stderr, rel=1e-9, abs=1e-12)
    assert fast.statistics.waiting_time_s == plain.statistics.waiting_time_s
    assert fast.statistics.delivery_interval_s == plain.statistics.delivery_interval_s
