"""One fibre velocity: a link's ``group_velocity_m_per_s`` reaches every delay it causes."""

from __future__ import annotations

from typing import Any

import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network import build_scenario, parse_scenario

V_M_PER_S = 1.25e8  # slower than the 2e8 m/s default


def link_scenario(link: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "name": "fibre",
        "duration_s": 1.0,
        "nodes": [{"name": "A"}, {"name": "B"}],
        "links": [{"nodes": ["A", "B"], "group_velocity_m_per_s": V_M_PER_S, **link}],
        **extra,
    }


@pytest.mark.parametrize(
    ("scheme", "round_trips"),
    [
        ({"kind": "barrett_kok"}, 2),  # two emission rounds, each heralded
        ({"kind": "single_click", "bright_state_population": 0.1}, 1),
        ({"kind": "dlcz", "excitation_probability": 0.01}, 1),
    ],
)
def test_station_schemes_take_attempt_and_herald_delays_from_the_velocity(
    scheme: dict[str, Any], round_trips: int
) -> None:
    # Arms of 3 and 1 km: an attempt waits for the longer one there and back; node i
    # learns the result after the longer arm plus its own.
    data = link_scenario({"arm_lengths_m": [3000.0, 1000.0], "scheme": scheme})
    (config,) = build_scenario(parse_scenario(data)).links
    assert config.attempt_duration_s == pytest.approx(round_trips * 2 * 3000 / V_M_PER_S)
    assert config.herald_delay_s == pytest.approx((6000 / V_M_PER_S, 4000 / V_M_PER_S))


@pytest.mark.parametrize(
    ("scheme", "herald_lengths_m"),
    [
        ({"kind": "sequential", "reflectivity": 0.5, "contrast": 10}, (10_000.0, 5000.0)),
        ({"kind": "state_transfer"}, (5000.0, 0.0)),
    ],
)
def test_loop_schemes_take_their_delays_from_the_velocity(
    scheme: dict[str, Any], herald_lengths_m: tuple[float, float]
) -> None:
    data = link_scenario({"length_m": 5000.0, "scheme": scheme})
    (config,) = build_scenario(parse_scenario(data)).links
    assert config.attempt_duration_s == pytest.approx(5000 / V_M_PER_S)
    assert config.herald_delay_s == pytest.approx(
        tuple(length / V_M_PER_S for length in herald_lengths_m)
    )


def chain_data(protocol: dict[str, Any]) -> dict[str, Any]:
    link = {"scheme": {"kind": "barrett_kok"}, "group_velocity_m_per_s": V_M_PER_S}
    return {
        "name": "chain",
        "duration_s": 1.0,
        "nodes": [{"name": n, "num_memories": 2} for n in "ABC"],
        "links": [
            {"nodes": ["A", "B"], "length_m": 4000.0, **link},
            {"nodes": ["B", "C"], "length_m": 6000.0, **link},
        ],
        "protocol": protocol,
    }


def test_a_chain_sends_swap_outcomes_at_the_links_velocity() -> None:
    built = build_scenario(parse_scenario(chain_data({"kind": "chain"})))
    assert built.chain is not None
    assert built.chain.segment_delay_s == pytest.approx((4000 / V_M_PER_S, 6000 / V_M_PER_S))


def test_a_request_sends_swap_outcomes_at_the_links_velocity() -> None:
    protocol = {"kind": "requests", "requests": [{"between": ["A", "C"]}]}
    (plan,) = build_scenario(parse_scenario(chain_data(protocol))).requests
    assert plan.chain.segment_delay_s == pytest.approx((4000 / V_M_PER_S, 6000 / V_M_PER_S))


def test_the_default_velocity_is_the_fibres() -> None:
    data = link_scenario({"length_m": 5000.0, "scheme": {"kind": "state_transfer"}})
    del data["links"][0]["group_velocity_m_per_s"]
    scenario = parse_scenario(data)
    assert scenario.links[0].group_velocity_m_per_s == 2e8
    (config,) = build_scenario(scenario).links
    assert config.attempt_duration_s == pytest.approx(5000 / 2e8)


def test_a_velocity_above_the_speed_of_light_is_refused() -> None:
    data = link_scenario({"length_m": 5000.0, "scheme": {"kind": "barrett_kok"}})
    data["links"][0]["group_velocity_m_per_s"] = 3.5e8
    with pytest.raises(ScenarioError) as caught:
        build_scenario(parse_scenario(data, source="v.yaml"), source="v.yaml")
    assert str(caught.value).startswith(
        "v.yaml: links[0].group_velocity_m_per_s=350000000.0: must not exceed the speed of light"
    )
    data["links"][0]["group_velocity_m_per_s"] = 0.0
    with pytest.raises(ScenarioError, match=r"links\[0\]\.group_velocity_m_per_s=0\.0: Input"):
        parse_scenario(data)
