"""Apply a plan workbook: compare it with the board, list the changes, then write them
in one transaction through Wagtail's revisions (save_revision, then publish).

Keys: the plan by its number, each commitment by its number within the plan, each
milestone by its order within the commitment, each activity by its order within the
milestone. Nothing the file omits is deleted unless ``delete_missing`` is set.
Activities' status and evidence never travel in the file and are never touched.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Page, Site

from planes.models import (
    ActionPlanPage,
    Activity,
    CommitmentPage,
    Institution,
    MilestonePage,
    Organization,
)
from planes.permissions import is_moderator

from . import workbook as wb
from .plan_export import activities_of, commitments_of, field_values, latest, milestones_of
from .reader import CellError, ParsedFile, Row, comparable_rich, read_plan_file

CREATE, UPDATE, UNCHANGED, DELETE = "create", "update", "unchanged", "delete"
ACTION_LABELS = {
    CREATE: gettext_lazy("Se crea"),
    UPDATE: gettext_lazy("Se actualiza"),
    UNCHANGED: gettext_lazy("Sin cambios"),
    DELETE: gettext_lazy("Se borra"),
}
KIND_LABELS = {
    wb.PLAN.name: gettext_lazy("Plan"),
    wb.COMMITMENTS.name: gettext_lazy("Compromiso"),
    wb.MILESTONES.name: gettext_lazy("Acción clave"),
    wb.ACTIVITIES.name: gettext_lazy("Actividad"),
    wb.INSTITUTIONS_SHEET.name: gettext_lazy("Institución"),
    wb.ORGANIZATIONS_SHEET.name: gettext_lazy("Organización"),
}
ENTRY_MODELS = {wb.INSTITUTIONS: Institution, wb.ORGANIZATIONS: Organization}
PAGE_FIELDS_SKIPPED = {"commitment", "milestone", "order"}


@dataclass
class Change:
    sheet: str
    key: str
    title: str
    action: str
    fields: list[str] = field(default_factory=list)
    row: int | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.sheet])

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    def __str__(self) -> str:
        key = "" if self.key == self.title else f" {self.key}"
        text = f"{self.action_label}: {self.kind_label}{key} «{self.title}»"
        if self.fields:
            text += " (" + ", ".join(self.fields) + ")"
        return text


@dataclass
class ImportReport:
    errors: list[CellError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    plan: ActionPlanPage | None = None
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    def counts(self) -> dict[str, int]:
        return {action: len(self.of(action)) for action in ACTION_LABELS}

    @property
    def has_changes(self) -> bool:
        return any(c.action != UNCHANGED for c in self.changes)


class ImportRefused(Exception):
    """The person may not import whole plans."""


def can_import(user) -> bool:
    """Administrators and approvers (they publish); ``None`` is the command line."""
    return user is None or is_moderator(user)


def refusal_message() -> str:
    return _(
        "Sólo la administración y las personas aprobadoras importan planes completos: "
        "la importación publica las páginas."
    )


@dataclass
class _Target:
    row: Row
    obj: object = None  # the latest version of the existing page or activity
    changed: list[str] = field(default_factory=list)
    children: list = field(default_factory=list)
    removed: list = field(default_factory=list)


class PlanImport:
    def __init__(self, parsed: ParsedFile, *, delete_missing: bool = False):
        self.parsed = parsed
        self.delete_missing = delete_missing
        self.report = ImportReport(errors=list(parsed.errors))
        self.new_entries: dict[str, list[Row]] = {wb.INSTITUTIONS: [], wb.ORGANIZATIONS: []}
        self.names: dict[str, dict[str, list[str]]] = {}
        self.plan_target: _Target | None = None
        self.commitments: list[_Target] = []
        self.deleted_pages: list[Page] = []
        if self.report.ok:
            self._directory()
            self._resolve_references()
        if self.report.ok:
            self._compare()

    # Directory ------------------------------------------------------------------
    def _directory(self) -> None:
        for kind, sheet in (
            (wb.INSTITUTIONS, wb.INSTITUTIONS_SHEET),
            (wb.ORGANIZATIONS, wb.ORGANIZATIONS_SHEET),
        ):
            index: dict[str, list[str]] = {}
            for entry in ENTRY_MODELS[kind].objects.all():
                for text in {entry.name, entry.acronym} - {""}:
                    index.setdefault(wb.normalize(text), []).append(entry.name)
            for row in self.parsed.sheet(sheet):
                name, acronym = row.values["name"], row.values["acronym"]
                found = index.get(wb.normalize(name)) or (
                    index.get(wb.normalize(acronym)) if acronym else None
                )
                if found and len(set(found)) == 1:
                    action, title = UNCHANGED, found[0]
                else:
                    action, title = CREATE, name
                    self.new_entries[kind].append(row)
                    for text in {name, acronym} - {""}:
                        index.setdefault(wb.normalize(text), []).append(name)
                self.report.changes.append(Change(sheet.name, title, title, action, row=row.number))
            self.names[kind] = index

    def _resolve_references(self) -> None:
        """Names or acronyms in the lists become the directory's names."""
        for sheet in (wb.COMMITMENTS, wb.MILESTONES):
            for row in self.parsed.sheet(sheet):
                for column in sheet.columns:
                    if column.kind not in ENTRY_MODELS:
                        continue
                    resolved = set()
                    for text in row.values[column.field]:
                        found = set(self.names[column.kind].get(wb.normalize(text), []))
                        if len(found) == 1:
                            resolved |= found
                            continue
                        own = (
                            wb.INSTITUTIONS_SHEET
                            if column.kind == wb.INSTITUTIONS
                            else wb.ORGANIZATIONS_SHEET
                        )
                        message = (
                            _("«%(name)s» es ambiguo: lo usan %(names)s; escribe el nombre.")
                            % {"name": text, "names": ", ".join(sorted(found))}
                            if found
                            else _("«%(name)s» no está en el directorio ni en la hoja «%(sheet)s».")
                            % {"name": text, "sheet": own.name}
                        )
                        self.report.errors.append(row.error(column.field, message))
                    row.values[column.field] = sorted(resolved)

    # Comparison -------------------------------------------------------------------
    def _diff(self, sheet: wb.Sheet, row: Row, obj, **extra) -> list[str]:
        current = field_values(sheet, obj, **extra)
        return [
            c.header
            for c in sheet.columns
            if c.field not in PAGE_FIELDS_SKIPPED
            and comparable(c, current[c.field]) != comparable(c, row.values[c.field])
        ]

    def _record(self, sheet, key, target: _Target, force_update: bool = False) -> None:
        if target.obj is None:
            action = CREATE
        elif target.changed or force_update:
            action = UPDATE
        else:
            action = UNCHANGED
        self.report.changes.append(
            Change(
                sheet.name,
                key,
                target.row.values["title"],
                action,
                target.changed,
                target.row.number,
            )
        )

    def _compare(self) -> None:
        (plan_row,) = self.parsed.sheet(wb.PLAN)
        plan = ActionPlanPage.objects.filter(number=plan_row.values["number"]).first()
        plan_obj = latest(plan) if plan else None
        self.plan_target = _Target(plan_row, plan_obj)
        if plan_obj is not None:
            self.plan_target.changed = self._diff(wb.PLAN, plan_row, plan_obj)
        self._record(wb.PLAN, str(plan_row.values["number"]), self.plan_target)

        existing = {c.number: c for c in commitments_of(plan)} if plan else {}
        milestone_rows = _group(self.parsed.sheet(wb.MILESTONES), "commitment")
        activity_rows = _group(self.parsed.sheet(wb.ACTIVITIES), "commitment", "milestone")
        numbers = set()
        for row in sorted(self.parsed.sheet(wb.COMMITMENTS), key=lambda r: r.values["number"]):
            number = row.values["number"]
            numbers.add(number)
            target = _Target(row, existing.get(number))
            if target.obj is not None:
                target.changed = self._diff(wb.COMMITMENTS, row, target.obj)
            self._record(wb.COMMITMENTS, str(number), target)
            self.commitments.append(target)
            current = milestones_of(target.obj) if target.obj is not None else []
            rows = sorted(milestone_rows.get((number,), []), key=lambda r: r.values["order"])
            for m_row in rows:
                order = m_row.values["order"]
                m_target = _Target(m_row, current[order - 1] if order <= len(current) else None)
                self._milestone(number, m_target, activity_rows.get((number, order), []))
                target.children.append(m_target)
            if self.delete_missing:
                for order, page in enumerate(current[len(rows) :], start=len(rows) + 1):
                    target.removed.append(page)
                    self.report.changes.append(
                        Change(wb.MILESTONES.name, f"{number}.{order}", page.title, DELETE)
                    )
        if self.delete_missing:
            for number, page in existing.items():
                if number not in numbers:
                    self.deleted_pages.append(page)
                    self.report.changes.append(
                        Change(wb.COMMITMENTS.name, str(number), page.title, DELETE)
                    )

    def _milestone(self, number: int, target: _Target, rows: list[Row]) -> None:
        order = target.row.values["order"]
        key = f"{number}.{order}"
        current = activities_of(target.obj) if target.obj is not None else []
        if target.obj is not None:
            target.changed = self._diff(
                wb.MILESTONES, target.row, target.obj, commitment=number, order=order
            )
        activity_changes = []
        rows = sorted(rows, key=lambda r: r.values["order"])
        for row in rows:
            position = row.values["order"]
            activity = current[position - 1] if position <= len(current) else None
            a_target = _Target(row, activity)
            if activity is not None:
                a_target.changed = self._diff(
                    wb.ACTIVITIES, row, activity, commitment=number, milestone=order, order=position
                )
            target.children.append(a_target)
            activity_changes.append((f"{key}.{position}", a_target))
        removed = current[len(rows) :] if self.delete_missing else []
        target.removed = removed
        touched = bool(removed) or any(t.obj is None or t.changed for _key, t in activity_changes)
        self._record(wb.MILESTONES, key, target, force_update=touched)
        for a_key, a_target in activity_changes:
            self._record(wb.ACTIVITIES, a_key, a_target)
        for position, activity in enumerate(removed, start=len(rows) + 1):
            self.report.changes.append(
                Change(wb.ACTIVITIES.name, f"{key}.{position}", activity.title, DELETE)
            )

    # Writing ------------------------------------------------------------------------
    def apply(self, user=None) -> ImportReport:
        if not can_import(user):
            raise ImportRefused(refusal_message())
        if not self.report.ok:
            return self.report
        self.user = user
        self.current_row: Row | None = None
        try:
            with transaction.atomic():
                self._write()
        except ValidationError as error:
            row = self.current_row
            message = " ".join(error.messages)
            self.report.errors.append(
                CellError(row.sheet.name, row.number, None, message)
                if row
                else CellError(None, None, None, message)
            )
            self.report.plan = None
            return self.report
        self.report.applied = True
        return self.report

    def _publish(self, page) -> None:
        revision = page.save_revision(user=self.user, log_action=True)
        revision.publish(user=self.user)

    def _set(self, sheet: wb.Sheet, obj, values: dict) -> None:
        for column in sheet.columns:
            if column.field in PAGE_FIELDS_SKIPPED:
                continue
            value = values[column.field]
            if column.kind in ENTRY_MODELS:
                setattr(
                    obj,
                    column.field,
                    list(ENTRY_MODELS[column.kind].objects.filter(name__in=value)),
                )
            elif column.kind == wb.TAGS:
                obj.tags.set(value)
            else:
                setattr(obj, column.field, value)

    def _write(self) -> None:
        for kind in (wb.INSTITUTIONS, wb.ORGANIZATIONS):
            for row in self.new_entries[kind]:
                self.current_row = row
                values = {k: v for k, v in row.values.items() if v != ""}
                entry = ENTRY_MODELS[kind](**values)
                entry.full_clean(exclude=["slug"])
                entry.save()
        plan = self._page(wb.PLAN, self.plan_target, ActionPlanPage, _home)
        self.report.plan = ActionPlanPage.objects.get(pk=plan.pk)
        for target in self.commitments:
            commitment = self._page(
                wb.COMMITMENTS, target, CommitmentPage, lambda: Page.objects.get(pk=plan.pk)
            )
            milestones = [t for t in target.children]
            for m_target in milestones:
                self._milestone_page(m_target, commitment)
            for page in reversed(target.removed):
                DeletePageAction(page, user=self.user).execute(skip_permission_checks=True)
        for page in self.deleted_pages:
            DeletePageAction(page, user=self.user).execute(skip_permission_checks=True)

    def _page(self, sheet, target: _Target, model, parent, extra=None):
        self.current_row = target.row
        if target.obj is None:
            page = model()
            self._set(sheet, page, target.row.values)
            (extra or (lambda p: None))(page)
            parent().add_child(instance=page)
            self._publish(page)
        else:
            page = target.obj
            if target.changed or extra:
                self._set(sheet, page, target.row.values)
                if extra:
                    extra(page)
                self._publish(page)
        return page

    def _milestone_page(self, target: _Target, commitment) -> None:
        activities = [t for t in target.children]
        touched = bool(target.removed) or any(t.obj is None or t.changed for t in activities)

        def set_activities(page) -> None:
            rows = []
            for a_target in activities:
                self.current_row = a_target.row
                activity = a_target.obj if a_target.obj is not None else Activity()
                for column in wb.ACTIVITIES.columns:
                    if column.field not in PAGE_FIELDS_SKIPPED:
                        setattr(activity, column.field, a_target.row.values[column.field])
                rows.append(activity)
            page.activities = rows
            self.current_row = target.row

        self._page(
            wb.MILESTONES,
            target,
            MilestonePage,
            lambda: Page.objects.get(pk=commitment.pk),
            extra=set_activities if (touched or target.obj is None) else None,
        )


def comparable(column: wb.Column, value):
    """A value as compared with the board: lists of names in any order and spelling
    (topics are stored sorted), rich text in its canonical markup."""
    if column.kind == wb.TAGS:
        return sorted({wb.normalize(name) for name in value})
    if column.kind in ENTRY_MODELS:
        return sorted(value)
    if column.kind == wb.RICH:
        return comparable_rich(value)
    return value


def _home() -> Page:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        raise ValidationError(_("No hay un sitio con portada donde crear el plan."))
    return site.root_page


def _group(rows: list[Row], *names: str) -> dict[tuple, list[Row]]:
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault(tuple(row.values[name] for name in names), []).append(row)
    return groups


def preview_plan(data: bytes, *, delete_missing: bool = False) -> PlanImport:
    """Read and compare, writing nothing."""
    return PlanImport(read_plan_file(data), delete_missing=delete_missing)


def import_plan(data: bytes, *, user=None, delete_missing: bool = False) -> ImportReport:
    """Read, compare and, when the file has no errors, write it all (or nothing)."""
    return preview_plan(data, delete_missing=delete_missing).apply(user)
