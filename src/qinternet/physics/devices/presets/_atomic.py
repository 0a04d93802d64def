"""Sourced tables of the atomic platforms: ensembles and a single atom in a cavity (private).

Source labels as in :mod:`qinternet.physics.devices.presets._solid_state`: a location means
the number was read there, "secondary:" that it was read in material citing the paper,
"estimated:" that no source was found (the reasoning follows).
"""

from __future__ import annotations

from qinternet.physics.devices.presets._base import (
    SILICA_GROUP_VELOCITY,
    THRESHOLD_DETECTORS,
    Platform,
    Sourced,
)

LIU = "Liu et al., Nature 629, 579 (2024), arXiv:2309.00221"
CASTELVECCHI = "Castelvecchi, Nature news 15 May 2024 (seed)"
CHOU = "Chou et al., Nature 438, 828 (2005), doi:10.1038/nature04353"
CHOU_DAMOP = (
    "Chou et al., APS DAMOP 2006 abstract L4.1 (on the experiment of Nature 438, 828 (2005))"
)
KIMBLE = "Kimble, Nature 453, 1023 (2008) (seed)"
LAURAT = "Laurat et al., PRL 99, 180504 (2007), arXiv:0706.0528"
STECK = "D. A. Steck, 'Cesium D Line Data' (rev. 2.0.1, 2008)"

DLCZ_EXCITATION = Sourced(
    "ensemble.excitation_probability",
    0.01,
    "estimated: a typical DLCZ write probability; the value was not read",
)


def _write_herald_cycle(attempt_s: float) -> Sourced:
    """The attempt-duration row of an ensemble platform: one write-herald cycle."""
    return Sourced(
        "attempt_duration_s",
        attempt_s,
        "estimated: one write-herald cycle of order 1 us; the value was not read",
    )


def _estimated_detectors(
    efficiency: float, efficiency_basis: str, dark_count_rate_hz: float, dark_count_basis: str
) -> tuple[Sourced, ...]:
    """The detector rows of an ensemble platform: threshold detectors whose efficiency
    and dark-count rate were estimated (on the given basis), not read."""
    return (
        Sourced(
            "detector.efficiency",
            efficiency,
            f"estimated: {efficiency_basis}; the value was not read",
        ),
        Sourced(
            "detector.dark_count_rate_hz",
            dark_count_rate_hz,
            f"estimated: {dark_count_basis}; the value was not read",
        ),
        THRESHOLD_DETECTORS,
    )


RB_ATTEMPT_S = 1e-6
RB_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "reported.node_separation_m",
        12.5e3,
        f"{LIU}, abstract ('two quantum nodes situated 12.5 km apart')",
    ),
    Sourced(
        "reported.num_nodes",
        3.0,
        f"{LIU}, abstract ('three quantum nodes ... through a server node')",
    ),
    Sourced(
        "fibre.length_m",
        10e3,
        f"{CASTELVECCHI}: each lab is 'connected by optical fibres to a central photonic server around 10 kilometres away'",
    ),
    Sourced(
        "fibre.attenuation_db_per_km",
        0.3,
        f"estimated: photons converted to a telecom band ('telecom interfaces', {LIU}, abstract), standard fibre; the link loss was not read",
    ),
    SILICA_GROUP_VELOCITY,
    DLCZ_EXCITATION,
    Sourced(
        "ensemble.retrieval_efficiency",
        0.5,
        "estimated: a typical cold-Rb retrieval efficiency; the value was not read",
    ),
    Sourced(
        "ensemble.memory_lifetime_s",
        1e-3,
        f"estimated: the abstract ({LIU}) reports storage beyond the round-trip communication time, >= 2 x 10 km / 2e8 m/s = 100 us; 1 ms assumed",
    ),
    _write_herald_cycle(RB_ATTEMPT_S),
    *_estimated_detectors(
        0.8, "superconducting nanowire detectors", 10.0, "superconducting nanowire detectors"
    ),
)

