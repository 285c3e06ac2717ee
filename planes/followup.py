"""Who owes what (#17): the one computation the follow-up desk, the editors' panel and the
reminders share.

Each row is one thing to act on, with the people who owe it and the admin page where
they act:

* a published milestone overdue («vencida»), due soon («por vencer») or not updated
  («sin actualizar»), by the calendar's rules (planes/progress.py, in SQL through the
  querysets); owed by everyone assigned to its commitment;
* the open period's report of a commitment: no published update or evidence of its
  milestones dated since the period began; owed by the commitment's government editors,
  by the period's due date (its end, if it has none);
* a submission waiting for review (a page or a civil-society voice in the approval
  workflow), with how long it has waited; owed by the task's reviewers;
* a civil-society assessment missing: an organization co-responsible for a commitment,
  with members assigned to it as civil-society editors, has published no assessment of
  its milestones dated since the open period began (with no open period: none at all);
  owed by those members.

A plan's *open period* is the earliest period not closed, already begun, whose end or
due date has not passed; if every such period is past its due date, the latest of them
(its report is then overdue). The number of queries does not depend on how much there is.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page, WorkflowState
from wagtail.models.workflows import GroupApprovalTask

from . import progress
from .choices import CompletionLevel
from .models import (
    CivilSocietyAssessment,
    CommitmentAssignment,
    CommitmentPage,
    EditorRole,
    GovernmentResponse,
    Membership,
    MilestonePage,
    PeriodStatus,
    ReportingPeriod,
    followup_days,
)
from .models.querysets import LEVEL_CONDITIONS
from .models.voices import under

OVERDUE = "overdue"
PERIOD_REPORT = "period_report"
IN_REVIEW = "in_review"
ASSESSMENT = "assessment"
#: What a milestone may owe, most urgent first.
MILESTONE_KINDS = (OVERDUE, progress.DUE_SOON, progress.STALE)
#: Everything that may be owed, with its label (the desk's filter).
OWED = {
    OVERDUE: gettext_lazy("Vencida"),
    progress.DUE_SOON: progress.WARNINGS[progress.DUE_SOON],
    progress.STALE: progress.WARNINGS[progress.STALE],
    PERIOD_REPORT: gettext_lazy("Falta el informe del periodo"),
    IN_REVIEW: gettext_lazy("Espera revisión"),
    ASSESSMENT: gettext_lazy("Falta la valoración de la sociedad civil"),
}
#: Ties on the same date: this order.
KIND_ORDER = {key: index for index, key in enumerate(OWED)}
STEPLEN = MilestonePage.steplen


@dataclass
class Row:
    """One thing owed. ``url`` is the admin page where it is acted on (a path)."""

    kind: str
    title: str
    path: str
    url: str
    owed_keys: list = field(default_factory=list)
    commitment_path: str = ""
    commitment_title: str = ""
    #: The milestone's end, the period's due date (no date for a review).
    end_date: datetime.date | None = None
    days_late: int = 0
    waiting_days: int | None = None
    last_reported_date: datetime.date | None = None
    detail: str = ""
    assignees: str = "—"
    user_ids: frozenset = frozenset()
    #: What sorts the rows: the date by which it was due (earliest first).
    urgency: datetime.date | None = None
    pk: int | None = None
    #: Who sent a submission waiting for review (full name, else username).
    submitter: str = ""

    @property
    def owed(self) -> str:
        return ", ".join(str(OWED[key]) for key in self.owed_keys)

    @property
    def owed_with_detail(self) -> str:
        return f"{self.owed} ({self.detail})" if self.detail else self.owed

    def sort_key(self):
        return (self.urgency or datetime.date.max, KIND_ORDER[self.kind], self.path)


# -- Milestones ---------------------------------------------------------------------


def owed_milestones(today: datetime.date | None = None, commitment_paths=None):
    """Published milestones that owe something on ``today``, most urgent first (the
    earliest end date first: the overdue, then the due soon, then the rest)."""
    today = today or datetime.date.today()
    due_days, stale_days = followup_days()
    milestones = MilestonePage.objects.live()
    condition = (
        milestones.delayed_condition(today)
        | milestones.due_soon_condition(today, due_days)
        | milestones.stale_condition(today, stale_days)
    )
    milestones = milestones.filter(condition)
    if commitment_paths is not None:
        milestones = milestones.filter(path__regex=_under_any(commitment_paths))
    return milestones.order_by("end_date", "path")


def _under_any(paths) -> str:
    """A regex matching the children of any of ``paths`` (no paths: nothing)."""
    if not paths:
        return r"^$a"
    return "^(" + "|".join(paths) + ")[0-9A-Z]{4}$"


def owed_by(milestone, today: datetime.date | None = None) -> list[str]:
    """What the milestone owes (keys of :data:`MILESTONE_KINDS`)."""
    today = today or datetime.date.today()
    due_days, stale_days = followup_days()
    owed = []
    if milestone.is_delayed(today):
        owed.append(OVERDUE)
    if milestone.is_due_soon(today, due_days):
        owed.append(progress.DUE_SOON)
    if milestone.is_stale(today, stale_days):
        owed.append(progress.STALE)
    return owed


def milestone_rows(today, commitment_paths, people) -> list[Row]:
    rows = []
    for milestone in owed_milestones(today, commitment_paths):
        keys = owed_by(milestone, today)
        commitment_path = milestone.path[:-STEPLEN]
        assigned = people.get(commitment_path, [])
        rows.append(
            Row(
                kind=keys[0],
                title=milestone.title,
                path=milestone.path,
                url=reverse("wagtailadmin_pages:edit", args=[milestone.pk]),
                owed_keys=keys,
                commitment_path=commitment_path,
                end_date=milestone.end_date,
                days_late=(
                    (today - milestone.end_date).days
                    if OVERDUE in keys and milestone.end_date
                    else 0
                ),
                last_reported_date=milestone.last_reported_date,
                user_ids=frozenset(person.user_id for person in assigned),
                assignees=_names(assigned),
                urgency=milestone.end_date,
                pk=milestone.pk,
            )
        )
    return rows


# -- People -------------------------------------------------------------------------


@dataclass(frozen=True)
class Assigned:
    user_id: int
    name: str
    role: str


def assigned_people(commitment_paths=None) -> dict[str, list[Assigned]]:
    """The active people assigned to each commitment (by tree path), in one query."""
    people = defaultdict(list)
    assignments = CommitmentAssignment.objects.filter(user__is_active=True)
    if commitment_paths is not None:
        assignments = assignments.filter(commitment__path__in=set(commitment_paths))
    for row in assignments.order_by("user__username").values(
        "commitment__path",
        "user_id",
        "role",
        "user__username",
        "user__first_name",
        "user__last_name",
    ):
        name = " ".join(part for part in (row["user__first_name"], row["user__last_name"]) if part)
        people[row["commitment__path"]].append(
            Assigned(row["user_id"], name or row["user__username"], row["role"])
        )
    return people


def _names(people) -> str:
    return ", ".join(person.name for person in people) or "—"


# -- The open period's report --------------------------------------------------------


def open_periods(today: datetime.date) -> dict[str, ReportingPeriod]:
    """Each live plan's open period (see the module's docstring), by the plan's path."""
    periods = (
        ReportingPeriod.objects.filter(
            status=PeriodStatus.OPEN, start_date__lte=today, plan__live=True
        )
        .annotate(plan_path=F("plan__path"))
        .order_by("plan_id", "start_date", "pk")
    )
    current, past_due = {}, {}
    for period in periods:
        period.due = period.due_date or period.end_date
        if period.end_date >= today or period.due >= today:
            current.setdefault(period.plan_path, period)
        else:
            past_due[period.plan_path] = period  # the latest wins
    return {**past_due, **current}


