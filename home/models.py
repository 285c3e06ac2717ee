"""The landing page and the about / methodology page."""

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from instancia.models import current
from planes import page_cache, progress
from planes.queries import home_context
from planes.routing import DirectRouteMixin


class HomePage(DirectRouteMixin, Page):
    """Summary of every plan, the current one first."""

    intro = RichTextField(_("introducción"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["planes.ActionPlanPage", "home.AboutPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("página de inicio")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The plans' summary: computed once per publication anywhere (the home page is in
        # the shared section: planes/page_cache.py), language and day («con retraso»).
        today = timezone.localdate().isoformat()
        name = f"home:{self.pk}:{translation.get_language()}:{today}"
        context.update(page_cache.per_generation(name, lambda: home_context(self)))
        return context


class AboutPage(Page):
    """About the board and how progress is computed (rules come from planes.progress)."""

    body = RichTextField(_("contenido"), blank=True)
    show_methodology = models.BooleanField(
        _("mostrar la metodología de cálculo del avance"), default=True
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("show_methodology")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("página informativa")
        verbose_name_plural = _("páginas informativas")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rules"] = progress.rules_text(current(request).of_body)
        return context
