"""«Por vencer» and «sin actualizar» (planes/progress.py): their boundaries, the SQL form
(planes/models/querysets.py) agreeing with the Python one, the site's settings, and the
warnings in the public pages, the API and the open data."""

import csv
import datetime
import io

import pytest

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    MilestonePageFactory,
    ProgressUpdateFactory,
    activity,
    evidence,
)
from planes import progress
from planes.choices import ActivityStatus
from planes.models import CommitmentPage, FollowUpSettings, MilestonePage
from tests.helpers import publish

TODAY = datetime.date(2021, 6, 15)
DAY = datetime.timedelta(days=1)


# -- The rules, at their boundaries ---------------------------------------------------


@pytest.mark.parametrize(
    ("end", "days", "done", "expected"),
    [
        (TODAY, 30, False, True),  # ends today: due, not yet delayed
        (TODAY + 30 * DAY, 30, False, True),  # the last day of the window
        (TODAY + 31 * DAY, 30, False, False),
        (TODAY - DAY, 30, False, False),  # passed: delayed, not due soon
        (TODAY, 0, False, True),  # zero days: only what ends today
        (TODAY + DAY, 0, False, False),
        (TODAY, 30, True, False),  # done is never due
        (None, 30, False, False),
    ],
)
def test_due_soon_boundaries(end, days, done, expected):
    assert progress.is_due_soon(end, done, days, TODAY) is expected
    if end is not None and end == TODAY:
        assert not progress.is_delayed(end, done, TODAY)


@pytest.mark.parametrize(
    ("reported", "start", "days", "done", "expected"),
    [
        (TODAY - 90 * DAY, None, 90, False, False),  # exactly 90 days ago: not yet
        (TODAY - 91 * DAY, None, 90, False, True),
        (TODAY, None, 0, False, False),  # zero days: reported today is fine
        (TODAY - DAY, None, 0, False, True),  # ...yesterday is not
        (None, TODAY - 91 * DAY, 90, False, True),  # never reported, begun long ago
        (None, TODAY - 90 * DAY, 90, False, False),
        (None, TODAY + DAY, 0, False, False),  # not begun
        (None, None, 0, False, False),
        (TODAY - 400 * DAY, None, 90, True, False),  # done is never stale
        (TODAY - 10 * DAY, TODAY - 400 * DAY, 90, False, False),  # a report resets it
    ],
)
def test_stale_boundaries(reported, start, days, done, expected):
    assert progress.is_stale(reported, start, done, days, TODAY) is expected


# -- SQL and Python agree ---------------------------------------------------------------

DATES = [None, TODAY - 91 * DAY, TODAY - 90 * DAY, TODAY - DAY, TODAY, TODAY + DAY]
DAYS = [0, 1, 90]


@pytest.fixture
def pages(home):
    plan = ActionPlanPageFactory(parent=home)
    commitment = CommitmentPageFactory(parent=plan)
    milestone = MilestonePageFactory(parent=commitment)
    return commitment, milestone


def matches(queryset, page) -> bool:
    return queryset.filter(pk=page.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [0, 99.9, 100])
def test_querysets_agree_with_the_rules(pages, value):
    commitment, milestone = pages
    for model, page, due_field in (
        (MilestonePage, milestone, "end_date"),
        (CommitmentPage, commitment, "pending_end_date"),
    ):
        for due in DATES:
            for reported in DATES[:4]:
                model.objects.filter(pk=page.pk).update(
                    progress=value,
                    **{due_field: due},
                    follow_up_date=reported or TODAY - 95 * DAY,
                    last_reported_date=reported,
                    start_date=TODAY - 95 * DAY,
                )
                fresh = model.objects.get(pk=page.pk)
                for days in DAYS:
                    due_soon = fresh.is_due_soon(TODAY, days)
                    stale = fresh.is_stale(TODAY, days)
                    assert matches(model.objects.due_soon(TODAY, days), fresh) == due_soon
                    assert matches(model.objects.not_due_soon(TODAY, days), fresh) != due_soon
                    assert matches(model.objects.stale(TODAY, days), fresh) == stale
                    assert matches(model.objects.not_stale(TODAY, days), fresh) != stale


# -- Stored dates: only what is published counts ------------------------------------------


@pytest.mark.django_db
def test_last_reported_date_comes_from_published_updates_and_evidence(pages):
    commitment, milestone = pages
    milestone.activities = [
        activity(ActivityStatus.COMPLETED, evidence=[evidence()]),  # dated 2020-03-01
    ]
    ProgressUpdateFactory.build(milestone=milestone, date=datetime.date(2020, 2, 1))
    milestone.updates = [ProgressUpdateFactory.build(date=datetime.date(2020, 2, 1))]
    milestone = publish(milestone)
    assert milestone.last_reported_date == datetime.date(2020, 3, 1)
    assert CommitmentPage.objects.get(pk=commitment.pk).last_reported_date == datetime.date(
        2020, 3, 1
    )
    # A draft's newer update is not published: the dates stay.
    milestone.updates = [
        *milestone.updates.all(),
        ProgressUpdateFactory.build(date=datetime.date(2020, 5, 1)),
    ]
    milestone.save_revision()
    assert MilestonePage.objects.get(pk=milestone.pk).last_reported_date == datetime.date(
        2020, 3, 1
    )
    assert CommitmentPage.objects.get(pk=commitment.pk).last_reported_date == datetime.date(
        2020, 3, 1
    )


