"""The instance's settings (Wagtail site settings) and the role groups' stable keys."""

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from .contrast import AA_NORMAL_TEXT, HEX_COLOUR, worst_ratio

#: The defaults, stored in Spanish (the source language); shown in the interface's
#: language while nobody has changed them (``localised``).
DEFAULT_BOARD_NAME = gettext_noop("Tablero de Gobierno Abierto")
DEFAULT_BODY_NAME = gettext_noop("instancia coordinadora")
DEFAULT_BRAND_COLOUR = "#1f4e79"


def validate_brand_colour(value: str) -> None:
    """A ``#rrggbb`` colour that meets WCAG AA (4.5:1) with white text on it and as a
    colour on the page's backgrounds; the error gives the ratio measured."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            gettext("Escribe el color en hexadecimal con seis cifras, por ejemplo #1f4e79."),
            code="invalid",
        )
    measured = worst_ratio(value)
    if measured < AA_NORMAL_TEXT:
        raise ValidationError(
            gettext(
                "El color %(colour)s no tiene contraste suficiente: %(ratio)s:1 con el "
                "texto blanco o con el fondo de la página, y WCAG AA pide al menos "
                "%(minimum)s:1. Elige un color más oscuro."
            )
            % {"colour": value, "ratio": f"{measured:.2f}", "minimum": AA_NORMAL_TEXT},
            code="low_contrast",
        )


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Texto"), max_length=100)
    url = blocks.URLBlock(label=_("Dirección (URL)"))

    class Meta:
        icon = "link"
        label = _("Enlace")


class BodyArticle(models.TextChoices):
    FEMININE = "la", "la"
    MASCULINE = "el", "el"
    NONE = "", _("(sin artículo)")


@register_setting(icon="globe")
class InstanceSettings(BaseSiteSetting):
    """Who runs this board: its name, the coordinating body that approves, the brand,
    the footer and the open-data licence. Administrators edit them in Ajustes."""

    board_name = models.CharField(
        _("nombre del tablero"), max_length=150, default=DEFAULT_BOARD_NAME
    )
    jurisdiction = models.CharField(
        _("país o jurisdicción"),
        max_length=100,
        blank=True,
        help_text=_("Se muestra junto al nombre y en los datos abiertos."),
    )
    body_name = models.CharField(
        _("instancia coordinadora (nombre completo)"),
        max_length=200,
        default=DEFAULT_BODY_NAME,
        help_text=_("La instancia que revisa y aprueba lo que se publica."),
    )
    body_acronym = models.CharField(
        _("siglas de la instancia coordinadora"),
        max_length=30,
        blank=True,
        help_text=_("Si las hay, los textos breves las usan en lugar del nombre completo."),
    )
    body_article = models.CharField(
        _("artículo"),
        max_length=2,
        choices=BodyArticle.choices,
        default=BodyArticle.FEMININE,
        blank=True,
        help_text=_(
            "Cómo se nombra en una frase: «la OGA», «el Ministerio». «(sin artículo)» lo "
            "nombra sin artículo también en inglés («OGAP reviews», no «the OGAP reviews»)."
        ),
    )
    administering_institution = models.CharField(
        _("institución que administra el tablero"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logotipo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt = models.CharField(
        _("texto alternativo del logotipo"),
        max_length=200,
        blank=True,
        help_text=_(
            "Obligatorio si hay logotipo: lo que dice el logotipo, para lectores de pantalla."
        ),
    )
    brand_colour = models.CharField(
        _("color institucional"),
        max_length=7,
        default=DEFAULT_BRAND_COLOUR,
        validators=[validate_brand_colour],
        help_text=_(
            "Hexadecimal (#rrggbb). Debe contrastar al menos 4.5:1 con el texto blanco y "
            "con el fondo de la página (WCAG AA)."
        ),
    )
    footer_text = models.TextField(
        _("texto del pie de página"),
        blank=True,
        help_text=_("Vacío: el texto de siempre sobre el tablero."),
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())], verbose_name=_("enlaces del pie de página"), blank=True
    )
    licence_name = models.CharField(
        _("licencia de los datos abiertos"),
        max_length=150,
        blank=True,
        help_text=_("Vacío: la de la configuración del servidor (OPEN_DATA_LICENSE)."),
    )
    licence_url = models.URLField(_("dirección de la licencia"), blank=True)

    select_related = ["logo"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("board_name"), FieldPanel("jurisdiction")], heading=_("Tablero")
        ),
        MultiFieldPanel(
            [FieldPanel("body_name"), FieldPanel("body_acronym"), FieldPanel("body_article")],
            heading=_("Instancia coordinadora"),
        ),
        MultiFieldPanel(
            [FieldPanel("administering_institution"), FieldPanel("contact_email")],
            heading=_("Administración"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_alt"), FieldPanel("brand_colour")],
            heading=_("Imagen"),
        ),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("footer_links")], heading=_("Pie de página")
        ),
        MultiFieldPanel(
            [FieldPanel("licence_name"), FieldPanel("licence_url")], heading=_("Datos abiertos")
        ),
    ]

    class Meta:
        verbose_name = _("instancia")
        verbose_name_plural = _("instancia")

    def save(self, *args, **kwargs):
        """Saved, and the board's name is also the name of its Wagtail site (the admin's
        dashboard and sites list show it)."""
        super().save(*args, **kwargs)
        Site.objects.filter(pk=self.site_id).update(site_name=self.board_name)

    def clean(self):
        super().clean()
        if self.logo_id and not self.logo_alt.strip():
            raise ValidationError(
                {
                    "logo_alt": gettext(
                        "Escribe el texto alternativo del logotipo: quien usa un lector de "
                        "pantalla no lo ve."
                    )
                }
            )

    @classmethod
    def for_site(cls, site):
        """The site's settings, or the defaults (unsaved) until someone saves them: reading
        never writes, so a page costs one query for them, however often it is asked."""
        if site is None:
            return cls().localised()
        found = cls.base_queryset().filter(site=site).first()
        return (found if found is not None else cls(site=site)).localised()

    def localised(self) -> "InstanceSettings":
        """The default names that nobody has changed, in the interface's language (the
        admin's form then shows, and saves, them in that language)."""
        for name, default in (("board_name", DEFAULT_BOARD_NAME), ("body_name", DEFAULT_BODY_NAME)):
            if getattr(self, name) == default:
                setattr(self, name, gettext(default))
        return self

    # What the texts use ----------------------------------------------------------
    @property
    def body_short(self) -> str:
        """The acronym if there is one, else the full name: «OGA», «instancia coordinadora»."""
        return self.body_acronym or self.body_name

    @property
    def body(self) -> str:
        """In a sentence, with its article: «la OGA», «la instancia coordinadora» (in an
        English interface: "the OGA", or "OGAP" when the setting says «(sin artículo)»:
        a name said as a word takes no article in English either)."""
        if not _spanish_interface():
            article = "" if self.body_article == BodyArticle.NONE else "the "
            return f"{article}{self.body_short}"
        return f"{self.body_article} {self.body_short}".strip()

    @property
    def of_body(self) -> str:
        """«de la OGA», «del Ministerio» (in English: "of the OGA", "of OGAP")."""
        if not _spanish_interface():
            return f"of {self.body}"
        if self.body_article == BodyArticle.MASCULINE:
            return f"del {self.body_short}"
        return f"de {self.body}"

    @property
    def body_full(self) -> str:
        """«Oficina de Gobierno Abierto (OGA)», or the name alone."""
        if self.body_acronym and self.body_acronym != self.body_name:
            return f"{self.body_name} ({self.body_acronym})"
        return self.body_name

    @property
    def licence(self) -> str:
        return self.licence_name or django_settings.OPEN_DATA_LICENSE

    @property
    def licence_link(self) -> str:
        if self.licence_name:
            return self.licence_url
        return self.licence_url or django_settings.OPEN_DATA_LICENSE_URL

    @property
    def publisher(self) -> str:
        return self.administering_institution or self.body_name


