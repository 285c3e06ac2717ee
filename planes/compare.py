"""Revision comparison of inline rows (activities, updates, minutes) that says only
what changed: rows left as they were are not listed, and a row "moved" only when its
rank among the rows present in both versions changed (numbering gaps, insertions and
deletions move nothing). Updates are ordered by date, so they never "move"."""

import functools
import re

from wagtail.admin import compare
from wagtail.admin.panels import InlinePanel

#: Draftail numbers every paragraph it saves; the numbers are not content.
BLOCK_KEY_RE = re.compile(r'\sdata-block-key="[^"]*"')


class RichTextComparison(compare.RichTextFieldComparison):
    """Rich text changed when its markup changed, not when the editor renumbered its
    paragraphs (text saved through the form gains ``data-block-key`` attributes)."""

    def has_changed(self):
        return _markup(self.val_a) != _markup(self.val_b)


def _markup(value) -> str:
    return BLOCK_KEY_RE.sub("", str(value or "")).strip()


def register_comparisons() -> None:
    """Use :class:`RichTextComparison` for every RichTextField (called once, at start-up)."""
    from wagtail.fields import RichTextField

    compare.register_comparison_class(RichTextField, comparison_class=RichTextComparison)


class RankedChildComparison(compare.ChildObjectComparison):
    def __init__(self, *args, rank_a=None, rank_b=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rank_a, self.rank_b = rank_a, rank_b

    def get_position_change(self):
        if self.rank_a is None or self.rank_b is None:
            return None
        return (self.rank_b - self.rank_a) or None

    def shows_a_change(self) -> bool:
        return bool(
            self.is_addition()
            or self.is_deletion()
            or self.get_position_change()
            or self.has_changed()
        )


class ChangedRowsComparison(compare.ChildRelationComparison):
    """Wagtail's comparison of a child relation, listing only the rows that changed."""

    ranked = True

    def get_child_comparisons(self):
        objs_a = list(self.val_a.all())
        objs_b = list(self.val_b.all())
        forwards, backwards, added, deleted = self.get_mapping(objs_a, objs_b)
        rank_a = {a_idx: rank for rank, a_idx in enumerate(sorted(forwards))}
        rank_b = {b_idx: rank for rank, b_idx in enumerate(sorted(backwards))}
        comparisons = []
        for b_idx, b_child in enumerate(objs_b):
            if b_idx in added:
                comparisons.append(self._compare(None, b_child))
            else:
                a_idx = backwards[b_idx]
                ranks = (rank_a[a_idx], rank_b[b_idx]) if self.ranked else (None, None)
                comparisons.append(self._compare(objs_a[a_idx], b_child, *ranks))
        comparisons += [self._compare(objs_a[a_idx], None) for a_idx in deleted]
        return [comparison for comparison in comparisons if comparison.shows_a_change()]

    def has_changed(self):
        return bool(self.get_child_comparisons())

    def _compare(self, obj_a, obj_b, rank_a=None, rank_b=None):
        return RankedChildComparison(
            self.field.related_model,
            self.field_comparisons,
            obj_a,
            obj_b,
            rank_a=rank_a,
            rank_b=rank_b,
        )


class DatedRowsComparison(ChangedRowsComparison):
    """Rows ordered by their date: a new date is the change, not a move."""

    ranked = False


class ChangedRowsInlinePanel(InlinePanel):
    """An InlinePanel whose revision comparison lists only the rows that changed."""

    comparison_class = ChangedRowsComparison

    def __init__(self, *args, comparison_class=None, **kwargs):
        super().__init__(*args, **kwargs)
        if comparison_class is not None:
            self.comparison_class = comparison_class

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["comparison_class"] = self.comparison_class
        return kwargs

    class BoundPanel(InlinePanel.BoundPanel):
        def get_comparison(self):
            [comparison] = super().get_comparison()
            return [
                functools.partial(
                    self.panel.comparison_class, *comparison.args, **comparison.keywords
                )
            ]