CS_ATTEMPT_S = 1e-6
CS_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "reported.node_separation_m",
        2.8,
        f"{CHOU_DAMOP} ('distinct apparatuses separated by 2.8 meters')",
    ),
    Sourced(
        "reported.num_atoms",
        1e5,
        f"{CHOU}, abstract ('one joint excitation stored remotely in 10^5 atoms at each site'); {KIMBLE}, Fig. 3c",
    ),
    Sourced("reported.storage_time_s", 1e-6, f"{CHOU_DAMOP} ('After a delay of 1 us')"),
    Sourced(
        "reported.concurrence",
        0.9,
        f"{KIMBLE}, Fig. 3b caption ('concurrence C = 0.9 ± 0.3', ref. 50); {LAURAT}, abstract ('A lower bound of the concurrence for the collective atomic state of 0.9±0.3 is inferred')",
    ),
    Sourced(
        "reported.concurrence_error",
        0.3,
        f"{LAURAT}, abstract, and {KIMBLE}, Fig. 3b caption ('C = 0.9 ± 0.3')",
    ),
    Sourced(
        "fibre.length_m",
        1.4,
        f"estimated: half the 2.8 m separation ({CHOU_DAMOP}); the fibre path was not read",
    ),
    Sourced(
        "fibre.attenuation_db_per_km", 3.0, "estimated: typical loss of fibre at the 852 nm Cs line"
    ),
    SILICA_GROUP_VELOCITY,
    DLCZ_EXCITATION,
    Sourced(
        "ensemble.retrieval_efficiency",
        0.5,
        f"{KIMBLE}, section 'Coherence and entanglement with atomic ensembles' ('Conditional read-out efficiencies of 50% in free space', ref. 58: Laurat et al., Opt. Express 14, 6912 (2006))",
    ),
    Sourced(
        "ensemble.memory_lifetime_s",
        10e-6,
        f"estimated: of order 10 us for unpolarised Cs in a MOT; longer than the 1 us storage shown ({CHOU_DAMOP})",
    ),
    _write_herald_cycle(CS_ATTEMPT_S),
    *_estimated_detectors(
        0.5, "silicon avalanche photodiodes at 852 nm", 100.0, "silicon avalanche photodiodes"
    ),
)

ATOM_ATTEMPT_S = 1e-6
ATOM_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "fabry_perot.length_m", 10e-6, f"{KIMBLE}, Fig. 2b caption ('cavity length l = 10 um')"
    ),
    Sourced("fabry_perot.waist_m", 12e-6, f"{KIMBLE}, Fig. 2b caption ('waist w0 = 12 um')"),
    Sourced("fabry_perot.finesse", 5e5, f"{KIMBLE}, Fig. 2b caption ('finesse F ~ 5 x 10^5')"),
    Sourced(
        "fabry_perot.wavelength_m",
        852.35e-9,
        f"caesium ({KIMBLE}, Box 1: 6S1/2 F = 3, 4 of atomic caesium), D2 line; wavelength from {STECK} (recalled, not read in this session)",
    ),
    Sourced(
        "fabry_perot.atomic_linewidth_hz",
        5.234e6,
        f"Cs D2 natural linewidth Gamma / 2 pi from {STECK} (recalled, not read in this session)",
    ),
    Sourced(
        "fabry_perot.outcoupling_fraction",
        1.0,
        f"estimated: lossless mirrors; {KIMBLE}, Box 2 quotes 0.99-0.999 coupling efficiency only for projected microtoroids",
    ),
    Sourced(
        "reported.box2_critical_photon_number",
        2e-5,
        f"{KIMBLE}, Box 2 (projected microtoroid, 'n0 ~ 2 x 10^-5')",
    ),
    Sourced(
        "reported.box2_critical_atom_number",
        1e-6,
        f"{KIMBLE}, Box 2 (projected microtoroid, 'N0 ~ 10^-6')",
    ),
    Sourced(
        "memory.t2_s",
        1e-3,
        "estimated: Cs hyperfine ground-state coherence in a dipole trap of order 1 ms; not found in the seed",
    ),
    Sourced(
        "memory.t1_s",
        1.0,
        "estimated: hyperfine relaxation in a far-detuned trap of order 1 s; not found in the seed",
    ),
    Sourced(
        "attempt_duration_s",
        ATOM_ATTEMPT_S,
        "estimated: one adiabatic transfer (Box 1) of order 1 us including re-preparation; not found in the seed",
    ),
    Sourced(
        "emitter.max_attempt_rate_hz",
        1.0 / ATOM_ATTEMPT_S,
        "estimated: one transfer per attempt_duration_s",
    ),
    Sourced("fibre.length_m", 1.0, "estimated: a laboratory link; not found in the seed"),
    Sourced(
        "fibre.attenuation_db_per_km", 3.0, "estimated: typical loss of fibre at the 852 nm Cs line"
    ),
    SILICA_GROUP_VELOCITY,
)

ATOMIC: dict[Platform, tuple[str, tuple[Sourced, ...]]] = {
    Platform.RB_ENSEMBLE: (
        "Rb ensembles in three Hefei labs around a photonic server (Liu et al. 2024)",
        RB_ROWS,
    ),
    Platform.CS_ENSEMBLE: (
        "Cs ensembles 2.8 m apart, DLCZ heralding (Chou et al. 2005; Laurat et al. 2007)",
        CS_ROWS,
    ),
    Platform.ATOM_CAVITY: (
        "A Cs atom in the Caltech Fabry-Perot cavity of Kimble 2008, Fig. 2b",
        ATOM_ROWS,
    ),
}
