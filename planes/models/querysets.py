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


class MilestoneQuerySet(ProgressQuerySet):
    @staticmethod
    def delayed_condition(today: datetime.date | None = None) -> Q:
        """MilestonePage.is_delayed: the end date passed and not complete."""
        return Q(end_date__lt=today or datetime.date.today(), progress__lt=progress.COMPLETE_AT)


class CommitmentQuerySet(ProgressQuerySet):
    @staticmethod
    def delayed_condition(today: datetime.date | None = None) -> Q:
        """CommitmentPage.is_delayed: the earliest end among its unfinished work passed."""
        return Q(pending_end_date__lt=today or datetime.date.today())

    def in_situation(self, key: str, today: datetime.date | None = None):
        """Commitments in a situation (progress.situation): complete, delayed or on time."""
        complete = LEVEL_CONDITIONS[CompletionLevel.COMPLETE]
        delayed = self.delayed_condition(today)
        conditions = {
            progress.COMPLETE: complete,
            progress.DELAYED: ~complete & delayed,
            progress.ON_TIME: ~complete & ~delayed,
        }
        return self.filter(conditions[key])


CommitmentManager = PageManager.from_queryset(CommitmentQuerySet)
MilestoneManager = PageManager.from_queryset(MilestoneQuerySet)