def _spanish_interface() -> bool:
    return (get_language() or "es").startswith("es")


def current(request=None) -> InstanceSettings:
    """The settings for this request (cached on it), or the default site's outside one
    (e-mails sent by the worker, exports, commands)."""
    if request is not None:
        return InstanceSettings.for_request(request)
    found = InstanceSettings.base_queryset().filter(site__is_default_site=True).first()  # one query
    return (found if found is not None else InstanceSettings()).localised()


def admin_name(request=None) -> str:
    """The board's name as the admin and authenticator apps show it: the saved settings'
    name, or the SITE_NAME environment variable (WAGTAIL_SITE_NAME) until they are saved."""
    instance = current(request)
    return instance.board_name if instance.pk else django_settings.WAGTAIL_SITE_NAME


class RoleKey(models.TextChoices):
    ADMINISTRATORS = "administrators", _("Administración")
    APPROVERS = "approvers", _("Aprobación")
    GOVERNMENT_EDITORS = "government_editors", _("Edición de gobierno")
    CIVIL_SOCIETY_EDITORS = "civil_society_editors", _("Edición de sociedad civil")


class RoleGroup(models.Model):
    """Which group plays each role, by a fixed key: permission checks never depend on
    a group's name, which administrators may change."""

    key = models.CharField(_("rol"), max_length=40, choices=RoleKey.choices, unique=True)
    group = models.OneToOneField(
        Group, verbose_name=_("grupo"), on_delete=models.CASCADE, related_name="tablero_role"
    )

    class Meta:
        verbose_name = _("grupo de un rol")
        verbose_name_plural = _("grupos de los roles")

    def __str__(self):
        return f"{self.get_key_display()}: {self.group}"
