"""The follow-up desk (#17): what each commitment and person owes, through the admin URL,
for approvers and administrators only, exported to CSV and XLSX, with a query count that
does not grow with the content."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from demo.factories import MilestonePageFactory, activity
from planes.choices import ActivityStatus
from planes.models import MilestonePage
from tests.helpers import count_queries, publish

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
DESK = "/admin/seguimiento/"


def dated(board, key, **dates):
    page = board["milestones"][key]
    page.start_date = dates.get("start")
    page.end_date = dates.get("end")
    return publish(page)


@pytest.fixture
def desk(board):
    dated(board, "own", start=TODAY - 60 * DAY, end=TODAY - 5 * DAY)  # overdue
    dated(board, "other", start=TODAY - 10 * DAY, end=TODAY + 3 * DAY)  # due soon
    return board


def test_reverse_name():
    assert reverse("followup_desk") == DESK


def test_approver_sees_what_is_owed_and_by_whom(client, desk):
    client.force_login(desk["approver"])
    page = client.get(DESK).content.decode()
    assert "Mesa de seguimiento" in page
    assert "Hito own" in page and "Hito other" in page
    assert "Vencida" in page and "Por vencer" in page
    assert "government" in page and "civil" in page
    assert reverse("wagtailadmin_pages:edit", args=[desk["milestones"]["own"].pk]) in page
    # Most urgent first: the overdue before the due soon.
    assert page.index("Hito own") < page.index("Hito other")
    only_due = client.get(DESK, {"owed": "due_soon"}).content.decode()
    assert "Hito other" in only_due and "Hito own" not in only_due


def test_menu_item_only_for_moderators(client, desk):
    client.force_login(desk["government"])
    response = client.get(DESK)
    assert response.status_code in (302, 403)


def test_csv_and_xlsx_export(client, desk):
    client.force_login(desk["admin"])
    response = client.get(DESK, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # spreadsheets read the accents as UTF-8
    text = body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_title = {row["Asunto"]: row for row in rows}
    assert by_title["Hito own"]["Qué se debe"] == "Vencida"
    assert by_title["Hito own"]["Días de retraso"] == "5"
    assert by_title["Hito own"]["Compromiso"] == "Gasto abierto"
    assert by_title["Hito own"]["Dónde actuar"].startswith("http://testserver/admin/pages/")
    assert by_title["Hito other"]["Qué se debe"] == "Por vencer"
    xlsx = client.get(DESK, {"export": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "Hito own" in [row[1] for row in values]


def test_query_count_constant_as_content_grows(client, desk, django_assert_num_queries):
    client.force_login(desk["approver"])
    small = count_queries(client, DESK)
    for n in range(6):
        parent = desk["own"] if n % 2 else desk["other"]
        publish(
            MilestonePageFactory(
                parent=parent,
                title=f"Más {n}",
                start_date=TODAY - 100 * DAY,
                end_date=TODAY - n * DAY,
                activities=[activity(ActivityStatus.IN_PROGRESS)],
            )
        )
    assert MilestonePage.objects.count() == 8
    with django_assert_num_queries(small):
        assert client.get(DESK).status_code == 200


def test_editor_sees_only_own_commitments_on_the_dashboard(client, desk):
    client.force_login(desk["government"])
    page = client.get("/admin/").content.decode()
    assert "Lo que debo informar" in page
    assert "Hito own" in page
    # «Hito other» belongs to a commitment the editor is not assigned to.
    section = page[page.index("what-i-owe-heading") :]
    section = section[: section.index("</section>")]
    assert "Hito other" not in section and "Vencida" in section


def test_editor_panel_query_count_constant(client, desk, django_assert_num_queries):
    client.force_login(desk["government"])
    client.get("/admin/")  # what the first request caches (content types, settings)
    small = count_queries(client, "/admin/")
    for n in range(4):
        publish(
            MilestonePageFactory(
                parent=desk["own"],
                title=f"Más {n}",
                start_date=TODAY - 100 * DAY,
                end_date=TODAY - n * DAY,
                activities=[activity(ActivityStatus.IN_PROGRESS)],
            )
        )
    # Publishing renews what the first request after it caches (the public documents).
    client.get("/admin/")
    with django_assert_num_queries(small):
        assert client.get("/admin/").status_code == 200
