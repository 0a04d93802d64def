"""Sourced tables of the solid-state and superconducting platforms (private).

Source labels: a citation with a location ("abstract", "Fig. 2b") means the number was
read there; "secondary:" means it was read in public material that attributes it to
the paper; "estimated:" means no source for the number was found and gives the
reasoning instead.
"""

from __future__ import annotations

from qinternet.hardware.presets._base import Platform, Sourced

HUMPHREYS = "Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567"
NETSQUID_NV = (
    "secondary: netsquid-nv parameter file NVParameterSet2019 (QuTech, public), "
    "which attributes it to"
)
STOLK = "Stolk et al., Sci. Adv. (2024), arXiv:2404.03723"
CASTELVECCHI = "Castelvecchi, Nature news 15 May 2024 (seed)"
KNAUT = "Knaut et al., Nature 629, 573 (2024), arXiv:2310.01316"
SUKACHEV = (
    "Sukachev et al., Phys. Rev. Lett. 119, 223602 (2017), doi:10.1103/PhysRevLett.119.223602"
)
KURPIERS = "Kurpiers et al., Nature 558, 264 (2018), arXiv:1712.08593"
LAURAT_NEWS = "Laurat, Nature 558, 212 (2018) (seed)"

NV_ATTEMPT_S = 5.5e-6
NV_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "reported.entangling_rate_hz",
        39.0,
        f"{HUMPHREYS}, abstract ('entangling rates up to 39 Hz')",
    ),
    Sourced(
        "reported.decoherence_rate_hz",
        5.0,
        f"{HUMPHREYS}, abstract ('decoherence rate ... to 5 Hz')",
    ),
    Sourced(
        "reported.clock_cycle_s", 0.1, f"{HUMPHREYS}, abstract ('every clock cycle of 100 ms')"
    ),
    Sourced(
        "reported.delivered_fidelity_min",
        0.5,
        f"{HUMPHREYS}, abstract ('average entanglement fidelity exceeding 0.5')",
    ),
    Sourced(
        "reported.link_efficiency_threshold",
        0.83,
        f"{HUMPHREYS}, text after Eq. 2 ('For eta_link greater than about 0.83')",
    ),
    Sourced(
        "reported.node_separation_m", 2.0, f"{HUMPHREYS}, abstract ('nodes separated by 2 metres')"
    ),
    Sourced(
        "memory.t1_s",
        3600.0,
        f"{NETSQUID_NV} Abobeih et al., Nat. Commun. (2018), doi:10.1038/s41467-018-04916-z (electron T1 of 1 h)",
    ),
    Sourced(
        "memory.t2_s",
        0.4,
        f"estimated: from the 5 Hz decoherence rate of the remote state ({HUMPHREYS}, abstract), read as the decay rate of the pair's coherence, which is the product of both memories' exp(-t/T2): T2 = 2 / (5 Hz)",
    ),
    Sourced(
        "memory.readout_efficiency",
        1.0,
        "estimated: single-shot read-out always returns an outcome (its errors, F0 = 0.950 and F1 = 0.995 in the secondary source, are not modelled by this field)",
    ),
    Sourced(
        "memory.dephasing_per_attempt",
        0.0,
        "model choice: the electron spin is both the heralding qubit and the memory, so there is no per-attempt dephasing of a separate memory",
    ),
    Sourced(
        "memory.initialisation_fidelity",
        0.99,
        f"{NETSQUID_NV} Reiserer et al., Phys. Rev. X 6, 021040 (2016) (electron initialisation fidelity 0.99)",
    ),
    Sourced(
        "emitter.bright_state_population",
        0.1,
        f"estimated: a typical single-click operating point; alpha was varied in {HUMPHREYS} and the value per dataset was not read",
    ),
    Sourced(
        "emitter.emission_efficiency",
        0.03,
        f"{NETSQUID_NV} the NV zero-phonon-line fraction without cavity ('p_zero_phonon', no citation given there)",
    ),
    Sourced(
        "emitter.collection_efficiency",
        0.0146,
        f"{NETSQUID_NV} {HUMPHREYS}: derived as there from the total detection probability per excitation (2.8e-4 + 4.2e-4)/2 = 3.5e-4, divided by the ZPL fraction 0.03, the detector efficiency 0.8 and 1 m of fibre at 5 dB/km",
    ),
    Sourced(
        "emitter.max_attempt_rate_hz",
        1.0 / NV_ATTEMPT_S,
        "estimated: one attempt per attempt_duration_s",
    ),
    Sourced(
        "attempt_duration_s",
        NV_ATTEMPT_S,
        f"{NETSQUID_NV} {HUMPHREYS} ('photon_emission_delay', electron reset and photon emission, 5.5 us)",
    ),
    Sourced(
        "detector.efficiency",
        0.8,
        f"{NETSQUID_NV} Hensen et al., Nature 526, 682 (2015), Supplementary Information p. 2",
    ),
    Sourced("detector.dark_count_rate_hz", 20.0, f"{NETSQUID_NV} {HUMPHREYS}"),
    Sourced("detector.window_s", 25e-9, f"{NETSQUID_NV} {HUMPHREYS} (25 ns detection window)"),
    Sourced(
        "detector.number_resolving",
        False,
        "model choice: the heralding detectors are used as threshold detectors",
    ),
    Sourced(
        "detector.dead_time_s",
        0.0,
        "estimated: not found; negligible at click probabilities ~1e-4 per attempt",
    ),
    Sourced(
        "fibre.length_m",
        1.0,
        f"estimated: half the 2 m node separation ({HUMPHREYS}, abstract); the fibre path to the beam splitter was not read",
    ),
    Sourced(
        "fibre.attenuation_db_per_km",
        5.0,
        f"{NETSQUID_NV} the QuTech experiments at the 637 nm zero-phonon line ('p_loss_lengths_no_conversion')",
    ),
    Sourced("fibre.group_velocity_m_per_s", 2.0e8, "estimated: silica fibre, group index ~1.5"),
)

