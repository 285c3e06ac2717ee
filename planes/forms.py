"""Admin page forms: the validations that need the parent page or the editing user."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .choices import ActivityStatus
from .roles import can_verify_activities


class CommitmentPageForm(WagtailAdminPageForm):
    """A commitment's number and OGP id are unique within its plan."""

    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page
        if parent is None:
            return cleaned_data
        from .models import CommitmentPage

        siblings = CommitmentPage.objects.child_of(parent)
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


class MilestonePageForm(WagtailAdminPageForm):
    """Only approvers may mark an activity verified, or change one that is."""

    def is_valid(self):
        valid = super().is_valid()
        if can_verify_activities(getattr(self, "for_user", None)):
            return valid
        refused = False
        for form in self.formsets["activities"].forms:
            if not hasattr(form, "cleaned_data"):
                continue
            was_verified = form.initial.get("status") == ActivityStatus.VERIFIED
            now_verified = form.cleaned_data.get("status") == ActivityStatus.VERIFIED
            deleted = form.cleaned_data.get("DELETE", False)
            if now_verified and not was_verified:
                form.add_error(
                    "status",
                    _(
                        "Sólo una persona aprobadora de la SFP puede marcar una actividad "
                        "como verificada."
                    ),
                )
                refused = True
            elif was_verified and (deleted or not now_verified):
                form.add_error(
                    None,
                    _(
                        "Esta actividad ya fue verificada por la SFP; sólo una persona "
                        "aprobadora puede cambiarla."
                    ),
                )
                refused = True
        return valid and not refused