def _due_detail(period, today) -> str:
    days = (period.due - today).days
    if days < 0:
        return ngettext(
            "«%(period)s», vencido hace %(days)s día",
            "«%(period)s», vencido hace %(days)s días",
            -days,
        ) % {"period": period.name, "days": -days}
    if days == 0:
        return _("«%(period)s», vence hoy") % {"period": period.name}
    return ngettext(
        "«%(period)s», vence en %(days)s día",
        "«%(period)s», vence en %(days)s días",
        days,
    ) % {"period": period.name, "days": days}


def period_report_rows(today, commitment_paths, people, periods) -> list[Row]:
    """Live commitments, not complete and begun by the period's end, with nothing
    published dated since their plan's open period began (their stored last report)."""
    if not periods:
        return []
    condition = Q(pk__in=[])
    for plan_path, period in periods.items():
        condition |= (
            Q(path__startswith=plan_path)
            & (Q(last_reported_date__isnull=True) | Q(last_reported_date__lt=period.start_date))
            & (Q(start_date__isnull=True) | Q(start_date__lte=period.end_date))
        )
    commitments = (
        CommitmentPage.objects.live()
        .filter(condition)
        .exclude(LEVEL_CONDITIONS[CompletionLevel.COMPLETE])
    )
    if commitment_paths is not None:
        commitments = commitments.filter(path__in=set(commitment_paths))
    rows = []
    for commitment in commitments.values("pk", "path", "title", "last_reported_date"):
        period = periods[commitment["path"][:-STEPLEN]]
        government = [
            p for p in people.get(commitment["path"], []) if p.role == EditorRole.GOVERNMENT
        ]
        rows.append(
            Row(
                kind=PERIOD_REPORT,
                title=_("Informe del periodo «%(period)s»") % {"period": period.name},
                path=commitment["path"],
                url=reverse("wagtailadmin_explore", args=[commitment["pk"]]),
                owed_keys=[PERIOD_REPORT],
                commitment_path=commitment["path"],
                commitment_title=commitment["title"],
                end_date=period.due,
                days_late=max(0, (today - period.due).days),
                last_reported_date=commitment["last_reported_date"],
                detail=_due_detail(period, today),
                user_ids=frozenset(p.user_id for p in government),
                assignees=_names(government),
                urgency=period.due,
                pk=commitment["pk"],
            )
        )
    return rows


