"""The plan dashboard's filters and sort order: a GET form, shareable as a URL."""

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .choices import CompletionLevel, OGPValue
from .models import Institution, Organization
from .models.commitment import OGP_VALUE_FIELDS
from .progress import SITUATIONS

SORTS = {
    "numero": (_("Número"), ("number",)),
    "avance": (_("Mayor avance"), ("-progress", "number")),
    "-avance": (_("Menor avance"), ("progress", "number")),
    "termino": (_("Fecha de término"), (F("end_date").asc(nulls_last=True), "number")),
}


class PlanFilterForm(forms.Form):
    """Every field optional; an unknown value is reported, not a server error."""

    institucion = forms.ChoiceField(label=_("Institución responsable"), required=False)
    organizacion = forms.ChoiceField(label=_("Organización corresponsable"), required=False)
    nivel = forms.ChoiceField(
        label=_("Nivel de cumplimiento"),
        required=False,
        choices=[("", _("Todos"))] + list(CompletionLevel.choices),
    )
    valor = forms.ChoiceField(
        label=_("Valor de gobierno abierto"),
        required=False,
        choices=[("", _("Todos"))] + list(OGPValue.choices),
    )
    tema = forms.ChoiceField(label=_("Tema"), required=False)
    situacion = forms.ChoiceField(
        label=_("Situación"),
        required=False,
        choices=[("", _("Todas"))] + list(SITUATIONS.items()),
    )
    orden = forms.ChoiceField(
        label=_("Ordenar por"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    def __init__(self, data, plan, commitments: QuerySet):
        super().__init__(data, label_suffix="")
        self.plan = plan
        ids = commitments.values("pk")
        self.fields["institucion"].choices = [("", _("Todas"))] + [
            (i.slug, i.short_name)
            for i in Institution.objects.filter(commitments__in=ids).distinct().order_by("name")
        ]
        self.fields["organizacion"].choices = [("", _("Todas"))] + [
            (o.slug, o.short_name)
            for o in Organization.objects.filter(commitments__in=ids).distinct().order_by("name")
        ]
        self.fields["tema"].choices = [("", _("Todos"))] + [
            (t.slug, t.name)
            for t in Tag.objects.filter(planes_commitmenttag_items__content_object__in=ids)
            .distinct()
            .order_by("name")
        ]

    def apply(self, commitments: QuerySet) -> QuerySet:
        """Filter and sort; only valid fields are applied."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("institucion"):
            commitments = commitments.filter(lead_institutions__slug=data["institucion"])
        if data.get("organizacion"):
            commitments = commitments.filter(organizations__slug=data["organizacion"])
        if data.get("nivel"):
            commitments = commitments.at_level(data["nivel"])
        if data.get("valor"):
            commitments = commitments.filter(**{OGP_VALUE_FIELDS[OGPValue(data["valor"])]: True})
        if data.get("tema"):
            commitments = commitments.filter(tags__slug=data["tema"])
        if data.get("situacion"):
            commitments = commitments.in_situation(data["situacion"])
        order = SORTS[data.get("orden") or "numero"][1]
        return commitments.distinct().order_by(*order)

    @property
    def active(self) -> bool:
        return self.is_bound and any(v for k, v in self.cleaned_data.items() if k != "orden")


def filtered_commitments(request, plan, commitments: QuerySet):
    """(form, commitments) for the dashboard; invalid fields are dropped from the query."""
    form = PlanFilterForm(request.GET or None, plan, commitments)
    if form.is_bound:
        form.is_valid()  # errors are shown beside their fields; valid ones still apply
    return form, form.apply(commitments)
