"""Admin page forms: the validations that need the parent page or the editing user."""

import re

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.log_actions import log
from wagtail.models import Revision

from instancia.models import current

from .choices import ActivityStatus, IRMCycle, OGPValue, irm_cycle
from .permissions import can_verify_activities, is_moderator

#: More inline rows than any real page has (activities, updates, minutes, evidence items).
MAX_INLINE_FORMS = 500
#: Stream field keys that must be numbers: item counts and chosen documents.
COUNT_KEY = re.compile(r"-count$")
DOCUMENT_KEY = re.compile(r"-value-document$")


class TamperedFormData(BadRequest):
    """A page form whose hidden fields were altered: answered with a 400, nothing saved."""


def refuse_tampered_form(message) -> None:
    raise TamperedFormData(message)


class InlineIntegrityMixin:
    """Checks the fields a person never types (inline row ids and counts, chosen
    document ids) before Wagtail reads them: a bad value would be a server error, and an
    id of another page's row would copy that row into this page."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        if data is not None:
            self.check_inline_fields(data, kwargs.get("instance"))
        super().__init__(data, files, *args, **kwargs)

    @classmethod
    def check_inline_fields(cls, data, instance) -> None:
        for relation in cls._meta.formsets:
            total = data.get(f"{relation}-TOTAL_FORMS")
            if total is None:
                continue  # the formset reports a missing management form itself
            if not total.isdigit() or int(total) > MAX_INLINE_FORMS:
                refuse_tampered_form(_("El número de filas del formulario no es válido."))
            own = cls.own_row_ids(instance, relation)
            for index in range(int(total)):
                row_id = data.get(f"{relation}-{index}-id", "")
                if row_id and row_id not in own:
                    refuse_tampered_form(_("Una fila del formulario no pertenece a esta página."))
        for key, value in data.items():
            if COUNT_KEY.search(key) and not (value.isdigit() and int(value) <= MAX_INLINE_FORMS):
                refuse_tampered_form(_("El número de elementos del formulario no es válido."))
            if DOCUMENT_KEY.search(key) and value and not value.isdigit():
                refuse_tampered_form(_("Un documento elegido no es válido."))

    @staticmethod
    def own_row_ids(instance, relation) -> set[str]:
        """Ids of the page's own rows of ``relation``: saved ones and the draft's."""
        if instance is None or instance.pk is None:
            return set()
        rel = type(instance)._meta.get_field(relation)  # the ParentalKey's reverse side
        saved = rel.related_model.objects.filter(**{rel.field.attname: instance.pk})
        saved = saved.values_list("pk", flat=True)
        drafted = [child.pk for child in getattr(instance, relation).all() if child.pk]
        return {str(pk) for pk in (*saved, *drafted)}


class ConcurrentEditMixin:
    """Refuses a save based on an older revision than the page's latest: someone else
    saved while this person was editing, and saving would silently wipe their work.

    The form comes back with everything typed and a message that links to the
    comparison of the two versions; the re-rendered form carries the latest revision,
    so saving again (after merging by hand) goes through.
    """

    def clean(self):
        cleaned_data = super().clean()
        loaded = str(self.data.get("loaded_revision_id") or "")
        latest = self.instance.latest_revision_id if self.instance.pk else None
        if loaded.isdigit() and latest and int(loaded) != latest:
            self.add_error(None, self.conflict_message(int(loaded), latest))
        return cleaned_data

    def conflict_message(self, loaded: int, latest: int):
        revision = Revision.objects.filter(pk=latest).select_related("user").first()
        who = (
            (revision.user.get_full_name() or revision.user.get_username())
            if (revision and revision.user)
            else _("otra persona")
        )
        when = date_format(localtime(revision.created_at), "DATETIME_FORMAT") if revision else ""
        compare = reverse(
            "wagtailadmin_pages:revisions_compare", args=[self.instance.pk, loaded, latest]
        )
        return format_html(
            '{} <a href="{}">{}</a>',
            _(
                "%(who)s guardó cambios en esta página (%(when)s) mientras la editabas. "
                "Lo tuyo no se guardó, para no borrar lo suyo, y sigue en el formulario: "
                "revisa las diferencias, incorpora lo que haga falta y vuelve a guardar."
            )
            % {"who": who, "when": when},
            compare,
            _("Comparar las dos versiones"),
        )


class CompleteRowsMixin:
    """A draft may leave the page's own required fields for later (Wagtail defers them),
    but not an inline row's (an activity, update or minute): a row saved half-empty
    would only fail later, at submission. Its missing fields are named at once."""

    def defer_required_fields(self):
        super().defer_required_fields()
        for formset in self.formsets.values():
            for form in formset:
                form.restore_required_fields()


class SlugFromTitleMixin:
    """ASCII slugs (WAGTAIL_ALLOW_UNICODE_SLUGS is off), as the editor's JavaScript types
    them. A blank slug is made from the title when the page is saved (Wagtail's own rule),
    so a page can be created without JavaScript; a new slug typed with accents loses
    them. A slug already stored is kept as it is, so existing addresses never change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if slug.isascii() or slug == self.instance.slug:
            return slug
        return slugify(slug, allow_unicode=False) or slug


class ActionPlanPageForm(
    SlugFromTitleMixin,
    CompleteRowsMixin,
    ConcurrentEditMixin,
    InlineIntegrityMixin,
    WagtailAdminPageForm,
):
    """The plan's editor (its minutes are inline rows)."""


class CommitmentPageForm(
    SlugFromTitleMixin,
    CompleteRowsMixin,
    ConcurrentEditMixin,
    InlineIntegrityMixin,
    WagtailAdminPageForm,
):
    """A commitment's number and OGP id are unique within its plan.

    The IRM assessment shows the vocabulary of the plan's cycle (its start year,
    planes.choices.irm_cycle): the other cycle's fields are left out of the form, unless
    one holds a value (a plan whose dates changed keeps showing what was recorded).
    """

    irm_ogp_values = forms.TypedMultipleChoiceField(
        label=_("valores de OGP a los que es relevante según el MRI"),
        choices=OGPValue.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Según la evaluación del MRI, que puede diferir de los valores declarados."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.parent_page
        start = getattr(plan.specific_deferred, "start_date", None) if plan else None
        other = {
            IRMCycle.EARLIER: IRMCycle.RESULTS_ORIENTED,
            IRMCycle.RESULTS_ORIENTED: IRMCycle.EARLIER,
        }[irm_cycle(start)]
        for name in type(self.instance).IRM_CYCLE_FIELDS[other]:
            if getattr(self.instance, name) in (None, ""):
                self.fields.pop(name, None)

    def clean_irm_ogp_values(self):
        chosen = self.cleaned_data.get("irm_ogp_values") or []
        return [value for value in OGPValue.values if value in chosen]

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("irm_ogp_values")
            and cleaned_data.get("irm_relevant_to_ogp_values") is False
        ):
            self.add_error(
                "irm_ogp_values",
                _("El MRI lo consideró no relevante para los valores de OGP: no marques ninguno."),
            )
        parent = self.parent_page
        if parent is None:
            return cleaned_data
        siblings = type(self.instance).objects.child_of(parent)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        number = cleaned_data.get("number")
        if number is not None and siblings.filter(number=number).exists():
            self.add_error("number", _("Ya existe un compromiso con este número en el plan."))
        ogp_id = cleaned_data.get("ogp_id")
        if ogp_id and siblings.filter(ogp_id__iexact=ogp_id).exists():
            self.add_error(
                "ogp_id", _("Ya existe un compromiso con este identificador OGP en el plan.")
            )
        return cleaned_data


def verify_refusal(of_body: str) -> str:
    """``of_body``: the coordinating body of the instance settings, «de la OGA»."""
    return _(
        "Sólo una persona aprobadora %(of_body)s puede marcar una actividad como verificada."
    ) % {"of_body": of_body}


class MilestonePageForm(
    SlugFromTitleMixin,
    CompleteRowsMixin,
    ConcurrentEditMixin,
    InlineIntegrityMixin,
    WagtailAdminPageForm,
):
    """Only approvers may mark an activity verified, or change one that is; an editor
    neither deletes a progress update another body wrote nor writes one in another
    body's name (see ProgressUpdateForm); a change of authorship is logged."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_verify_activities(getattr(self, "for_user", None)):
            activities = self.formsets["activities"]
            activities.form = _without_verifying(activities.form, self.instance_settings)

    @cached_property
    def instance_settings(self):
        """Who approves (instance settings), for the messages: one query, when needed."""
        return current()

    def is_valid(self):
        valid = super().is_valid()
        refused = self.refuse_foreign_update_changes()
        if not can_verify_activities(getattr(self, "for_user", None)):
            refused = self.refuse_verified_activity_changes() or refused
        if valid and not refused:
            self.authorship_changes = authorship_changes(self.formsets["updates"])
        return valid and not refused

    def refuse_verified_activity_changes(self) -> bool:
        refused = False
        for form in self.formsets["activities"].forms:
            if not hasattr(form, "cleaned_data"):
                continue
            was_verified = form.initial.get("status") == ActivityStatus.VERIFIED
            now_verified = form.cleaned_data.get("status") == ActivityStatus.VERIFIED
            deleted = form.cleaned_data.get("DELETE", False)
            if now_verified and not was_verified:
                refusal = verify_refusal(self.instance_settings.of_body)
                if refusal not in form.errors.get("status", []):
                    form.add_error("status", refusal)
                refused = True
            elif was_verified and (deleted or not now_verified or changed_fields(form)):
                form.add_error(
                    None,
                    _(
                        "Esta actividad ya fue verificada por %(body)s; sólo una persona "
                        "aprobadora puede cambiarla."
                    )
                    % {"body": self.instance_settings.body},
                )
                refused = True
        return refused

    def refuse_foreign_update_changes(self) -> bool:
        """An editor's deletion of another body's update, or a new update by a person who
        speaks for no body: refused, with the reason at the top of the form."""
        formset = self.formsets.get("updates")
        if formset is None:
            return False
        refused = False
        for form in formset.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            deleted = form.cleaned_data.get("DELETE", False)
            if getattr(form, "foreign", False) and deleted:
                message = _(
                    "No puedes borrar la actualización del %(date)s: la informó %(author)s. "
                    "Sólo esa institución u organización, o %(body)s, puede cambiarla. No se "
                    "guardó nada."
                ) % {
                    "body": self.instance_settings.body,
                    "date": date_format(form.instance.date, "SHORT_DATE_FORMAT"),
                    "author": form.instance.author or _("otra"),
                }
                form.add_error(None, message)
                self.add_error(None, message)
                refused = True
            elif getattr(form, "speaks_for_nobody", False) and form.has_changed() and not deleted:
                form.add_error(None, NO_BODY_MESSAGE)
                self.add_error(None, NO_BODY_MESSAGE)
                refused = True
        return refused

    def save(self, commit=True):
        page = super().save(commit=commit)
        for change in getattr(self, "authorship_changes", []):
            log(page, "planes.update_author", user=self.for_user, data=change)
        self.authorship_changes = []
        return page


def _without_verifying(form_class, instance_settings):
    """The activity form for people who do not verify: "Verificada" is not offered, and
    an activity the coordinating body verified shows its status fixed, with the reason."""
    body = instance_settings.body

    class ActivityFormWithoutVerifying(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields.get("status")
            if field is None:
                return
            if self.initial.get("status") == ActivityStatus.VERIFIED:
                field.disabled = True
                field.help_text = _(
                    "Verificada por %(body)s: sólo una persona aprobadora puede cambiarla."
                ) % {"body": body}
            else:
                field.choices = [c for c in field.choices if c[0] != ActivityStatus.VERIFIED]
                field.help_text = _("«Verificada» la marca %(body)s al revisar la evidencia.") % {
                    "body": body
                }
                field.error_messages["invalid_choice"] = verify_refusal(instance_settings.of_body)

    return ActivityFormWithoutVerifying


#: What an editor may not touch in an activity the approvers verified (its order may change).
VERIFIED_ACTIVITY_FIELDS = (
    "title",
    "description",
    "means_of_verification",
    "start_date",
    "end_date",
    "evidence",
)


def changed_fields(form) -> list[str]:
    """The fields of a verified activity that the submitted form changes."""
    changed = []
    for name in VERIFIED_ACTIVITY_FIELDS:
        if name not in form.fields:
            continue
        if name == "evidence":
            before = form.initial.get(name)
            after = form.cleaned_data.get(name)
            if _evidence_key(before) != _evidence_key(after):
                changed.append(name)
        elif name in form.changed_data:
            changed.append(name)
    return changed


def _evidence_key(stream) -> list:
    """Evidence items as comparable values (the stream's block ids left out)."""
    if not stream:
        return []
    return [
        (
            str(value.get("title") or ""),
            str(value.get("date") or ""),
            str(value.get("kind") or ""),
            getattr(value.get("document"), "pk", value.get("document")),
            str(value.get("url") or ""),
        )
        for value in (block.value for block in stream)
    ]


#: Told to a person who writes an update but belongs to no institution or organization.
NO_BODY_MESSAGE = _(
    "Tu cuenta no pertenece a ninguna institución ni organización, así que no puedes firmar "
    "actualizaciones. Pide a la administración que te registre en Directorio → Pertenencias."
)
AUTHOR_FIELDS = ("author_institution", "author_organization")


class ProgressUpdateForm(WagtailAdminModelForm):
    """A progress update's row in the milestone editor, authored by the editor's own body.

    For editors (not moderators) the author is one of the bodies they belong to: set
    for them when there is one, a choice when there are several. An update another
    body wrote is read-only for them: its fields are disabled, so whatever is posted
    for it is ignored, and MilestonePageForm refuses its deletion. Moderators may
    correct the authorship of any update; MilestonePageForm logs the change.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.foreign = False
        self.speaks_for_nobody = False
        user = self.for_user
        if user is None or not set(AUTHOR_FIELDS) <= set(self.fields):
            return
        bodies = own_bodies(user)
        if bodies is None:
            return  # a moderator: any author
        institution, organization = (self.fields[name] for name in AUTHOR_FIELDS)
        if self.instance.pk and not self._own(bodies):
            self.foreign = True
            for field in self.fields.values():
                field.disabled = True
            institution.help_text = _(
                "La informó otra institución u organización: sólo puedes leerla."
            )
            return
        for name, field in zip(AUTHOR_FIELDS, (institution, organization), strict=True):
            field.queryset = field.queryset.filter(pk__in=[pk for pk, _label in bodies[name]])
        choices = [(name, pk, label) for name in AUTHOR_FIELDS for pk, label in bodies[name]]
        if not choices:
            self.speaks_for_nobody = True
            institution.disabled = organization.disabled = True
            institution.help_text = NO_BODY_MESSAGE
        elif len(choices) == 1:
            name, pk, label = choices[0]
            institution.disabled = organization.disabled = True
            if not self.instance.pk:
                self.initial.update(dict.fromkeys(AUTHOR_FIELDS))
                self.initial[name] = pk
            self.fields[name].help_text = _("Informas a nombre de %(body)s.") % {"body": label}
        else:
            institution.help_text = _(
                "Elige a nombre de cuál de tus instituciones u organizaciones informas."
            )

    def _own(self, bodies) -> bool:
        for name in AUTHOR_FIELDS:
            author_id = getattr(self.instance, f"{name}_id")
            if author_id:
                return author_id in {pk for pk, _label in bodies[name]}
        return False

    def _post_clean(self):
        # Another body's update stays exactly as it is: nothing of it is taken from the post.
        if not self.foreign:
            super()._post_clean()


def own_bodies(user) -> dict | None:
    """The institutions and organizations (pk, name) the person speaks for, or None for a
    moderator (who may name any author); read once per request and kept on the user."""
    cached = getattr(user, "_tablero_bodies", False)
    if cached is not False:
        return cached
    bodies = None
    if not is_moderator(user):
        memberships = user.memberships.select_related("institution", "organization")
        bodies = {name: [] for name in AUTHOR_FIELDS}
        for membership in memberships:
            if membership.institution_id:
                bodies["author_institution"].append(
                    (membership.institution_id, str(membership.institution))
                )
            else:
                bodies["author_organization"].append(
                    (membership.organization_id, str(membership.organization))
                )
    user._tablero_bodies = bodies
    return bodies


def authorship_changes(formset) -> list[dict]:
    """Updates whose author the submitted form changes, for the audit log."""
    changes = []
    for form in formset.forms:
        if not (hasattr(form, "cleaned_data") and form.instance.pk):
            continue
        if form.cleaned_data.get("DELETE") or not set(AUTHOR_FIELDS) & set(form.changed_data):
            continue
        before = [form.initial.get(name) for name in AUTHOR_FIELDS]
        changes.append(
            {
                "update": {"id": form.instance.pk, "date": str(form.instance.date)},
                "old": _author_name(form, before),
                "new": str(form.instance.author or ""),
            }
        )
    return changes


def _author_name(form, pks) -> str:
    for name, pk in zip(AUTHOR_FIELDS, pks, strict=True):
        if pk:
            model = form.fields[name].queryset.model
            found = model._default_manager.filter(pk=pk).first()
            return str(found) if found else ""
    return ""


class VoiceForm(WagtailAdminModelForm):
    """An assessment's or a response's form: what it speaks about and who speaks are
    chosen once, among what the person may write (see planes/models/voices.py), and are
    fixed afterwards."""

    subject_field = ""
    author_field = ""
    not_yours_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        subject, author = self.fields.get(self.subject_field), self.fields.get(self.author_field)
        if self.instance.pk:
            for field in (subject, author):
                if field is not None:
                    field.disabled = True
            return
        if subject is not None:
            subject.queryset = self.subjects(self.for_user)
        if author is not None:
            author.queryset = self.authors(self.for_user)
            if len(author.queryset) == 1:
                author.empty_label = None

    def clean(self):
        cleaned_data = super().clean()
        subject = cleaned_data.get(self.subject_field)
        author = cleaned_data.get(self.author_field)
        chosen = not self.instance.pk and subject is not None and author is not None
        if chosen and not self.authors(self.for_user, subject).filter(pk=author.pk).exists():
            self.add_error(self.author_field, self.not_yours_message)
        return cleaned_data

    def subjects(self, user):
        raise NotImplementedError

    def authors(self, user, subject=None):
        raise NotImplementedError


class AssessmentForm(VoiceForm):
    subject_field = "milestone"
    author_field = "organization"
    not_yours_message = _(
        "Sólo puedes valorar a nombre de una organización a la que perteneces, corresponsable "
        "de la acción clave, en un compromiso al que estás asignada o asignado como sociedad "
        "civil."
    )

    def subjects(self, user):
        model = self._meta.model
        milestones = model.assessable_milestones(user)
        organizations = model.author_organizations(user)
        if len(organizations) == 1:  # what it already assessed is edited, not added again
            milestones = milestones.exclude(assessments__organization__in=organizations)
        return milestones

    def authors(self, user, subject=None):
        return self._meta.model.author_organizations(user, subject)


class GovernmentResponseForm(VoiceForm):
    subject_field = "assessment"
    author_field = "institution"
    not_yours_message = _(
        "Sólo puedes responder a nombre de una institución a la que perteneces, responsable de "
        "la acción clave o de su compromiso, en un compromiso al que estás asignada o asignado "
        "como gobierno."
    )

    def subjects(self, user):
        return self._meta.model.answerable_assessments(user)

    def authors(self, user, subject=None):
        return self._meta.model.author_institutions(user, subject)


class ReportingPeriodForm(WagtailAdminModelForm):
    """A closed period's dates are history: it is not edited (an administrator reopens
    it first)."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.instance.status == "closed":
            raise ValidationError(
                _(
                    "Un periodo cerrado no se edita: una persona administradora debe "
                    "reabrirlo primero."
                )
            )
        return cleaned_data
