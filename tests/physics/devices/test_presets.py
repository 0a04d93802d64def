"""Tests of qinternet.physics.devices.presets: every preset validates, its numbers stay as sourced.

EXPECTED repeats each table by hand, so an edit of a number in the source tables fails
here until the number (and its source) is updated in both places.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.devices import (
    TABLES,
    CavityInterface,
    Fibre,
    Memory,
    Platform,
    PlatformPreset,
    preset,
)

NV_COMMON = {
    "memory.t1_s": 3600.0,
    "memory.t2_s": 0.4,
    "memory.readout_efficiency": 1.0,
    "memory.dephasing_per_attempt": 0.0,
    "memory.initialisation_fidelity": 0.99,
    "emitter.bright_state_population": 0.3,
    "emitter.double_excitation_probability": 0.04,
    "emitter.emission_efficiency": 0.03,
    "emitter.collection_efficiency": 0.0146,
    "emitter.max_attempt_rate_hz": 1 / 5.5e-6,
    "attempt_duration_s": 5.5e-6,
    "detector.efficiency": 0.8,
    "detector.dark_count_rate_hz": 20.0,
    "detector.window_s": 25e-9,
    "detector.number_resolving": False,
    "detector.dead_time_s": 0.0,
}

EXPECTED: dict[Platform, dict[str, float | bool]] = {
    Platform.NV_CENTRE: {
        "reported.entangling_rate_hz": 39.0,
        "reported.decoherence_rate_hz": 5.0,
        "reported.clock_cycle_s": 0.1,
        "reported.delivered_fidelity_min": 0.5,
        "reported.link_efficiency_threshold": 0.83,
        "reported.node_separation_m": 2.0,
        "reported.fidelity_at_39_hz": 0.60,
        "reported.fidelity_at_39_hz_error": 0.02,
        "reported.alpha_at_39_hz": 0.3,
        "reported.fidelity_at_6_hz": 0.81,
        "reported.fidelity_at_6_hz_error": 0.02,
        "reported.alpha_at_6_hz": 0.05,
        "reported.photon_visibility": 0.9,
        "reported.phase_std_deg": 15.0,
        "reported.double_excitation_probability": 0.04,
        "reported.readout_fidelity_0": 0.95,
        "reported.readout_fidelity_1": 0.995,
        **NV_COMMON,
        "fibre.length_m": 1.0,
        "fibre.attenuation_db_per_km": 5.0,
        "fibre.group_velocity_m_per_s": 2e8,
    },
    Platform.NV_METROPOLITAN: {
        **NV_COMMON,
        "reported.fibre_path_length_m": 25e3,
        "reported.node_separation_m": 10e3,
        "reported.heralded_fidelity": 0.534,
        "reported.heralded_fidelity_error": 0.015,
        "reported.heralded_rate_hz": 0.022,
        "reported.success_probability": 7.2e-6,
        "reported.bright_state_population": 0.25,
        "reported.phase_std_deg": 30.0,
        "fibre.length_m": 12.5e3,
        "fibre.attenuation_db_per_km": 10.8 / 25,
        "fibre.group_velocity_m_per_s": 2e8,
        "emitter.conversion_efficiency": 0.49,
        "emitter.collection_efficiency": 0.00549,
        "emitter.bright_state_population": 0.25,
        "emitter.max_attempt_rate_hz": 1e5,
        "attempt_duration_s": 10e-6,
        "detector.efficiency": 0.6,
        "detector.dark_count_rate_hz": 10.0,
    },
    Platform.SIV: {
        "reported.loop_length_m": 35e3,
        "reported.spool_length_m": 40e3,
        "reported.telecom_wavelength_m": 1350e-9,
        "reported.electron_bell_fidelity": 0.86,
        "reported.electron_bell_fidelity_error": 0.03,
        "reported.lab_rate_max_hz": 1.0,
        "reported.nuclear_bell_fidelity_loop": 0.69,
        "reported.nuclear_bell_fidelity_loop_error": 0.07,
        "reported.loop_loss_db": 17.0,
        "reported.back_conversion_efficiency": 0.30,
        "fibre.length_m": 35e3,
        "fibre.attenuation_db_per_km": 17.0 / 35.0,
        "fibre.group_velocity_m_per_s": 2e8,
        "memory.t1_s": 1.0,
        "memory.t2_s": 13e-3,
        "storage_memory.t2_s": 1.0,
        "storage_memory.dephasing_per_attempt": 0.0,
        "emitter.conversion_efficiency": 0.33,
        "emitter.collection_efficiency": 0.5,
        "emitter.max_attempt_rate_hz": 1 / 175e-6,
        "attempt_duration_s": 175e-6,
        "detector.efficiency": 0.9,
        "detector.dark_count_rate_hz": 10.0,
        "detector.number_resolving": False,
    },
    Platform.TRANSMON: {
        "reported.absorption_probability": 0.981,
        "reported.transfer_process_fidelity": 0.8002,
        "reported.entanglement_fidelity": 0.789,
        "reported.rate_hz": 50e3,
        "reported.protocol_duration_s": 180e-9,
        "fibre.length_m": 0.9,
        "fibre.attenuation_db_per_km": 0.0,
        "fibre.group_velocity_m_per_s": 2e8,
        "emitter.coupling_efficiency": 0.981,
        "emitter.max_attempt_rate_hz": 50e3,
        "attempt_duration_s": 2e-5,
        "memory.t1_s": 10e-6,
        "memory.t2_s": 10e-6,
    },
    Platform.RB_ENSEMBLE: {
        "reported.node_separation_m": 12.5e3,
        "reported.num_nodes": 3.0,
        "fibre.length_m": 10e3,
        "fibre.attenuation_db_per_km": 0.3,
        "fibre.group_velocity_m_per_s": 2e8,
        "ensemble.excitation_probability": 0.01,
        "ensemble.retrieval_efficiency": 0.5,
        "ensemble.memory_lifetime_s": 1e-3,
        "attempt_duration_s": 1e-6,
        "detector.efficiency": 0.8,
        "detector.dark_count_rate_hz": 10.0,
        "detector.number_resolving": False,
    },
    Platform.CS_ENSEMBLE: {
        "reported.node_separation_m": 2.8,
        "reported.num_atoms": 1e5,
        "reported.storage_time_s": 1e-6,
        "reported.concurrence": 0.9,
        "reported.concurrence_error": 0.3,
        "fibre.length_m": 1.4,
        "fibre.attenuation_db_per_km": 3.0,
        "fibre.group_velocity_m_per_s": 2e8,
        "ensemble.excitation_probability": 0.01,
        "ensemble.retrieval_efficiency": 0.5,
        "ensemble.memory_lifetime_s": 10e-6,
        "attempt_duration_s": 1e-6,
        "detector.efficiency": 0.5,
        "detector.dark_count_rate_hz": 100.0,
        "detector.number_resolving": False,
    },
    Platform.ATOM_CAVITY: {
        "fabry_perot.length_m": 10e-6,
        "fabry_perot.waist_m": 12e-6,
        "fabry_perot.finesse": 5e5,
        "fabry_perot.wavelength_m": 852.35e-9,
        "fabry_perot.atomic_linewidth_hz": 5.234e6,
        "fabry_perot.outcoupling_fraction": 1.0,
        "reported.box2_critical_photon_number": 2e-5,
        "reported.box2_critical_atom_number": 1e-6,
        "memory.t2_s": 1e-3,
        "memory.t1_s": 1.0,
        "attempt_duration_s": 1e-6,
        "emitter.max_attempt_rate_hz": 1e6,
        "fibre.length_m": 1.0,
        "fibre.attenuation_db_per_km": 3.0,
        "fibre.group_velocity_m_per_s": 2e8,
    },
}


def _attribute(built: PlatformPreset, path: str) -> object:
    head, _, tail = path.partition(".")
    if head == "reported":
        return built.reported_value(tail)
    if not tail:
        return getattr(built, head)
    return getattr(getattr(built, head), tail)


def test_every_platform_has_a_table_and_expectations() -> None:
    assert set(TABLES) == set(Platform) == set(EXPECTED)


@pytest.mark.parametrize("platform", list(Platform))
def test_table_numbers_match_their_documented_values(platform: Platform) -> None:
    _, rows = TABLES[platform]
    table = {row.path: row.value for row in rows}
    assert len(table) == len(rows), "a path appears twice"
    assert table.keys() == EXPECTED[platform].keys()
    for path, value in EXPECTED[platform].items():
        assert table[path] == pytest.approx(value, rel=1e-12), path


@pytest.mark.parametrize("platform", list(Platform))
def test_preset_validates_and_holds_its_table(platform: Platform) -> None:
    built = preset(platform)
    assert built.platform is platform
    assert built.title
    assert len(built.sources) == len(TABLES[platform][1])
    for row in built.parameters:
        assert row.source.strip(), row.path
        assert str(row).startswith(f"{row.path} = ")
        if not row.path.startswith("fabry_perot."):
            assert _attribute(built, row.path) == pytest.approx(row.value, rel=1e-12), row.path
    for component in ("memory", "storage_memory", "emitter", "detector", "cavity", "ensemble"):
        model = getattr(built, component)
        if model is not None:  # re-validates through __post_init__
            assert dataclasses.replace(model) == model


@pytest.mark.parametrize("platform", list(Platform))
def test_sources_are_cited_or_labelled(platform: Platform) -> None:
    labels = ("estimated:", "secondary:", "model choice:", "caesium", "Cs D2")
    for row in TABLES[platform][1]:
        cited = any(year in row.source for year in ("(20", "arXiv:", "doi:", "seed"))
        assert cited or row.source.startswith(labels), row


def test_nv_collection_efficiency_follows_its_derivation() -> None:
    total_detection = (2.8e-4 + 4.2e-4) / 2
    fibre_1m_637nm = 10 ** (-5.0 * 1e-3 / 10)
    derived = total_detection / (0.03 * 0.8 * fibre_1m_637nm)
    assert preset("nv_centre").emitter.collection_efficiency == pytest.approx(derived, rel=2e-3)


def test_nv_metropolitan_collection_follows_its_derivation() -> None:
    """The collection is a calibration on one observable of Stolk 2024, the success
    probability per attempt (2 alpha eta at the mean arm transmission), which no test
    compares with a simulation; this checks the row against its stated formula only.
    The examples compare the other observables, fidelity and wall-clock rate."""
    metro = preset("nv_metropolitan")
    mean_transmission = sum(10 ** (-10.8 / 25 * km / 10) for km in (10.0, 15.0)) / 2
    derived = 7.2e-6 / (2 * 0.25) / (0.03 * 0.49 * 0.6 * mean_transmission)
    assert metro.emitter.collection_efficiency == pytest.approx(derived, rel=1e-3)


def test_nv_memory_time_reproduces_reported_link_efficiency() -> None:
    nv = preset("nv_centre")
    pair_decoherence_rate_hz = 2 / nv.memory.t2_s
    assert pair_decoherence_rate_hz == pytest.approx(nv.reported_value("decoherence_rate_hz"))
    link_efficiency = nv.reported_value("entangling_rate_hz") / pair_decoherence_rate_hz
    assert link_efficiency == pytest.approx(7.8)  # the eta_link of the acceptance


def test_atom_cavity_is_in_kimbles_strong_coupling_regime() -> None:
    cavity = preset("atom_cavity").cavity
    assert isinstance(cavity, CavityInterface)
    assert cavity.is_strong_coupling
    assert 1e-4 < cavity.critical_photon_number < 1e-2
    assert 1e-4 < cavity.critical_atom_number < 1e-2
    expected = CavityInterface.from_fabry_perot(
        length_m=10e-6,
        waist_m=12e-6,
        finesse=5e5,
        wavelength_m=852.35e-9,
        atomic_linewidth_hz=5.234e6,
    )
    assert cavity == expected


def test_name_lookup() -> None:
    assert preset("NV_Centre") is preset(Platform.NV_CENTRE)
    with pytest.raises(InvalidParameterError, match=r"name='siv2'.*did you mean 'siv'"):
        preset("siv2")
    with pytest.raises(InvalidParameterError, match="name=3"):
        preset(3)  # type: ignore[arg-type]


def test_overrides_patch_replace_and_relabel() -> None:
    patched = preset("nv_centre", memory={"t2_s": 1.0}, attempt_duration_s=1e-5)
    assert patched.memory is not None
    assert patched.memory.t2_s == 1.0
    assert patched.memory.t1_s == 3600.0
    assert patched.attempt_duration_s == 1e-5
    rows = {row.path: row for row in patched.parameters}
    assert rows["memory.t2_s"].source.startswith("override")
    assert rows["attempt_duration_s"].value == 1e-5
    assert (
        rows["memory.t1_s"].source
        == dict((r.path, r) for r in preset("nv_centre").parameters)["memory.t1_s"].source
    )
    replaced = preset("siv", fibre=Fibre(length_m=1.0), storage_memory=None)
    assert replaced.storage_memory is None
    assert not any(r.path.startswith("storage_memory.") for r in replaced.parameters)
    assert {r.path: r.value for r in replaced.parameters}["fibre.length_m"] == 1.0
    assert preset("siv").fibre.length_m == 35e3  # the base preset is untouched


def test_cavity_override_drops_geometry_rows() -> None:
    patched = preset("atom_cavity", cavity={"outcoupling_fraction": 0.9})
    paths = {r.path: r for r in patched.parameters}
    assert not any(p.startswith("fabry_perot.") for p in paths)
    assert paths["cavity.outcoupling_fraction"].source.startswith("override")
    assert paths["cavity.coupling_g_hz"].source.startswith("derived")


def test_unknown_override_rejected_with_hint() -> None:
    with pytest.raises(InvalidParameterError, match=r"detecter=None.*did you mean 'detector'"):
        preset("nv_centre", detecter=None)
    with pytest.raises(InvalidParameterError, match=r"memory\.t2=1\.0.*did you mean 't2_s'"):
        preset("nv_centre", memory={"t2": 1.0})


def test_impossible_override_rejected() -> None:
    with pytest.raises(PhysicalConstraintError, match=r"t2_s=10000\.0"):
        preset("nv_centre", memory={"t2_s": 1e4})
    with pytest.raises(InvalidParameterError, match=r"attempt_duration_s=-1\.0"):
        preset("nv_centre", attempt_duration_s=-1.0)
    with pytest.raises(InvalidParameterError, match="memory"):
        preset("transmon", memory="fast")


def test_preset_without_memory_or_ensemble_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="memory=None"):
        preset("transmon", memory=None)
    assert isinstance(preset("transmon").memory, Memory)
    assert math.isfinite(preset("cs_ensemble").attempt_duration_s)
