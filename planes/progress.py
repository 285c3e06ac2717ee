"""The one definition of status and progress.

Pages, templates, the API and the open-data exports all call these functions;
nothing else computes progress. Inputs are plain values (statuses, weights,
dates) so the rules can be tested without a database.

Rules (DESIGN.md):

* An activity is not started, in progress, completed or verified.
* A milestone's progress is the share of its activities completed or verified
  (0-100); its breakdown is the share of activities in each of the four states.
  A milestone without activities is 0 % and wholly "not started".
* "Delayed" is derived: the end date has passed and not every activity is done.
* A commitment's progress and breakdown are the weighted means of its
  milestones'. Weights are normalised, so they need not add up to 100; a weight
  of 0 leaves a milestone out, and if every weight is 0 all count equally.
* A plan's progress is the plain mean of its commitments'.
* Completion level (OGP/IRM wording): 0 not started, above 0 and below 50
  limited, 50 to below 100 substantial, 100 complete.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .choices import ActivityStatus, CompletionLevel

#: The stacked-bar order used everywhere (chart, API, exports).
STATES: tuple[str, ...] = (
    ActivityStatus.VERIFIED,
    ActivityStatus.COMPLETED,
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.NOT_STARTED,
)
DONE_STATES = frozenset({ActivityStatus.COMPLETED, ActivityStatus.VERIFIED})

LIMITED_FROM = 0
SUBSTANTIAL_FROM = 50
COMPLETE_AT = 100


@dataclass(frozen=True)
class Breakdown:
    """Percentages (0-100, one decimal) of work in each activity state."""

    verified: float = 0.0
    completed: float = 0.0
    in_progress: float = 0.0
    not_started: float = 100.0

    @property
    def progress(self) -> float:
        """Progress is the share completed or verified."""
        return _round(self.verified + self.completed)

    def as_dict(self) -> dict[str, float]:
        return {state: getattr(self, state) for state in STATES}

    def segments(self) -> list[tuple[str, float]]:
        """(state, percentage) pairs in chart order, for stacked bars."""
        return [(state, getattr(self, state)) for state in STATES]


EMPTY = Breakdown()


def _round(value: float) -> float:
    return round(float(value) + 0.0, 1)


def _shares(values: dict[str, float]) -> Breakdown:
    """Round percentages to one decimal so that they still add up to exactly 100.

    Progress (completed + verified) is rounded first, half up, so it is the
    exact figure rounded; then the done part is split between verified and
    completed, and the rest between in progress and not started, each by
    largest remainder in tenths. A stacked bar never over- or under-shoots,
    and a commitment whose milestones are all done shows 100, not 99.9.
    """
    done = values[ActivityStatus.VERIFIED] + values[ActivityStatus.COMPLETED]
    done_tenths = min(1000, max(0, math.floor(done * 10 + 0.5 + 1e-9)))
    tenths = {
        **_split(done_tenths, values, (ActivityStatus.VERIFIED, ActivityStatus.COMPLETED)),
        **_split(
            1000 - done_tenths, values, (ActivityStatus.IN_PROGRESS, ActivityStatus.NOT_STARTED)
        ),
    }
    return Breakdown(**{state: tenths[state] / 10 for state in STATES})


def _split(total_tenths: int, values: dict[str, float], states: tuple[str, ...]) -> dict:
    """Whole tenths for ``states`` adding up to ``total_tenths`` (largest remainder)."""
    exact = {state: max(0.0, values[state] * 10) for state in states}
    floors = {state: int(exact[state] + 1e-9) for state in states}
    excess = sum(floors.values()) - total_tenths
    for state in sorted(states, key=lambda s: floors[s], reverse=True):
        if excess <= 0:
            break
        cut = min(excess, floors[state])
        floors[state] -= cut
        excess -= cut
    missing = total_tenths - sum(floors.values())
    by_remainder = sorted(states, key=lambda s: exact[s] - floors[s], reverse=True)
    for index in range(max(missing, 0)):
        floors[by_remainder[index % len(states)]] += 1
    return floors


def is_done(status: str) -> bool:
    """True for an activity completed or verified."""
    return status in DONE_STATES


def milestone_breakdown(statuses: Sequence[str]) -> Breakdown:
    """Share of a milestone's activities in each state."""
    total = len(statuses)
    if total == 0:
        return EMPTY
    counts = {state: 0 for state in STATES}
    for status in statuses:
        if status not in counts:
            raise ValueError(f"Unknown activity status: {status!r}")
        counts[status] += 1
    return _shares({state: 100 * counts[state] / total for state in STATES})


