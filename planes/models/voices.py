"""The second voice of each milestone: civil society's assessment and the government's reply.

Each organization co-responsible for a milestone (responsible for it or for its
commitment) may publish one assessment of the government's report: its stance,
the completion level as it sees it (the IRM scale), a dated comment and its own
evidence. The government's editors of the commitment may answer it with a short
response. Both are Wagtail snippets with drafts, revisions, locking and the approval
workflow: written and submitted by their authors, approved (published) or sent
back by an approver, never rewritten by anyone else. Only live rows are public;
a row that was never published holds a draft, and a published row with a
pending change still holds what was published (the change is in its revisions).

Who may write what is decided here, once, for the admin forms, the admin's
permission policy (planes/voice_access.py) and the tests:

* an assessment is written by a member of its organization who is assigned, as a
  civil-society editor, to the milestone's commitment;
* a response is written by a member of its institution who is assigned, as a
  government editor, to that commitment, and the institution leads the commitment
  or is responsible for the milestone.
"""

import datetime

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from instancia.panels import InstanceHelpPanel

from ..blocks import EvidenceBlock
from ..choices import CompletionLevel, Stance
from ..evidence import evidence_by_owner
from ..forms import AssessmentForm, GovernmentResponseForm
from ..validators import MaxTextLength, validate_not_future
from .assignment import EditorRole, assigned_commitment_paths
from .commitment import CommitmentPage
from .directory import Institution, Organization
from .membership import user_institutions, user_organizations
from .milestone import MilestonePage

#: Rich-text features of a short voice: emphasis, links and lists.
SHORT_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
#: Visible characters of an assessment's comment and of a response.
COMMENT_MAX_LENGTH = 2000
RESPONSE_MAX_LENGTH = 1500


def under(field: str, paths) -> Q:
    """Rows whose page ``field`` (a path) lies under any of ``paths``; matches none if empty."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def is_assigned(user, milestone, role: str) -> bool:
    """Whether the person is assigned in ``role`` to the milestone's commitment."""
    return any(milestone.path.startswith(p) for p in assigned_commitment_paths(user, role))


class VoiceQuerySet(models.QuerySet):
    #: The lookup from this model to the milestone the row speaks about.
    milestone = ""

    def published(self) -> QuerySet:
        """Live rows about live milestones: what the public may see."""
        return self.filter(live=True, **{f"{self.milestone}__live": True})

    def about_commitments(self, paths) -> QuerySet:
        """Rows about milestones of the commitments at these tree paths."""
        return self.filter(under(f"{self.milestone}__path", paths))


class AssessmentQuerySet(VoiceQuerySet):
    milestone = "milestone"

    def authored_by(self, user) -> QuerySet:
        """Assessments the person may write: their organizations', on their commitments."""
        paths = assigned_commitment_paths(user, EditorRole.CIVIL_SOCIETY)
        organizations = user_organizations(user)
        return self.filter(organization__in=organizations).about_commitments(paths)


class ResponseQuerySet(VoiceQuerySet):
    milestone = "assessment__milestone"

    def published(self) -> QuerySet:
        """Live responses to published assessments."""
        return super().published().filter(assessment__live=True)

    def authored_by(self, user) -> QuerySet:
        """Responses the person may write: their institutions', on their commitments."""
        paths = assigned_commitment_paths(user, EditorRole.GOVERNMENT)
        institutions = user_institutions(user)
        return self.filter(institution__in=institutions).about_commitments(paths)


