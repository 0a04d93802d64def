"""The scheme registry: each ``kind`` of a link's ``scheme:`` section, its model and builder.

A scheme is a pydantic model (a :class:`SchemeSpec` whose ``kind`` is a literal) and a
builder that turns it, with the link's devices (:class:`LinkInputs`), into the pure
link-layer outcome and the herald delays (:class:`SchemeOutcome`). ``LinkSpec.scheme``
validates through :func:`validate_scheme` and the build step calls :func:`build_scheme`,
so a scheme registered at run time is a scenario's ``kind`` like the built-in ones. A
scheme registered by its module (:func:`register_scheme_module`, as the built-in ones
are) is imported when a scenario first names its kind.

Examples:
    >>> validate_scheme({"kind": "barrett_kok", "visibility": 0.9})
    BarrettKokScheme(kind='barrett_kok', temporal_modes=1, mode_spacing_s=None, visibility=0.9)
    >>> register_scheme("barrett_kok", SchemeSpec, build_scheme)
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: kind='barrett_kok': is registered already (by BarrettKokScheme); unregister_scheme('barrett_kok') first
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypedDict, TypeVar, get_args

from pydantic import model_validator
from pydantic_core import PydanticKnownError

from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.network._strict import Strict
from qinternet.physics.devices import Detector, Fibre
from qinternet.physics.devices.conversion import background_click_probability
from qinternet.physics.links import LinkOutcome

if TYPE_CHECKING:
    from qinternet.network.build import NodeHardware
    from qinternet.network.specs import LinkSpec

__all__ = [
    "LinkInputs",
    "SchemeBuilder",
    "SchemeOutcome",
    "SchemeSpec",
    "StationArguments",
    "build_scheme",
    "register_scheme",
    "register_scheme_module",
    "registered_schemes",
    "unregister_scheme",
    "validate_scheme",
]


class SchemeSpec(Strict):
    """The ``scheme:`` section of a link; each scheme's model narrows ``kind`` to its name.

    ``uses_station`` is False for a scheme whose photon runs from node to node, with no
    heralding station between (such a link needs ``length_m``, not ``arm_lengths_m``).
    A scheme whose model is a :class:`.multimode.MultimodeScheme` takes
    ``temporal_modes`` and ``mode_spacing_s``; the others refuse them by name.
    """

    kind: str
    uses_station: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _no_temporal_modes(cls, data: Any) -> Any:
        if isinstance(data, dict) and "temporal_modes" not in cls.model_fields:
            for name in ("temporal_modes", "mode_spacing_s"):
                if name in data:
                    raise ValueError(
                        f"{name}: the {data.get('kind')!r} scheme takes no temporal modes "
                        "(a multimode memory repeats the station-heralded attempts of "
                        "barrett_kok, single_click and dlcz)"
                    )
        return data


class StationArguments(TypedDict):
    """The keyword arguments every midpoint-station link function takes from the link."""

    detector: str
    dark_count_probability: float
    arm_length_m: float
    group_velocity_m_per_s: float


@dataclass(frozen=True)
class LinkInputs:
    """What a builder gets: the link, its two nodes' devices, the detector and the fibre.

    Attributes:
        link: the link's section of the scenario.
        a, b: the hardware of the link's first and second node.
        detector: the heralding station's detectors (the first node's, patched by the link).
        arms: each node's fibre to the station.
        whole: the fibre from node to node (through the station).
        where: the link's place in the file, e.g. ``"links[0]"``; ``source`` the file.
    """

    link: LinkSpec
    a: NodeHardware
    b: NodeHardware
    detector: Detector
    arms: tuple[Fibre, Fibre]
    whole: Fibre
    where: str
    source: str

    @property
    def efficiencies(self) -> tuple[float, float]:
        """Each arm's photon efficiency: emitter x fibre x detector."""
        eta_a, eta_b = (
            node.emitter.photon_efficiency * arm.transmission * self.detector.efficiency
            for node, arm in zip((self.a, self.b), self.arms, strict=True)
        )
        return eta_a, eta_b

    @property
    def detector_kind(self) -> str:
        """``"number_resolving"`` or ``"threshold"``, as the link functions take it."""
        return "number_resolving" if self.detector.number_resolving else "threshold"

    @property
    def dark_count_probability(self) -> float:
        """Background click probability per detector and window: the detector's dark
        counts plus both nodes' frequency-conversion noise, each through its arm and half
        of it to each detector (:func:`background_click_probability`)."""
        noise = [
            (node.emitter.conversion_noise_rate_hz, arm.transmission)
            for node, arm in zip((self.a, self.b), self.arms, strict=True)
        ]
        return background_click_probability(
            self.detector.dark_count_rate_hz,
            self.detector.window_s,
            self.detector.efficiency,
            noise,
        )

    def paced(self, outcome: LinkOutcome, duty_cycle: float = 1.0) -> LinkOutcome:
        """``outcome`` with its attempt duration the mean wall-clock time per attempt.

        A scheme with temporal modes first makes the attempt its ``temporal_modes``
        time bins (:func:`.multimode.multiplexed`): the window the duty cycle stretches.
        The period is the longest of the outcome's attempt, the emitters' shortest
        attempt and the presets' attempt durations (as the build step takes it), divided
        by the duty cycle ``duty_cycle x`` both emitters' ``duty_cycle`` (the scheme's
        dead time, e.g. phase stabilisation, and each node's checks, independent).
        """
        from qinternet.network.schemes.multimode import multiplexed  # (it imports this module)

        outcome = multiplexed(self.link.scheme, outcome)
        duty = duty_cycle * self.a.emitter.duty_cycle * self.b.emitter.duty_cycle
        if duty == 1.0:
            return outcome
        period_s = max(
            outcome.attempt_duration_s,
            self.a.emitter.min_attempt_duration_s,
            self.b.emitter.min_attempt_duration_s,
            self.a.attempt_duration_s,
            self.b.attempt_duration_s,
        )
        return dataclasses.replace(outcome, attempt_duration_s=period_s / duty)

    @property
    def initialisation_errors(self) -> tuple[float, float]:
        """Probability per node that a spin reset fails and leaves ``|1>``."""
        return (
            1.0 - self.a.memory.initialisation_fidelity,
            1.0 - self.b.memory.initialisation_fidelity,
        )

    @property
    def station_arm(self) -> Fibre:
        """The longer arm: an attempt waits for the later photon and its herald."""
        return max(self.arms, key=lambda arm: arm.length_m)

    @property
    def station_arguments(self) -> StationArguments:
        """The station's detector and its longer arm, as a midpoint link function's
        keyword arguments (``detector=``, ``dark_count_probability=``, ``arm_length_m=``,
        ``group_velocity_m_per_s=``)."""
        arm = self.station_arm
        return StationArguments(
            detector=self.detector_kind,
            dark_count_probability=self.dark_count_probability,
            arm_length_m=arm.length_m,
            group_velocity_m_per_s=arm.group_velocity_m_per_s,
        )

    @property
    def station_delays_s(self) -> tuple[float, float]:
        """Herald delay to each node: the longer arm in, the node's own arm back."""
        longest_m = self.station_arm.length_m
        back = [dataclasses.replace(arm, length_m=longest_m + arm.length_m) for arm in self.arms]
        return back[0].delay_s, back[1].delay_s

    def missing(self, field: str, reason: str) -> ScenarioError:
        """The error for a scheme setting ``field`` that neither the file nor the nodes give."""
        return ScenarioError(f"{self.source}: {self.where}.scheme.{field}: {reason}")


