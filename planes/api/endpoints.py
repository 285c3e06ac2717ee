"""The public API's endpoints: Wagtail API v2 viewsets, read-only and anonymous.

* pages: Wagtail's pages endpoint (live, public pages only) with the domain
  filters and prefetching for plans, commitments and milestones;
* images and documents: only files that published content uses;
* institutions and organizations: the directory, with the live commitments
  each is responsible for.

Errors are JSON ``{"message": ...}`` with a 4xx status, never a 500. Every query
parameter is checked against the schema the OpenAPI description gives it
(planes/api/parameters.py) before Wagtail reads it; a detail refuses any parameter
but ``fields``, a listing any it does not document (Wagtail's field filters aside).
"""

import logging
import re

from django.contrib.contenttypes.models import ContentType
from django.db import DataError
from django.db.models import CharField, Prefetch, prefetch_related_objects
from django.db.models.functions import Cast
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from ..history import history_entries, late_evidence_by_milestone, late_updates_of
from ..models import (
    ActionPlanPage,
    CivilSocietyAssessment,
    CommitmentPage,
    Institution,
    MilestonePage,
    Organization,
    PeriodSnapshot,
    ProgressUpdate,
    ReportingPeriod,
    SnapshotKind,
)
from ..queries import civil_society_summary, public_document_ids
from .fields import EvidenceCache
from .filters import (
    DOMAIN_FILTERS,
    MAX_OFFSET,
    VALUE_ERRORS,
    DomainFilter,
    FieldsFilter,
    PageSearchFilter,
    SearchFilter,
)
from .messages import TranslatedBadRequest, api_error_message, not_found_message
from .openapi import PAGE_DETAIL_ONLY_FIELDS, query_parameters
from .parameters import check_query, is_multi_relation
from .representations import cached_representations
from .serializers import PublicPageSerializer

logger = logging.getLogger(__name__)

#: Prefetches that keep a listing's query count constant, by page type.
PAGE_PREFETCH = {
    ActionPlanPage: ("plan_document", Prefetch("minutes"), "minutes__document"),
    CommitmentPage: ("lead_institutions", "organizations", "tags", "roadmap_document"),
    MilestonePage: (
        "responsible_institutions",
        "responsible_organizations",
        "activities",
        Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.select_related(
                "author_institution", "author_organization"
            ),
        ),
        Prefetch(
            "assessments",
            queryset=CivilSocietyAssessment.objects.filter(live=True)
            .select_related("organization", "response__institution")
            .order_by("organization__name", "pk"),
            to_attr="published_voices",
        ),
    ),
}


def invalid_id(request, pk=None):
    return JsonResponse(
        {"message": _("El identificador debe ser un número entero positivo.")}, status=400
    )


#: Wagtail's parameters the description does not give: refused like any unknown one.
UNDOCUMENTED_PARAMETERS = frozenset(
    ["format", "rich_text_format", "_", "site", "locale", "translation_of"]
)
#: Wagtail's 400 for a ``child_of``/``descendant_of``/``ancestor_of`` page that does not
#: exist: a 404 here, like any other resource that does not exist.
MISSING_PAGE = re.compile(r"(parent|descendant|ancestor) page doesn't exist")