def normalised_weights(weights: Sequence[Decimal | float | int]) -> list[float]:
    """Weights scaled to sum 1. Zero weights drop out unless all are zero."""
    values = [float(w or 0) for w in weights]
    if any(v < 0 for v in values):
        raise ValueError("Weights cannot be negative")
    total = sum(values)
    if not values:
        return []
    if total == 0:
        return [1 / len(values)] * len(values)
    return [v / total for v in values]


def weighted_breakdown(items: Iterable[tuple[Breakdown, Decimal | float | int]]) -> Breakdown:
    """Weighted mean of breakdowns (a commitment from its milestones)."""
    items = list(items)
    if not items:
        return EMPTY
    shares = normalised_weights([weight for _, weight in items])
    return _shares(
        {
            state: sum(getattr(b, state) * s for (b, _), s in zip(items, shares, strict=True))
            for state in STATES
        }
    )


def mean_breakdown(breakdowns: Iterable[Breakdown]) -> Breakdown:
    """Plain mean of breakdowns (a plan from its commitments)."""
    return weighted_breakdown((b, 1) for b in breakdowns)


def completion_level(progress: float | Decimal | None) -> str:
    """The IRM completion level for a progress percentage."""
    value = float(progress or 0)
    if value <= LIMITED_FROM:
        return CompletionLevel.NOT_STARTED
    if value < SUBSTANTIAL_FROM:
        return CompletionLevel.LIMITED
    if value < COMPLETE_AT:
        return CompletionLevel.SUBSTANTIAL
    return CompletionLevel.COMPLETE


def is_delayed(
    end_date: datetime.date | None, all_done: bool, today: datetime.date | None = None
) -> bool:
    """Delayed: the end date has passed and the work is not all done."""
    if end_date is None or all_done:
        return False
    today = today or datetime.date.today()
    return end_date < today


def earliest_pending_end(
    items: Iterable[tuple[datetime.date | None, bool]],
) -> datetime.date | None:
    """Earliest end date among unfinished items: the date from which a parent is delayed."""
    dates = [end for end, done in items if end is not None and not done]
    return min(dates) if dates else None


#: The calendar's other two warnings (site settings FollowUpSettings hold the days).
DEFAULT_DUE_SOON_DAYS = 30
DEFAULT_STALE_DAYS = 90


def due_soon_limit(today: datetime.date, days: int) -> datetime.date:
    """The last end date that is "por vencer" on ``today``."""
    return today + datetime.timedelta(days=max(0, int(days)))


def stale_limit(today: datetime.date, days: int) -> datetime.date:
    """Work last reported before this date (or begun before it, if never reported) is stale."""
    return today - datetime.timedelta(days=max(0, int(days)))


def is_due_soon(
    end_date: datetime.date | None, all_done: bool, days: int, today: datetime.date | None = None
) -> bool:
    """Por vencer: not done, the end date is today or within ``days`` days (not yet passed).

    With 0 days only what ends today is due soon; an end date already passed is delayed.
    """
    if end_date is None or all_done:
        return False
    today = today or datetime.date.today()
    return today <= end_date <= due_soon_limit(today, days)


def is_stale(
    last_reported: datetime.date | None,
    start_date: datetime.date | None,
    all_done: bool,
    days: int,
    today: datetime.date | None = None,
) -> bool:
    """Sin actualizar: work in progress (begun and not done) whose last published update
    or evidence is more than ``days`` days old (or, never reported, that began more than
    ``days`` days ago). Reported exactly ``days`` days ago is not stale yet; with 0 days,
    anything not reported today is.
    """
    if all_done:
        return False
    reference = last_reported or start_date
    if reference is None:
        return False
    today = today or datetime.date.today()
    return reference < stale_limit(today, days)