class ModeratedVoice(
    PreviewableMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model
):
    """What the two voices share: a date, moderation by the approval workflow, a preview."""

    #: Not live until a revision is published (Wagtail's default is live), so a row
    #: written by a script or a test is never public by accident.
    live = models.BooleanField(_("publicada"), default=False, editable=False)
    date = models.DateField(
        _("fecha"),
        default=datetime.date.today,
        help_text=_("Fecha en que la valoración o la respuesta se emite."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        try:
            validate_not_future(self.date, _("La fecha no puede ser futura."))
        except ValidationError as error:
            raise ValidationError({"date": error}) from error

    def get_preview_template(self, request, mode_name):
        return "planes/voice_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        assessment = self.preview_assessment()
        assessment.evidence_items = evidence_by_owner([assessment])[assessment.pk]
        context.update(assessment=assessment, milestone=assessment.milestone)
        return context

    def preview_assessment(self):
        """The assessment as the milestone page would show it, with this version in it."""
        raise NotImplementedError


class CivilSocietyAssessment(ModeratedVoice):
    """A co-responsible organization's assessment of the government's report of a milestone."""

    milestone = models.ForeignKey(
        MilestonePage,
        verbose_name=_("acción clave"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organización"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    stance = models.CharField(
        _("postura ante el informe del gobierno"), max_length=20, choices=Stance.choices
    )
    completion_level = models.CharField(
        _("nivel de cumplimiento según la organización"),
        max_length=20,
        choices=CompletionLevel.choices,
        help_text=_(
            "Escala del Mecanismo de Revisión Independiente (MRI): no iniciado, limitado, "
            "sustancial o completo."
        ),
    )
    comment = RichTextField(
        _("comentario"),
        features=SHORT_TEXT_FEATURES,
        validators=[MaxTextLength(COMMENT_MAX_LENGTH)],
        help_text=_("Lo que la organización dice del informe (hasta %(limit)s caracteres).")
        % {"limit": COMMENT_MAX_LENGTH},
    )
    evidence = StreamField(
        [("evidence", EvidenceBlock())],
        verbose_name=_("evidencias de la organización"),
        blank=True,
    )

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="civil_society_assessment",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="civil_society_assessment",
        for_concrete_model=False,
    )

    objects = AssessmentQuerySet.as_manager()
    base_form_class = AssessmentForm

    panels = [
        InstanceHelpPanel(
            content=_(
                "La valoración es de la organización: sólo sus integrantes asignados al "
                "compromiso la escriben. Guárdala como borrador y envíala a revisión; "
                "%(body)s la aprueba (se publica) o pide cambios, pero no la reescribe."
            )
        ),
        FieldRowPanel(
            [
                FieldPanel("milestone", widget=forms.Select),
                FieldPanel("organization", widget=forms.Select),
            ]
        ),
        FieldPanel("stance", widget=forms.RadioSelect),
        FieldRowPanel([FieldPanel("completion_level"), FieldPanel("date")]),
        FieldPanel("comment"),
        FieldPanel("evidence"),
    ]

    class Meta:
        verbose_name = _("valoración de la sociedad civil")
        verbose_name_plural = _("valoraciones de la sociedad civil")
        ordering = ["milestone__path", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "organization"],
                name="one_assessment_per_organization_and_milestone",
                violation_error_message=_(
                    "Esta organización ya tiene una valoración de esta acción clave: edítala "
                    "en lugar de crear otra."
                ),
            )
        ]

    def __str__(self):
        return f"{self.organization.short_name} · {self.milestone.title}"

    def clean(self):
        super().clean()
        if self.milestone_id and self.organization_id:
            responsible = self.milestone.co_responsible_organizations()
            if not responsible.filter(pk=self.organization_id).exists():
                raise ValidationError(
                    {
                        "organization": _(
                            "La organización no es corresponsable de esta acción clave ni de "
                            "su compromiso."
                        )
                    }
                )

    @property
    def disagrees(self) -> bool:
        return self.stance == Stance.DISAGREE

    def preview_assessment(self):
        self.published_response = None
        return self

    # Who writes it -------------------------------------------------------------
    @classmethod
    def assessable_milestones(cls, user) -> QuerySet:
        """Published milestones of the person's civil-society commitments that one of their
        organizations is co-responsible for (the milestone's or its commitment's)."""
        paths = assigned_commitment_paths(user, EditorRole.CIVIL_SOCIETY)
        organizations = list(user_organizations(user).values_list("pk", flat=True))
        if not (paths and organizations):
            return MilestonePage.objects.none()
        by_commitment = CommitmentPage.objects.filter(
            path__in=paths, organizations__in=organizations
        ).values_list("path", flat=True)
        responsible = Q(responsible_organizations__in=organizations) & under("path", paths)
        return (
            MilestonePage.objects.live()
            .filter(responsible | under("path", by_commitment))
            .distinct()
            .order_by("path")
        )

    @classmethod
    def author_organizations(cls, user, milestone=None) -> QuerySet:
        """The person's organizations that may assess ``milestone`` (all of them if None)."""
        organizations = user_organizations(user)
        if milestone is None:
            return organizations
        if not is_assigned(user, milestone, EditorRole.CIVIL_SOCIETY):
            return organizations.none()
        return organizations.filter(pk__in=milestone.co_responsible_organizations())

    def is_authored_by(self, user) -> bool:
        """Whether the person speaks for this assessment's organization on its commitment."""
        return self.organization.memberships.filter(user=user).exists() and is_assigned(
            user, self.milestone, EditorRole.CIVIL_SOCIETY
        )