class PublicEndpointMixin:
    """JSON only, anonymous, read-only; JSON 4xx errors for anything a client sends wrong."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    http_method_names = ["get", "head", "options"]
    known_query_parameters = BaseAPIViewSet.known_query_parameters - UNDOCUMENTED_PARAMETERS
    #: Its name in the router (planes/api/router.py) and the description (DRF resets ``name``).
    api_name: str

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # Many-to-many and reverse relations are filtered with the domain filters.
            fields = [name for name in fields if not is_multi_relation(model, name)]
        return fields

    def initial(self, request, *args, **kwargs):
        # Before DRF's content negotiation, which answers ``format=x`` with a 404.
        if self.action in ("listing_view", "detail_view"):
            detail = self.action == "detail_view"
            query = {name: request.GET[name] for name in request.GET}
            check_query(
                query,
                query_parameters(self.api_name, detail),
                unknown_allowed=not detail,
                refused=UNDOCUMENTED_PARAMETERS,
            )
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, (*VALUE_ERRORS, DataError)):
            logger.info("Bad API query %s: %r", self.request.get_full_path(), exc)
            return Response(
                {"message": _("Un parámetro de la consulta no es válido.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(exc, BadRequestError) and MISSING_PAGE.fullmatch(str(exc)):
            return Response({"message": api_error_message(exc)}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            return Response({"message": api_error_message(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, Http404):
            return Response({"message": not_found_message()}, status=status.HTTP_404_NOT_FOUND)
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"message": str(response.data["detail"])}
        return response

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        offset = self.request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise TranslatedBadRequest(
                _("offset no puede ser mayor que %(max)s.") % {"max": f"{MAX_OFFSET:,}"}
            )

    @classmethod
    def get_urlpatterns(cls):
        return [
            *super().get_urlpatterns(),
            path("<str:pk>/", invalid_id, name="invalid-id"),
        ]


class PagesEndpoint(PublicEndpointMixin, PagesAPIViewSet):
    api_name = "pages"
    base_serializer_class = PublicPageSerializer
    filter_backends = [
        FieldsFilter,
        wagtail_filters.ChildOfFilter,
        wagtail_filters.AncestorOfFilter,
        wagtail_filters.DescendantOfFilter,
        DomainFilter,
        wagtail_filters.OrderingFilter,
        PageSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = (
        PagesAPIViewSet.known_query_parameters - UNDOCUMENTED_PARAMETERS
    ).union(DOMAIN_FILTERS)
    #: ``history`` reads the page's snapshots: a detail's field, never a listing's.
    detail_only_fields = list(PAGE_DETAIL_ONLY_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence_cache = EvidenceCache()
        #: Ids of the progress updates reported after their period closed.
        self.late_updates = set()

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "listing_view":
            # The relations are prefetched by prepare_items(), only for the items whose
            # representation is not cached (planes/api/representations.py).
            queryset = queryset.select_related("locale")
        return queryset

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        items = list(self.paginate_queryset(queryset))
        data = cached_representations(
            request,
            items,
            self.prepare_items,
            lambda missing: self.get_serializer(missing, many=True).data,
        )
        return self.get_paginated_response(data)

    def preload_late_evidence(self, milestones):
        """Which of these milestones' evidence and updates were reported after their period
        closed (their evidence already in the cache): a few queries for any number."""
        cache = self.evidence_cache
        evidence = {
            m.pk: [item for a in m.activities.all() for item in cache.for_activity(a)]
            for m in milestones
        }
        cache.late.update(late_evidence_by_milestone(milestones, evidence))
        self.late_updates |= late_updates_of(milestones)

    def prepare_items(self, items):
        """Load what the serialiser reads beside the pages: their relations (in a constant
        number of queries), their evidence's documents and civil society's summaries."""
        by_model = {}
        for item in items:
            by_model.setdefault(type(item), []).append(item)
        for model, same in by_model.items():
            prefetch_related_objects(same, *PAGE_PREFETCH.get(model, ()))
        activities = [
            activity
            for item in items
            if isinstance(item, MilestonePage)
            for activity in item.activities.all()
        ]
        self.evidence_cache.preload(activities)
        self.preload_late_evidence([item for item in items if isinstance(item, MilestonePage)])
        commitments = [item for item in items if isinstance(item, CommitmentPage)]
        summaries = civil_society_summary(commitments)
        for commitment in commitments:
            commitment.civil_society_prefetched = summaries[commitment.pk]

    def get_object(self):
        # Asked twice per detail (the serializer's class, then its data): read once.
        if not hasattr(self, "_specific_object"):
            page = super().get_object()
            if isinstance(page, (CommitmentPage, MilestonePage)):
                page.period_history = history_entries(page)
            if isinstance(page, MilestonePage):
                self.evidence_cache.preload(page.activities.all())
                self.preload_late_evidence([page])
            self._specific_object = page
        return self._specific_object


class DirectoryEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    filter_backends = [FieldsFilter, wagtail_filters.OrderingFilter, SearchFilter]
    meta_fields = BaseAPIViewSet.meta_fields + ["html_url"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "html_url",
        "name",
        "acronym",
        "slug",
    ]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name", "acronym"]
    detail_only_fields = []

    def get_queryset(self):
        live = CommitmentPage.objects.live().order_by("path")
        return self.model.objects.order_by("name").prefetch_related(
            Prefetch("commitments", queryset=live, to_attr="public_commitments")
        )


class InstitutionsEndpoint(DirectoryEndpoint):
    name = api_name = "institutions"
    model = Institution


class OrganizationsEndpoint(DirectoryEndpoint):
    name = api_name = "organizations"
    model = Organization


class PeriodsEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    """Reporting periods of live, public plans; a detail adds the snapshots of the
    commitments and milestones that are public now."""

    name = api_name = "periods"
    model = ReportingPeriod
    filter_backends = [FieldsFilter, wagtail_filters.OrderingFilter]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "plan",
        "name",
        "start_date",
        "end_date",
        "due_date",
        "status",
        "closed_at",
    ]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name"]
    detail_only_fields = ["snapshots"]

    def get_queryset(self):
        plans = ActionPlanPage.objects.live().public().values("pk")
        queryset = (
            ReportingPeriod.objects.filter(plan__in=plans)
            .select_related("plan")
            .order_by("plan_id", "start_date", "pk")
        )
        if self.action == "detail_view":
            snapshots = (
                PeriodSnapshot.objects.current()
                .public()
                .filter(kind__in=[SnapshotKind.COMMITMENT, SnapshotKind.MILESTONE])
            )
            queryset = queryset.prefetch_related(
                Prefetch("snapshots", queryset=snapshots, to_attr="public_snapshots")
            )
        return queryset


class DocumentsEndpoint(PublicEndpointMixin, DocumentsAPIViewSet):
    """Documents that published content links to (plan, minutes, roadmaps, evidence)."""

    api_name = "documents"
    filter_backends = [FieldsFilter, wagtail_filters.OrderingFilter, SearchFilter]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_document_ids())


class ImagesEndpoint(PublicEndpointMixin, ImagesAPIViewSet):
    """Images that live pages use (Wagtail's reference index), never a draft's upload."""

    api_name = "images"
    filter_backends = [FieldsFilter, wagtail_filters.OrderingFilter, SearchFilter]

    def get_queryset(self):
        live_ids = Page.objects.live().annotate(str_pk=Cast("pk", CharField())).values("str_pk")
        used = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=live_ids,
            to_content_type=ContentType.objects.get_for_model(get_image_model()),
        ).values_list("to_object_id", flat=True)
        ids = [int(pk) for pk in used if str(pk).isdigit()]
        return super().get_queryset().filter(pk__in=ids)
