"""Sourced tables of the NV-centre platforms (private): Humphreys 2018 and Stolk 2024.

Source labels as in :mod:`._solid_state`: a citation with a location means the number
was read there; "secondary:" read in public material attributing it to the paper;
"estimated:" no source found, with the reasoning.
"""

from __future__ import annotations

from qinternet.physics.devices.presets._base import SILICA_GROUP_VELOCITY, Sourced

HUMPHREYS = "Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567"
NETSQUID_NV = (
    "secondary: netsquid-nv parameter file NVParameterSet2019 (QuTech, public), "
    "which attributes it to"
)
STOLK = "Stolk et al., Sci. Adv. (2024), arXiv:2404.03723"
CASTELVECCHI = "Castelvecchi, Nature news 15 May 2024 (seed)"
CALIBRATION_TABLE = (
    "secondary: public calibration table 'Calibração dos parâmetros físicos pelo estado da arte' "
    "(GitHub project documentation, Portuguese; repository not identified by the search index), "
    "which attributes it to"
)

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
        "reported.fidelity_at_39_hz",
        0.60,
        f"{CALIBRATION_TABLE} {HUMPHREYS} ('0,60(2) em 39 Hz (alpha=0,3)'; the figure was not identified)",
    ),
    Sourced(
        "reported.fidelity_at_39_hz_error", 0.02, f"{CALIBRATION_TABLE} {HUMPHREYS} ('0,60(2)')"
    ),
    Sourced("reported.alpha_at_39_hz", 0.3, f"{CALIBRATION_TABLE} {HUMPHREYS} ('alpha=0,3')"),
    Sourced(
        "reported.fidelity_at_6_hz",
        0.81,
        f"{CALIBRATION_TABLE} {HUMPHREYS} ('0,81(2) em 6 Hz (alpha=0,05)')",
    ),
    Sourced(
        "reported.fidelity_at_6_hz_error", 0.02, f"{CALIBRATION_TABLE} {HUMPHREYS} ('0,81(2)')"
    ),
    Sourced("reported.alpha_at_6_hz", 0.05, f"{CALIBRATION_TABLE} {HUMPHREYS} ('alpha=0,05')"),
    Sourced(
        "reported.photon_visibility",
        0.9,
        f"{NETSQUID_NV} {HUMPHREYS} ('visibility = 0.9', the photon indistinguishability)",
    ),
    Sourced(
        "reported.phase_std_deg",
        15.0,
        f"{NETSQUID_NV} {HUMPHREYS} ('residual phase noise in the interferometer', std_electron_electron_phase_drift = 15 deg)",
    ),
    Sourced(
        "reported.double_excitation_probability",
        0.04,
        f"{NETSQUID_NV} {HUMPHREYS}, Supplementary Information section IV ('p_double_exc = 0.04')",
    ),
    Sourced(
        "reported.readout_fidelity_0",
        0.95,
        f"{NETSQUID_NV} {HUMPHREYS} (electron single-shot read-out: assignment fidelity of |0>, F0 = 0.950)",
    ),
    Sourced(
        "reported.readout_fidelity_1",
        0.995,
        f"{NETSQUID_NV} {HUMPHREYS} (assignment fidelity of |1>, F1 = 0.995)",
    ),
    Sourced(
        "emitter.double_excitation_probability",
        0.04,
        f"{NETSQUID_NV} {HUMPHREYS}, Supplementary Information section IV ('p_double_exc = 0.04'); modelled per node as a coherence factor sqrt(1 - p) (single_click_link)",
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
        0.3,
        f"{CALIBRATION_TABLE} {HUMPHREYS}: the operating point of the 39 Hz entangling rate ('alpha=0,3'; alpha was varied, 0.05 gave 6 Hz)",
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
    SILICA_GROUP_VELOCITY,
)