class SchemeOutcome(NamedTuple):
    """A scheme's pure-function outcome and the time its herald takes to each node, s."""

    outcome: LinkOutcome
    herald_delay_s: tuple[float, float]


Spec = TypeVar("Spec", bound=SchemeSpec)
SchemeBuilder = Callable[[Spec, LinkInputs], SchemeOutcome]


@dataclass(frozen=True)
class _Entry:
    model: type[SchemeSpec]
    builder: SchemeBuilder[Any]


@dataclass(frozen=True)
class _Module:
    module: str
    model: str


_SCHEMES: dict[str, _Entry | _Module] = {}
"""Each kind's model and builder, or the module that holds them, not yet imported."""


def _check_unused(kind: str) -> None:
    held = _SCHEMES.get(kind)
    if held is not None:
        holder = held.model if isinstance(held, _Module) else held.model.__name__
        raise InvalidParameterError(
            "kind", kind, f"is registered already (by {holder}); unregister_scheme({kind!r}) first"
        )


def _checked(kind: str, spec_model: type[Any], builder: SchemeBuilder[Any]) -> _Entry:
    if not (isinstance(spec_model, type) and issubclass(spec_model, SchemeSpec)):
        raise InvalidParameterError("spec_model", spec_model, "must subclass SchemeSpec")
    if get_args(spec_model.model_fields["kind"].annotation) != (kind,):
        raise InvalidParameterError(
            "spec_model", spec_model, f"its kind field must be Literal[{kind!r}]"
        )
    return _Entry(spec_model, builder)


