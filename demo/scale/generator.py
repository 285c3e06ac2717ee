"""National-scale synthetic content for benchmarks (``manage.py generate_scale``).

Builds action plans, commitments and milestones under the existing HomePage,
with activities, evidence, progress updates, minutes, directory links and tags,
in Spanish made from small word lists (no network, no extra dependency).

It is fast because it does not call ``add_child`` page by page: the tree's
materialized paths are laid out here exactly as treebeard would (same steplen
and alphabet, through ``Page._get_path``), and every table is written in bulk:
the ``wagtailcore_page`` rows, then each page type's own rows, then the inline
models, M2M and tag rows, one published revision per page and the search index.

What stays the project's own: the stored progress figures come from the pages'
``refresh_progress`` methods (the rules of planes/progress.py) and are written
through the field lists of planes/aggregation.py; pending submissions go
through Wagtail's ``save_revision`` and ``Workflow.start``.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connections, router, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import COMMENTS_RELATION_NAME, Locale, Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from home.models import HomePage
from planes import page_cache, progress, roles
from planes.aggregation import COMMITMENT_FIELDS, PLAN_FIELDS
from planes.choices import (
    ActivityStatus,
    CompletionLevel,
    EvidenceKind,
    IRMOpenGovernment,
    IRMPotentialImpact,
    IRMSpecificity,
    PlanStatus,
)
from planes.models import (
    ActionPlanPage,
    Activity,
    CommitmentPage,
    CommitmentTag,
    Institution,
    MilestonePage,
    Organization,
    PlanMinutes,
    ProgressUpdate,
)
from planes.models.commitment import OGP_VALUE_FIELDS, TEMPLATE_SECTIONS

from ..files import placeholder_file
from .bulk import aware, chunks, insert_rows, spread, unique_slug
from .text import (
    ACTIVITY_SENTENCES,
    ACTIVITY_TITLES,
    CITIES,
    DELIVERABLES,
    DESCRIPTION_SENTENCES,
    DOCUMENT_TITLES,
    EVIDENCE_SITES,
    EVIDENCE_TITLES,
    INSTITUTION_FIELDS,
    INSTITUTION_NAMES,
    MILESTONE_ACTIONS,
    MONTHS,
    OBJECTIVE_SENTENCES,
    ORGANIZATION_FIELDS,
    ORGANIZATION_NAMES,
    PROBLEM_SENTENCES,
    STATES,
    STOP_WORDS,
    TAGS,
    TOPICS,
    UPDATE_SENTENCES,
    VERBS,
    SpanishText,
    strip_article,
)

#: Slug of the designated milestone with ``--heavy-evidence`` evidence items.
HEAVY_SLUG = "accion-con-{count}-evidencias"
#: Wagtail documents shared by every generated evidence item that is a file.
DOCUMENT_POOL_SIZE = 20
#: New directory entries of each kind (institutions, organizations).
DIRECTORY_EXTRA = 40
#: Days in a plan's period (plans last two years, one after another, going back in time).
PLAN_DAYS = 730
#: Rows per search-index batch.
INDEX_CHUNK = 500


class ScaleError(Exception):
    """Options or database state that make the generation impossible (shown in Spanish)."""


@dataclass(frozen=True)
class ScaleOptions:
    plans: int = 10
    commitments: int = 300
    milestones: int = 3000
    evidence: int = 15000
    updates: int = 6000
    heavy_evidence: int = 50
    pending_submissions: int = 0
    seed: int | None = None

    def validate(self) -> None:
        if self.plans < 1:
            raise ScaleError(f"--plans debe ser al menos 1 (se recibió {self.plans}).")
        if self.commitments < self.plans:
            raise ScaleError(
                "--commitments debe ser al menos igual a --plans: cada plan necesita al menos "
                f"un compromiso (se recibió {self.commitments} para {self.plans} planes)."
            )
        if self.milestones < self.commitments:
            raise ScaleError(
                "--milestones debe ser al menos igual a --commitments: cada compromiso necesita "
                f"al menos una acción clave (se recibió {self.milestones} para "
                f"{self.commitments} compromisos)."
            )
        for option, value in (
            ("--evidence", self.evidence),
            ("--updates", self.updates),
            ("--heavy-evidence", self.heavy_evidence),
            ("--pending-submissions", self.pending_submissions),
        ):
            if value < 0:
                raise ScaleError(f"{option} no puede ser negativo (se recibió {value}).")
        if self.pending_submissions > self.milestones:
            raise ScaleError(
                "--pending-submissions no puede ser mayor que --milestones: cada envío a "
                "revisión es un borrador de una acción clave generada."
            )


@dataclass
class ScaleReport:
    seed: int
    plans: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    activities: int = 0
    evidence: int = 0
    updates: int = 0
    pending_submissions: int = 0
    heavy_milestone: MilestonePage | None = None
    timings: dict[str, float] = field(default_factory=dict)


class ScaleGenerator:
    """Builds the content in memory, then writes it in bulk; see the module docstring."""

    def __init__(self, options: ScaleOptions, log: Callable[[str], None] | None = None):
        options.validate()
        self.options = options
        seed = options.seed if options.seed is not None else random.SystemRandom().randrange(10**6)
        self.rng = random.Random(seed)  # noqa: S311 - synthetic content, not secrets
        self.text = SpanishText(self.rng)
        self.report = ScaleReport(seed=seed)
        self.log = log or (lambda message: None)
        self.today = timezone.localdate()
        self.activities: list[Activity] = []
        self.updates: list[ProgressUpdate] = []
        self.minutes: list[PlanMinutes] = []
        self.tagged_items: list[CommitmentTag] = []

    @contextmanager
    def timed(self, step: str):
        start = time.perf_counter()
        yield
        timings = self.report.timings
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - start

    def run(self) -> ScaleReport:
        with self.timed("total"), transaction.atomic():
            with self.timed("preparación"):
                self.prepare()
            with self.timed("construcción en memoria"):
                self.build()
            with self.timed("avance"):
                for milestone in self.report.milestones:
                    milestone.refresh_progress()  # in memory, from its activities
            with self.timed("páginas"):
                self.insert_pages()
            with self.timed("contenido en línea"):
                self.insert_inlines()
            with self.timed("avance"):
                self.store_aggregates()
            with self.timed("revisiones"):
                self.create_revisions()
            with self.timed("índice de búsqueda"):
                self.update_search_index()
            with self.timed("índice de referencias"):
                self.update_reference_index()
            with self.timed("envíos a revisión"):
                self.submit_for_moderation()
            page_cache.invalidate()
        with self.timed("estadísticas de la base"):
            refresh_planner_statistics()
        return self.report

    # Preparation ------------------------------------------------------------------
    def prepare(self) -> None:
        self.home = HomePage.objects.first()
        if self.home is None:
            raise ScaleError(
                "No hay página de inicio (HomePage). Ejecuta primero "
                "«manage.py setup_roles» y «manage.py load_demo»."
            )
        self.locale = Locale.get_default()
        User = get_user_model()
        self.owner = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        self.workflow = None
        if self.options.pending_submissions:
            self.workflow = self.home.get_workflow()
            if self.workflow is None or not self.workflow.active:
                raise ScaleError(
                    "No hay un flujo de moderación activo para los envíos a revisión. "
                    "Ejecuta primero «manage.py setup_roles»."
                )
            self.submitter = self.find_submitter()
        self.documents = self.document_pool()
        self.institutions, self.organizations = self.directory()
        self.tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
        self.log(
            f"Directorio: {len(self.institutions)} instituciones y {len(self.organizations)} "
            f"organizaciones; {len(self.documents)} documentos de evidencia."
        )

    def find_submitter(self):
        """Who submits the drafts: a government editor if there is one, else a superuser."""
        User = get_user_model()
        editors = User.objects.filter(
            is_active=True, groups__tablero_role__key=roles.GOVERNMENT_EDITORS
        )
        user = editors.order_by("pk").first() or self.owner
        if user is None:
            raise ScaleError(
                "No hay ninguna cuenta que pueda enviar borradores a revisión. Ejecuta primero "
                "«manage.py load_demo» o crea un superusuario."
            )
        return user

    def document_pool(self) -> list:
        """DOCUMENT_POOL_SIZE placeholder documents, created on the first run and reused."""
        Document = get_document_model()
        documents = []
        for index in range(DOCUMENT_POOL_SIZE):
            base, extension = DOCUMENT_TITLES[index % len(DOCUMENT_TITLES)]
            title = f"{base} (evidencia sintética {index + 1:02d})"
            document = Document.objects.filter(title=title).first()
            if document is None:
                document = Document(title=title, uploaded_by_user=self.owner)
                filename = f"evidencia-sintetica-{index + 1:02d}.{extension}"
                document.file.save(
                    filename, ContentFile(placeholder_file(filename, title)), save=False
                )
                document._set_document_file_metadata()
                document.save()
            documents.append(document)
        return documents

    def directory(self) -> tuple[list[Institution], list[Organization]]:
        """The demo's entries plus DIRECTORY_EXTRA new ones of each kind (reused on reruns)."""
        for number, (name, sector) in enumerate(
            self.entry_names(INSTITUTION_NAMES, INSTITUTION_FIELDS)
        ):
            acronym = "".join(w[0] for w in name.split() if w.lower() not in STOP_WORDS)
            Institution.objects.get_or_create(
                name=name,
                defaults={
                    "acronym": f"{acronym[:8]}{number + 1}",
                    "sector": sector,
                    "website": f"https://www.{slugify(acronym)}{number + 1}.gob.mx",
                },
            )
        for number, (name, kind) in enumerate(
            self.entry_names(ORGANIZATION_NAMES, ORGANIZATION_FIELDS)
        ):
            Organization.objects.get_or_create(
                name=name,
                defaults={
                    "acronym": "",
                    "kind": kind,
                    "website": f"https://{slugify(name)[:40].strip('-')}-{number + 1}.org.mx",
                },
            )
        return list(Institution.objects.order_by("pk")), list(Organization.objects.order_by("pk"))

    @staticmethod
    def entry_names(patterns, fields) -> list[tuple[str, str]]:
        """DIRECTORY_EXTRA distinct names, always the same ones (independent of the seed)."""
        names = []
        for index in range(DIRECTORY_EXTRA):
            pattern, kind = patterns[index % len(patterns)]
            name = pattern.format(
                field=fields[(index // len(patterns)) % len(fields)],
                state=STATES[index % len(STATES)],
                city=CITIES[index % len(CITIES)],
            )
            names.append((name, kind))
        return names

    # Building pages in memory -----------------------------------------------------
    def new_page(self, model, parent, step: int, title: str, slug: str, published, **fields):
        """A live page of ``model`` at position ``step`` under ``parent``, not saved yet."""
        page = model(
            title=title,
            draft_title=title,
            slug=slug,
            path=Page._get_path(parent.path, parent.depth + 1, step),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            locale=self.locale,
            owner=self.owner,
            **fields,
        )
        setattr(page, COMMENTS_RELATION_NAME, [])  # nothing to read back when serialising
        return page

    def build(self) -> None:
        options = self.options
        existing = ActionPlanPage.objects.all()
        earliest = existing.order_by("start_date").values_list("start_date", flat=True).first()
        anchor = earliest or self.today
        number = max(existing.values_list("number", flat=True), default=0)
        siblings = Page.objects.filter(path__startswith=self.home.path, depth=self.home.depth + 1)
        last_path = siblings.order_by("-path").values_list("path", flat=True).first()
        first_step = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
        taken = set(siblings.values_list("slug", flat=True))
        self.commitment_seq = CommitmentPage.objects.count()

        commitments_per_plan = spread(options.commitments, options.plans)
        milestones_per_commitment = iter(spread(options.milestones, options.commitments))
        evidence_per_milestone = iter(spread(options.evidence, options.milestones))
        updates_per_milestone = iter(spread(options.updates, options.milestones))
        for index, commitment_count in enumerate(commitments_per_plan):
            end = anchor - datetime.timedelta(days=1 + PLAN_DAYS * index)
            start = end - datetime.timedelta(days=PLAN_DAYS - 1)
            plan = self.build_plan(first_step + index, number + index + 1, start, end, taken)
            for position in range(1, commitment_count + 1):
                commitment = self.build_commitment(plan, position)
                for step in range(1, next(milestones_per_commitment) + 1):
                    self.build_milestone(
                        commitment,
                        step,
                        evidence=next(evidence_per_milestone),
                        updates=next(updates_per_milestone),
                    )
        if options.heavy_evidence:
            self.build_heavy_milestone()

    def build_plan(self, step, number, start, end, taken) -> ActionPlanPage:
        title = f"Plan de Acción de Gobierno Abierto {start.year}-{end.year} (sintético {number})"
        slug = unique_slug(f"plan-de-accion-{start.year}-{end.year}-sintetico-{number}", taken)
        closed = end < self.today
        plan = self.new_page(
            ActionPlanPage,
            self.home,
            step,
            title,
            slug,
            aware(start),
            number=number,
            start_date=start,
            end_date=end,
            country="México",
            government="Gobierno de México (contenido sintético para pruebas de carga)",
            status=PlanStatus.CLOSED if closed else PlanStatus.IMPLEMENTATION,
            summary=self.text.html(OBJECTIVE_SENTENCES, 400, 800),
            co_creation=self.text.html(PROBLEM_SENTENCES + OBJECTIVE_SENTENCES, 300, 700),
            plan_document=self.rng.choice(self.documents),
        )
        plan.minutes = [
            PlanMinutes(
                page=plan,
                sort_order=i,
                title=f"Minuta de la {i + 1}.ª sesión del Comité Coordinador",
                date=start + datetime.timedelta(days=90 + 180 * i),
                document=self.rng.choice(self.documents),
            )
            for i in range(3)
        ]
        self.minutes.extend(plan.minutes.all())
        plan.scale_slugs = set()
        self.report.plans.append(plan)
        return plan

    def maturity(self) -> float:
        """How far a commitment has got (0-1): some untouched, some complete, most between."""
        roll = self.rng.random()
        if roll < 0.08:
            return 0.0
        if roll < 0.16:
            return 1.0
        return self.rng.betavariate(2, 1.6)

    def build_commitment(self, plan: ActionPlanPage, number: int) -> CommitmentPage:
        text, rng = self.text, self.rng
        topic = text.pick(TOPICS)
        title = text.title(text.pick(VERBS), topic)
        self.commitment_seq += 1
        start = plan.start_date + datetime.timedelta(days=rng.randint(0, 60))
        end = plan.end_date - datetime.timedelta(days=rng.randint(0, 60))
        leads = rng.sample(self.institutions, rng.randint(1, 2))
        organizations = rng.sample(self.organizations, rng.randint(1, 2))
        context = {"topic": topic, "institution": leads[0].name}
        values = {name: rng.random() < 0.45 for name in OGP_VALUE_FIELDS.values()}
        if not any(values.values()):
            values[rng.choice(list(values))] = True
        sections = {
            name: text.html(
                PROBLEM_SENTENCES + OBJECTIVE_SENTENCES + DESCRIPTION_SENTENCES,
                250,
                600,
                **context,
            )
            for name in rng.sample(TEMPLATE_SECTIONS, rng.randint(5, 9))
        }
        sections["problem"] = text.html(PROBLEM_SENTENCES, 350, 800, **context)
        sections["proposed_solution"] = text.html(OBJECTIVE_SENTENCES, 300, 700, **context)
        contact = text.person()
        commitment = self.new_page(
            CommitmentPage,
            plan,
            number,
            title,
            unique_slug(title, plan.scale_slugs, 60),
            plan.first_published_at,
            number=number,
            ogp_id=f"MXS{self.commitment_seq:05d}",
            short_title=strip_article(topic)[:120],
            objective=text.paragraph(OBJECTIVE_SENTENCES, 300, 700, **context),
            start_date=start,
            end_date=end,
            sdg_goals=", ".join(
                str(n) for n in sorted(rng.sample(range(1, 18), rng.randint(1, 3)))
            ),
            roadmap_document=rng.choice(self.documents) if rng.random() < 0.5 else None,
            contact_name=contact,
            contact_email=f"{slugify(contact).replace('-', '.')}@example.gob.mx",
            **values,
            **sections,
            **(self.irm_assessment() if plan.end_date < self.today and rng.random() < 0.7 else {}),
        )
        commitment.lead_institutions = leads
        commitment.organizations = organizations
        commitment.tagged_items = [
            CommitmentTag(tag=tag, content_object=commitment)
            for tag in rng.sample(self.tags, rng.randint(1, 3))
        ]
        self.tagged_items.extend(commitment.tagged_items.all())
        commitment.scale_maturity = self.maturity()
        commitment.scale_topic = topic
        commitment.scale_slugs = set()
        plan.numchild += 1
        self.report.commitments.append(commitment)
        return commitment

    def irm_assessment(self) -> dict:
        rng = self.rng
        return {
            "irm_specificity": rng.choice(IRMSpecificity.values),
            "irm_verifiable": rng.random() < 0.8,
            "irm_potential_impact": rng.choice(IRMPotentialImpact.values),
            "irm_completion": rng.choice(CompletionLevel.values),
            "irm_did_it_open_government": rng.choice(IRMOpenGovernment.values),
            "irm_notes": self.text.paragraph(PROBLEM_SENTENCES, 150, 350),
        }

    def period_within(self, start, end, min_days: int, max_days: int):
        """A random sub-period of ``start``-``end`` lasting ``min_days``-``max_days``."""
        span = (end - start).days
        length = min(span, self.rng.randint(min_days, max_days))
        first = start + datetime.timedelta(days=self.rng.randint(0, max(span - length, 0)))
        return first, first + datetime.timedelta(days=length)

    def build_milestone(
        self, commitment, step, *, evidence, updates, activities=None, slug=None
    ) -> MilestonePage:
        text, rng = self.text, self.rng
        topic = commitment.scale_topic
        title = text.title(text.pick(MILESTONE_ACTIONS), topic)
        start, end = self.period_within(commitment.start_date, commitment.end_date, 60, 360)
        institutions = list(commitment.lead_institutions.all())
        organizations = list(commitment.organizations.all())
        context = {
            "topic": topic,
            "institution": institutions[0].name,
            "organization": organizations[0].name,
        }
        milestone = self.new_page(
            MilestonePage,
            commitment,
            step,
            title,
            slug or unique_slug(title, commitment.scale_slugs, 60),
            aware(min(start, self.today)),
            start_date=start,
            end_date=end,
            weight=Decimal(rng.choice((1, 1, 1, 2, 3))),
            description=text.html(DESCRIPTION_SENTENCES, 250, 600, **context),
            indicator=f"Porcentaje de avance del entregable sobre {strip_article(topic).lower()}",
            means_of_verification=(
                "Entregable publicado como evidencia en el tablero, con minutas y listas de "
                "asistencia de las sesiones de trabajo."
            ),
            expected_deliverable=text.pick(DELIVERABLES).capitalize(),
        )
        milestone.responsible_institutions = institutions[: rng.randint(1, len(institutions))]
        milestone.responsible_organizations = organizations[: rng.randint(0, len(organizations))]
        milestone.activities = self.build_activities(
            milestone, commitment.scale_maturity, activities or rng.randint(2, 5), evidence, context
        )
        milestone.updates = self.build_updates(milestone, updates, context)
        self.activities.extend(milestone.activities.all())
        self.updates.extend(milestone.updates.all())
        commitment.numchild += 1
        self.report.milestones.append(milestone)
        return milestone

    def build_heavy_milestone(self) -> None:
        """The designated milestone with exactly ``--heavy-evidence`` evidence items."""
        count = self.options.heavy_evidence
        commitment = self.report.commitments[0]
        slug = HEAVY_SLUG.format(count=count)
        commitment.scale_slugs.add(slug)
        self.report.heavy_milestone = self.build_milestone(
            commitment,
            commitment.numchild + 1,
            evidence=count,
            updates=0,
            activities=5,
            slug=slug,
        )

    def activity_statuses(self, maturity: float, count: int) -> list[str]:
        statuses = []
        for _ in range(count):
            roll = self.rng.random()
            if roll < maturity:
                verified = self.rng.random() < 0.4
                statuses.append(ActivityStatus.VERIFIED if verified else ActivityStatus.COMPLETED)
            elif roll < maturity + (1 - maturity) * 0.5:
                statuses.append(ActivityStatus.IN_PROGRESS)
            else:
                statuses.append(ActivityStatus.NOT_STARTED)
        return statuses

    def evidence_counts(self, statuses: list[str], budget: int) -> list[int]:
        """Share ``budget`` evidence items among the activities, at least one per done activity.

        Done activities beyond the budget become "in progress" (the project's rule: no
        completed or verified activity without evidence); the rest of the budget goes to
        started activities.
        """
        done = [i for i, status in enumerate(statuses) if progress.is_done(status)]
        for i in done[budget:]:
            statuses[i] = ActivityStatus.IN_PROGRESS
        counts = [0] * len(statuses)
        for i in done[:budget]:
            counts[i] = 1
        rest = budget - min(len(done), budget)
        if rest:
            started = [i for i, s in enumerate(statuses) if s != ActivityStatus.NOT_STARTED]
            if not started:
                statuses[0] = ActivityStatus.IN_PROGRESS
                started = [0]
            for _ in range(rest):
                counts[self.rng.choice(started)] += 1
        return counts

    def build_activities(self, milestone, maturity, count, budget, context) -> list[Activity]:
        statuses = self.activity_statuses(maturity, count)
        counts = self.evidence_counts(statuses, budget)
        span = (milestone.end_date - milestone.start_date).days
        titles = self.rng.sample(ACTIVITY_TITLES, count)
        activities = []
        for i, (status, evidence_count) in enumerate(zip(statuses, counts, strict=True)):
            # One after another, splitting the milestone's period.
            first = span * i // count
            start = milestone.start_date + datetime.timedelta(days=first)
            end = milestone.start_date + datetime.timedelta(
                days=max(span * (i + 1) // count - 1, first)
            )
            evidence = [
                self.evidence_item(start, end, first=j == 0 and progress.is_done(status))
                for j in range(evidence_count)
            ]
            activities.append(
                Activity(
                    milestone=milestone,
                    sort_order=i,
                    title=titles[i],
                    description=self.text.paragraph(ACTIVITY_SENTENCES, 120, 300, **context),
                    means_of_verification="Minutas, listas de asistencia y entregables publicados.",
                    status=status,
                    start_date=start,
                    end_date=end,
                    evidence=evidence,
                )
            )
        self.report.evidence += budget
        return activities

    def evidence_item(self, start, end, *, first: bool) -> dict:
        """One evidence item as raw StreamField data: a pool document or a link."""
        rng = self.rng
        kind = EvidenceKind.DELIVERABLE if first else rng.choice(EvidenceKind.values)
        title = rng.choice(EVIDENCE_TITLES[kind])
        last = min(end, self.today)
        day = start + datetime.timedelta(days=rng.randint(0, max((last - start).days, 0)))
        document = rng.choice(self.documents) if rng.random() < 0.6 else None
        url = (
            ""
            if document
            else f"{rng.choice(EVIDENCE_SITES)}/{slugify(title)}-{rng.randint(100, 99999)}"
        )
        return {
            "type": "evidence",
            "id": str(uuid.uuid4()),
            "value": {
                "title": title,
                "date": min(day, self.today).isoformat(),
                "kind": kind,
                "document": document.pk if document else None,
                "url": url,
            },
        }

    def build_updates(self, milestone, count, context) -> list[ProgressUpdate]:
        institutions = list(milestone.responsible_institutions.all())
        organizations = list(milestone.responsible_organizations.all()) or None
        last = min(milestone.end_date, self.today)
        span = max((last - milestone.start_date).days, 0)
        days = sorted(self.rng.randint(0, span) for _ in range(count))
        updates = []
        for i, offset in enumerate(days):
            day = milestone.start_date + datetime.timedelta(days=offset)
            by_organization = organizations and self.rng.random() < 0.4
            period = f"{MONTHS[day.month - 1]} de {day.year}"
            updates.append(
                ProgressUpdate(
                    milestone=milestone,
                    sort_order=i,
                    date=day,
                    text=self.text.html(UPDATE_SENTENCES, 200, 400, period=period, **context),
                    author_institution=None if by_organization else self.rng.choice(institutions),
                    author_organization=self.rng.choice(organizations) if by_organization else None,
                )
            )
        return updates

    # Writing ----------------------------------------------------------------------
    def all_pages(self) -> list[Page]:
        report = self.report
        return [*report.plans, *report.commitments, *report.milestones]

    def insert_pages(self) -> None:
        """The Page rows (ids back), then each page type's own rows."""
        pages = self.all_pages()
        page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        for page, pk in zip(
            pages, insert_rows(Page, pages, page_fields, returning=True), strict=True
        ):
            page.id = page.page_ptr_id = pk
            page._state.adding = False
            page._state.db = router.db_for_write(Page)
        for model, objs in (
            (ActionPlanPage, self.report.plans),
            (CommitmentPage, self.report.commitments),
            (MilestonePage, self.report.milestones),
        ):
            insert_rows(model, objs, model._meta.local_concrete_fields)
        Page.objects.filter(pk=self.home.pk).update(numchild=F("numchild") + len(self.report.plans))
        self.log(f"Páginas insertadas: {len(pages)}.")

    def insert_inlines(self) -> None:
        """Activities, updates, minutes, M2M links and tags of the new pages."""
        for model, objs in (
            (Activity, self.activities),
            (ProgressUpdate, self.updates),
            (PlanMinutes, self.minutes),
            (CommitmentTag, self.tagged_items),
        ):
            model._base_manager.bulk_create(objs, batch_size=1000)
        for model, names in (
            (CommitmentPage, ("lead_institutions", "organizations")),
            (MilestonePage, ("responsible_institutions", "responsible_organizations")),
        ):
            pages = self.report.commitments if model is CommitmentPage else self.report.milestones
            for name in names:
                self.insert_m2m(model, name, pages)
        self.report.activities = len(self.activities)
        self.report.updates = len(self.updates)

    @staticmethod
    def insert_m2m(model, name: str, pages) -> None:
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through
        source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        rows = [
            through(**{source: page.pk, target: entry.pk})
            for page in pages
            for entry in getattr(page, name).all()
        ]
        through._base_manager.bulk_create(rows, batch_size=1000)

    def store_aggregates(self) -> None:
        """Commitments' and plans' figures through their own refresh_progress (live children)."""
        for model, pages, fields in (
            (CommitmentPage, self.report.commitments, COMMITMENT_FIELDS),
            (ActionPlanPage, self.report.plans, PLAN_FIELDS),
        ):
            for page in pages:
                page.refresh_progress()
            model._base_manager.bulk_update(pages, fields, batch_size=500)

    def create_revisions(self) -> None:
        """One revision per page, as published through the admin: the live revision."""
        pages = self.all_pages()
        base_type = ContentType.objects.get_for_model(Page)
        revisions = [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base_type,
                object_id=str(page.pk),
                user=self.owner,
                created_at=page.last_published_at,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ]
        Revision.objects.bulk_create(revisions, batch_size=500)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = revision.pk
            page.latest_revision_created_at = revision.created_at
        Page._base_manager.bulk_update(
            pages,
            ["latest_revision", "live_revision", "latest_revision_created_at"],
            batch_size=500,
        )

    def update_search_index(self) -> None:
        """Index the new pages in every search backend, in bulk.

        The objects indexed are the ones just written, with their activities, updates,
        tags and M2M links still in memory: read back from the database, every page
        would cost a query per related field (modelcluster's ParentalManyToManyField
        ignores prefetch_related).
        """
        for backend in get_search_backends(with_auto_update=False):
            for model, pages in (
                (ActionPlanPage, self.report.plans),
                (CommitmentPage, self.report.commitments),
                (MilestonePage, self.report.milestones),
            ):
                for chunk in chunks(pages, INDEX_CHUNK):
                    backend.add_bulk(model, list(chunk))

    def update_reference_index(self) -> None:
        """Wagtail's reference index (document usage in the admin), as load_demo fills it."""
        for page in self.all_pages():
            ReferenceIndex.create_or_update_for_object(page)

    def submit_for_moderation(self) -> None:
        """Drafts of ``--pending-submissions`` milestones, submitted to the SFP workflow.

        Each draft moves an activity forward and adds today's progress update, saved
        with Wagtail's ``save_revision`` and submitted with ``Workflow.start`` as the
        admin's "Submit for moderation" does. The live pages do not change, and no
        notification e-mail is sent for these synthetic submissions.
        """
        count = self.options.pending_submissions
        if not count:
            return
        regular = [m for m in self.report.milestones if m is not self.report.heavy_milestone]
        step = len(regular) / count
        chosen = [regular[int(i * step)].pk for i in range(count)]
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for pk in chosen:
                self.submit_draft(MilestonePage.objects.get(pk=pk))
        self.report.pending_submissions = count

    def submit_draft(self, page: MilestonePage) -> None:
        activities = list(page.activities.all())
        for activity in activities:
            if activity.status == ActivityStatus.NOT_STARTED:
                activity.status = ActivityStatus.IN_PROGRESS
                break
        institution = page.responsible_institutions.first()
        page.activities = activities
        page.updates = [
            *page.updates.all(),
            ProgressUpdate(
                date=self.today,
                text=self.text.html(UPDATE_SENTENCES, 200, 400, period="el último mes"),
                author_institution=institution,
                author_organization=None if institution else page.responsible_organizations.first(),
            ),
        ]
        page.save_revision(user=self.submitter, log_action=True)
        self.workflow.start(page, self.submitter)


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load, so PostgreSQL plans queries for the real row counts
    rather than for the nearly empty tables autovacuum last saw."""
    connection = connections[router.db_for_write(Page)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate(options: ScaleOptions, log: Callable[[str], None] | None = None) -> ScaleReport:
    """Generate the content described by ``options``; raises ScaleError with a Spanish message."""
    return ScaleGenerator(options, log).run()
