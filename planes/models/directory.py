"""The directory: government institutions and civil-society organizations."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.search import index

from ..api.fields import AbsoluteUrlField, CommitmentRefsField, LabelField
from ..choices import InstitutionSector, OrganizationKind


class DirectoryEntry(index.Indexed, models.Model):
    name = models.CharField(_("nombre"), max_length=255, unique=True)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    slug = models.SlugField(
        _("identificador en la URL"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Se genera a partir de las siglas o el nombre si lo dejas vacío."),
    )
    website = models.URLField(_("sitio web"), blank=True)
    description = models.TextField(_("descripción"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("name"),
        index.AutocompleteField("acronym"),
    ]

    api_fields = [
        APIField("name"),
        APIField("acronym"),
        APIField("slug"),
        APIField("website"),
        APIField("description"),
        APIField("html_url", serializer=AbsoluteUrlField(source="get_absolute_url")),
        # The live commitments it is responsible for, prefetched by the API endpoint.
        APIField("commitments", serializer=CommitmentRefsField(source="public_commitments")),
    ]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug(slugify(self.acronym or self.name)[:70] or "entrada")
        super().save(*args, **kwargs)

    def _unique_slug(self, base: str) -> str:
        slug, counter = base, 2
        while type(self).objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, counter = f"{base}-{counter}", counter + 1
        return slug

    @property
    def short_name(self) -> str:
        return self.acronym or self.name

    @property
    def name_with_acronym(self) -> str:
        """«Oficina de Gobierno Abierto (OGA)»; the name alone when there is no
        acronym or the name is the acronym."""
        if self.acronym and self.acronym.casefold() != self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name


class Institution(DirectoryEntry):
    """A government body that leads or co-leads commitments."""

    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=InstitutionSector.choices,
        default=InstitutionSector.FEDERAL,
    )

    api_fields = [
        *DirectoryEntry.api_fields[:5],
        APIField("sector"),
        APIField("sector_label", serializer=LabelField(source="get_sector_display")),
        *DirectoryEntry.api_fields[5:],
    ]

    class Meta(DirectoryEntry.Meta):
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")

    def get_absolute_url(self):
        return reverse("planes:institution", args=[self.slug])


class Organization(DirectoryEntry):
    """A civil-society organization co-responsible for commitments."""

    kind = models.CharField(
        _("tipo"), max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.CSO
    )

    api_fields = [
        *DirectoryEntry.api_fields[:5],
        APIField("kind"),
        APIField("kind_label", serializer=LabelField(source="get_kind_display")),
        *DirectoryEntry.api_fields[5:],
    ]

    class Meta(DirectoryEntry.Meta):
        verbose_name = _("organización")
        verbose_name_plural = _("organizaciones")

    def get_absolute_url(self):
        return reverse("planes:organization", args=[self.slug])
