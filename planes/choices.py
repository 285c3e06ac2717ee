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


class IRMOpenGovernment(models.TextChoices):
    NO_RESULTS_YET = "no_results_yet", _("Sin resultados tempranos aún")
    WORSENED = "worsened", _("Empeoró")
    DID_NOT_CHANGE = "did_not_change", _("No cambió")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Significativo")
    OUTSTANDING = "outstanding", _("Sobresaliente")


class InstitutionSector(models.TextChoices):
    FEDERAL = "federal", _("Administración Pública Federal")
    AUTONOMOUS = "autonomous", _("Órgano autónomo")
    STATE = "state", _("Gobierno estatal")
    MUNICIPAL = "municipal", _("Gobierno municipal")
    OTHER = "other", _("Otro")


class OrganizationKind(models.TextChoices):
    CSO = "cso", _("Organización de la sociedad civil")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Sector privado")
    INTERNATIONAL = "international", _("Organismo internacional")
    OTHER = "other", _("Otra")
