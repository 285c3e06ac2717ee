"""Builds the demo content (Mexico's Fourth Action Plan) from demo/data/mx_plan_4.json.

Idempotent: pages, documents, directory entries and accounts are looked up by
their natural keys (slugs, names, usernames) and only created when missing.
Pages are published through Wagtail's revisions, so history and signals apply.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, Site, TaskState, WorkflowState
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import AboutPage, HomePage
from instancia.models import InstanceSettings
from planes import roles
from planes.models import (
    ActionPlanPage,
    Activity,
    CivilSocietyAssessment,
    CommitmentAssignment,
    CommitmentPage,
    EditorRole,
    GovernmentResponse,
    Institution,
    Membership,
    MilestonePage,
    Organization,
    PlanMinutes,
    ProgressUpdate,
)
from planes.models.commitment import OGP_VALUE_FIELDS

from .files import placeholder_file
from .periods import load_periods

#: The instance settings of the demo: Mexico's board as it was before they existed.
MEXICO_SETTINGS = {
    "board_name": "Tablero de Gobierno Abierto",
    "jurisdiction": "México",
    "body_name": "Secretaría de la Función Pública",
    "body_acronym": "SFP",
    "body_article": "la",
    "administering_institution": "Secretaría de la Función Pública",
    "brand_colour": "#611232",
    "footer_text": "",
    "licence_name": "",
    "licence_url": "",
}

DATA_FILE = Path(__file__).resolve().parent / "data" / "mx_plan_4.json"

#: Demo accounts: username → (password, full name, group, superuser).
DEMO_ACCOUNTS = {
    "admin": ("tablero-admin", "Administración Tablero", roles.ADMINISTRATORS, True),
    "aprobadora": ("tablero-aprobadora", "Aprobadora SFP", roles.APPROVERS, False),
    "gobierno": ("tablero-gobierno", "Enlace de Gobierno", roles.GOVERNMENT_EDITORS, False),
    "sociedad": (
        "tablero-sociedad",
        "Enlace de Sociedad Civil",
        roles.CIVIL_SOCIETY_EDITORS,
        False,
    ),
}
#: Demo assignments: username → (role, commitment numbers).
DEMO_ASSIGNMENTS = {
    "gobierno": (EditorRole.GOVERNMENT, (1, 11)),
    "sociedad": (EditorRole.CIVIL_SOCIETY, (1, 13)),
}
#: The body each demo editor speaks for: username → acronym of an institution or organization.
DEMO_MEMBERSHIPS = {"gobierno": "SFP", "sociedad": "GESOC"}

ABOUT_BODY = (
    "<p>Este tablero da seguimiento público a los compromisos de los planes de acción de "
    "México en la Alianza para el Gobierno Abierto. Funcionarias, funcionarios y "
    "organizaciones de la sociedad civil informan avances; la Secretaría de la Función "
    "Pública los revisa antes de publicarlos.</p>"
    "<p><strong>Aviso:</strong> el contenido de demostración usa los compromisos reales del "
    "Cuarto Plan de Acción 2019-2021, pero sus acciones clave, fechas, estados, evidencias y "
    "cifras de avance son <strong>ilustrativos</strong>: no reflejan el cumplimiento real. "
    "También lo es la historia por periodos: las cifras de los semestres cerrados se "
    "calcularon a partir de las de hoy. Y también las valoraciones de la sociedad civil y "
    "las respuestas del gobierno: no son la opinión real de las organizaciones ni de las "
    "instituciones que las firman.</p>"
)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def site_address() -> tuple[str, int]:
    """Host and port of BASE_URL, so pages' full URLs (API, feeds, exports) point there."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        self.documents: dict[str, object] = {}
        self.new_pages: list[Page] = []

    def log(self, message: str) -> None:
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def run(self) -> None:
        # Index references once at the end instead of on each of several saves per page.
        with disable_reference_index_auto_update():
            self._load()
        for page in self.new_pages:
            ReferenceIndex.create_or_update_for_object(page)

    def _load(self) -> None:
        roles.setup_groups()
        self.admin = self.accounts()
        home = self.home()
        self.instance_settings()
        self.about(home)
        self.directory()
        plan = self.plan(home)
        for commitment_data in self.data["commitments"]:
            self.commitment(plan, commitment_data)
        self.assignments(plan)
        self.memberships()
        self.voices(plan)
        self.log(f"Páginas creadas: {len(self.new_pages)}")
        closed = load_periods(ActionPlanPage.objects.get(pk=plan.pk))
        self.log(f"Periodos cerrados (historia ilustrativa): {closed}")
        self.submission(plan)

    # The instance: Mexico's board, as it looked before the settings existed ---------
    def instance_settings(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        InstanceSettings.objects.update_or_create(site=site, defaults=MEXICO_SETTINGS)

    # Accounts -----------------------------------------------------------------
    def accounts(self):
        User = get_user_model()
        admin = None
        for username, (password, full_name, group, superuser) in DEMO_ACCOUNTS.items():
            first, _, last = full_name.partition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "first_name": first,
                    "last_name": last,
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(_group(group))
            if superuser:
                admin = user
        return admin

    def assignments(self, plan) -> None:
        User = get_user_model()
        for username, (role, numbers) in DEMO_ASSIGNMENTS.items():
            user = User.objects.get(username=username)
            for commitment in CommitmentPage.objects.child_of(plan).filter(number__in=numbers):
                CommitmentAssignment.objects.get_or_create(
                    commitment=commitment, user=user, defaults={"role": role}
                )

    def memberships(self) -> None:
        User = get_user_model()
        for username, acronym in DEMO_MEMBERSHIPS.items():
            user = User.objects.get(username=username)
            body = self.institutions.get(acronym) or self.organizations[acronym]
            field = "institution" if isinstance(body, Institution) else "organization"
            Membership.objects.get_or_create(user=user, **{field: body})

    # The second voice -----------------------------------------------------------
    def voices(self, plan) -> None:
        """Published civil-society assessments (and some government responses) of several
        milestones, by their real co-responsible organizations, with illustrative text.
        Each is saved as a revision and published by the demo approver, as the SFP
        workflow's approval would; existing ones are left alone."""
        approver = get_user_model().objects.get(username="aprobadora")
        for commitment_data in self.data["commitments"]:
            commitment = CommitmentPage.objects.child_of(plan).get(slug=commitment_data["slug"])
            for milestone_data in commitment_data.get("milestones", []):
                rows = milestone_data.get("assessments", [])
                if not rows:
                    continue
                milestone = MilestonePage.objects.child_of(commitment).get(
                    slug=milestone_data["slug"]
                )
                for row in rows:
                    self.assessment(milestone, row, approver)

    def assessment(self, milestone, row: dict, approver) -> None:
        organization = self.organizations[row["organization"]]
        assessment = CivilSocietyAssessment.objects.filter(
            milestone=milestone, organization=organization
        ).first()
        if assessment is None:
            assessment = CivilSocietyAssessment(
                milestone=milestone,
                organization=organization,
                stance=row["stance"],
                completion_level=row["completion_level"],
                date=_date(row["date"]),
                comment=row["comment"],
                evidence=[("evidence", self.evidence_value(e)) for e in row.get("evidence", [])],
            )
            self.publish_voice(assessment, approver)
        response = row.get("response")
        if response and not GovernmentResponse.objects.filter(assessment=assessment).exists():
            self.publish_voice(
                GovernmentResponse(
                    assessment=assessment,
                    institution=self.institutions[response["institution"]],
                    date=_date(response["date"]),
                    text=response["text"],
                ),
                approver,
            )

    @staticmethod
    def publish_voice(voice, approver) -> None:
        voice.full_clean()
        voice.save()
        voice.save_revision(log_action=True).publish(user=approver)

    # Something waiting for review ------------------------------------------------
    #: The demo's pending submission: commitment number, its new update's date and text.
    SUBMISSION = (
        1,
        datetime.date(2021, 8, 20),
        "<p>Informe del último periodo: el micrositio publica ya los datos de gasto por "
        "programa. <em>(Actualización ilustrativa de la demostración, enviada a revisión.)"
        "</em></p>",
    )
    #: How long ago it was submitted, so the approvers' reminder has something to say.
    SUBMITTED_DAYS_AGO = 5

    def submission(self, plan) -> None:
        """The government editor's report of the open period for a milestone of their
        commitment, submitted to the approval workflow and waiting: the follow-up desk, the
        dashboards and ``send_reminders`` show it. Once, never again (any workflow on the
        milestone, even finished, leaves it alone)."""
        number, date, text = self.SUBMISSION
        commitment = CommitmentPage.objects.child_of(plan).filter(number=number).first()
        milestone = (
            MilestonePage.objects.child_of(commitment).live().order_by("path").first()
            if commitment
            else None
        )
        if (
            milestone is None
            or WorkflowState.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=str(milestone.pk),
            ).exists()
        ):
            return
        editor = get_user_model().objects.get(username="gobierno")
        sfp = self.institutions.get("SFP")
        milestone.updates = [
            *milestone.updates.all(),
            ProgressUpdate(date=date, text=text, author_institution=sfp),
        ]
        milestone.save_revision(user=editor, log_action=True)
        state = milestone.get_workflow().start(milestone, editor)
        since = timezone.now() - datetime.timedelta(days=self.SUBMITTED_DAYS_AGO)
        WorkflowState.objects.filter(pk=state.pk).update(created_at=since)
        TaskState.objects.filter(workflow_state=state).update(started_at=since)
        self.log(f"Enviada a revisión: {milestone.title}")

    # Site ---------------------------------------------------------------------
    def home(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's initial "Welcome" page is replaced by the board's home page.
            for page in root.get_children().exclude(content_type__app_label="home"):
                if not Site.objects.filter(root_page=page).exclude(hostname="localhost").exists():
                    page.delete()
            home = HomePage(
                title="Tablero de Gobierno Abierto de México",
                slug="inicio",
                intro="<p>Seguimiento público de los compromisos de México en la Alianza "
                "para el Gobierno Abierto: qué se prometió, quién responde y cuánto se ha "
                "avanzado, con sus evidencias.</p>",
            )
            root.add_child(instance=home)
            self.publish(home)
        hostname, port = site_address()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name="Tablero de Gobierno Abierto",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "Tablero de Gobierno Abierto"
            if (site.hostname, site.port) == ("localhost", 80):
                # Wagtail's placeholder: full URLs should point where the site really runs.
                site.hostname, site.port = hostname, port
            site.save()
        return home

    def about(self, home: HomePage) -> None:
        if AboutPage.objects.child_of(home).filter(slug="acerca").exists():
            return
        page = AboutPage(title="Acerca del tablero y metodología", slug="acerca", body=ABOUT_BODY)
        home.add_child(instance=page)
        self.publish(page)

    # Directory ----------------------------------------------------------------
    def directory(self) -> None:
        self.institutions = {}
        for row in self.data["institutions"]:
            obj, _ = Institution.objects.get_or_create(
                name=row["name"],
                defaults={
                    "acronym": row.get("acronym", ""),
                    "sector": row.get("sector", "federal"),
                },
            )
            self.institutions[row.get("acronym") or row["name"]] = obj
            self.institutions[row["name"]] = obj
        self.organizations = {}
        for row in self.data["organizations"]:
            obj, _ = Organization.objects.get_or_create(
                name=row["name"],
                defaults={"acronym": row.get("acronym", ""), "kind": row.get("kind", "cso")},
            )
            self.organizations[row.get("acronym") or row["name"]] = obj
            self.organizations[row["name"]] = obj

    # Documents ----------------------------------------------------------------
    def document(self, filename: str, title: str):
        Document = get_document_model()
        if filename in self.documents:
            return self.documents[filename]
        document = Document.objects.filter(title=title, file__endswith=filename).first()
        if document is None:
            document = Document.objects.filter(file__contains=filename.rsplit(".", 1)[0]).first()
        if document is None:
            document = Document(title=title, uploaded_by_user=self.admin)
            document.file.save(filename, ContentFile(placeholder_file(filename, title)), save=False)
            document._set_document_file_metadata()
            document.save()
        self.documents[filename] = document
        return document

    # Pages --------------------------------------------------------------------
    def publish(self, page: Page) -> None:
        page.save_revision(user=self.admin, log_action=True).publish(user=self.admin)
        self.new_pages.append(page)

    def plan(self, home: HomePage) -> ActionPlanPage:
        data = self.data["plan"]
        plan = ActionPlanPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if plan is not None:
            return plan
        plan = ActionPlanPage(
            title=data["title"],
            slug=data["slug"],
            number=data["number"],
            start_date=_date(data["start_date"]),
            end_date=_date(data["end_date"]),
            country=data.get("country", "México"),
            government=data.get("government", ""),
            status=data.get("status", "implementation"),
            summary=data.get("summary", ""),
            co_creation=data.get("co_creation", ""),
        )
        plan.plan_document = self.document("cuarto-plan-de-accion-2019-2021.pdf", data["title"])
        plan.minutes = [
            PlanMinutes(
                title=row["title"],
                date=_date(row["date"]),
                document=self.document(row["file"], row["title"]),
            )
            for row in data.get("minutes", [])
        ]
        home.add_child(instance=plan)
        self.publish(plan)
        return plan

    def commitment(self, plan: ActionPlanPage, data: dict) -> None:
        page = CommitmentPage.objects.child_of(plan).filter(slug=data["slug"]).first()
        if page is None:
            irm = data.get("irm") or {}
            page = CommitmentPage(
                title=data["title"],
                slug=data["slug"],
                number=data["number"],
                ogp_id=data["ogp_id"],
                short_title=data.get("short_title", ""),
                start_date=_date(data.get("start_date")),
                end_date=_date(data.get("end_date")),
                objective=data.get("objective", ""),
                problem=data.get("problem", ""),
                proposed_solution=data.get("proposed_solution", ""),
                sdg_goals=data.get("sdg_goals", ""),
                irm_verifiable=irm.get("verifiable"),
                irm_potential_impact=irm.get("potential_impact", ""),
                irm_did_it_open_government=irm.get("did_it_open_government", ""),
                irm_notes=irm.get("notes", ""),
                **{
                    field: value in data.get("values", [])
                    for value, field in OGP_VALUE_FIELDS.items()
                },
            )
            page.lead_institutions = [
                self.institutions[k] for k in data.get("lead_institutions", [])
            ]
            page.organizations = [self.organizations[k] for k in data.get("organizations", [])]
            page.tags.add(*data.get("tags", []))
            plan.add_child(instance=page)
            self.publish(page)
        for milestone_data in data.get("milestones", []):
            self.milestone(page, milestone_data)

    def milestone(self, commitment: CommitmentPage, data: dict) -> None:
        if MilestonePage.objects.child_of(commitment).filter(slug=data["slug"]).exists():
            return
        page = MilestonePage(
            title=data["title"],
            slug=data["slug"],
            start_date=_date(data.get("start_date")),
            end_date=_date(data.get("end_date")),
            weight=Decimal(str(data.get("weight", 1))),
            description=data.get("description", ""),
            indicator=data.get("indicator", ""),
            means_of_verification=data.get("means_of_verification", ""),
            expected_deliverable=data.get("expected_deliverable", ""),
        )
        responsible = data.get("responsible", [])
        page.responsible_institutions = [
            self.institutions[k] for k in responsible if k in self.institutions
        ]
        page.responsible_organizations = [
            self.organizations[k] for k in responsible if k in self.organizations
        ]
        page.activities = [
            Activity(
                title=row["title"],
                start_date=_date(row.get("start_date")),
                end_date=_date(row.get("end_date")),
                status=row.get("status", "not_started"),
                means_of_verification=row.get("means_of_verification", ""),
                evidence=[
                    ("evidence", self.evidence_value(item)) for item in row.get("evidence", [])
                ],
            )
            for row in data.get("activities", [])
        ]
        page.updates = [
            ProgressUpdate(
                date=_date(row["date"]),
                text=row["text"],
                author_institution=self.institutions.get(row["author"]),
                author_organization=None
                if row["author"] in self.institutions
                else self.organizations.get(row["author"]),
            )
            for row in data.get("updates", [])
        ]
        commitment.add_child(instance=page)
        self.publish(page)

    def evidence_value(self, item: dict) -> dict:
        return {
            "title": item["title"],
            "date": _date(item["date"]),
            "kind": item.get("kind", "deliverable"),
            "document": self.document(item["file"], item["title"]) if item.get("file") else None,
            "url": item.get("url", ""),
        }


def _group(key: str):
    return Group.objects.get(tablero_role__key=key)
