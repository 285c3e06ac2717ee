"""Shared content: a small published plan with drafts that must not leak, and more of it."""

import datetime
from types import SimpleNamespace

from wagtail.models import Page, Site

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    DocumentFactory,
    HomePageFactory,
    InstitutionFactory,
    MilestonePageFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    activity,
    evidence,
)
from planes.choices import ActivityStatus as S
from tests.helpers import publish


def make_home():
    """A HomePage as the default site's root (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def build_public_plan(home):
    plan = ActionPlanPageFactory(parent=home, title="Cuarto Plan", number=4)
    sfp = InstitutionFactory(name="Secretaría de la Función Pública", acronym="SFP")
    inai = InstitutionFactory(name="Instituto Nacional de Transparencia", acronym="INAI")
    gesoc = OrganizationFactory(name="Gestión Social y Cooperación", acronym="GESOC")
    first = CommitmentPageFactory(
        parent=plan,
        number=1,
        title="Gasto abierto",
        value_access_to_information=True,
        end_date=datetime.date(2030, 1, 1),
    )
    first.lead_institutions.set([sfp])
    first.organizations.set([gesoc])
    first.tags.add("anticorrupción")
    first = publish(first)
    second = CommitmentPageFactory(
        parent=plan, number=2, title="Fideicomisos", value_civic_participation=True
    )
    second.lead_institutions.set([inai])
    second.tags.add("fideicomisos")
    second = publish(second)
    doc = DocumentFactory(title="Informe de gasto")
    on_track = MilestonePageFactory(
        parent=first,
        title="Padrón publicado",
        end_date=datetime.date(2030, 1, 1),
        activities=[
            activity(S.COMPLETED, title="Publicar padrón", evidence=[evidence(document=doc)]),
            activity(S.IN_PROGRESS, title="Validar datos"),
        ],
        updates=[ProgressUpdateFactory.build(author_institution=sfp, text="<p>Padrón al día</p>")],
    )
    on_track.responsible_institutions.set([sfp])
    on_track = publish(on_track)
    late = publish(
        MilestonePageFactory(
            parent=first,
            title="Mesa de diálogo",
            end_date=datetime.date(2020, 1, 1),
            activities=[activity(S.NOT_STARTED, title="Convocar")],
        )
    )
    verified = publish(
        MilestonePageFactory(
            parent=second,
            title="Reglas de fideicomisos",
            activities=[activity(S.VERIFIED, title="Emitir reglas")],
        )
    )
    # Drafts: a commitment never published, a milestone never published (with an update
    # and a document of its own), and a pending revision on a published milestone.
    draft_doc = DocumentFactory(title="Documento del borrador")
    draft_commitment = CommitmentPageFactory(
        parent=plan, number=9, title="Borrador secreto", live=False
    )
    draft_commitment.lead_institutions.set([sfp])
    draft_commitment.save()
    draft_milestone = MilestonePageFactory(
        parent=second,
        title="Acción en borrador",
        live=False,
        activities=[activity(S.COMPLETED, evidence=[evidence(document=draft_doc)])],
        updates=[ProgressUpdateFactory.build(author_institution=inai, text="<p>No publicado</p>")],
    )
    pending = MilestonePageFactory._meta.model.objects.get(pk=late.pk)
    pending.title = "Título en revisión"
    pending.activities = [activity(S.VERIFIED, title="Convocar")]
    pending.save_revision()
    return SimpleNamespace(
        plan=plan.__class__.objects.get(pk=plan.pk),
        sfp=sfp,
        inai=inai,
        gesoc=gesoc,
        first=CommitmentPageFactory._meta.model.objects.get(pk=first.pk),
        second=CommitmentPageFactory._meta.model.objects.get(pk=second.pk),
        on_track=on_track,
        late=late,
        verified=verified,
        doc=doc,
        draft_doc=draft_doc,
        draft_commitment=draft_commitment,
        draft_milestone=draft_milestone,
    )


def grow(plan, n):
    """Add n commitments, each with 2 milestones of 3 activities, evidence and an update."""
    institution = InstitutionFactory()
    organization = OrganizationFactory()
    for _ in range(n):
        commitment = CommitmentPageFactory(parent=plan)
        commitment.lead_institutions.set([institution])
        commitment.organizations.set([organization])
        commitment.tags.add("tema")
        publish(commitment)
        for _ in range(2):
            milestone = MilestonePageFactory(
                parent=commitment,
                activities=[activity(S.COMPLETED), activity(S.IN_PROGRESS), activity()],
            )
            milestone.activities.first().evidence = [evidence(), evidence("Lista")]
            milestone.updates = [ProgressUpdateFactory.build(author_institution=institution)]
            publish(milestone)