_FROM_2018 = "estimated: taken over from the 2018 NV preset (same platform and group; the Stolk 2024 value was not read): "
NV_METRO_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "reported.fibre_path_length_m",
        25e3,
        f"{CASTELVECCHI} ('a tortuous 25-kilometre path' from Delft to The Hague), on {STOLK}",
    ),
    Sourced(
        "fibre.length_m",
        12.5e3,
        "estimated: half of the 25 km fibre path, assuming the heralding station midway (its position was not read)",
    ),
    Sourced(
        "fibre.attenuation_db_per_km",
        0.5,
        f"{NETSQUID_NV} QuTech links after frequency conversion to telecom wavelength ('p_loss_lengths_with_conversion'); the deployed link's loss in {STOLK} was not read",
    ),
    Sourced("fibre.group_velocity_m_per_s", 2.0e8, "estimated: silica fibre, group index ~1.5"),
    Sourced(
        "emitter.conversion_efficiency",
        0.3,
        f"{NETSQUID_NV} QuTech frequency conversion to the telecom L band ('collection efficiency is reduced with 70%'); conversion to the L band: arXiv:2408.12464, abstract",
    ),
    *(
        Sourced(row.path, row.value, _FROM_2018 + row.source)
        for row in NV_ROWS
        if row.path.startswith(("memory.", "emitter.", "detector.", "attempt_duration_s"))
    ),
)

SIV_ATTEMPT_S = 175e-6
SIV_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "reported.loop_length_m",
        35e3,
        f"{KNAUT}, abstract ('a 35 km long fiber loop deployed in the Boston area')",
    ),
    Sourced(
        "reported.spool_length_m", 40e3, f"{KNAUT}, abstract ('40 km spools of low-loss fiber')"
    ),
    Sourced(
        "reported.telecom_wavelength_m",
        1350e-9,
        f"{KNAUT}, abstract ('telecom frequencies (1350 nm)')",
    ),
    Sourced(
        "fibre.length_m",
        35e3,
        f"{KNAUT}, abstract: in the sequential scheme one photon travels the whole 35 km loop from the first node to the second",
    ),
    Sourced(
        "fibre.attenuation_db_per_km",
        0.35,
        "estimated: typical loss of standard single-mode fibre at 1350 nm (O band); the loop's measured loss was not read",
    ),
    Sourced("fibre.group_velocity_m_per_s", 2.0e8, "estimated: silica fibre, group index ~1.5"),
    Sourced(
        "memory.t1_s",
        1.0,
        f"{SUKACHEV}, abstract ('T1 exceeding 1 s at 100 mK'; the lower bound is used)",
    ),
    Sourced("memory.t2_s", 13e-3, f"{SUKACHEV}, abstract ('spin coherence time T2 of 13 ms')"),
    Sourced(
        "storage_memory.t2_s",
        1.0,
        f"estimated: from 'second-long entanglement storage' in the 29Si nuclear spin ({KNAUT}, abstract)",
    ),
    Sourced(
        "storage_memory.dephasing_per_attempt",
        0.0,
        "estimated: not found; set it to model the electron's operations acting on the nuclear memory",
    ),
    Sourced(
        "emitter.conversion_efficiency",
        0.5,
        f"estimated: 'efficient bi-directional quantum frequency conversion' ({KNAUT}, abstract) gives no number in the text read",
    ),
    Sourced(
        "emitter.collection_efficiency",
        0.5,
        "estimated: cavity reflection and fibre coupling per node, not found in the text read",
    ),
    Sourced(
        "emitter.max_attempt_rate_hz",
        1.0 / SIV_ATTEMPT_S,
        "estimated: one attempt per attempt_duration_s",
    ),
    Sourced(
        "attempt_duration_s",
        SIV_ATTEMPT_S,
        "estimated: one photon in the 35 km loop at a time (35 km / 2e8 m/s); the experiment's attempt rate was not read",
    ),
    Sourced(
        "detector.efficiency",
        0.8,
        "estimated: superconducting nanowire detectors at 1350 nm; the value was not read",
    ),
    Sourced(
        "detector.dark_count_rate_hz",
        10.0,
        "estimated: superconducting nanowire detectors; the value was not read",
    ),
    Sourced("detector.number_resolving", False, "model choice: threshold detectors"),
)

