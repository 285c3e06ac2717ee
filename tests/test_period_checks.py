"""Issue #16, checked again: generated periods never overlap, the history downloads,
the API and the report agree on which pages they show, closed periods stay read-only."""

import datetime
import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from planes.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def signed_in_superuser(client):
    user = get_user_model().objects.create_superuser("revisora", "r@example.org", "x")
    client.force_login(user)
    return client


def _overlaps(periods):
    ordered = sorted(periods, key=lambda p: p.start_date)
    return [(a.name, b.name) for a, b in itertools.pairwise(ordered) if b.start_date <= a.end_date]


def test_generating_never_overlaps_existing_periods(admin_client, public_plan):
    plan = public_plan.plan
    plan.start_date, plan.end_date = datetime.date(2019, 9, 1), datetime.date(2021, 8, 31)
    plan.save()
    # Four semesters, the first closed; then quarters are asked for over the same dates.
    semesters = admin_client.post(
        reverse("periodos:generate"), {"plan": plan.pk, "months": 6, "report_days": 30}
    )
    assert semesters.status_code == 302
    first = ReportingPeriod.objects.filter(plan=plan).order_by("start_date").first()
    call_command("close_period", first.pk, stdout=io.StringIO())
    # One semester is deleted, leaving a gap that quarters may fill.
    ReportingPeriod.objects.get(plan=plan, name="Periodo 3").delete()
    response = admin_client.post(
        reverse("periodos:generate"),
        {"plan": plan.pk, "months": 3, "report_days": 30},
        follow=True,
    )
    page = response.content.decode()
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    assert _overlaps(periods) == []
    new = sorted(
        (p.start_date, p.end_date, p.name)
        for p in periods
        if p.name not in {"Periodo 1", "Periodo 2", "Periodo 4"}
    )
    # The gap (2020-09-01 – 2021-02-28) is filled with its two quarters, nothing else.
    assert [(s, e) for s, e, _n in new] == [
        (datetime.date(2020, 9, 1), datetime.date(2020, 11, 30)),
        (datetime.date(2020, 12, 1), datetime.date(2021, 2, 28)),
    ]
    assert {n for _s, _e, n in new} == {"Periodo 3", "Periodo 5"}
    assert "Se crearon 2 periodos." in page
    assert "«Periodo 1 (01/09/2019–29/02/2020)»" in page
    # Generating again: everything is covered, nothing is created, the message says so.
    again = admin_client.post(
        reverse("periodos:generate"),
        {"plan": plan.pk, "months": 3, "report_days": 30},
        follow=True,
    ).content.decode()
    assert "No se creó ningún periodo" in again
    assert ReportingPeriod.objects.filter(plan=plan).count() == len(periods)


def test_one_generated_period_is_said_in_the_singular(admin_client, public_plan):
    plan = public_plan.plan
    plan.start_date, plan.end_date = datetime.date(2020, 1, 1), datetime.date(2020, 6, 30)
    plan.save()
    page = admin_client.post(
        reverse("periodos:generate"),
        {"plan": plan.pk, "months": 6, "report_days": 30},
        follow=True,
    ).content.decode()
    assert "Se creó 1 periodo." in page


def test_quarters_over_the_demos_semesters_create_no_overlap(demo, client):
    from planes.models import ActionPlanPage

    admin_client = signed_in_superuser(client)

    plan = ActionPlanPage.objects.get()
    before = ReportingPeriod.objects.filter(plan=plan).count()
    admin_client.post(
        reverse("periodos:generate"), {"plan": plan.pk, "months": 3, "report_days": 30}
    )
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    assert _overlaps(periods) == []
    assert len(periods) == before  # the semesters already cover the plan's dates
    open_ones = [p for p in periods if not p.is_closed]
    assert len({(p.start_date, p.end_date) for p in open_ones}) == len(open_ones)
