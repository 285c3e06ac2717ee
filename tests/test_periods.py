"""Reporting periods: closing stores the published figures as immutable snapshots
(through the admin and the command); later edits, unpublishing and deletion never
change them; reopening is an administrator's logged action."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from planes.choices import ActivityStatus as S
from planes.models import MilestonePage, PeriodSnapshot, PeriodStatus, ReportingPeriod
from planes.periods import generate_periods
from planes.permissions import ADMINISTRATORS, APPROVERS
from tests.helpers import publish

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def period(public_plan):
    return ReportingPeriod.objects.create(
        plan=public_plan.plan,
        name="Semestre 1",
        start_date=datetime.date(2019, 9, 1),
        end_date=datetime.date(2020, 2, 29),
    )


@pytest.fixture
def people(groups):
    approver = User.objects.create_user("aprobadora", "a@example.org", "x")
    approver.groups.add(groups[APPROVERS])
    admin = User.objects.create_user("administradora", "ad@example.org", "x")
    admin.groups.add(groups[ADMINISTRATORS])
    return {"approver": approver, "admin": admin}


def close_url(period):
    return reverse("periodos:close", args=[period.pk])


def test_an_approver_closes_a_period_through_the_admin(client, period, people, public_plan):
    client.force_login(people["approver"])
    confirm = client.get(close_url(period))
    assert confirm.status_code == 200
    assert "sin posibilidad de cambio" in confirm.content.decode()
    response = client.post(close_url(period))
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED and period.closed_by == people["approver"]
    snapshots = PeriodSnapshot.objects.filter(period=period)
    on_track = snapshots.get(page_id=public_plan.on_track.pk)
    assert on_track.progress == public_plan.on_track.progress == 50
    assert on_track.activities_done == 1 and on_track.activities_total == 2
    assert on_track.evidence_count == 1
    assert on_track.parent_page_id == public_plan.first.pk
    # Only published pages: the never-published drafts are not in the snapshot.
    assert not snapshots.filter(title="Borrador secreto").exists()
    assert snapshots.filter(kind="plan").get().page_id == public_plan.plan.pk
    assert ModelLogEntry.objects.filter(action="tablero.period.closed").exists()


def test_snapshots_never_change_after_edits_unpublishing_or_deletion(period, public_plan):
    call_command("close_period", period.pk, stdout=io.StringIO())
    before = {s.page_id: (s.title, s.progress) for s in PeriodSnapshot.objects.all()}
    milestone = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    milestone.title = "Otro título"
    for activity in milestone.activities.all():
        activity.status = S.NOT_STARTED
        activity.evidence = []
    publish(milestone)
    MilestonePage.objects.get(pk=public_plan.late.pk).unpublish()
    MilestonePage.objects.get(pk=public_plan.verified.pk).delete()
    after = {s.page_id: (s.title, s.progress) for s in PeriodSnapshot.objects.all()}
    assert after == before
    snapshot = PeriodSnapshot.objects.get(page_id=public_plan.on_track.pk)
    snapshot.progress = 0
    with pytest.raises(ValidationError):
        snapshot.save()


def test_a_closed_period_cannot_be_closed_again_nor_edited(client, period, people):
    client.force_login(people["admin"])
    client.post(close_url(period))
    response = client.post(close_url(period), follow=True)
    assert "ya está cerrado" in response.content.decode()
    assert PeriodSnapshot.objects.filter(period=period).count() > 0
    count = PeriodSnapshot.objects.count()
    edit = client.post(
        reverse("periodos:edit", args=[period.pk]),
        {
            "plan": period.plan_id,
            "name": "Cambiado",
            "start_date": "2019-01-01",
            "end_date": "2019-12-31",
            "due_date": "",
        },
    )
    assert edit.status_code == 302  # back to the listing, which says why
    assert client.get(reverse("periodos:edit", args=[period.pk])).status_code == 302
    listing = client.get(reverse("periodos:index")).content.decode()
    assert "está cerrado y no se edita" in listing
    period.refresh_from_db()
    assert period.name == "Semestre 1" and PeriodSnapshot.objects.count() == count
    client.post(reverse("periodos:delete", args=[period.pk]))
    assert ReportingPeriod.objects.filter(pk=period.pk).exists()


def test_only_administrators_reopen_and_it_is_logged(client, period, people):
    call_command("close_period", period.pk, stdout=io.StringIO())
    client.force_login(people["approver"])
    assert client.post(reverse("periodos:reopen", args=[period.pk])).status_code in (302, 403)
    period.refresh_from_db()
    assert period.is_closed
    client.force_login(people["admin"])
    assert client.post(reverse("periodos:reopen", args=[period.pk])).status_code == 302
    period.refresh_from_db()
    assert not period.is_closed
    assert ModelLogEntry.objects.filter(action="tablero.period.reopened").exists()
    kept = PeriodSnapshot.objects.filter(period=period)
    assert kept.exists() and not kept.current().exists()
    call_command("close_period", period.pk, stdout=io.StringIO())
    assert PeriodSnapshot.objects.filter(period=period).current().exists()


def test_editors_cannot_close(client, period, public_plan, groups):
    editor = User.objects.create_user("editora", "e@example.org", "x")
    from planes.models import CommitmentAssignment, EditorRole

    CommitmentAssignment.objects.create(
        commitment=public_plan.first, user=editor, role=EditorRole.GOVERNMENT
    )
    client.force_login(editor)
    client.post(close_url(period))
    period.refresh_from_db()
    assert not period.is_closed


def test_periods_are_generated_from_the_plans_dates(client, public_plan, people):
    plan = public_plan.plan
    plan.start_date, plan.end_date = datetime.date(2019, 9, 1), datetime.date(2021, 8, 31)
    plan.save()
    client.force_login(people["admin"])
    response = client.post(
        reverse("periodos:generate"), {"plan": plan.pk, "months": 6, "report_days": 30}
    )
    assert response.status_code == 302
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    assert [(p.start_date, p.end_date) for p in periods][:2] == [
        (datetime.date(2019, 9, 1), datetime.date(2020, 2, 29)),
        (datetime.date(2020, 3, 1), datetime.date(2020, 8, 31)),
    ]
    assert len(periods) == 4 and periods[-1].end_date == plan.end_date
    assert periods[0].due_date == datetime.date(2020, 3, 30)
    assert generate_periods(plan) == []  # idempotent


def test_overlapping_periods_are_refused_in_the_admin(client, period, people):
    client.force_login(people["admin"])
    response = client.post(
        reverse("periodos:add"),
        {
            "plan": period.plan_id,
            "name": "Cruzado",
            "start_date": "2020-01-01",
            "end_date": "2020-06-30",
            "due_date": "",
        },
    )
    assert response.status_code == 200
    assert "se cruzan con el periodo «Semestre 1»" in response.content.decode()
    assert not ReportingPeriod.objects.filter(name="Cruzado").exists()


def test_closing_takes_a_fixed_number_of_queries(
    period, public_plan, django_assert_max_num_queries
):
    from planes.periods import close_period

    with django_assert_max_num_queries(20):
        close_period(period)


def test_the_listing_offers_close_to_approvers_and_reopen_to_administrators(client, period, people):
    client.force_login(people["approver"])
    listing = client.get(reverse("periodos:index")).content.decode()
    assert close_url(period) in listing
    call_command("close_period", period.pk, stdout=io.StringIO())
    listing = client.get(reverse("periodos:index")).content.decode()
    assert reverse("periodos:reopen", args=[period.pk]) not in listing
    client.force_login(people["admin"])
    listing = client.get(reverse("periodos:index")).content.decode()
    assert reverse("periodos:reopen", args=[period.pk]) in listing
    assert "Cerrado" in listing


def test_the_demo_closes_illustrative_periods_once(demo):
    from planes.models import ActionPlanPage

    plan = ActionPlanPage.objects.get()
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    assert len(periods) == 4
    closed = [p for p in periods if p.is_closed]
    assert len(closed) == 3
    figures = [PeriodSnapshot.objects.get(period=p, kind="plan").progress for p in closed]
    assert figures == sorted(figures) and figures[-1] <= plan.progress
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert PeriodSnapshot.objects.count() == sum(
        PeriodSnapshot.objects.filter(period=p).count() for p in closed
    )
    assert ReportingPeriod.objects.filter(plan=plan).count() == 4


def test_commitment_and_milestone_pages_show_the_history(client, period, public_plan):
    call_command("close_period", period.pk, stdout=io.StringIO())
    milestone = public_plan.on_track
    page = client.get(milestone.url).content.decode()
    assert "Avance por periodo" in page and "Semestre 1" in page
    assert "<svg" in page and "Al cierre de «Semestre 1»: 50 %" in page
    # A milestone advances after the close: the commitment says what changed.
    fresh = MilestonePage.objects.get(pk=milestone.pk)
    for activity in fresh.activities.all():
        if activity.status == S.IN_PROGRESS:
            activity.status = S.COMPLETED
            activity.evidence = [
                (
                    "evidence",
                    {
                        "title": "Acta",
                        "date": datetime.date(2020, 5, 1),
                        "kind": "deliverable",
                        "document": None,
                        "url": "https://www.gob.mx/sfp",
                    },
                )
            ]
            activity.save()
    publish(fresh)
    commitment = client.get(public_plan.first.url).content.decode()
    assert "Qué cambió desde el cierre de «Semestre 1»" in commitment
    section = commitment[commitment.index("Qué cambió") :]
    assert "avanzó de 50 % a 100 %" in section[:800] and "1 evidencia nueva" in section[:800]


def test_no_history_before_the_first_close(client, period, public_plan):
    page = client.get(public_plan.on_track.url).content.decode()
    assert "Avance por periodo" not in page


def test_pages_with_history_keep_a_constant_number_of_queries(
    client, public_plan, django_assert_num_queries
):
    from tests.helpers import count_queries

    plan = public_plan.plan
    first = ReportingPeriod.objects.create(
        plan=plan,
        name="P1",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2019, 6, 30),
    )
    call_command("close_period", first.pk, stdout=io.StringIO())
    urls = [public_plan.first.url, public_plan.on_track.url]
    baseline = {url: count_queries(client, url) for url in urls}
    for number in range(2, 6):
        extra = ReportingPeriod.objects.create(
            plan=plan,
            name=f"P{number}",
            start_date=datetime.date(2019 + number, 1, 1),
            end_date=datetime.date(2019 + number, 6, 30),
        )
        call_command("close_period", extra.pk, stdout=io.StringIO())
    for url in urls:
        with django_assert_num_queries(baseline[url]):
            client.get(url)


def test_the_plan_dashboard_shows_its_history_and_sorts_by_change(client, period, public_plan):
    call_command("close_period", period.pk, stdout=io.StringIO())
    # After the close, the second commitment's milestone loses its verified activity.
    fresh = MilestonePage.objects.get(pk=public_plan.verified.pk)
    for activity in fresh.activities.all():
        activity.status = S.IN_PROGRESS
        activity.save()
    publish(fresh)
    page = client.get(public_plan.plan.url, {"orden": "-cambio"}).content.decode()
    assert "Avance por periodo" in page
    cards = page[page.index('id="compromisos"') :]
    assert cards.index("Fideicomisos") < cards.index("Gasto abierto")
    assert "-100 puntos desde el último cierre" in cards
    assert "sin cambio desde el último cierre" in cards
    page = client.get(public_plan.plan.url, {"orden": "cambio"}).content.decode()
    cards = page[page.index('id="compromisos"') :]
    assert cards.index("Gasto abierto") < cards.index("Fideicomisos")


def test_the_history_is_open_data(client, period, public_plan):
    import csv

    call_command("close_period", period.pk, stdout=io.StringIO())
    response = client.get(f"/datos/planes/{public_plan.plan.pk}/historia.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    kinds = [row["kind"] for row in rows]
    assert kinds[0] == "plan" and "commitment" in kinds and "milestone" in kinds
    on_track = next(row for row in rows if row["page_id"] == str(public_plan.on_track.pk))
    assert on_track["period_name"] == "Semestre 1" and float(on_track["progress"]) == 50
    assert client.get(f"/datos/planes/{public_plan.plan.pk}/historia.xlsx").status_code == 200
    data = client.get(f"/datos/planes/{public_plan.plan.pk}/historia.json").json()
    assert len(data["rows"]) == len(rows)
    dictionary = client.get("/datos/").content.decode()
    assert "Historia por periodo" in dictionary and "period_name" in dictionary


def test_an_update_reported_after_its_period_closed_is_marked_late(client, period, public_plan):
    from demo.factories import ProgressUpdateFactory

    milestone = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    publish(milestone)  # its existing update: published before the close
    call_command("close_period", period.pk, stdout=io.StringIO())
    milestone = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    sfp = milestone.updates.first().author_institution
    late = ProgressUpdateFactory.build(
        date=datetime.date(2020, 1, 15), author_institution=sfp, text="<p>Informe tardío</p>"
    )
    fresh = ProgressUpdateFactory.build(
        date=datetime.date(2020, 6, 1), author_institution=sfp, text="<p>Informe a tiempo</p>"
    )
    milestone.updates.add(late, fresh)
    publish(milestone)
    page = client.get(milestone.url).content.decode()
    updates = page[page.index('id="actualizaciones"') :]
    tardy = updates[updates.index("Informe tardío") - 400 : updates.index("Informe tardío")]
    timely = updates[updates.index("Informe a tiempo") - 400 : updates.index("Informe a tiempo")]
    assert "informado después del cierre" in tardy
    assert "informado después del cierre" not in timely
    assert updates.count("informado después del cierre") == 1
    # The API says the same, in the milestone's detail and in a listing.
    detail = client.get(f"/api/v2/pages/{milestone.pk}/").json()
    marks = {u["text"]: u["reported_late"] for u in detail["updates"]}
    assert marks == {
        "<p>Informe tardío</p>": True,
        "<p>Informe a tiempo</p>": False,
        **{
            t: False for t in marks if t not in ("<p>Informe tardío</p>", "<p>Informe a tiempo</p>")
        },
    }
    listing = client.get(
        "/api/v2/pages/", {"type": "planes.MilestonePage", "fields": "updates"}
    ).json()
    item = next(i for i in listing["items"] if i["id"] == milestone.pk)
    assert [u["reported_late"] for u in item["updates"]].count(True) == 1
