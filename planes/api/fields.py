"""Serializer fields for the public API (used in the models' ``api_fields``).

They read prefetched relations and the endpoint's bulk evidence cache, so a
listing costs the same number of SQL queries whatever its length. Absolute URLs
use the configured public address (WAGTAILAPI_BASE_URL, as ``detail_url`` does),
not the request's host: planes.links.public_url.
"""

from django.core.exceptions import ObjectDoesNotExist
from rest_framework.fields import Field, ReadOnlyField

from ..evidence import evidence_by_activity, evidence_dict, iso_datetime
from ..links import page_url, plan_download_urls, public_url


class TagNamesField(Field):
    """Tag names, sorted, from the prefetched tags (Wagtail's TagsField queries per page)."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class AbsoluteUrlField(ReadOnlyField):
    """An absolute URL from a path attribute or method (e.g. ``get_absolute_url``)."""

    def to_representation(self, value):

        value = value() if callable(value) else value
        return public_url(value, self.context.get("request"))


class LabelField(ReadOnlyField):
    """The translated label of a choice (``get_FOO_display`` or a lazy string)."""

    def to_representation(self, value):
        value = value() if callable(value) else value
        return str(value)


class CommitmentRefsField(Field):
    """The live commitments a directory entry is responsible for: the list the directory
    endpoints prefetch (``public_commitments``), or, where an entry is nested in a page
    (``fields=lead_institutions(commitments)``), its live commitments read here."""

    def get_attribute(self, instance):
        prefetched = getattr(instance, "public_commitments", None)
        if prefetched is not None:
            return prefetched
        return list(instance.commitments.live().order_by("path"))

    def to_representation(self, value):

        request = self.context.get("request")
        return [
            {
                "id": c.pk,
                "number": c.number,
                "ogp_id": c.ogp_id,
                "title": c.title,
                "progress": c.progress,
                "completion_level": str(c.completion_level),
                "html_url": page_url(c, request),
            }
            for c in value
        ]


class EvidenceCache:
    """Evidence items of activities, fetched in bulk and kept for the request."""

    def __init__(self):
        self._items = {}
        #: Milestone pk → block ids of its evidence reported after its period closed, set
        #: by the view that reads the milestones (planes/history.py computes it).
        self.late = {}

    def preload(self, activities) -> None:
        missing = [a for a in activities if a.pk not in self._items]
        if missing:
            self._items.update(evidence_by_activity(missing))

    def for_activity(self, activity):
        self.preload([activity])
        return self._items[activity.pk]


def _cache(context) -> EvidenceCache:
    view = context.get("view")
    cache = getattr(view, "evidence_cache", None)
    if cache is None:
        cache = context.setdefault("_evidence_cache", EvidenceCache())
    return cache


def _late(cache: EvidenceCache, activity, item) -> bool:
    """Whether the evidence was first published after its reporting period closed."""
    return bool(item.block_id) and item.block_id in cache.late.get(activity.milestone_id, ())


class ActivitiesField(Field):
    """A milestone's activities in order, each with its status and evidence items."""

    def get_attribute(self, instance):
        return list(instance.activities.all())

    def to_representation(self, activities):
        cache = _cache(self.context)
        cache.preload(activities)
        request = self.context.get("request")
        return [
            {
                "id": a.pk,
                "title": a.title,
                "description": a.description,
                "status": a.status,
                "start_date": a.start_date.isoformat() if a.start_date else None,
                "end_date": a.end_date.isoformat() if a.end_date else None,
                "means_of_verification": a.means_of_verification,
                "evidence": [
                    {**evidence_dict(i, request), "reported_late": _late(cache, a, i)}
                    for i in cache.for_activity(a)
                ],
            }
            for a in activities
        ]


class EvidenceField(Field):
    """Every evidence item of a milestone, flat, with the activity it proves."""

    def get_attribute(self, instance):
        return list(instance.activities.all())

    def to_representation(self, activities):
        cache = _cache(self.context)
        cache.preload(activities)
        request = self.context.get("request")
        return [
            {
                "activity_id": a.pk,
                **evidence_dict(item, request),
                "reported_late": _late(cache, a, item),
            }
            for a in activities
            for item in cache.for_activity(a)
        ]