# -- Submissions waiting for review ---------------------------------------------------


def _commitment_of(path: str) -> str:
    """The commitment's path for a page at ``path`` (a plan: none). Plans sit right under
    the home page (depth 3), commitments under plans, milestones under commitments."""
    commitment_length = 4 * STEPLEN
    return path[:commitment_length] if len(path) >= commitment_length else ""


def review_rows(today, commitment_paths) -> list[Row]:
    """Pages and voices in the approval workflow, waiting since their current task began."""
    wait_days = _review_wait_days()
    states = list(
        WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
        .select_related("current_task_state__revision", "requested_by")
        .order_by("created_at", "pk")
    )
    if not states:
        return []
    types = ContentType.objects.get_for_models(Page, CivilSocietyAssessment, GovernmentResponse)
    states = [state for state in states if str(state.object_id).isdigit()]
    by_type = defaultdict(list)
    for state in states:
        by_type[state.base_content_type_id].append(int(state.object_id))
    paths = {}
    page_type, assessment_type = types[Page].pk, types[CivilSocietyAssessment].pk
    response_type = types[GovernmentResponse].pk
    if by_type[page_type]:
        for pk, path in Page.objects.filter(pk__in=by_type[page_type]).values_list("pk", "path"):
            paths[(page_type, pk)] = path
    if by_type[assessment_type]:
        for pk, path in CivilSocietyAssessment.objects.filter(
            pk__in=by_type[assessment_type]
        ).values_list("pk", "milestone__path"):
            paths[(assessment_type, pk)] = path
    if by_type[response_type]:
        for pk, path in GovernmentResponse.objects.filter(
            pk__in=by_type[response_type]
        ).values_list("pk", "assessment__milestone__path"):
            paths[(response_type, pk)] = path
    task_ids = {s.current_task_state.task_id for s in states if s.current_task_state}
    reviewers = defaultdict(list)
    for task_id, name in (
        GroupApprovalTask.groups.through.objects.filter(groupapprovaltask_id__in=task_ids)
        .order_by("group__name")
        .values_list("groupapprovaltask_id", "group__name")
    ):
        reviewers[task_id].append(name)
    urls = {
        page_type: "wagtailadmin_pages:edit",
        assessment_type: CivilSocietyAssessment.snippet_viewset.get_url_name("edit"),
        response_type: GovernmentResponse.snippet_viewset.get_url_name("edit"),
    }
    wanted = set(commitment_paths) if commitment_paths is not None else None
    rows = []
    for state in states:
        key = (state.base_content_type_id, int(state.object_id))
        path = paths.get(key)
        if path is None:
            continue
        commitment_path = _commitment_of(path)
        if wanted is not None and commitment_path not in wanted:
            continue
        task_state = state.current_task_state
        since = task_state.started_at if task_state else state.created_at
        waited = max(0, (today - timezone.localdate(since)).days)
        revision = task_state.revision if task_state else None
        submitter = state.requested_by
        rows.append(
            Row(
                kind=IN_REVIEW,
                title=(revision.object_str if revision else "") or str(key[1]),
                path=path,
                url=reverse(urls[key[0]], args=[key[1]]),
                owed_keys=[IN_REVIEW],
                commitment_path=commitment_path,
                waiting_days=waited,
                detail=ngettext("desde hace %(days)s día", "desde hace %(days)s días", waited)
                % {"days": waited},
                assignees=", ".join(reviewers.get(task_state.task_id, [])) if task_state else "—",
                urgency=timezone.localdate(since) + datetime.timedelta(days=wait_days),
                pk=key[1],
            )
        )
        if submitter is not None:
            rows[-1].submitter = submitter.get_full_name() or submitter.get_username()
            rows[-1].detail += " · " + _("envió %(name)s") % {"name": rows[-1].submitter}
    return rows


