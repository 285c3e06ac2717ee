"""A plan as the template's rows: the latest content of every page (drafts included),
which is also what an import compares the file against."""

from decimal import Decimal

from planes.models import ActionPlanPage, CommitmentPage, MilestonePage

from . import workbook as wb

ENTRY_KINDS = (wb.INSTITUTIONS, wb.ORGANIZATIONS)


def latest(page):
    """The page as its latest revision (what the editor shows), or as saved."""
    return page.specific.get_latest_revision_as_object() if page.latest_revision_id else page


def commitments_of(plan) -> list:
    return [latest(p) for p in CommitmentPage.objects.child_of(plan).order_by("number", "path")]


def milestones_of(commitment) -> list:
    return [latest(p) for p in MilestonePage.objects.child_of(commitment).order_by("path")]


def activities_of(milestone) -> list:
    return list(milestone.activities.all())


def field_values(sheet: wb.Sheet, obj, **extra) -> dict:
    """The object's values for the sheet's columns, in the reader's types."""
    values = {}
    for column in sheet.columns:
        if column.field in extra:
            values[column.field] = extra[column.field]
            continue
        value = getattr(obj, column.field)
        if column.kind in ENTRY_KINDS:
            value = sorted(entry.name for entry in value.all())
        elif column.kind == wb.TAGS:
            value = sorted(tag.name for tag in value.all())
        elif column.kind == wb.DECIMAL and value is not None:
            value = Decimal(value).quantize(Decimal("0.01"))
        elif value is None and column.kind in (wb.TEXT, wb.RICH, wb.CHOICE):
            value = ""
        values[column.field] = value
    return values


def cell(column: wb.Column, value):
    """A value as written in a cell."""
    if column.kind in (*ENTRY_KINDS, wb.TAGS):
        return f"{wb.LIST_SEPARATOR} ".join(value) or None
    if column.kind == wb.BOOL:
        return "sí" if value else "no"
    if column.kind == wb.NULLBOOL:
        return None if value is None else ("sí" if value else "no")
    if column.kind == wb.CHOICE:
        return wb.spanish_label(column.choices(value)) if value else None
    if column.kind == wb.DECIMAL:
        return None if value is None else float(value)
    return None if value in ("", None) else value


def row_cells(sheet: wb.Sheet, values: dict) -> list:
    return [cell(column, values[column.field]) for column in sheet.columns]


def plan_rows(plan: ActionPlanPage) -> dict[str, list[list]]:
    plan = latest(plan)
    rows = {sheet.name: [] for sheet in wb.SHEETS}
    rows[wb.PLAN.name].append(row_cells(wb.PLAN, field_values(wb.PLAN, plan)))
    institutions, organizations = {}, {}
    for commitment in commitments_of(plan):
        number = commitment.number
        rows[wb.COMMITMENTS.name].append(
            row_cells(wb.COMMITMENTS, field_values(wb.COMMITMENTS, commitment))
        )
        institutions.update((e.name, e) for e in commitment.lead_institutions.all())
        organizations.update((e.name, e) for e in commitment.organizations.all())
        for order, milestone in enumerate(milestones_of(commitment), start=1):
            rows[wb.MILESTONES.name].append(
                row_cells(
                    wb.MILESTONES,
                    field_values(wb.MILESTONES, milestone, commitment=number, order=order),
                )
            )
            institutions.update((e.name, e) for e in milestone.responsible_institutions.all())
            organizations.update((e.name, e) for e in milestone.responsible_organizations.all())
            for position, activity in enumerate(activities_of(milestone), start=1):
                rows[wb.ACTIVITIES.name].append(
                    row_cells(
                        wb.ACTIVITIES,
                        field_values(
                            wb.ACTIVITIES,
                            activity,
                            commitment=number,
                            milestone=order,
                            order=position,
                        ),
                    )
                )
    for sheet, entries in (
        (wb.INSTITUTIONS_SHEET, institutions),
        (wb.ORGANIZATIONS_SHEET, organizations),
    ):
        for name in sorted(entries):
            rows[sheet.name].append(row_cells(sheet, field_values(sheet, entries[name])))
    return rows


def export_plan(plan: ActionPlanPage) -> bytes:
    """The filled-in template of ``plan``."""
    return wb.workbook_bytes(wb.build_workbook(plan_rows(plan)))


def template_bytes() -> bytes:
    """The empty template."""
    return wb.workbook_bytes(wb.build_workbook())
