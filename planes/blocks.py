"""StreamField blocks: evidence items attached to an activity."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from .choices import EvidenceKind
from .validators import validate_not_future


class LabelledChoiceBlock(blocks.ChoiceBlock):
    """A choice shown by its label where Wagtail renders the bare value (the revision
    comparison shows "Entregable", not "deliverable"). Migrations see a plain ChoiceBlock."""

    def render_basic(self, value, context=None):
        return force_str(dict(self.field.choices).get(value, value))


class EvidenceBlock(blocks.StructBlock):
    """One piece of evidence: a Wagtail document or an external link."""

    title = blocks.CharBlock(label=_("Título"), max_length=255)
    date = blocks.DateBlock(label=_("Fecha"))
    kind = LabelledChoiceBlock(
        label=_("Tipo de evidencia"),
        choices=EvidenceKind.choices,
        default=EvidenceKind.DELIVERABLE,
        widget=forms.RadioSelect,
    )
    document = DocumentChooserBlock(label=_("Documento"), required=False)
    url = blocks.URLBlock(label=_("Enlace"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Evidencia")
        form_classname = "evidence-block"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value.get("document") and not value.get("url"):
            errors["document"] = ValidationError(_("Adjunta un documento o escribe un enlace."))
        try:
            validate_not_future(
                value.get("date"), _("La fecha de la evidencia no puede ser futura.")
            )
        except ValidationError as error:
            errors["date"] = error
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value