def register_scheme(kind: str, spec_model: type[Spec], builder: SchemeBuilder[Spec]) -> None:
    """Make ``kind`` a scheme of scenario files: ``spec_model`` validates, ``builder`` builds.

    Raises:
        InvalidParameterError: if ``kind`` is registered already, or ``spec_model`` is not
            a :class:`SchemeSpec` whose ``kind`` is ``Literal[kind]``.
    """
    _check_unused(kind)
    _SCHEMES[kind] = _checked(kind, spec_model, builder)


def register_scheme_module(kind: str, module: str, model: str) -> None:
    """Make ``kind`` a scheme whose model (the class ``model``) and builder (``build``)
    live in ``module``, imported when a scenario first names ``kind``.

    Raises:
        InvalidParameterError: if ``kind`` is registered already.

    Examples:
        >>> register_scheme_module("dlcz", "qinternet.network.schemes.dlcz", "DlczScheme")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: kind='dlcz': is registered already (by DlczScheme); unregister_scheme('dlcz') first
    """
    _check_unused(kind)
    _SCHEMES[kind] = _Module(module, model)


def _entry(kind: str) -> _Entry | None:
    """The model and builder of ``kind`` (its module imported on first use), if any."""
    held = _SCHEMES.get(kind)
    if isinstance(held, _Module):
        home = importlib.import_module(held.module)
        held = _SCHEMES[kind] = _checked(kind, getattr(home, held.model), home.build)
    return held


def unregister_scheme(kind: str) -> None:
    """Forget scheme ``kind`` (a test's own scheme, say).

    Raises:
        InvalidParameterError: if no scheme ``kind`` is registered.
    """
    if _SCHEMES.pop(kind, None) is None:
        raise InvalidParameterError("kind", kind, "is not a registered scheme")


def registered_schemes() -> dict[str, type[SchemeSpec]]:
    """Every registered kind and its model, in registration order (every scheme's module
    imported)."""
    models: dict[str, type[SchemeSpec]] = {}
    for kind in list(_SCHEMES):
        entry = _entry(kind)
        assert entry is not None
        models[kind] = entry.model
    return models


def validate_scheme(value: Any) -> Any:
    """A ``scheme:`` section as its kind's model (``LinkSpec.scheme``'s validator).

    Errors read as those of a pydantic union tagged by ``kind``, so a scenario's message
    names the unknown kind and every registered one.
    """
    if isinstance(value, SchemeSpec):
        return value
    if not isinstance(value, Mapping):
        raise PydanticKnownError("model_attributes_type")
    if "kind" not in value:
        raise PydanticKnownError("union_tag_not_found", {"discriminator": "'kind'"})
    kind = value["kind"]
    entry = _entry(kind) if isinstance(kind, str) else None
    if entry is None:
        expected = ", ".join(repr(name) for name in _SCHEMES)
        context = {"discriminator": "'kind'", "tag": str(kind), "expected_tags": expected}
        raise PydanticKnownError("union_tag_invalid", context)
    return entry.model.model_validate(value)


def build_scheme(scheme: SchemeSpec, link: LinkInputs) -> SchemeOutcome:
    """The outcome of ``scheme`` on ``link``, by its kind's builder."""
    entry = _entry(scheme.kind)
    if entry is None:
        raise InvalidParameterError("scheme.kind", scheme.kind, "is not a registered scheme")
    return entry.builder(scheme, link)