def latest_date(dates: Iterable[datetime.date | None]) -> datetime.date | None:
    """The latest of some dates (None if there are none)."""
    values = [d for d in dates if d is not None]
    return max(values) if values else None


#: Warnings that may accompany a situation (a commitment can be both), as filters.
DUE_SOON, STALE = "due_soon", "stale"
WARNINGS = {
    DUE_SOON: _("Por vencer"),
    STALE: _("Sin actualizar"),
}


#: A commitment's situation for the public: exactly one of these.
COMPLETE, DELAYED, ON_TIME = "complete", "delayed", "on_time"
SITUATIONS = {
    DELAYED: _("Con retraso"),
    ON_TIME: _("En tiempo"),
    COMPLETE: _("Completos"),
}


#: What the ``situation`` filters accept: the three situations and the two warnings.
SITUATION_FILTERS = {**SITUATIONS, **WARNINGS}


def situation(is_complete: bool, delayed: bool) -> str:
    """Complete wins over delayed (a finished commitment is not late); else delayed or on time."""
    if is_complete:
        return COMPLETE
    return DELAYED if delayed else ON_TIME


_THRESHOLDS = {"limited": LIMITED_FROM, "substantial": SUBSTANTIAL_FROM, "complete": COMPLETE_AT}


def level_range(level: str) -> str:
    """How much is done at a completion level, in words: «de 50 % a menos de 100 % cumplido»."""
    texts = {
        CompletionLevel.NOT_STARTED: _("%(limited)s %% cumplido"),
        CompletionLevel.LIMITED: _("más de %(limited)s %% y menos de %(substantial)s %% cumplido"),
        CompletionLevel.SUBSTANTIAL: _("de %(substantial)s %% a menos de %(complete)s %% cumplido"),
        CompletionLevel.COMPLETE: _("%(complete)s %% cumplido"),
    }
    return texts[level] % _THRESHOLDS


def explanations(of_body: str = "") -> dict[str, tuple[str, str]]:
    """Short (term, text) explanations that the public pages show beside the figures they
    explain (an accessible disclosure), so nobody needs the methodology page to read them."""
    levels = "; ".join(
        f"{CompletionLevel(level).label}: {level_range(level)}" for level in CompletionLevel.values
    )
    return {
        "milestone_progress": (
            _("Avance de una acción clave"),
            _(
                "Es el porcentaje de sus actividades cumplidas, es decir, completadas o "
                "verificadas: «2 de 3 actividades cumplidas» es un avance de 66.7 %."
            ),
        ),
        "commitment_progress": (
            _("Avance de un compromiso"),
            _(
                "Es el promedio ponderado del avance de sus acciones clave publicadas; la "
                "ponderación de cada una aparece junto a ella. Una acción clave cumplida "
                "tiene todas sus actividades cumplidas."
            ),
        ),
        "plan_progress": (
            _("Avance de un plan"),
            _("Es el promedio simple del avance de sus compromisos publicados."),
        ),
        "pending": (
            _("Lo que está en proceso todavía no es avance"),
            _(
                "Sólo cuentan las actividades completadas o verificadas. En la barra, lo "
                "cumplido es la parte verde sólida; lo que está en proceso va rayado en "
                "naranja y lo que no ha iniciado, en gris: ninguna de las dos cuenta."
            ),
        ),
        "statuses": (
            _("Completada y verificada"),
            _(
                "Completada: quien la informa registró al menos una evidencia. Verificada: "
                "además, una persona aprobadora %(of_body)s revisó la evidencia y la "
                "confirmó. Las dos cuentan igual para el avance."
            )
            % {"of_body": of_body or _("de la instancia coordinadora")},
        ),
        "levels": (
            _("Nivel de cumplimiento"),
            _(
                "Escala del Mecanismo de Revisión Independiente (MRI) de la Alianza para el "
                "Gobierno Abierto, según lo cumplido. %(levels)s. Un nivel «No iniciado» "
                "puede tener actividades en proceso: todavía no hay ninguna cumplida."
            )
            % {"levels": levels},
        ),
        "situations": (
            _("Situación"),
            _(
                "%(delayed)s: su fecha de término, o la de alguna de sus acciones clave, ya "
                "pasó sin llegar al 100 %%. %(on_time)s: aún no llega al 100 %% y no ha "
                "vencido ninguna de esas fechas. %(complete)s: al 100 %%."
            )
            % {
                "delayed": SITUATIONS[DELAYED],
                "on_time": SITUATIONS[ON_TIME],
                "complete": SITUATIONS[COMPLETE],
            },
        ),
        "delayed": (
            _("Con retraso"),
            _("Su fecha de término ya pasó y no todas sus actividades están cumplidas."),
        ),
        "due_soon": (
            _("Por vencer"),
            _(
                "No está cumplido y su fecha de término, o la de alguna de sus acciones "
                "clave pendientes, llega en los próximos días (lo fija la administración)."
            ),
        ),
        "stale": (
            _("Sin actualizar"),
            _(
                "Está en proceso y lleva más días de los fijados por la administración sin "
                "una actualización ni una evidencia publicadas."
            ),
        ),
    }


