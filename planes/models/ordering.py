"""A defined, stable order for the inline children of a page.

Wagtail's ``Orderable`` leaves ``sort_order`` NULL unless the admin's formset
numbers the rows, and ordering by a NULL column is undefined on PostgreSQL.
Here every child gets a number when it is created, wherever it is created
(admin, demo, factories, imports, scripts), and every ordering ends in ``pk``
so two rows never compare equal.
"""

from django.db import models
from django.db.models import Max
from modelcluster.fields import ParentalKey
from modelcluster.utils import sort_by_fields
from wagtail.models import Orderable

ORDERING = ["sort_order", "pk"]


class OrderedChild(Orderable):
    """An ``Orderable`` whose ``sort_order`` is never NULL once saved."""

    class Meta(Orderable.Meta):
        abstract = True
        ordering = ORDERING

    @classmethod
    def parental_key_name(cls) -> str:
        return next(f.name for f in cls._meta.fields if isinstance(f, ParentalKey))

    def save(self, *args, **kwargs):
        if self.sort_order is None:
            # A new child goes after its saved siblings, as an appended row would.
            parent_field = self.parental_key_name()
            siblings = type(self)._base_manager.filter(
                **{f"{parent_field}_id": getattr(self, f"{parent_field}_id")}
            )
            last = siblings.aggregate(last=Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)


def number_new_children(instance: models.Model) -> None:
    """Give unnumbered in-memory children of ``instance`` the numbers after the rest.

    Called before a page is serialised into a revision, so a draft's children
    (and so its preview and its edit form) are in the order they will have once
    published, not merely in the order the list happened to be in.
    """
    for children in getattr(instance, "_cluster_related_objects", {}).values():
        new = [c for c in children if isinstance(c, OrderedChild) and c.sort_order is None]
        if not new:
            continue
        numbered = [c.sort_order for c in children if c.sort_order is not None]
        start = max(numbered, default=-1) + 1
        for offset, child in enumerate(new):
            child.sort_order = start + offset
        sort_by_fields(children, type(new[0])._meta.ordering)


class OrderedChildrenMixin:
    """For pages with ``OrderedChild`` relations: number new children in revisions too."""

    def serializable_data(self):
        number_new_children(self)
        return super().serializable_data()
