"""The SQL form of the progress rules (planes/models/querysets.py) agrees with the Python
form (planes/progress.py) at and around every threshold."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo.factories import ActionPlanPageFactory, CommitmentPageFactory, MilestonePageFactory
from planes import progress
from planes.choices import CompletionLevel
from planes.models import CommitmentPage, MilestonePage

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 6, 15)
THRESHOLDS = (progress.LIMITED_FROM, progress.SUBSTANTIAL_FROM, progress.COMPLETE_AT)
#: Each threshold, a tenth (the stored precision) and a hair either side of it.
NEAR_THRESHOLDS = sorted(
    {min(100.0, max(0.0, t + d)) for t in THRESHOLDS for d in (-0.1, -1e-6, 0.0, 1e-6, 0.1)}
)
progress_values = st.one_of(
    st.sampled_from(NEAR_THRESHOLDS), st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 1))
)
dates = st.one_of(
    st.none(),
    st.sampled_from(
        [TODAY - datetime.timedelta(days=1), TODAY, TODAY + datetime.timedelta(days=1)]
    ),
    st.dates(datetime.date(2019, 1, 1), datetime.date(2023, 12, 31)),
)
HYPOTHESIS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def pages(home):
    plan = ActionPlanPageFactory(parent=home)
    commitment = CommitmentPageFactory(parent=plan)
    milestone = MilestonePageFactory(parent=commitment)
    return commitment, milestone


def matches(queryset, page) -> bool:
    return queryset.filter(pk=page.pk).exists()


@HYPOTHESIS
@given(value=progress_values, end=dates)
def test_milestone_level_and_delay(pages, value, end):
    _commitment, milestone = pages
    MilestonePage.objects.filter(pk=milestone.pk).update(progress=value, end_date=end)
    page = MilestonePage.objects.get(pk=milestone.pk)
    for level in CompletionLevel.values:
        in_sql = matches(MilestonePage.objects.at_level(level), page)
        assert in_sql == (progress.completion_level(value) == level), (value, level)
    assert matches(MilestonePage.objects.delayed(TODAY), page) == page.is_delayed(TODAY)
    assert matches(MilestonePage.objects.not_delayed(TODAY), page) != page.is_delayed(TODAY)


@HYPOTHESIS
@given(value=progress_values, pending_end=dates)
def test_commitment_level_delay_and_situation(pages, value, pending_end):
    commitment, _milestone = pages
    CommitmentPage.objects.filter(pk=commitment.pk).update(
        progress=value, pending_end_date=pending_end
    )
    page = CommitmentPage.objects.get(pk=commitment.pk)
    for level in CompletionLevel.values:
        in_sql = matches(CommitmentPage.objects.at_level(level), page)
        assert in_sql == (progress.completion_level(value) == level), (value, level)
    delayed = page.is_delayed(TODAY)
    assert matches(CommitmentPage.objects.delayed(TODAY), page) == delayed
    expected = progress.situation(page.is_complete, delayed)
    for key in progress.SITUATIONS:
        assert matches(CommitmentPage.objects.in_situation(key, TODAY), page) == (key == expected)