def rules_text(of_body: str = "") -> list[tuple[str, str]]:
    """The rules above as translated (title, text) pairs, for the methodology page;
    ``of_body`` names the coordinating body («de la OGA», instance settings)."""
    of_body = of_body or _("de la instancia coordinadora")
    return [
        (
            _("Actividades"),
            _(
                "Cada actividad está en uno de cuatro estados: sin iniciar, en proceso, "
                "completada o verificada. Una actividad sólo puede marcarse como completada "
                "si tiene al menos una evidencia, y sólo una persona aprobadora %(of_body)s "
                "puede marcarla como verificada."
            )
            % {"of_body": of_body},
        ),
        (
            _("Avance de una acción clave"),
            _(
                "Es el porcentaje de sus actividades completadas o verificadas. Su desglose "
                "es el porcentaje de actividades en cada uno de los cuatro estados. Una "
                "acción clave sin actividades tiene 0 %."
            ),
        ),
        (
            _("Retraso"),
            _(
                "Una acción clave está retrasada si su fecha de término ya pasó y no todas "
                "sus actividades están completadas o verificadas. Un compromiso está "
                "retrasado si alguna de sus acciones clave publicadas lo está, o si su "
                "propia fecha de término pasó sin llegar al 100 %."
            ),
        ),
        (
            _("Por vencer y sin actualizar"),
            _(
                "Una acción clave o un compromiso sin cumplir está por vencer si su fecha de "
                "término (o la de alguna acción clave pendiente) llega en los próximos días, "
                "y sin actualizar si, ya iniciado, lleva más días de los fijados sin una "
                "actualización ni una evidencia publicadas. La administración del sitio fija "
                "los dos plazos (30 y 90 días si no los cambia)."
            ),
        ),
        (
            _("Avance de un compromiso"),
            _(
                "Es el promedio ponderado del avance de sus acciones clave publicadas. Las "
                "ponderaciones se normalizan, así que no necesitan sumar 100; una acción "
                "clave con ponderación 0 no cuenta, y si todas valen 0 cuentan por igual."
            ),
        ),
        (
            _("Avance de un plan"),
            _("Es el promedio simple del avance de sus compromisos publicados."),
        ),
        (
            _("Nivel de cumplimiento"),
            _(
                "Se usa la escala del Mecanismo de Revisión Independiente (MRI) de la "
                "Alianza para el Gobierno Abierto: %(limited)s %% no iniciado; más de "
                "%(limited)s %% y menos de %(substantial)s %% limitado; de %(substantial)s %% "
                "a menos de %(complete)s %% sustancial; %(complete)s %% completo."
            )
            % {"limited": LIMITED_FROM, "substantial": SUBSTANTIAL_FROM, "complete": COMPLETE_AT},
        ),
        (
            _("Qué se publica"),
            _(
                "Sólo cuenta el contenido publicado tras la revisión %(of_body)s; los "
                "borradores y los cambios en revisión no se muestran ni se contabilizan."
            )
            % {"of_body": of_body},
        ),
    ]