def _review_wait_days() -> int:
    from .models import followup_settings

    return followup_settings().review_wait_days


# -- Civil-society assessments missing ------------------------------------------------


def assessment_rows(today, commitment_paths, people, periods) -> list[Row]:
    """Per commitment and co-responsible organization with members assigned to it as
    civil-society editors: no published assessment of its milestones dated since the
    plan's open period began (no open period: none at all)."""
    civil = {
        path: [p for p in assigned if p.role == EditorRole.CIVIL_SOCIETY]
        for path, assigned in people.items()
    }
    civil = {path: assigned for path, assigned in civil.items() if assigned}
    if commitment_paths is not None:
        civil = {path: a for path, a in civil.items() if path in set(commitment_paths)}
    if not civil:
        return []
    users = {p.user_id for assigned in civil.values() for p in assigned}
    member_of = defaultdict(set)
    organizations = {}
    for user_id, org_id, acronym, name in Membership.objects.filter(
        user_id__in=users, organization__isnull=False
    ).values_list("user_id", "organization_id", "organization__acronym", "organization__name"):
        member_of[user_id].add(org_id)
        organizations[org_id] = acronym or name
    if not organizations:
        return []
    commitments = {}
    co_responsible = defaultdict(set)
    for pk, path, title, org_id in (
        CommitmentPage.objects.live()
        .filter(path__in=list(civil))
        .values_list("pk", "path", "title", "organizations")
    ):
        commitments[path] = (pk, title)
        if org_id:
            co_responsible[path].add(org_id)
    milestones = defaultdict(dict)  # commitment path → milestone pk → responsible orgs
    for pk, path, org_id in (
        MilestonePage.objects.live()
        .filter(under("path", list(commitments)))
        .order_by("path")
        .values_list("pk", "path", "responsible_organizations")
    ):
        orgs = milestones[path[:-STEPLEN]].setdefault(pk, set())
        if org_id:
            orgs.add(org_id)
    existing = {}
    published = defaultdict(list)  # (commitment path, org) → dates of live assessments
    for pk, milestone_id, path, org_id, live, date in CivilSocietyAssessment.objects.filter(
        under("milestone__path", list(commitments)), milestone__live=True
    ).values_list("pk", "milestone_id", "milestone__path", "organization_id", "live", "date"):
        existing[(milestone_id, org_id)] = pk
        if live:
            published[(path[:-STEPLEN], org_id)].append(date)
    add_url = reverse(CivilSocietyAssessment.snippet_viewset.get_url_name("add"))
    edit_name = CivilSocietyAssessment.snippet_viewset.get_url_name("edit")
    rows = []
    for path, (commitment_pk, title) in commitments.items():
        period = periods.get(path[:-STEPLEN])
        for org_id in sorted(
            {org for p in civil[path] for org in member_of[p.user_id]},
            key=lambda org: organizations[org],
        ):
            members = [p for p in civil[path] if org_id in member_of[p.user_id]]
            assessable = [
                pk
                for pk, orgs in milestones[path].items()
                if org_id in co_responsible[path] or org_id in orgs
            ]
            if not assessable:
                continue
            dates = published[(path, org_id)]
            if period is not None:
                dates = [d for d in dates if d >= period.start_date]
            if dates:
                continue
            first = assessable[0]
            draft = existing.get((first, org_id))
            url = reverse(edit_name, args=[draft]) if draft else f"{add_url}?milestone={first}"
            detail = organizations[org_id]
            if period is not None:
                detail += " · " + _due_detail(period, today)
            rows.append(
                Row(
                    kind=ASSESSMENT,
                    title=_("Valoración de %(organization)s")
                    % {"organization": organizations[org_id]},
                    path=path,
                    url=url,
                    owed_keys=[ASSESSMENT],
                    commitment_path=path,
                    commitment_title=title,
                    end_date=period.due if period else None,
                    days_late=max(0, (today - period.due).days) if period else 0,
                    detail=detail,
                    user_ids=frozenset(p.user_id for p in members),
                    assignees=_names(members),
                    urgency=period.due if period else None,
                    pk=commitment_pk,
                )
            )
    return rows


