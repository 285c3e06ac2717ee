"""Choice lists shared by the models, the progress rules, the API and the exports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Sin iniciar")
    IN_PROGRESS = "in_progress", _("En proceso")
    COMPLETED = "completed", _("Completada")
    VERIFIED = "verified", _("Verificada")


class CompletionLevel(models.TextChoices):
    """The OGP / IRM completion wording."""

    NOT_STARTED = "not_started", _("No iniciado")
    LIMITED = "limited", _("Limitado")
    SUBSTANTIAL = "substantial", _("Sustancial")
    COMPLETE = "complete", _("Completo")


class Stance(models.TextChoices):
    """A civil-society organization's stance on the government's report of a milestone."""

    AGREE = "agree", _("De acuerdo")
    PARTLY = "partly", _("Parcialmente de acuerdo")
    DISAGREE = "disagree", _("En desacuerdo")


class PlanStatus(models.TextChoices):
    CO_CREATION = "co_creation", _("Cocreación")
    IMPLEMENTATION = "implementation", _("Implementación")
    CLOSED = "closed", _("Concluido")


class OGPValue(models.TextChoices):
    ACCESS_TO_INFORMATION = "access_to_information", _("Acceso a la información")
    CIVIC_PARTICIPATION = "civic_participation", _("Participación ciudadana")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Rendición de cuentas")
    TECHNOLOGY_INNOVATION = "technology_innovation", _("Tecnología e innovación")


class EvidenceKind(models.TextChoices):
    DELIVERABLE = "deliverable", _("Entregable")
    MANAGEMENT = "management", _("Evidencia de gestión (minutas, listas de asistencia, informes)")


class IRMSpecificity(models.TextChoices):
    NONE = "none", _("Ninguna")
    LOW = "low", _("Baja")
    MEDIUM = "medium", _("Media")
    HIGH = "high", _("Alta")


class IRMPotentialImpact(models.TextChoices):
    NONE = "none", _("Ninguno")
    MINOR = "minor", _("Menor")
    MODERATE = "moderate", _("Moderado")
    TRANSFORMATIVE = "transformative", _("Transformador")


class IRMCompletion(models.TextChoices):
    """The IRM's completion scale (both cycles): the board's four levels plus the IRM's
    «no evidence available»."""

    NO_EVIDENCE = "no_evidence", _("Sin evidencia disponible")
    NOT_STARTED = "not_started", _("No iniciado")
    LIMITED = "limited", _("Limitado")
    SUBSTANTIAL = "substantial", _("Sustancial")
    COMPLETE = "complete", _("Completo")


class IRMPotentialForResults(models.TextChoices):
    """Potential for results (IRM Action Plan Review, plans from 2020 on)."""

    UNCLEAR = "unclear", _("Poco claro")
    MODEST = "modest", _("Modesto")
    SUBSTANTIAL = "substantial", _("Sustancial")


class IRMEarlyResults(models.TextChoices):
    """Early results, «did it open government?» (IRM Results Report, plans from 2020 on)."""

    NO_NOTABLE_RESULTS = "no_notable_results", _("Sin resultados notables")
    MODERATE = "moderate", _("Moderados")
    SIGNIFICANT = "significant", _("Significativos")
    OUTSTANDING = "outstanding", _("Sobresalientes")


class IRMCycle(models.TextChoices):
    """Which IRM vocabulary assesses a plan: the earlier one (specificity, potential impact,
    completion at mid-term and end of term, did it open government) or the
    Results-Oriented one for plans starting in 2020 or later (verifiable, relevant to OGP
    values, potential for results, completion, early results)."""

    EARLIER = "earlier", _("Anterior a 2020")
    RESULTS_ORIENTED = "results_oriented", _("Orientado a resultados (2020 en adelante)")


#: First start year of the plans the IRM assesses with the Results-Oriented vocabulary.
IRM_RESULTS_ORIENTED_FROM = 2020


def irm_cycle(start_date) -> str:
    """The IRM vocabulary (an :class:`IRMCycle` value) for a plan starting on ``start_date``
    (the Results-Oriented one when the date is unknown: new plans)."""
    if start_date is not None and start_date.year < IRM_RESULTS_ORIENTED_FROM:
        return IRMCycle.EARLIER
    return IRMCycle.RESULTS_ORIENTED


class IRMOpenGovernment(models.TextChoices):
    NO_RESULTS_YET = "no_results_yet", _("Sin resultados tempranos aún")
    WORSENED = "worsened", _("Empeoró")
    DID_NOT_CHANGE = "did_not_change", _("No cambió")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Significativo")
    OUTSTANDING = "outstanding", _("Sobresaliente")


class InstitutionSector(models.TextChoices):
    """Levels of government any country has (the keys are the first board's words)."""

    FEDERAL = "federal", _("Gobierno nacional o federal")
    AUTONOMOUS = "autonomous", _("Órgano autónomo")
    STATE = "state", _("Gobierno estatal, provincial o regional")
    MUNICIPAL = "municipal", _("Gobierno local o municipal")
    OTHER = "other", _("Otro")


#: Labels choices had before, still read in imported spreadsheets (older exports).
FORMER_CHOICE_LABELS = {
    InstitutionSector: {
        "Administración Pública Federal": InstitutionSector.FEDERAL,
        "Federal Public Administration": InstitutionSector.FEDERAL,
        "Gobierno estatal": InstitutionSector.STATE,
        "State government": InstitutionSector.STATE,
        "Gobierno municipal": InstitutionSector.MUNICIPAL,
        "Municipal government": InstitutionSector.MUNICIPAL,
    },
}


class OrganizationKind(models.TextChoices):
    CSO = "cso", _("Organización de la sociedad civil")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Sector privado")
    INTERNATIONAL = "international", _("Organismo internacional")
    OTHER = "other", _("Otra")
