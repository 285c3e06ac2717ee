"""Open data: the one place that turns plans, commitments, milestones and evidence into rows.

The exports (CSV, XLSX, JSON), the whole-site JSON and the API's evidence items
all come from here. Figures are the stored, published ones on the live pages
(planes/progress.py computed them on publish); the derived values (completion
level, delayed) are the same functions the pages use. Nothing is recomputed.

Every row is a flat dict of scalars (str, int, float, bool or None) whose keys
are the columns documented in :data:`COLUMNS` (the data dictionary shown on the
open-data page). Lists (institutions, tags, OGP values) are joined with
:data:`LIST_SEPARATOR`.

Absolute URLs (here, in the API and in the feeds) all start with the configured
public address: planes.links.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from html import unescape

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from instancia.models import current
from planes.choices import irm_cycle
from planes.evidence import (
    EvidenceItem,
    evidence_by_activity,
    evidence_dict,
    iso_date,
    iso_datetime,
)
from planes.history import late_evidence_by_milestone
from planes.links import page_url
from planes.models import (
    ActionPlanPage,
    CommitmentPage,
    MilestonePage,
    PeriodSnapshot,
    PeriodStatus,
    SnapshotKind,
)
from planes.queries import civil_society_summary, live_plans, published_assessments
from planes.tree import parent_path

LIST_SEPARATOR = "; "

#: Column types (they type XLSX cells and the OpenAPI description).
STRING, INTEGER, NUMBER, BOOLEAN, DATE = "string", "integer", "number", "boolean", "date"
DATETIME = "datetime"
#: How the data dictionary names each type for people.
TYPE_LABELS = {
    STRING: _("texto"),
    INTEGER: _("número entero"),
    NUMBER: _("número (con decimales)"),
    BOOLEAN: _("verdadero o falso (true, false)"),
    DATE: _("fecha (AAAA-MM-DD)"),
    DATETIME: _("fecha y hora en UTC (ISO 8601, AAAA-MM-DDTHH:MM:SS+00:00)"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    #: Whether a row may leave it empty (null in JSON) though its type is not text or date.
    nullable: bool = False

    @property
    def type_label(self) -> str:
        """The type in Spanish, as the data dictionary shows it."""
        return TYPE_LABELS[self.type]


def _cols(*rows) -> tuple[Column, ...]:
    return tuple(Column(*row) for row in rows)


_PROGRESS_COLUMNS = (
    ("progress", NUMBER, _("Avance publicado, 0-100 (% de actividades completadas o verificadas)")),
    ("pct_verified", NUMBER, _("% de actividades verificadas por la instancia que aprueba")),
    ("pct_completed", NUMBER, _("% de actividades completadas (sin verificar)")),
    ("pct_in_progress", NUMBER, _("% de actividades en proceso")),
    ("pct_not_started", NUMBER, _("% de actividades sin iniciar")),
    (
        "completion_level",
        STRING,
        _("Nivel de cumplimiento (escala del MRI): not_started, limited, substantial, complete"),
    ),
)
#: The calendar's warnings (planes/progress.py); the days are the site's settings.
_FOLLOWUP_COLUMNS = (
    ("due_soon", BOOLEAN, _("Por vencer: sin cumplir, su fecha de término llega pronto")),
    (
        "stale",
        BOOLEAN,
        _("Sin actualizar: en proceso y sin actualización ni evidencia publicadas hace días"),
    ),
    (
        "last_reported_date",
        DATE,
        _("Última actualización o evidencia publicada (AAAA-MM-DD)"),
    ),
)

#: The data dictionary: table → columns, in export order.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "plans": _cols(
        ("plan_id", INTEGER, _("Identificador del plan (el mismo que en la API)")),
        ("plan_number", INTEGER, _("Número ordinal del plan (4 para el cuarto plan de acción)")),
        ("title", STRING, _("Título del plan")),
        ("country", STRING, _("País")),
        ("government", STRING, _("Gobierno que presenta el plan")),
        ("status", STRING, _("Etapa: co_creation, implementation o closed")),
        ("start_date", DATE, _("Fecha de inicio (AAAA-MM-DD)")),
        ("end_date", DATE, _("Fecha de término (AAAA-MM-DD)")),
        *_PROGRESS_COLUMNS,
        ("commitments_total", INTEGER, _("Compromisos publicados")),
        ("url", STRING, _("Página pública del plan")),
    ),
    "commitments": _cols(
        ("plan_id", INTEGER, _("Identificador del plan")),
        ("commitment_id", INTEGER, _("Identificador del compromiso (el mismo que en la API)")),
        ("number", INTEGER, _("Número del compromiso dentro del plan")),
        ("ogp_id", STRING, _("Identificador de OGP: siglas del país y número, p. ej. AB0012")),
        ("title", STRING, _("Título del compromiso")),
        ("short_title", STRING, _("Título corto")),
        ("objective", STRING, _("Objetivo general")),
        ("start_date", DATE, _("Fecha de inicio (AAAA-MM-DD)")),
        ("end_date", DATE, _("Fecha de término (AAAA-MM-DD)")),
        *_PROGRESS_COLUMNS,
        (
            "delayed",
            BOOLEAN,
            _("Con retraso: alguna acción clave o el compromiso venció sin 100 %"),
        ),
        *_FOLLOWUP_COLUMNS,
        ("milestones_total", INTEGER, _("Acciones clave publicadas")),
        ("milestones_done", INTEGER, _("Acciones clave al 100 %")),
        ("lead_institutions", STRING, _("Instituciones responsables (nombres separados por «; »)")),
        ("lead_institution_acronyms", STRING, _("Siglas de las instituciones responsables")),
        ("organizations", STRING, _("Organizaciones corresponsables (nombres separados por «; »)")),
        ("organization_acronyms", STRING, _("Siglas de las organizaciones corresponsables")),
        (
            "ogp_values",
            STRING,
            _(
                "Valores de OGP: access_to_information, civic_participation, "
                "public_accountability, technology_innovation"
            ),
        ),
        ("tags", STRING, _("Temas, separados por «; »")),
        ("sdg_goals", STRING, _("Objetivos de Desarrollo Sostenible relacionados (números)")),
        ("irm_completion", STRING, _("Nivel de cumplimiento según el MRI, si ya lo evaluó")),
        ("url", STRING, _("Página pública del compromiso")),
    ),
    "milestones": _cols(
        ("plan_id", INTEGER, _("Identificador del plan")),
        ("commitment_id", INTEGER, _("Identificador del compromiso")),
        ("commitment_number", INTEGER, _("Número del compromiso")),
        ("milestone_id", INTEGER, _("Identificador de la acción clave (el mismo que en la API)")),
        ("title", STRING, _("Título de la acción clave")),
        ("start_date", DATE, _("Fecha de inicio (AAAA-MM-DD)")),
        ("end_date", DATE, _("Fecha de término (AAAA-MM-DD)")),
        ("weight", NUMBER, _("Ponderación dentro del compromiso (se normaliza)")),
        *_PROGRESS_COLUMNS,
        ("delayed", BOOLEAN, _("Con retraso: la fecha de término pasó sin llegar al 100 %")),
        *_FOLLOWUP_COLUMNS,
        ("activities_total", INTEGER, _("Actividades")),
        ("activities_done", INTEGER, _("Actividades completadas o verificadas")),
        ("responsible_institutions", STRING, _("Instituciones responsables, separadas por «; »")),
        (
            "responsible_organizations",
            STRING,
            _("Organizaciones responsables, separadas por «; »"),
        ),
        ("expected_deliverable", STRING, _("Entregable esperado")),
        ("evidence_count", INTEGER, _("Evidencias publicadas (ver la tabla de evidencias)")),
        ("url", STRING, _("Página pública de la acción clave")),
    ),
    "evidence": _cols(
        ("plan_id", INTEGER, _("Identificador del plan")),
        ("commitment_id", INTEGER, _("Identificador del compromiso")),
        ("commitment_number", INTEGER, _("Número del compromiso")),
        ("milestone_id", INTEGER, _("Identificador de la acción clave")),
        ("activity_id", INTEGER, _("Identificador de la actividad")),
        ("activity_title", STRING, _("Actividad a la que pertenece la evidencia")),
        (
            "activity_status",
            STRING,
            _("Estado de la actividad: not_started, in_progress, completed, verified"),
        ),
        ("title", STRING, _("Título de la evidencia")),
        ("date", DATE, _("Fecha de la evidencia (AAAA-MM-DD)")),
        ("kind", STRING, _("Tipo: deliverable (entregable) o management (evidencia de gestión)")),
        ("url", STRING, _("Dirección absoluta de descarga del documento o del enlace")),
        ("file_extension", STRING, _("Extensión del archivo, vacía si es un enlace")),
        (
            "sha256",
            STRING,
            _("Huella SHA-256 del archivo, registrada al subirlo; vacía si es un enlace"),
        ),
        (
            "reported_late",
            BOOLEAN,
            _(
                "Informada después del cierre: fechada dentro de un periodo de reporte que ya "
                "estaba cerrado cuando se publicó por primera vez"
            ),
        ),
    ),
    "assessments": _cols(
        ("plan_id", INTEGER, _("Identificador del plan")),
        ("commitment_id", INTEGER, _("Identificador del compromiso")),
        ("commitment_number", INTEGER, _("Número del compromiso")),
        ("milestone_id", INTEGER, _("Identificador de la acción clave")),
        ("milestone_title", STRING, _("Título de la acción clave")),
        ("organization", STRING, _("Organización de la sociedad civil que valora")),
        ("organization_acronym", STRING, _("Siglas de la organización")),
        (
            "stance",
            STRING,
            _("Postura ante el informe del gobierno: agree, partly o disagree"),
        ),
        (
            "completion_level",
            STRING,
            _("Nivel de cumplimiento según la organización (escala del MRI)"),
        ),
        (
            "government_completion_level",
            STRING,
            _("Nivel de cumplimiento según el informe del gobierno (escala del MRI)"),
        ),
        ("date", DATE, _("Fecha de la valoración (AAAA-MM-DD)")),
        ("comment", STRING, _("Comentario de la organización (texto sin formato)")),
        ("evidence_count", INTEGER, _("Evidencias propias de la organización")),
        ("response_institution", STRING, _("Institución que respondió, si respondió")),
        ("response_date", DATE, _("Fecha de la respuesta del gobierno (AAAA-MM-DD)")),
        ("response_text", STRING, _("Respuesta del gobierno (texto sin formato)")),
        ("url", STRING, _("Página pública de la acción clave")),
    ),
    "irm": _cols(
        ("plan_id", INTEGER, _("Identificador del plan")),
        ("country", STRING, _("País")),
        ("action_plan_number", INTEGER, _("Número del plan de acción (4 para el cuarto plan)")),
        ("action_plan_years", STRING, _("Años del plan de acción, p. ej. 2019-2021")),
        (
            "irm_cycle",
            STRING,
            _(
                "Vocabulario del MRI según el año de inicio del plan: earlier (antes de 2020) "
                "o results_oriented (2020 en adelante)"
            ),
        ),
        ("commitment_id", INTEGER, _("Identificador del compromiso (el mismo que en la API)")),
        ("ogp_id", STRING, _("Identificador único del compromiso en OGP, p. ej. AB0012")),
        ("commitment_number", INTEGER, _("Número del compromiso dentro del plan")),
        ("title", STRING, _("Título del compromiso")),
        ("short_title", STRING, _("Título corto")),
        ("lead_institutions", STRING, _("Instituciones responsables (nombres separados por «; »)")),
        (
            "supporting_institutions",
            STRING,
            _("Instituciones y organizaciones de apoyo (corresponsables), separadas por «; »"),
        ),
        (
            "ogp_values",
            STRING,
            _("Valores de OGP declarados en el plan, separados por «; »"),
        ),
        (
            "irm_verifiable",
            BOOLEAN,
            _("MRI (2020 en adelante): verificable; vacío si no se evaluó"),
            True,
        ),
        (
            "irm_relevant_to_ogp_values",
            BOOLEAN,
            _("MRI: relevante para los valores de OGP; vacío si no se evaluó"),
            True,
        ),
        (
            "irm_ogp_values",
            STRING,
            _("MRI: valores de OGP a los que es relevante, separados por «; »"),
        ),
        (
            "irm_potential_for_results",
            STRING,
            _("MRI (2020 en adelante): potencial de resultados: unclear, modest, substantial"),
        ),
        (
            "irm_specificity",
            STRING,
            _("MRI (antes de 2020): especificidad: none, low, medium, high"),
        ),
        (
            "irm_potential_impact",
            STRING,
            _("MRI (antes de 2020): impacto potencial: none, minor, moderate, transformative"),
        ),
        (
            "irm_completion_midterm",
            STRING,
            _(
                "MRI (antes de 2020): cumplimiento a medio término: no_evidence, not_started, "
                "limited, substantial, complete"
            ),
        ),
        (
            "irm_completion",
            STRING,
            _(
                "MRI: cumplimiento al final del plan: no_evidence, not_started, limited, "
                "substantial, complete"
            ),
        ),
        (
            "irm_did_it_open_government",
            STRING,
            _(
                "MRI (antes de 2020): ¿contribuyó a abrir el gobierno?: no_results_yet, "
                "worsened, did_not_change, marginal, major, outstanding"
            ),
        ),
        (
            "irm_early_results",
            STRING,
            _(
                "MRI (2020 en adelante): resultados tempranos: no_notable_results, moderate, "
                "significant, outstanding"
            ),
        ),
        ("irm_notes", STRING, _("MRI: notas de la evaluación (texto libre)")),
        ("irm_report_url", STRING, _("Informe del MRI")),
        ("progress", NUMBER, _("Avance publicado en el tablero, 0-100")),
        (
            "completion_level",
            STRING,
            _(
                "Nivel de cumplimiento según el tablero: not_started, limited, substantial, "
                "complete"
            ),
        ),
        (
            "cso_assessed_milestones",
            INTEGER,
            _("Acciones clave con alguna valoración publicada de la sociedad civil"),
        ),
        (
            "cso_disagreeing_milestones",
            INTEGER,
            _("Acciones clave en las que alguna organización está en desacuerdo"),
        ),
        (
            "cso_partly_agreeing_milestones",
            INTEGER,
            _("Acciones clave en las que alguna organización está parcialmente de acuerdo"),
        ),
        ("url", STRING, _("Página pública del compromiso")),
    ),
    "snapshots": _cols(
        ("plan_id", INTEGER, _("Identificador del plan")),
        ("period_id", INTEGER, _("Identificador del periodo de reporte")),
        ("period_name", STRING, _("Nombre del periodo")),
        ("period_start", DATE, _("Inicio del periodo (AAAA-MM-DD)")),
        ("period_end", DATE, _("Fin del periodo (AAAA-MM-DD)")),
        ("closed_at", DATETIME, _("Fecha y hora del cierre (ISO 8601, en UTC)")),
        ("kind", STRING, _("Qué se fotografió: plan, commitment o milestone")),
        ("page_id", INTEGER, _("Identificador de la página (el mismo que en la API)")),
        (
            "parent_id",
            INTEGER,
            _("Compromiso de la acción clave, o plan del compromiso; vacío para el plan"),
            True,
        ),
        (
            "number",
            INTEGER,
            _("Número del plan o del compromiso; orden de la acción clave"),
            True,
        ),
        ("ogp_id", STRING, _("Identificador de OGP del compromiso")),
        ("title", STRING, _("Título al cierre")),
        *_PROGRESS_COLUMNS,
        ("delayed", BOOLEAN, _("Con retraso al cierre")),
        (
            "activities_done",
            INTEGER,
            _("Actividades cumplidas al cierre (sólo acciones clave)"),
            True,
        ),
        ("activities_total", INTEGER, _("Actividades al cierre (sólo acciones clave)"), True),
        (
            "evidence_count",
            INTEGER,
            _("Evidencias publicadas al cierre (sólo acciones clave)"),
            True,
        ),
    ),
}

TABLE_LABELS = {
    "plans": _("Planes"),
    "commitments": _("Compromisos"),
    "milestones": _("Acciones clave"),
    "evidence": _("Evidencias"),
    "snapshots": _("Historia por periodo"),
    "assessments": _("Valoraciones de la sociedad civil"),
    "irm": _("Evaluación del MRI (vocabulario de OGP)"),
}
#: An XLSX sheet's name, where the table's label is longer than a sheet allows (31).
SHEET_NAMES = {"irm": _("Evaluación del MRI")}


def _names(entries) -> str:
    return LIST_SEPARATOR.join(e.name for e in entries)


def _acronyms(entries) -> str:
    return LIST_SEPARATOR.join(e.acronym for e in entries if e.acronym)


def _progress(page) -> dict:
    return {
        "progress": page.progress,
        "pct_verified": page.pct_verified,
        "pct_completed": page.pct_completed,
        "pct_in_progress": page.pct_in_progress,
        "pct_not_started": page.pct_not_started,
        "completion_level": str(page.completion_level),
    }


def plan_row(plan: ActionPlanPage, request=None) -> dict:
    return {
        "plan_id": plan.pk,
        "plan_number": plan.number,
        "title": plan.title,
        "country": plan.country,
        "government": plan.government,
        "status": plan.status,
        "start_date": iso_date(plan.start_date),
        "end_date": iso_date(plan.end_date),
        **_progress(plan),
        "commitments_total": plan.commitments_total,
        "url": page_url(plan, request),
    }


def _followup(page) -> dict:
    """The calendar's warnings (planes/progress.py), with the site's days."""
    return {
        "due_soon": page.due_soon,
        "stale": page.stale,
        "last_reported_date": iso_date(page.last_reported_date),
    }


def commitment_row(commitment: CommitmentPage, plan_id: int, request=None) -> dict:
    institutions = list(commitment.lead_institutions.all())
    organizations = list(commitment.organizations.all())
    return {
        "plan_id": plan_id,
        "commitment_id": commitment.pk,
        "number": commitment.number,
        "ogp_id": commitment.ogp_id,
        "title": commitment.title,
        "short_title": commitment.short_title,
        "objective": commitment.objective,
        "start_date": iso_date(commitment.start_date),
        "end_date": iso_date(commitment.end_date),
        **_progress(commitment),
        "delayed": commitment.delayed,
        **_followup(commitment),
        "milestones_total": commitment.milestones_total,
        "milestones_done": commitment.milestones_done,
        "lead_institutions": _names(institutions),
        "lead_institution_acronyms": _acronyms(institutions),
        "organizations": _names(organizations),
        "organization_acronyms": _acronyms(organizations),
        "ogp_values": LIST_SEPARATOR.join(commitment.ogp_values),
        "tags": LIST_SEPARATOR.join(sorted(t.name for t in commitment.tags.all())),
        "sdg_goals": LIST_SEPARATOR.join(str(n) for n in commitment.sdg_goal_numbers),
        "irm_completion": commitment.irm_completion,
        "url": page_url(commitment, request),
    }


def milestone_row(
    milestone: MilestonePage, commitment: CommitmentPage, plan_id: int, evidence_count: int, request
) -> dict:
    return {
        "plan_id": plan_id,
        "commitment_id": commitment.pk,
        "commitment_number": commitment.number,
        "milestone_id": milestone.pk,
        "title": milestone.title,
        "start_date": iso_date(milestone.start_date),
        "end_date": iso_date(milestone.end_date),
        "weight": float(milestone.weight),
        **_progress(milestone),
        "delayed": milestone.is_delayed(),
        **_followup(milestone),
        "activities_total": milestone.activities_total,
        "activities_done": milestone.activities_done,
        "responsible_institutions": _names(milestone.responsible_institutions.all()),
        "responsible_organizations": _names(milestone.responsible_organizations.all()),
        "expected_deliverable": milestone.expected_deliverable,
        "evidence_count": evidence_count,
        "url": page_url(milestone, request),
    }


def evidence_row(
    item, activity, milestone, commitment, plan_id: int, request, late: bool = False
) -> dict:
    data = evidence_dict(item, request)
    return {
        "plan_id": plan_id,
        "commitment_id": commitment.pk,
        "commitment_number": commitment.number,
        "milestone_id": milestone.pk,
        "activity_id": activity.pk,
        "activity_title": activity.title,
        "activity_status": activity.status,
        "title": data["title"],
        "date": data["date"],
        "kind": data["kind"],
        "url": data["url"],
        "file_extension": data["file_extension"],
        "sha256": data["sha256"],
        "reported_late": late,
    }


class Dataset:
    """The published plans under ``root`` (a plan, or a site's home) as tables.

    A fixed number of SQL queries whatever the amount of content: pages are read
    by tree path, many-to-many entries prefetched and evidence read in bulk.
    A commitment counts only if its plan is live, a milestone only if its
    commitment is.
    """

    def __init__(self, root, request=None):
        self.root = root
        self.request = request

    @cached_property
    def plans(self) -> list[ActionPlanPage]:
        return list(live_plans(self.root))

    @cached_property
    def _plan_ids(self) -> dict[str, int]:
        return {plan.path: plan.pk for plan in self.plans}

    @cached_property
    def commitments(self) -> list[tuple[CommitmentPage, int]]:
        """(commitment, plan id) pairs, in plan and number order."""
        if not self.plans:
            return []
        qs = (
            CommitmentPage.objects.live()
            .descendant_of(self.root, inclusive=True)
            .prefetch_related("lead_institutions", "organizations", "tags")
            .order_by("path")
        )
        rows = [(c, self._plan_ids.get(parent_path(c))) for c in qs]
        rows = [(c, plan_id) for c, plan_id in rows if plan_id is not None]
        order = {path: i for i, path in enumerate(self._plan_ids)}
        rows.sort(key=lambda r: (order[parent_path(r[0])], r[0].number))
        return rows

    @cached_property
    def milestones(self) -> list[tuple[MilestonePage, CommitmentPage, int]]:
        """(milestone, commitment, plan id) triples, in commitment and tree order."""
        parents = {c.path: (c, plan_id) for c, plan_id in self.commitments}
        if not parents:
            return []
        qs = (
            MilestonePage.objects.live()
            .descendant_of(self.root)
            .prefetch_related("responsible_institutions", "responsible_organizations", "activities")
            .order_by("path")
        )
        by_parent: dict[str, list[MilestonePage]] = {}
        for milestone in qs:
            by_parent.setdefault(parent_path(milestone), []).append(milestone)
        return [
            (m, commitment, plan_id)
            for commitment, plan_id in self.commitments
            for m in by_parent.get(commitment.path, [])
        ]

    @cached_property
    def evidence(self) -> dict[int, list[EvidenceItem]]:
        activities = [a for m, _c, _p in self.milestones for a in m.activities.all()]
        return evidence_by_activity(activities)

    def table(self, name: str) -> list[dict]:
        return getattr(self, f"{name}_rows")()

    def plans_rows(self) -> list[dict]:
        return [plan_row(plan, self.request) for plan in self.plans]

    def commitments_rows(self) -> list[dict]:
        return [commitment_row(c, plan_id, self.request) for c, plan_id in self.commitments]

    def irm_rows(self) -> list[dict]:
        """One row per published commitment in OGP's commitment vocabulary: the IRM's
        assessment as recorded, the board's completion level and civil society's stances
        (planes.models.voices.stance_summary); one more query for the stances."""
        plans = {plan.pk: plan for plan in self.plans}
        stances = civil_society_summary(c for c, _p in self.commitments)
        rows = []
        for commitment, plan_id in self.commitments:
            plan = plans[plan_id]
            institutions = list(commitment.lead_institutions.all())
            organizations = list(commitment.organizations.all())
            summary = stances[commitment.pk]
            rows.append(
                {
                    "plan_id": plan_id,
                    "country": plan.country,
                    "action_plan_number": plan.number,
                    "action_plan_years": _years(plan),
                    "irm_cycle": str(irm_cycle(plan.start_date)),
                    "commitment_id": commitment.pk,
                    "ogp_id": commitment.ogp_id,
                    "commitment_number": commitment.number,
                    "title": commitment.title,
                    "short_title": commitment.short_title,
                    "lead_institutions": _names(institutions),
                    "supporting_institutions": _names(organizations),
                    "ogp_values": LIST_SEPARATOR.join(commitment.ogp_values),
                    "irm_verifiable": commitment.irm_verifiable,
                    "irm_relevant_to_ogp_values": commitment.irm_relevant_to_ogp_values,
                    "irm_ogp_values": LIST_SEPARATOR.join(commitment.irm_ogp_values or []),
                    "irm_potential_for_results": commitment.irm_potential_for_results,
                    "irm_specificity": commitment.irm_specificity,
                    "irm_potential_impact": commitment.irm_potential_impact,
                    "irm_completion_midterm": commitment.irm_completion_midterm,
                    "irm_completion": commitment.irm_completion,
                    "irm_did_it_open_government": commitment.irm_did_it_open_government,
                    "irm_early_results": commitment.irm_early_results,
                    "irm_notes": commitment.irm_notes,
                    "irm_report_url": commitment.irm_report_url,
                    "progress": commitment.progress,
                    "completion_level": str(commitment.completion_level),
                    "cso_assessed_milestones": summary["assessed_milestones"],
                    "cso_disagreeing_milestones": summary["disagreeing_milestones"],
                    "cso_partly_agreeing_milestones": summary["partly_agreeing_milestones"],
                    "url": page_url(commitment, self.request),
                }
            )
        return rows

    def milestones_rows(self) -> list[dict]:
        evidence = self.evidence
        return [
            milestone_row(
                m, c, plan_id, sum(len(evidence[a.pk]) for a in m.activities.all()), self.request
            )
            for m, c, plan_id in self.milestones
        ]

    def assessments_rows(self) -> list[dict]:
        """Every published civil-society assessment of these plans' live milestones, with
        the government's published response (a fixed number of queries)."""
        milestones = {m.pk: (m, c, plan_id) for m, c, plan_id in self.milestones}
        rows = []
        for assessment in published_assessments(list(milestones)):
            milestone, commitment, plan_id = milestones[assessment.milestone_id]
            response = assessment.published_response
            rows.append(
                {
                    "plan_id": plan_id,
                    "commitment_id": commitment.pk,
                    "commitment_number": commitment.number,
                    "milestone_id": milestone.pk,
                    "milestone_title": milestone.title,
                    "organization": assessment.organization.name,
                    "organization_acronym": assessment.organization.acronym,
                    "stance": assessment.stance,
                    "completion_level": assessment.completion_level,
                    "government_completion_level": str(milestone.completion_level),
                    "date": iso_date(assessment.date),
                    "comment": _plain(assessment.comment),
                    "evidence_count": len(assessment.evidence_items),
                    "response_institution": response.institution.name if response else "",
                    "response_date": iso_date(response.date) if response else None,
                    "response_text": _plain(response.text) if response else "",
                    "url": page_url(milestone, self.request),
                }
            )
        return rows

    def snapshots_rows(self) -> list[dict]:
        """Every closed period's snapshots of these plans (oldest period first), only of
        pages that are live and public now (PeriodSnapshot.objects.public(), as the API's
        periods and the report)."""
        plan_ids = [plan.pk for plan in self.plans]
        snapshots = (
            PeriodSnapshot.objects.current()
            .public()
            .filter(period__plan_id__in=plan_ids, period__status=PeriodStatus.CLOSED)
            .select_related("period")
        )
        order = {SnapshotKind.PLAN: 0, SnapshotKind.COMMITMENT: 1, SnapshotKind.MILESTONE: 2}
        rows = sorted(
            snapshots,
            key=lambda s: (
                s.period.plan_id,
                s.period.start_date,
                order[s.kind],
                s.parent_page_id or 0,
                s.number or 0,
            ),
        )
        return [snapshot_row(s, s.period.plan_id) for s in rows]

    def evidence_rows(self) -> list[dict]:
        evidence = self.evidence
        by_milestone = {
            m.pk: [item for a in m.activities.all() for item in evidence[a.pk]]
            for m, _c, _p in self.milestones
        }
        late = late_evidence_by_milestone([m for m, _c, _p in self.milestones], by_milestone)
        return [
            evidence_row(
                item,
                activity,
                m,
                c,
                plan_id,
                self.request,
                late=bool(item.block_id) and item.block_id in late[m.pk],
            )
            for m, c, plan_id in self.milestones
            for activity in m.activities.all()
            for item in evidence[activity.pk]
        ]


def _years(plan) -> str:
    """«2019-2021»: the plan's start and end years (one if they are the same)."""
    years = [d.year for d in (plan.start_date, plan.end_date) if d]
    return "-".join(str(y) for y in dict.fromkeys(years))


def _plain(html) -> str:
    """Rich text as plain text for a table cell: no tags, and the characters the HTML
    writes as entities (``d&#x27;acció &amp; co.``) as themselves (``d'acció & co.``)."""
    return " ".join(unescape(strip_tags(str(html or ""))).split())


def snapshot_row(snapshot, plan_id: int) -> dict:
    period = snapshot.period
    return {
        "plan_id": plan_id,
        "period_id": period.pk,
        "period_name": period.name,
        "period_start": iso_date(period.start_date),
        "period_end": iso_date(period.end_date),
        "closed_at": iso_datetime(period.closed_at),
        "kind": snapshot.kind,
        "page_id": snapshot.page_id,
        "parent_id": snapshot.parent_page_id,
        "number": snapshot.number,
        "ogp_id": snapshot.ogp_id,
        "title": snapshot.title,
        "progress": snapshot.progress,
        "pct_verified": snapshot.pct_verified,
        "pct_completed": snapshot.pct_completed,
        "pct_in_progress": snapshot.pct_in_progress,
        "pct_not_started": snapshot.pct_not_started,
        "completion_level": snapshot.completion_level,
        "delayed": snapshot.delayed,
        "activities_done": snapshot.activities_done,
        "activities_total": snapshot.activities_total,
        "evidence_count": snapshot.evidence_count,
    }


def envelope(request, **content) -> dict:
    """Generation time, licence and publisher (instance settings) around any JSON export."""
    instance = current(request)
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "license": instance.licence,
        "license_url": instance.licence_link,
        "publisher": instance.publisher,
        **content,
    }


def site_export(root, request) -> dict:
    """Every published plan under ``root`` with all its tables."""
    data = Dataset(root, request)
    tables = {name: data.table(name) for name in COLUMNS if name != "plans"}
    plans = []
    for row in data.plans_rows():
        pid = row["plan_id"]
        plans.append(
            {
                **row,
                **{name: [r for r in rows if r["plan_id"] == pid] for name, rows in tables.items()},
            }
        )
    return envelope(request, plans=plans)


__all__ = [
    "COLUMNS",
    "Dataset",
    "commitment_row",
    "envelope",
    "milestone_row",
    "plan_row",
    "site_export",
]
