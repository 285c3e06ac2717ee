"""factory_boy factories for the tests and the benchmark; build pages with an explicit parent."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model

from home.models import HomePage
from planes.choices import ActivityStatus, EvidenceKind
from planes.models import (
    ActionPlanPage,
    Activity,
    CommitmentPage,
    Institution,
    MilestonePage,
    Organization,
    ProgressUpdate,
)

from .files import placeholder_pdf


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Tablero de prueba"
    slug = "inicio"

    class Meta:
        model = HomePage


class InstitutionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Secretaría de Prueba {n}")
    acronym = factory.Sequence(lambda n: f"SP{n}")

    class Meta:
        model = Institution


class OrganizationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organización Civil {n}, A.C.")
    acronym = factory.Sequence(lambda n: f"OC{n}")

    class Meta:
        model = Organization


class DocumentFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Evidencia {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(placeholder_pdf(o.title), name="evidencia.pdf")
    )

    class Meta:
        model = get_document_model()


class ActionPlanPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Plan de Acción {n}")
    number = factory.Sequence(lambda n: n + 1)
    start_date = datetime.date(2019, 12, 10)
    end_date = datetime.date(2021, 8, 31)

    class Meta:
        model = ActionPlanPage


class CommitmentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Compromiso de prueba {n}")
    number = factory.Sequence(lambda n: n + 1)
    ogp_id = factory.Sequence(lambda n: f"MX{n + 1:04d}")
    objective = "Objetivo ilustrativo."

    class Meta:
        model = CommitmentPage


def evidence(title="Minuta", kind=EvidenceKind.DELIVERABLE, document=None, url=""):
    """A StreamField item for an activity's evidence."""
    return (
        "evidence",
        {
            "title": title,
            "date": datetime.date(2020, 3, 1),
            "kind": kind,
            "document": document,
            "url": url or ("" if document else "https://www.gob.mx/sfp"),
        },
    )


def activity(status=ActivityStatus.NOT_STARTED, title="Actividad", with_evidence=None, **kwargs):
    """An unsaved Activity; done statuses get an evidence link unless told otherwise."""
    if with_evidence is None:
        with_evidence = status in (ActivityStatus.COMPLETED, ActivityStatus.VERIFIED)
    kwargs.setdefault("evidence", [evidence()] if with_evidence else [])
    return Activity(title=title, status=status, **kwargs)


class MilestonePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Acción clave {n}")
    weight = 1

    class Meta:
        model = MilestonePage


class ProgressUpdateFactory(DjangoModelFactory):
    date = datetime.date(2020, 6, 1)
    text = "<p>Avance ilustrativo.</p>"

    class Meta:
        model = ProgressUpdate