class GovernmentResponse(ModeratedVoice):
    """The government's short reply to a published civil-society assessment."""

    assessment = models.OneToOneField(
        CivilSocietyAssessment,
        verbose_name=_("valoración que responde"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institución que responde"),
        on_delete=models.PROTECT,
        related_name="assessment_responses",
    )
    text = RichTextField(
        _("respuesta"),
        features=SHORT_TEXT_FEATURES,
        validators=[MaxTextLength(RESPONSE_MAX_LENGTH)],
        help_text=_("Hasta %(limit)s caracteres.") % {"limit": RESPONSE_MAX_LENGTH},
    )

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="government_response",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="government_response",
        for_concrete_model=False,
    )

    objects = ResponseQuerySet.as_manager()
    base_form_class = GovernmentResponseForm

    panels = [
        InstanceHelpPanel(
            content=_(
                "La respuesta del gobierno se publica debajo de la valoración, después de la "
                "revisión %(of_body)s. Sólo las personas editoras de gobierno del compromiso que "
                "pertenecen a la institución que responde la escriben."
            )
        ),
        FieldRowPanel(
            [
                FieldPanel("assessment", widget=forms.Select),
                FieldPanel("institution", widget=forms.Select),
            ]
        ),
        FieldPanel("date"),
        FieldPanel("text"),
    ]

    class Meta:
        verbose_name = _("respuesta del gobierno")
        verbose_name_plural = _("respuestas del gobierno")
        ordering = ["assessment__milestone__path", "assessment__organization__name"]

    def __str__(self):
        return _("Respuesta de %(institution)s a %(assessment)s") % {
            "institution": self.institution.short_name,
            "assessment": self.assessment,
        }

    def clean(self):
        super().clean()
        if self.assessment_id and self.institution_id:
            accountable = self.assessment.milestone.accountable_institutions()
            if not accountable.filter(pk=self.institution_id).exists():
                raise ValidationError(
                    {
                        "institution": _(
                            "La institución no es responsable de esta acción clave ni de su "
                            "compromiso."
                        )
                    }
                )

    def preview_assessment(self):
        assessment = self.assessment
        assessment.published_response = self
        return assessment

    # Who writes it -------------------------------------------------------------
    @classmethod
    def answerable_assessments(cls, user) -> QuerySet:
        """Published assessments, still unanswered, on milestones of the person's government
        commitments for which one of their institutions is accountable."""
        paths = assigned_commitment_paths(user, EditorRole.GOVERNMENT)
        institutions = list(user_institutions(user).values_list("pk", flat=True))
        if not (paths and institutions):
            return CivilSocietyAssessment.objects.none()
        by_commitment = CommitmentPage.objects.filter(
            path__in=paths, lead_institutions__in=institutions
        ).values_list("path", flat=True)
        accountable = Q(milestone__responsible_institutions__in=institutions) & under(
            "milestone__path", paths
        )
        return (
            CivilSocietyAssessment.objects.published()
            .filter(accountable | under("milestone__path", by_commitment))
            .filter(response__isnull=True)
            .select_related("organization", "milestone")
            .distinct()
        )

    @classmethod
    def author_institutions(cls, user, assessment=None) -> QuerySet:
        """The person's institutions that may answer ``assessment`` (all of them if None)."""
        institutions = user_institutions(user)
        if assessment is None:
            return institutions
        if not is_assigned(user, assessment.milestone, EditorRole.GOVERNMENT):
            return institutions.none()
        return institutions.filter(pk__in=assessment.milestone.accountable_institutions())

    def is_authored_by(self, user) -> bool:
        """Whether the person speaks for the responding institution on the commitment."""
        return self.institution.memberships.filter(user=user).exists() and is_assigned(
            user, self.assessment.milestone, EditorRole.GOVERNMENT
        )


__all__ = ["CivilSocietyAssessment", "GovernmentResponse"]


def stance_summary(pairs) -> dict:
    """From (milestone id, stance) pairs of published assessments: how many milestones were
    assessed, and in how many an organization disagrees or partly agrees."""
    stances: dict[int, set] = {}
    for milestone_id, stance in pairs:
        stances.setdefault(milestone_id, set()).add(stance)
    return {
        "assessed_milestones": len(stances),
        "disagreeing_milestones": sum(1 for s in stances.values() if Stance.DISAGREE in s),
        "partly_agreeing_milestones": sum(1 for s in stances.values() if Stance.PARTLY in s),
    }


def civil_society_summary_under(path: str) -> dict:
    """:func:`stance_summary` of the milestones under the page at ``path`` (a commitment or
    a plan), published assessments of live milestones only; one query."""
    return stance_summary(
        CivilSocietyAssessment.objects.published()
        .filter(milestone__path__startswith=path)
        .values_list("milestone_id", "stance")
    )
