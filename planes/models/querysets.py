"""The SQL form of the progress rules, built from planes/progress.py's constants.

progress.py says in Python what a completion level, "delayed" and a
commitment's situation are; these querysets say the same in SQL, over the
figures stored on the pages, so listings, counts, filters, the API and the
exports can select by them without loading every page. A property test
(tests/test_querysets.py) checks that both forms agree at and around every
threshold.
"""

import datetime

from django.db.models import Q
from wagtail.models import PageManager, PageQuerySet

from .. import progress
from ..choices import CompletionLevel
from .followup import followup_days

#: SQL condition for each completion level (progress.completion_level).
LEVEL_CONDITIONS = {
    CompletionLevel.NOT_STARTED: Q(progress__lte=progress.LIMITED_FROM),
    CompletionLevel.LIMITED: Q(
        progress__gt=progress.LIMITED_FROM, progress__lt=progress.SUBSTANTIAL_FROM
    ),
    CompletionLevel.SUBSTANTIAL: Q(
        progress__gte=progress.SUBSTANTIAL_FROM, progress__lt=progress.COMPLETE_AT
    ),
    CompletionLevel.COMPLETE: Q(progress__gte=progress.COMPLETE_AT),
}


class ProgressQuerySet(PageQuerySet):
    """Pages with stored progress figures (StoredProgressMixin)."""

    def at_level(self, level: str):
        """Pages at a completion level (``CompletionLevel`` value)."""
        return self.filter(LEVEL_CONDITIONS[CompletionLevel(level)])

    def delayed(self, today: datetime.date | None = None):
        return self.filter(self.delayed_condition(today))

    def not_delayed(self, today: datetime.date | None = None):
        return self.exclude(self.delayed_condition(today))

    @staticmethod
    def delayed_condition(today: datetime.date | None = None) -> Q:
        raise NotImplementedError

    #: The field whose date makes a page "por vencer" (progress.is_due_soon).
    due_field = "end_date"

    def due_soon(self, today: datetime.date | None = None, days: int | None = None):
        """Pages "por vencer" (progress.is_due_soon), with the site's days unless given."""
        return self.filter(self.due_soon_condition(today, days))

    def stale(self, today: datetime.date | None = None, days: int | None = None):
        """Pages "sin actualizar" (progress.is_stale), with the site's days unless given."""
        return self.filter(self.stale_condition(today, days))

    def not_due_soon(self, today: datetime.date | None = None, days: int | None = None):
        return self.exclude(self.due_soon_condition(today, days))

    def not_stale(self, today: datetime.date | None = None, days: int | None = None):
        return self.exclude(self.stale_condition(today, days))

    def due_soon_condition(self, today=None, days=None) -> Q:
        today = today or datetime.date.today()
        days = _days(days, 0)
        return (
            Q(
                **{
                    f"{self.due_field}__gte": today,
                    f"{self.due_field}__lte": progress.due_soon_limit(today, days),
                }
            )
            & ~LEVEL_CONDITIONS[CompletionLevel.COMPLETE]
        )

    @staticmethod
    def stale_condition(today=None, days=None) -> Q:
        """``follow_up_date``: the last published report, or else when the work began."""
        today = today or datetime.date.today()
        limit = progress.stale_limit(today, _days(days, 1))
        return Q(follow_up_date__lt=limit) & ~LEVEL_CONDITIONS[CompletionLevel.COMPLETE]


class MilestoneQuerySet(ProgressQuerySet):
    @staticmethod
    def delayed_condition(today: datetime.date | None = None) -> Q:
        """MilestonePage.is_delayed: the end date passed and not complete."""
        return Q(end_date__lt=today or datetime.date.today(), progress__lt=progress.COMPLETE_AT)


class CommitmentQuerySet(ProgressQuerySet):
    due_field = "pending_end_date"

    @staticmethod
    def delayed_condition(today: datetime.date | None = None) -> Q:
        """CommitmentPage.is_delayed: the earliest end among its unfinished work passed."""
        return Q(pending_end_date__lt=today or datetime.date.today())

    def in_situation(self, key: str, today: datetime.date | None = None):
        """Commitments in a situation (progress.situation): complete, delayed or on time;
        or with a warning (progress.WARNINGS): due soon or stale."""
        if key == progress.DUE_SOON:
            return self.due_soon(today)
        if key == progress.STALE:
            return self.stale(today)
        complete = LEVEL_CONDITIONS[CompletionLevel.COMPLETE]
        delayed = self.delayed_condition(today)
        conditions = {
            progress.COMPLETE: complete,
            progress.DELAYED: ~complete & delayed,
            progress.ON_TIME: ~complete & ~delayed,
        }
        return self.filter(conditions[key])


def _days(days: int | None, index: int) -> int:
    """The days given, or the site's (FollowUpSettings: 0 due soon, 1 stale)."""
    if days is not None:
        return days
    return followup_days()[index]


CommitmentManager = PageManager.from_queryset(CommitmentQuerySet)
MilestoneManager = PageManager.from_queryset(MilestoneQuerySet)
