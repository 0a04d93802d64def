"""Physics: clock-free models of the quantum internet's parts.

Nothing here lets time pass or imports SimPy; a function that samples measurement
outcomes takes an explicit ``rng``. Device models and platform presets
(:mod:`.devices`), one attempt of every link scheme as a pure function
(:mod:`.links`), maps on delivered pairs (:mod:`.maps`: swapping, purification,
deterministic delivery) and the applications that consume pairs (:mod:`.applications`:
teleportation, QKD, CHSH, tomography). Layers inside: applications > maps > links >
devices. The processes that sample these models in simulated time live in
:mod:`qinternet.sim`.

Examples:
    >>> from qinternet.physics.links import barrett_kok_link
    >>> from qinternet.physics.devices import Fibre
    >>> round(barrett_kok_link(Fibre(10_000).transmission).success_probability, 6)
    0.199054
"""
