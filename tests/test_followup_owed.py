"""What else the follow-up desk shows (#17): the open period's report missing, submissions
waiting for review (pages and civil-society voices) and civil-society assessments missing;
on the desk (filter, CSV, XLSX), on each editor's dashboard (only what they owe, in their
commitments) and in the reminders, with a number of queries that does not grow."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import TaskState, Workflow

from demo.factories import (
    CommitmentPageFactory,
    MilestonePageFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    activity,
)
from planes.choices import ActivityStatus
from planes.models import (
    CivilSocietyAssessment,
    CommitmentAssignment,
    EditorRole,
    Membership,
    PeriodStatus,
    ReportingPeriod,
)
from tests.helpers import count_queries, publish

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
DESK = "/admin/seguimiento/"


def period(board, start, end, due, status=PeriodStatus.OPEN, name="Semestre 1"):
    return ReportingPeriod.objects.create(
        plan=board["plan"],
        name=name,
        start_date=TODAY + start * DAY,
        end_date=TODAY + end * DAY,
        due_date=TODAY + due * DAY if due is not None else None,
        status=status,
    )


def report(milestone, date):
    """Publish a progress update of the milestone dated ``date``."""
    milestone.updates = [ProgressUpdateFactory.build(date=date)]
    return publish(milestone)


def assess(board, milestone, date, publish_it=True):
    assessment = CivilSocietyAssessment.objects.create(
        milestone=milestone,
        organization=board["gesoc"],
        stance="agree",
        completion_level="limited",
        date=date,
        comment="<p>De acuerdo.</p>",
    )
    revision = assessment.save_revision()
    if publish_it:
        revision.publish()
    return assessment


def desk_rows(client, user, **params) -> list[dict]:
    client.force_login(user)
    response = client.get(DESK, {"export": "csv", **params})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def panel(client, user) -> str:
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    section = page[page.index("what-i-owe-heading") :]
    return section[: section.index("</section>")]


def digest(user) -> str:
    """The person's reminder digest (not Wagtail's own workflow notifications)."""
    return next(m.body for m in mail.outbox if m.to == [user.email] and "Tablero" in m.subject)


def run(*args):
    call_command("send_reminders", *args, stdout=io.StringIO())


# -- The open period's report ----------------------------------------------------------


def test_the_open_periods_report_is_owed_until_something_is_published_in_it(client, board):
    period(board, start=-30, end=30, due=45)
    rows = desk_rows(client, board["approver"])
    reports = {
        r["Compromiso"]: r for r in rows if r["Qué se debe"] == "Falta el informe del periodo"
    }
    assert set(reports) == {"Gasto abierto", "Fideicomisos"}
    own = reports["Gasto abierto"]
    assert own["Asunto"] == "Informe del periodo «Semestre 1»"
    assert own["Detalle"] == "«Semestre 1», vence en 45 días"
    assert own["Término o fecha límite"] == (TODAY + 45 * DAY).isoformat()
    assert own["Días de retraso"] == "0"
    assert own["Quién lo debe"] == "government"  # the government editors, not civil society
    assert own["Dónde actuar"] == "http://testserver" + reverse(
        "wagtailadmin_explore", args=[board["own"].pk]
    )
    # An update published, dated inside the period: the report is there.
    report(board["milestones"]["own"], TODAY - 2 * DAY)
    rows = desk_rows(client, board["approver"], owed="period_report")
    assert [r["Compromiso"] for r in rows] == ["Fideicomisos"]
    # An update dated before the period began does not count.
    report(board["milestones"]["other"], TODAY - 40 * DAY)
    rows = desk_rows(client, board["approver"], owed="period_report")
    assert [r["Compromiso"] for r in rows] == ["Fideicomisos"]


def test_a_period_past_its_due_date_and_not_closed_is_overdue(client, board):
    period(board, start=-120, end=-40, due=-10)
    rows = desk_rows(client, board["approver"], owed="period_report")
    assert {r["Días de retraso"] for r in rows} == {"10"}
    assert rows[0]["Detalle"] == "«Semestre 1», vencido hace 10 días"
    # Once closed, nothing is owed for it; a period not begun owes nothing either.
    ReportingPeriod.objects.update(status=PeriodStatus.CLOSED)
    period(board, start=5, end=60, due=90, name="Semestre 2")
    assert desk_rows(client, board["approver"], owed="period_report") == []


def test_the_open_period_is_the_earliest_not_past_its_due_date(client, board):
    # The first semester ended; its report is due in 10 days while the second runs.
    period(board, start=-200, end=-20, due=10, name="Semestre 1")
    period(board, start=-19, end=160, due=190, name="Semestre 2")
    rows = desk_rows(client, board["approver"], owed="period_report")
    assert {r["Asunto"] for r in rows} == {"Informe del periodo «Semestre 1»"}


def test_the_reminder_announces_the_report_when_it_is_due_within_the_days(board):
    period(board, start=-30, end=5, due=20)
    run()  # due in 20 days: more than the 14 days of notice
    assert "government@example.org" not in [m.to[0] for m in mail.outbox]
    run("--date", (TODAY + 6 * DAY).isoformat())
    body = digest(board["government"])
    assert "Gasto abierto: Falta el informe del periodo («Semestre 1», vence en 14" in body
    assert "vence en 14 días" in body and "fecha límite" in body
    # Civil society owes its assessment, not the government's report.
    civil = digest(board["civil"])
    assert "informe del periodo" not in civil
    assert "Gasto abierto: Falta la valoración de la sociedad civil (GESOC" in civil


# -- Submissions waiting for review ----------------------------------------------------


def test_submissions_waiting_for_review_and_for_how_long(client, board):
    workflow = Workflow.objects.get(active=True)
    milestone = board["milestones"]["own"]
    milestone.save_revision(user=board["government"])
    workflow.start(milestone, board["government"])
    assessment = assess(board, milestone, TODAY, publish_it=False)
    workflow.start(assessment, board["civil"])
    state = assessment.current_workflow_state
    TaskState.objects.filter(pk=state.current_task_state_id).update(
        started_at=state.current_task_state.started_at - 4 * DAY
    )
    rows = desk_rows(client, board["approver"], owed="in_review")
    by_title = {r["Asunto"]: r for r in rows}
    assert set(by_title) == {"Hito own", "GESOC · Hito own"}
    page_row, voice_row = by_title["Hito own"], by_title["GESOC · Hito own"]
    assert page_row["Días en espera"] == "0" and voice_row["Días en espera"] == "4"
    assert voice_row["Detalle"] == "desde hace 4 días · envió civil"
    assert voice_row["Compromiso"] == page_row["Compromiso"] == "Gasto abierto"
    assert voice_row["Quién lo debe"] == "Administradores, Aprobadores"
    assert page_row["Dónde actuar"].endswith(
        reverse("wagtailadmin_pages:edit", args=[milestone.pk])
    )
    assert voice_row["Dónde actuar"].endswith(
        reverse("wagtailsnippets_planes_civilsocietyassessment:edit", args=[assessment.pk])
    )
    # The longest wait first (the one due for review earliest).
    assert [r["Asunto"] for r in rows] == ["GESOC · Hito own", "Hito own"]
    # The government editor sees the submissions of their commitment on the dashboard.
    assert "GESOC · Hito own" in panel(client, board["government"])
    # Approvers hear of the voice waiting more than the days allowed, with its link.
    run()
    body = digest(board["approver"])
    assert "GESOC · Hito own: En revisión desde hace 4 días" in body
    assert "/admin/snippets/planes/civilsocietyassessment/edit/" in body
    assert "Hito own: En revisión" not in body.replace("GESOC · Hito own: En revisión", "")


# -- Civil-society assessments missing ------------------------------------------------------


def test_missing_assessment_is_owed_by_the_organizations_assigned_members(client, board):
    rows = desk_rows(client, board["approver"], owed="assessment")
    assert len(rows) == 1
    row = rows[0]
    assert row["Asunto"] == "Valoración de GESOC"
    assert row["Compromiso"] == "Gasto abierto"
    assert row["Quién lo debe"] == "civil"
    milestone = board["milestones"]["own"]
    add = reverse("wagtailsnippets_planes_civilsocietyassessment:add")
    assert row["Dónde actuar"] == f"http://testserver{add}?milestone={milestone.pk}"
    # Shown to the civil editor, not to the government editor.
    assert "Valoración de GESOC" in panel(client, board["civil"])
    assert "Valoración de GESOC" not in panel(client, board["government"])
    # Published (no period: at any date), nothing is missing.
    assess(board, milestone, TODAY - 400 * DAY)
    assert desk_rows(client, board["approver"], owed="assessment") == []


def test_with_an_open_period_the_assessment_must_be_dated_in_it(client, board):
    milestone = board["milestones"]["own"]
    assessment = assess(board, milestone, TODAY - 60 * DAY)
    period(board, start=-30, end=30, due=45)
    rows = desk_rows(client, board["approver"], owed="assessment")
    assert len(rows) == 1
    # Its old assessment is the one to update.
    assert rows[0]["Dónde actuar"].endswith(
        reverse("wagtailsnippets_planes_civilsocietyassessment:edit", args=[assessment.pk])
    )
    assert rows[0]["Término o fecha límite"] == (TODAY + 45 * DAY).isoformat()
    assessment.date = TODAY - DAY
    assessment.save_revision().publish()
    assert desk_rows(client, board["approver"], owed="assessment") == []


def test_an_organization_without_assigned_members_owes_nothing_here(client, board):
    CommitmentAssignment.objects.filter(user=board["civil"]).delete()
    assert desk_rows(client, board["approver"], owed="assessment") == []


# -- Sorted, filtered, exported, counted -------------------------------------------------------


def test_everything_sorted_by_urgency_and_exported_to_xlsx(client, board):
    milestone = board["milestones"]["other"]
    milestone.start_date, milestone.end_date = TODAY - 60 * DAY, TODAY - 5 * DAY
    publish(milestone)
    period(board, start=-30, end=30, due=45)
    rows = desk_rows(client, board["approver"])
    kinds = [r["Qué se debe"] for r in rows]
    assert kinds[0] == "Vencida"  # due five days ago, before the report due in 45
    assert kinds.count("Falta el informe del periodo") == 2
    assert "Falta la valoración de la sociedad civil" in kinds
    client.force_login(board["admin"])
    xlsx = client.get(DESK, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Compromiso", "Asunto", "Qué se debe"]
    assert "Informe del periodo «Semestre 1»" in [row[1] for row in values]
    page = client.get(DESK, {"owed": "assessment"}).content.decode()
    assert "Valoración de GESOC" in page and "Informe del periodo" not in page


def test_bad_filters_are_ignored_not_an_error(client, board):
    client.force_login(board["approver"])
    response = client.get(DESK, {"owed": "todo", "plan": "x"})
    assert response.status_code == 200
    assert "Valoración de GESOC" in response.content.decode()


def grow(board, n):
    """More of every kind: commitments with milestones, editors and organizations
    assigned, submissions in review (pages and voices), published assessments."""
    workflow = Workflow.objects.get(active=True)
    for number in range(n):
        commitment = CommitmentPageFactory(parent=board["plan"], number=10 + number)
        organization = OrganizationFactory()
        commitment.organizations.set([organization])
        commitment.save_revision().publish()
        milestone = publish(
            MilestonePageFactory(
                parent=commitment,
                title=f"Más {number}",
                start_date=TODAY - 100 * DAY,
                end_date=TODAY - number * DAY,
                activities=[activity(ActivityStatus.IN_PROGRESS)],
            )
        )
        for user, role in ((board["government"], EditorRole.GOVERNMENT), (board["civil"], None)):
            CommitmentAssignment.objects.create(
                commitment=commitment, user=user, role=role or EditorRole.CIVIL_SOCIETY
            )
        Membership.objects.get_or_create(user=board["civil"], organization=organization)
        milestone.save_revision(user=board["government"])
        workflow.start(milestone, board["government"])
        voice = CivilSocietyAssessment.objects.create(
            milestone=milestone,
            organization=organization,
            stance="agree",
            completion_level="limited",
            comment="<p>Bien.</p>",
        )
        voice.save_revision()
        # Submitted by someone else: Wagtail's own "your submissions" panel would add
        # its per-item queries to the civil editor's dashboard otherwise.
        workflow.start(voice, board["admin"])


@pytest.fixture
def everything(board):
    period(board, start=-30, end=30, due=45)
    grow(board, 1)
    return board


def test_desk_query_count_constant(client, everything, django_assert_num_queries):
    client.force_login(everything["approver"])
    small = count_queries(client, DESK)
    before = len(desk_rows(client, everything["approver"]))
    grow(everything, 5)
    assert len(desk_rows(client, everything["approver"])) > before + 10
    client.force_login(everything["approver"])
    with django_assert_num_queries(small):
        assert client.get(DESK).status_code == 200
    with django_assert_num_queries(small):
        assert client.get(DESK, {"owed": "in_review"}).status_code == 200


def test_panel_query_count_constant(client, everything, django_assert_num_queries):
    for person in ("government", "civil"):
        client.force_login(everything[person])
        client.get("/admin/")  # the derived caches, rebuilt after a publication, warm
        small = count_queries(client, "/admin/")
        before = panel(client, everything[person]).count("data-owed=")
        grow(everything, 3)
        assert panel(client, everything[person]).count("data-owed=") >= before + 6
        with django_assert_num_queries(small):
            assert client.get("/admin/").status_code == 200