class UpdateReportedLateField(Field):
    """Whether a progress update was first published after its reporting period closed (the
    view that reads the milestones sets ``late_updates``: planes/api/endpoints.py)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, update):
        view = self.context.get("view")
        return update.pk in getattr(view, "late_updates", ())


class DownloadsField(Field):
    """Links to a plan's open-data files."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, plan):
        request = self.context.get("request")
        return {key: public_url(url, request) for key, url in plan_download_urls(plan).items()}


class PublicPageUrlField(Field):
    """A page's ``html_url`` at the configured public address (WAGTAILAPI_BASE_URL), like
    every other absolute URL of the API, rather than the Site record's host."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):

        return page_url(page, self.context.get("request"))


class CivilSocietyAssessmentsField(Field):
    """A milestone's published civil-society assessments, each with its evidence and the
    government's published response (the endpoint prefetches them for a listing)."""

    def get_attribute(self, instance):
        prefetched = getattr(instance, "published_voices", None)
        if prefetched is not None:
            return prefetched
        return list(
            instance.assessments.filter(live=True)
            .select_related("organization")
            .order_by("organization__name", "pk")
        )

    def to_representation(self, assessments):
        request = self.context.get("request")
        evidence = evidence_by_activity(assessments)
        return [
            {
                "organization": {
                    "id": a.organization_id,
                    "name": a.organization.name,
                    "acronym": a.organization.acronym,
                },
                "stance": a.stance,
                "completion_level": a.completion_level,
                "date": a.date.isoformat() if a.date else None,
                "comment": str(a.comment),
                "evidence": [evidence_dict(item, request) for item in evidence[a.pk]],
                "response": _response(a),
            }
            for a in assessments
        ]


def _response(assessment) -> dict | None:
    """The government's published response to a published assessment, or None."""
    try:
        response = assessment.response
    except ObjectDoesNotExist:
        return None
    if not response.live:
        return None
    return {
        "institution": {
            "id": response.institution_id,
            "name": response.institution.name,
            "acronym": response.institution.acronym,
        },
        "date": response.date.isoformat() if response.date else None,
        "text": str(response.text),
    }


class CivilSocietySummaryField(Field):
    """How civil society sees a commitment or a plan: milestones assessed, and in how
    many an organization disagrees or partly agrees (published assessments only)."""

    def get_attribute(self, instance):
        prefetched = getattr(instance, "civil_society_prefetched", None)
        return prefetched if prefetched is not None else instance.civil_society_summary()

    def to_representation(self, summary):
        return summary


#: What a period's detail shows of each snapshot (PeriodSnapshot's stored figures).
SNAPSHOT_FIELDS = (
    "page_id",
    "kind",
    "parent_page_id",
    "title",
    "number",
    "ogp_id",
    "progress",
    "pct_verified",
    "pct_completed",
    "pct_in_progress",
    "pct_not_started",
    "completion_level",
    "delayed",
    "activities_done",
    "activities_total",
    "evidence_count",
    "taken_at",
)


class PeriodSnapshotsField(Field):
    """The current snapshots of a closed period's commitments and milestones, only of
    pages that are public now (prefetched by the endpoint as ``public_snapshots``)."""

    def get_attribute(self, instance):
        return getattr(instance, "public_snapshots", [])

    def to_representation(self, snapshots):
        rows = []
        for snapshot in snapshots:
            row = {name: getattr(snapshot, name) for name in SNAPSHOT_FIELDS}
            row["taken_at"] = iso_datetime(snapshot.taken_at)
            rows.append(row)
        return rows


class UtcDateTimeField(ReadOnlyField):
    """A moment in UTC (planes.evidence.iso_datetime), as the history and the downloads
    write it, whatever the server's time zone."""

    def to_representation(self, value):
        return iso_datetime(value)


class PageHistoryField(Field):
    """A commitment's or milestone's figures at each closed period of its plan (a detail
    only: the endpoint reads them as ``period_history``, planes.history.history_entries)."""

    def get_attribute(self, instance):
        return getattr(instance, "period_history", [])

    def to_representation(self, entries):
        return entries