# -- The site's settings ------------------------------------------------------------------


@pytest.mark.django_db
def test_days_come_from_the_site_settings(pages, home):
    from wagtail.models import Site

    _commitment, milestone = pages
    today = datetime.date.today()
    MilestonePage.objects.filter(pk=milestone.pk).update(end_date=today + 10 * DAY)
    assert MilestonePage.objects.due_soon().filter(pk=milestone.pk).exists()  # default 30
    settings = FollowUpSettings.for_site(Site.objects.get(is_default_site=True))
    settings.due_soon_days = 5
    settings.save()
    assert not MilestonePage.objects.due_soon().filter(pk=milestone.pk).exists()
    assert not MilestonePage.objects.get(pk=milestone.pk).due_soon


@pytest.mark.django_db
def test_settings_are_edited_in_the_admin(admin_client, home):
    from django.urls import reverse
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["planes", "followupsettings", site.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "para «por vencer»" in response.content.decode()
    data = {
        "due_soon_days": "15",
        "stale_days": "60",
        "report_due_days": "7",
        "review_wait_days": "2",
        "digest_frequency": "weekly",
    }
    assert admin_client.post(url, data).status_code == 302
    assert FollowUpSettings.for_site(site).stale_days == 60
    bad = admin_client.post(url, {**data, "stale_days": "-1"})
    assert bad.status_code == 200
    assert "mayor o igual a 0" in bad.content.decode()


# -- Public page, API, open data ------------------------------------------------------------


@pytest.fixture
def warned(home):
    """A published plan: one commitment due soon, one stale, one neither."""
    today = datetime.date.today()
    plan = publish(ActionPlanPageFactory(parent=home))
    made = {}
    for key, end, start in (
        ("due", today + 3 * DAY, today - 10 * DAY),
        ("stale", today + 300 * DAY, today - 200 * DAY),
        ("fine", today + 300 * DAY, today + 10 * DAY),
    ):
        commitment = publish(CommitmentPageFactory(parent=plan, title=f"Compromiso {key}"))
        publish(
            MilestonePageFactory(
                parent=commitment,
                title=f"Acción {key}",
                start_date=start,
                end_date=end,
                activities=[activity(ActivityStatus.IN_PROGRESS)],
            )
        )
        made[key] = CommitmentPage.objects.get(pk=commitment.pk)
    return plan, made


@pytest.mark.django_db
def test_warnings_on_the_plan_page_and_its_filter(client, warned):
    plan, made = warned
    page = client.get(plan.url).content.decode()
    assert "Por vencer" in page and "Sin actualizar" in page
    due = client.get(plan.url, {"situacion": "due_soon"}).content.decode()
    assert "Compromiso due" in due and "Compromiso stale" not in due
    stale = client.get(plan.url, {"situacion": "stale"}).content.decode()
    assert "Compromiso stale" in stale and "Compromiso due" not in stale


@pytest.mark.django_db
def test_warnings_in_the_api(client, warned):
    _plan, made = warned
    base = "/api/v2/pages/"
    rows = client.get(
        base, {"type": "planes.CommitmentPage", "fields": "due_soon,stale,last_reported_date"}
    ).json()["items"]
    by_title = {row["title"]: row for row in rows}
    assert by_title["Compromiso due"]["due_soon"] is True
    assert by_title["Compromiso stale"]["stale"] is True
    assert by_title["Compromiso fine"]["due_soon"] is False
    assert by_title["Compromiso fine"]["stale"] is False
    for params, expected in (
        ({"situation": "due_soon"}, {"Compromiso due"}),
        ({"stale": "true"}, {"Compromiso stale"}),
        ({"due_soon": "0"}, {"Compromiso stale", "Compromiso fine"}),
    ):
        listed = client.get(base, {"type": "planes.CommitmentPage", **params}).json()["items"]
        assert {row["title"] for row in listed} == expected, params
    milestones = client.get(base, {"type": "planes.MilestonePage", "stale": "1"}).json()
    assert [row["title"] for row in milestones["items"]] == ["Acción stale"]
    bad = client.get(base, {"type": "planes.CommitmentPage", "stale": "quizá"})
    assert bad.status_code == 400
    assert "«stale» debe ser true o false." in bad.content.decode()


@pytest.mark.django_db
def test_warnings_in_the_open_data(client, warned):
    plan, _made = warned
    response = client.get(f"/datos/planes/{plan.pk}/compromisos.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_title = {row["title"]: row for row in rows}
    assert by_title["Compromiso due"]["due_soon"] == "true"
    assert by_title["Compromiso stale"]["stale"] == "true"
    assert by_title["Compromiso fine"]["stale"] == "false"
    milestones = client.get(f"/datos/planes/{plan.pk}/acciones-clave.json").json()
    print(milestones.keys() if isinstance(milestones, dict) else milestones[:1])