_FROM_2018 = "estimated: taken over from the 2018 NV preset (same platform and group; the Stolk 2024 value was not read): "
STOLK_TABLE = f"{CALIBRATION_TABLE} {STOLK}"
STOLK_NOTE = (
    "secondary: public research note 'Spin-photon solid-state link (SiV, NV, T-centre)' "
    f"(GitHub, 2026), which attributes it to {STOLK}"
)
STOLK_PHASE = "Stolk et al., arXiv:2408.12464 (2024)"
NV_METRO_ATTEMPT_S = 10e-6
NV_METRO_CONVERSION = 0.49
NV_METRO_DETECTOR = 0.6
NV_METRO_ATTENUATION_DB_PER_KM = (5.6 + 5.2) / 25.0
NV_METRO_ALPHA = 0.25
NV_METRO_SUCCESS_PROBABILITY = 7.2e-6
# Mean transmission of the two arms (10 km and 15 km) at the mean attenuation.
_METRO_MEAN_TRANSMISSION = (
    10 ** (-NV_METRO_ATTENUATION_DB_PER_KM * 10.0 / 10)
    + 10 ** (-NV_METRO_ATTENUATION_DB_PER_KM * 15.0 / 10)
) / 2
NV_METRO_COLLECTION = round(
    NV_METRO_SUCCESS_PROBABILITY
    / (2 * NV_METRO_ALPHA)
    / (0.03 * NV_METRO_CONVERSION * NV_METRO_DETECTOR * _METRO_MEAN_TRANSMISSION),
    5,
)
NV_METRO_OWN_ROWS: tuple[Sourced, ...] = (
    Sourced(
        "reported.fibre_path_length_m",
        25e3,
        f"{CASTELVECCHI} ('a tortuous 25-kilometre path' from Delft to The Hague), on {STOLK}",
    ),
    Sourced(
        "reported.node_separation_m",
        10e3,
        f"{STOLK_NOTE} ('nodes 10 km apart over 25 km deployed fibre')",
    ),
    Sourced(
        "reported.heralded_fidelity",
        0.534,
        f"{STOLK_TABLE} ('0,534(15)', alpha = 0.25); also {STOLK_NOTE} ('F = 0.534 at 0.022 s^-1')",
    ),
    Sourced("reported.heralded_fidelity_error", 0.015, f"{STOLK_TABLE} ('0,534(15)')"),
    Sourced(
        "reported.heralded_rate_hz",
        0.022,
        f"{STOLK_TABLE} ('0,022 Hz heraldado (0,48 Hz pos-selecionado)'); also {STOLK_NOTE} ('0.022 s^-1')",
    ),
    Sourced(
        "reported.success_probability",
        NV_METRO_SUCCESS_PROBABILITY,
        f"{STOLK_TABLE} (success probability per attempt '7,2e-6; ciclo 10 us')",
    ),
    Sourced("reported.bright_state_population", NV_METRO_ALPHA, f"{STOLK_TABLE} ('alpha = 0,25')"),
    Sourced(
        "reported.phase_std_deg",
        30.0,
        f"{STOLK_PHASE}, abstract ('short-term stability standard deviation of sigma ~ 30 deg' of the optical phase of the deployed Delft link; read in the arxiver.lazybrains.com listing)",
    ),
    Sourced(
        "fibre.length_m",
        12.5e3,
        f"{STOLK_TABLE}: the deployed arms are 15 km (5.6 dB) and 10 km (5.2 dB) to the heralding station; one preset fibre holds their mean (scenarios give arm_lengths_m)",
    ),
    Sourced(
        "fibre.attenuation_db_per_km",
        NV_METRO_ATTENUATION_DB_PER_KM,
        f"{STOLK_TABLE}: 5.6 dB over 15 km and 5.2 dB over 10 km of deployed fibre (splices and connectors included), i.e. 10.8 dB / 25 km",
    ),
    SILICA_GROUP_VELOCITY,
    Sourced(
        "emitter.conversion_efficiency",
        NV_METRO_CONVERSION,
        f"{STOLK_TABLE} (NV frequency conversion to the telecom L band '48-50 %'; the midpoint is used); conversion to the L band: {STOLK_PHASE}, abstract",
    ),
    Sourced(
        "emitter.collection_efficiency",
        NV_METRO_COLLECTION,
        f"estimated: calibrated on one observable, the success probability per attempt 7.2e-6 at alpha = 0.25 ({STOLK_TABLE}), as 2 alpha eta with eta = 0.03 (ZPL) x collection x conversion 0.49 x detector 0.6 x mean arm transmission at 0.432 dB/km; no test compares that observable (the fidelity and the wall-clock rate are compared); the collection of the Stolk 2024 nodes was not read",
    ),
    Sourced("emitter.bright_state_population", NV_METRO_ALPHA, f"{STOLK_TABLE} ('alpha = 0,25')"),
    Sourced(
        "emitter.max_attempt_rate_hz",
        1.0 / NV_METRO_ATTEMPT_S,
        "estimated: one attempt per attempt_duration_s",
    ),
    Sourced(
        "attempt_duration_s",
        NV_METRO_ATTEMPT_S,
        f"{STOLK_TABLE} ('ciclo 10 us': attempt cycle without the heralding round trip)",
    ),
    Sourced(
        "detector.efficiency",
        NV_METRO_DETECTOR,
        f"{STOLK_TABLE} (superconducting nanowire detectors, '60 % no experimento de campo de Stolk')",
    ),
    Sourced(
        "detector.dark_count_rate_hz",
        10.0,
        "estimated: superconducting nanowire detectors; the dark-count and conversion-noise rate of the deployed link was not found",
    ),
)
_METRO_OWN_PATHS = {row.path for row in NV_METRO_OWN_ROWS}
NV_METRO_ROWS: tuple[Sourced, ...] = (
    *NV_METRO_OWN_ROWS,
    *(
        Sourced(row.path, row.value, _FROM_2018 + row.source)
        for row in NV_ROWS
        if row.path.startswith(("memory.", "emitter.", "detector.", "attempt_duration_s"))
        and row.path not in _METRO_OWN_PATHS
    ),
)