TRANSMON_RATE_HZ = 50e3
TRANSMON_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "reported.absorption_probability",
        0.981,
        f"{KURPIERS}, abstract ('absorbed at the receiving node with a probability of 98.1 ± 0.1%')",
    ),
    Sourced(
        "reported.transfer_process_fidelity",
        0.8002,
        f"{KURPIERS}, abstract ('transfer process fidelity of 80.02 ± 0.07%')",
    ),
    Sourced(
        "reported.entanglement_fidelity",
        0.789,
        f"{KURPIERS}, abstract ('remote entanglement ... fidelity as high as 78.9 ± 0.1%')",
    ),
    Sourced(
        "reported.rate_hz", TRANSMON_RATE_HZ, f"{KURPIERS}, abstract ('at a rate of 50 kilohertz')"
    ),
    Sourced(
        "reported.protocol_duration_s",
        180e-9,
        f"{KURPIERS}, Nature abstract ('protocol duration of only 180 nanoseconds')",
    ),
    Sourced(
        "fibre.length_m",
        0.9,
        f"{LAURAT_NEWS}: the nodes are 'connected by a 90-centimetre-long wire' (a coaxial line, modelled as a lossless Fibre)",
    ),
    Sourced(
        "fibre.attenuation_db_per_km",
        0.0,
        f"model choice: the line's loss is part of the 98.1% absorption probability ({KURPIERS}, abstract), kept in emitter.coupling_efficiency",
    ),
    Sourced(
        "fibre.group_velocity_m_per_s",
        2.0e8,
        "estimated: coaxial line with a PTFE-like dielectric (~0.7 c)",
    ),
    Sourced(
        "emitter.coupling_efficiency",
        0.981,
        f"{KURPIERS}, abstract: the photon is absorbed at the receiving node with probability 98.1% (all transfer loss lumped here)",
    ),
    Sourced("emitter.max_attempt_rate_hz", TRANSMON_RATE_HZ, f"{KURPIERS}, abstract (50 kHz)"),
    Sourced(
        "attempt_duration_s",
        1.0 / TRANSMON_RATE_HZ,
        f"{KURPIERS}, abstract (one run per 1 / 50 kHz; 'every 0.02 milliseconds' in {LAURAT_NEWS})",
    ),
    Sourced(
        "memory.t1_s",
        10e-6,
        "estimated: transmon T1 of order 10 us for that generation; the paper's value was not read",
    ),
    Sourced(
        "memory.t2_s",
        10e-6,
        "estimated: transmon T2 of order 10 us; the paper's value was not read",
    ),
)

SOLID_STATE: dict[Platform, tuple[str, tuple[Sourced, ...]]] = {
    Platform.NV_CENTRE: (
        "NV centres 2 m apart, single-click heralding, deterministic delivery (Humphreys et al. 2018)",
        NV_ROWS,
    ),
    Platform.NV_METROPOLITAN: (
        "NV centres in Delft and The Hague over 25 km of deployed fibre (Stolk et al. 2024)",
        NV_METRO_ROWS,
    ),
    Platform.SIV: (
        "SiV nanophotonic nodes, sequential scheme over a 35 km Boston loop (Knaut et al. 2024)",
        SIV_ROWS,
    ),
    Platform.TRANSMON: (
        "Transmons on two chips, deterministic microwave state transfer (Kurpiers et al. 2018)",
        TRANSMON_ROWS,
    ),
}
