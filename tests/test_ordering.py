"""Inline children (activities, progress updates, minutes) have one defined order everywhere.

Children built outside the admin's formset carry no ``sort_order`` of their own;
on PostgreSQL an ORDER BY over NULLs follows the heap, which an UPDATE reshuffles.
These tests build such children, touch the first one so PostgreSQL would move it,
and read the order back from the public page, the API, the exports and the editor.
"""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.utils.html import escape

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    DocumentFactory,
    MilestonePageFactory,
    ProgressUpdateFactory,
    activity,
)
from planes.choices import ActivityStatus as S
from planes.models import Activity, MilestonePage, PlanMinutes, ProgressUpdate
from tests.admin_forms import page_form_data
from tests.helpers import edit_url, publish

pytestmark = pytest.mark.django_db

TITLES = ["Zanjar el padrón", "Abrir la convocatoria", "Medir la cobertura", "Borrar duplicados"]
SAME_DAY = datetime.date(2020, 6, 1)
UPDATES = ["<p>Tercera nota</p>", "<p>Primera nota</p>", "<p>Segunda nota</p>"]


@pytest.fixture
def milestone(home):
    plan = publish(ActionPlanPageFactory(parent=home))
    commitment = publish(CommitmentPageFactory(parent=plan))
    page = MilestonePageFactory(
        parent=commitment,
        activities=[activity(S.COMPLETED, title=title) for title in TITLES],
        updates=[ProgressUpdateFactory.build(date=SAME_DAY, text=text) for text in UPDATES],
    )
    page = publish(page)
    # Any later write to one row (a script, a data fix) moves its tuple to the end
    # of PostgreSQL's heap, which is what shuffled NULL-ordered rows before.
    first_activity = Activity.objects.filter(milestone=page).order_by("pk").first()
    Activity.objects.filter(pk=first_activity.pk).update(description="Revisada")
    first_update = ProgressUpdate.objects.filter(milestone=page).order_by("pk").first()
    ProgressUpdate.objects.filter(pk=first_update.pk).update(text=UPDATES[0])
    return MilestonePage.objects.get(pk=page.pk)


def in_order(text: str, needles: list[str]) -> list[str]:
    """The needles, sorted by where they first appear in ``text``."""
    positions = {needle: text.index(needle) for needle in needles}
    return sorted(needles, key=positions.__getitem__)


def test_every_child_is_numbered_when_saved(milestone):
    assert not Activity.objects.filter(sort_order__isnull=True).exists()
    assert not ProgressUpdate.objects.filter(sort_order__isnull=True).exists()
    orders = list(milestone.activities.values_list("sort_order", flat=True))
    assert orders == sorted(set(orders)), "distinct, increasing numbers"


def test_activities_in_the_same_order_on_site_api_exports_and_editor(
    client, admin_client, milestone
):
    expected = TITLES
    assert [a.title for a in milestone.activities.all()] == expected

    site = client.get(milestone.url).content.decode()
    assert in_order(site, [escape(t) for t in TITLES]) == [escape(t) for t in expected]

    api = client.get(f"/api/v2/pages/{milestone.pk}/").json()
    assert [a["title"] for a in api["activities"]] == expected

    plan_id = milestone.get_parent().get_parent().pk
    rows = client.get(f"/datos/planes/{plan_id}/evidencias.json").json()["rows"]
    assert [r["activity_title"] for r in rows] == expected

    form = page_form_data(admin_client, edit_url(milestone), "page-edit-form")
    assert [form[f"activities-{i}-title"] for i in range(len(TITLES))] == expected


def test_updates_of_one_day_in_the_same_order_on_site_api_and_editor(
    client, admin_client, milestone
):
    expected = [re.sub("<.*?>", "", text) for text in UPDATES]
    site = client.get(milestone.url).content.decode()
    assert in_order(site, expected) == expected

    api = client.get(f"/api/v2/pages/{milestone.pk}/").json()
    assert [re.sub("<.*?>", "", u["text"]) for u in api["updates"]] == expected

    form = page_form_data(admin_client, edit_url(milestone), "page-edit-form")
    texts = [form[f"updates-{i}-text"] for i in range(len(UPDATES))]
    assert [next(e for e in expected if e in text) for text in texts] == expected


def test_updates_newest_first_then_in_the_order_given(milestone):
    page = MilestonePage.objects.get(pk=milestone.pk)
    page.updates = [
        *page.updates.all(),
        ProgressUpdateFactory.build(date=SAME_DAY + datetime.timedelta(days=1), text="<p>Más</p>"),
    ]
    page = publish(page)
    texts = [u.text for u in page.updates.all()]
    assert texts == ["<p>Más</p>", *UPDATES]


def test_a_child_added_to_a_draft_goes_last_in_the_draft_and_once_published(milestone):
    page = MilestonePage.objects.get(pk=milestone.pk)
    page.activities = [*page.activities.all(), activity(title="Nueva al final")]
    revision = page.save_revision()
    draft = revision.as_object()
    assert [a.title for a in draft.activities.all()] == [*TITLES, "Nueva al final"]
    revision.publish()
    live = MilestonePage.objects.get(pk=milestone.pk)
    assert [a.title for a in live.activities.all()] == [*TITLES, "Nueva al final"]


def test_minutes_by_meeting_date_then_as_given(home):
    document = DocumentFactory()
    plan = ActionPlanPageFactory(
        parent=home,
        minutes=[
            PlanMinutes(title=title, date=date, document=document)
            for title, date in [
                ("Sesión extraordinaria", datetime.date(2020, 3, 1)),
                ("Primera sesión", datetime.date(2020, 1, 15)),
                ("Sesión ordinaria", datetime.date(2020, 3, 1)),
            ]
        ],
    )
    plan = publish(plan)
    assert [m.title for m in plan.minutes.all()] == [
        "Primera sesión",
        "Sesión extraordinaria",
        "Sesión ordinaria",
    ]


def test_migration_numbers_null_rows_in_the_order_postgresql_showed(milestone):
    """The data migration fills NULLs after the numbered rows, by primary key."""
    migration = importlib.import_module("planes.migrations.0003_fill_sort_order")
    first, second, third, fourth = milestone.activities.order_by("pk")
    Activity.objects.filter(pk__in=[first.pk, third.pk]).update(sort_order=None)
    Activity.objects.filter(pk=second.pk).update(sort_order=7)
    Activity.objects.filter(pk=fourth.pk).update(sort_order=3)

    migration.fill_sort_order(apps, None)

    ordered = list(Activity.objects.filter(milestone=milestone).values_list("pk", "sort_order"))
    assert ordered == [(fourth.pk, 0), (second.pk, 1), (first.pk, 2), (third.pk, 3)]