# -- Together -----------------------------------------------------------------------


def owed_rows(today: datetime.date | None = None, commitment_paths=None) -> list[Row]:
    """Everything owed on ``today`` (only in these commitments, if given), most urgent
    first: the earliest date by which it was due first."""
    today = today or datetime.date.today()
    if commitment_paths is not None:
        commitment_paths = list(commitment_paths)
    people = assigned_people(commitment_paths)
    periods = open_periods(today)
    rows = (
        milestone_rows(today, commitment_paths, people)
        + period_report_rows(today, commitment_paths, people, periods)
        + review_rows(today, commitment_paths)
        + assessment_rows(today, commitment_paths, people, periods)
    )
    with_commitment_titles(rows)
    rows.sort(key=Row.sort_key)
    return rows


def with_commitment_titles(rows: list[Row]) -> list[Row]:
    """Fill in the commitments' titles (one query; and, for a page in review, whether its
    path is a commitment's)."""
    missing = {row.commitment_path for row in rows if not row.commitment_title}
    missing.discard("")
    if missing:
        titles = dict(CommitmentPage.objects.filter(path__in=missing).values_list("path", "title"))
        for row in rows:
            if row.commitment_path and not row.commitment_title:
                row.commitment_title = titles.get(row.commitment_path, "")
                if not row.commitment_title:
                    row.commitment_path = ""
    return rows


def rows_of(rows, user_id: int) -> list[Row]:
    """The rows the person owes."""
    return [row for row in rows if user_id in row.user_ids]
