"""Sourced tables of the solid-state and superconducting platforms (private); the NV
tables are in :mod:`._nv`.

Source labels: a citation with a location ("abstract", "Fig. 2b") means the number was
read there; "secondary:" means it was read in public material that attributes it to
the paper; "estimated:" means no source for the number was found and gives the
reasoning instead.
"""

from __future__ import annotations

from qinternet.physics.devices.presets._base import (
    SILICA_GROUP_VELOCITY,
    THRESHOLD_DETECTORS,
    Platform,
    Sourced,
)
from qinternet.physics.devices.presets._nv import NV_METRO_ROWS, NV_ROWS

KNAUT = "Knaut et al., Nature 629, 573 (2024), arXiv:2310.01316"
SUKACHEV = (
    "Sukachev et al., Phys. Rev. Lett. 119, 223602 (2017), doi:10.1103/PhysRevLett.119.223602"
)
KURPIERS = "Kurpiers et al., Nature 558, 264 (2018), arXiv:1712.08593"
LAURAT_NEWS = "Laurat, Nature 558, 212 (2018) (seed)"

KNAUT_TABLE = (
    "secondary: public calibration table 'Calibração dos parâmetros físicos pelo estado da arte' "
    "(GitHub project documentation, Portuguese; repository not identified by the search index), "
    f"which attributes it to {KNAUT}"
)
SIMNET = (
    "secondary: README of github.com/AzizaSuleyman/simnet (simulation code of the Harvard SiV "
    "team, by a co-author of Knaut et al. 2024; its two-node example, not the paper)"
)
SIV_LOOP_LOSS_DB = 17.0
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
        "reported.electron_bell_fidelity",
        0.86,
        f"{KNAUT_TABLE} ('0,86(3) elétron–elétron', the lab link)",
    ),
    Sourced("reported.electron_bell_fidelity_error", 0.03, f"{KNAUT_TABLE} ('0,86(3)')"),
    Sourced("reported.lab_rate_max_hz", 1.0, f"{KNAUT_TABLE} ('até 1 Hz', the lab link)"),
    Sourced(
        "reported.nuclear_bell_fidelity_loop",
        0.69,
        f"{KNAUT_TABLE} ('0,69(7) memória nuclear–nuclear' over the 35 km loop)",
    ),
    Sourced("reported.nuclear_bell_fidelity_loop_error", 0.07, f"{KNAUT_TABLE} ('0,69(7)')"),
    Sourced("reported.loop_loss_db", SIV_LOOP_LOSS_DB, f"{KNAUT_TABLE} ('35 km (17 dB)')"),
    Sourced(
        "reported.back_conversion_efficiency",
        0.30,
        f"{KNAUT_TABLE} ('conversão 33 % (ida) / 30 % (volta)': telecom back to 737 nm)",
    ),
    Sourced(
        "fibre.length_m",
        35e3,
        f"{KNAUT}, abstract: in the sequential scheme one photon travels the whole 35 km loop from the first node to the second",
    ),
    Sourced(
        "fibre.attenuation_db_per_km",
        SIV_LOOP_LOSS_DB / 35.0,
        f"{KNAUT_TABLE}: the loop's 17 dB over 35 km (splices and connectors included)",
    ),
    SILICA_GROUP_VELOCITY,
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
        0.33,
        f"{KNAUT_TABLE} ('conversão 33 % (ida)': 737 nm to telecom)",
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
        0.9,
        f"{SIMNET} ('snspd_eff = 0.9'; the detectors see the photon at 737 nm after back-conversion)",
    ),
    Sourced(
        "detector.dark_count_rate_hz",
        10.0,
        "estimated: superconducting nanowire detectors; the value was not read",
    ),
    THRESHOLD_DETECTORS,
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
