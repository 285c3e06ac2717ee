"""The IRM's assessment of a commitment in both vocabularies (the editor shows the plan's
cycle), in the API, and the IRM-ready dataset (/datos/planes/<id>/mri.*)."""

import datetime

import pytest

from demo.factories import ActionPlanPageFactory, CommitmentPageFactory
from demo.loader import DATA_FILE
from opendata.tables import COLUMNS
from planes.models import ActionPlanPage, CommitmentPage
from tests.admin_forms import page_form_data
from tests.helpers import count_queries, edit_url, publish
from tests.public_data import grow
from tests.test_open_data import READERS

pytestmark = pytest.mark.django_db

NEW_FIELDS = ("irm_verifiable", "irm_potential_for_results", "irm_early_results")
OLD_FIELDS = (
    "irm_specificity",
    "irm_potential_impact",
    "irm_completion_midterm",
    "irm_did_it_open_government",
)
SHARED_FIELDS = ("irm_relevant_to_ogp_values", "irm_ogp_values", "irm_completion", "irm_notes")


def commitment_in_plan(home, start):
    plan = publish(ActionPlanPageFactory(parent=home, start_date=start))
    return plan, publish(CommitmentPageFactory(parent=plan, number=1, ogp_id="MX0100"))


def edit_form(client, page):
    return page_form_data(client, edit_url(page), "page-edit-form")


def publish_edit(client, page, data):
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page), dict(data.lists()))  # every value of a checkbox list


def test_a_plan_from_2020_on_is_assessed_with_the_results_oriented_vocabulary(admin_client, home):
    plan, commitment = commitment_in_plan(home, datetime.date(2021, 1, 1))
    page = admin_client.get(edit_url(commitment)).content.decode()
    assert "Ciclo orientado a resultados (planes de 2020 en adelante)" in page
    assert "Metodología anterior (planes iniciados antes de 2020)" not in page
    for name in NEW_FIELDS + SHARED_FIELDS:
        assert f'name="{name}"' in page, name
    for name in OLD_FIELDS:
        assert f'name="{name}"' not in page, name

    data = edit_form(admin_client, commitment)
    data["irm_verifiable"] = "true"
    data["irm_relevant_to_ogp_values"] = "true"
    data.setlist("irm_ogp_values", ["public_accountability", "access_to_information"])
    data["irm_potential_for_results"] = "substantial"
    data["irm_completion"] = "limited"
    data["irm_early_results"] = "moderate"
    assert publish_edit(admin_client, commitment, data).status_code == 302

    saved = CommitmentPage.objects.get(pk=commitment.pk)
    assert saved.irm_verifiable is True
    assert saved.irm_relevant_to_ogp_values is True
    assert saved.irm_ogp_values == ["access_to_information", "public_accountability"]
    assert (saved.irm_potential_for_results, saved.irm_completion, saved.irm_early_results) == (
        "substantial",
        "limited",
        "moderate",
    )
    item = admin_client.get(f"/api/v2/pages/{commitment.pk}/", {"fields": "*"}).json()
    assert item["irm_verifiable"] is True
    assert item["irm_relevant_to_ogp_values"] is True
    assert item["irm_ogp_values"] == ["access_to_information", "public_accountability"]
    assert item["irm_potential_for_results"] == "substantial"
    assert item["irm_completion"] == "limited"
    assert item["irm_early_results"] == "moderate"
    assert item["irm_specificity"] == "" and item["irm_completion_midterm"] == ""

    public = admin_client.get(saved.url).content.decode()
    assert "Potencial de resultados" in public and "Sustancial" in public
    assert "Resultados tempranos" in public and "Moderados" in public
    assert "Acceso a la información, Rendición de cuentas" in public


def test_an_earlier_plan_keeps_the_earlier_vocabulary(admin_client, home):
    plan, commitment = commitment_in_plan(home, datetime.date(2016, 9, 1))
    page = admin_client.get(edit_url(commitment)).content.decode()
    assert "Metodología anterior (planes iniciados antes de 2020)" in page
    assert "Ciclo orientado a resultados (planes de 2020 en adelante)" not in page
    for name in OLD_FIELDS + SHARED_FIELDS:
        assert f'name="{name}"' in page, name
    for name in NEW_FIELDS:
        assert f'name="{name}"' not in page, name

    data = edit_form(admin_client, commitment)
    data["irm_specificity"] = "high"
    data["irm_potential_impact"] = "transformative"
    data["irm_completion_midterm"] = "limited"
    data["irm_completion"] = "no_evidence"
    data["irm_did_it_open_government"] = "major"
    assert publish_edit(admin_client, commitment, data).status_code == 302
    saved = CommitmentPage.objects.get(pk=commitment.pk)
    assert (
        saved.irm_specificity,
        saved.irm_potential_impact,
        saved.irm_completion_midterm,
        saved.irm_completion,
        saved.irm_did_it_open_government,
    ) == ("high", "transformative", "limited", "no_evidence", "major")
    item = admin_client.get(f"/api/v2/pages/{commitment.pk}/", {"fields": "*"}).json()
    assert item["irm_completion_midterm"] == "limited"
    assert item["irm_completion"] == "no_evidence"
    assert item["irm_did_it_open_government"] == "major"
    assert item["irm_early_results"] == "" and item["irm_verifiable"] is None


def test_a_recorded_value_of_the_other_vocabulary_stays_visible(admin_client, home):
    """The demo's 2019 plan recorded «verifiable» (the newer vocabulary): an editor still
    sees it, and saving the form does not erase it."""
    plan, commitment = commitment_in_plan(home, datetime.date(2019, 12, 10))
    commitment.irm_verifiable = True
    commitment = publish(commitment)
    data = edit_form(admin_client, commitment)
    assert data["irm_verifiable"] == "true"
    assert "irm_early_results" not in data
    assert publish_edit(admin_client, commitment, data).status_code == 302
    assert CommitmentPage.objects.get(pk=commitment.pk).irm_verifiable is True


def test_values_of_a_commitment_not_relevant_to_ogp_values_are_refused(admin_client, home):
    plan, commitment = commitment_in_plan(home, datetime.date(2021, 1, 1))
    data = edit_form(admin_client, commitment)
    data["irm_relevant_to_ogp_values"] = "false"
    data.setlist("irm_ogp_values", ["civic_participation"])
    response = publish_edit(admin_client, commitment, data)
    assert response.status_code == 200
    assert "El MRI lo consideró no relevante para los valores de OGP" in response.content.decode()
    data.setlist("irm_ogp_values", ["no_such_value"])
    data["irm_relevant_to_ogp_values"] = "true"
    response = publish_edit(admin_client, commitment, data)
    assert response.status_code == 200
    assert "no_such_value" in response.content.decode()  # Django's «Escoja una opción válida»
    assert CommitmentPage.objects.get(pk=commitment.pk).irm_ogp_values == []


def test_editors_without_the_commitment_permission_do_not_see_the_assessment(client, board):
    client.force_login(board["government"])
    data = edit_form(client, board["own"])
    for name in (*NEW_FIELDS, *OLD_FIELDS, *SHARED_FIELDS):
        assert name not in data, name


def mri_url(plan, fmt):
    return f"/datos/planes/{plan.pk}/mri.{fmt}"


@pytest.mark.skipif(not DATA_FILE.exists(), reason="demo data file not merged yet")
def test_the_irm_dataset_of_the_demo_plan(client, demo):
    plan = ActionPlanPage.objects.get()
    api = {
        item["id"]: item
        for item in client.get(
            "/api/v2/pages/",
            {
                "type": "planes.CommitmentPage",
                "child_of": plan.pk,
                "limit": 100,
                "fields": "ogp_id,completion_level,civil_society,irm_verifiable,"
                "irm_potential_impact,irm_did_it_open_government,lead_institutions,organizations",
            },
        ).json()["items"]
    }
    assert api
    for fmt, read in READERS.items():
        response = client.get(mri_url(plan, fmt))
        assert response.status_code == 200, fmt
        rows = read(response)
        assert list(rows[0]) == [c.name for c in COLUMNS["irm"]], fmt
        assert sorted(int(r["commitment_id"]) for r in rows) == sorted(api), fmt
    rows = client.get(mri_url(plan, "json")).json()["rows"]
    assert [r["commitment_number"] for r in rows] == sorted(r["commitment_number"] for r in rows)
    first = rows[0]
    assert first["ogp_id"] == "MX0075"
    assert first["country"] == "México"
    assert first["action_plan_number"] == 4
    assert first["action_plan_years"] == "2019-2021"
    assert first["irm_cycle"] == "earlier"
    assert first["irm_verifiable"] is True
    assert first["irm_potential_impact"] == "transformative"
    assert first["irm_did_it_open_government"] == "no_results_yet"
    assert "GESOC" in first["supporting_institutions"]
    for row in rows:
        item = api[row["commitment_id"]]
        assert row["ogp_id"] == item["ogp_id"]
        assert row["completion_level"] == item["completion_level"]
        assert row["irm_verifiable"] == item["irm_verifiable"]
        assert row["lead_institutions"] == "; ".join(i["name"] for i in item["lead_institutions"])
        summary = item["civil_society"]
        assert (
            row["cso_assessed_milestones"],
            row["cso_disagreeing_milestones"],
            row["cso_partly_agreeing_milestones"],
        ) == (
            summary["assessed_milestones"],
            summary["disagreeing_milestones"],
            summary["partly_agreeing_milestones"],
        )
    assert sum(r["cso_assessed_milestones"] for r in rows) > 0, "the demo has assessments"
    csv_row = READERS["csv"](client.get(mri_url(plan, "csv")))[0]
    assert csv_row["irm_verifiable"] == "true"
    assert csv_row["irm_relevant_to_ogp_values"] == ""  # not recorded: an empty cell


def test_the_irm_dataset_is_on_the_open_data_page(client, public_plan):
    content = client.get("/datos/").content.decode()
    assert mri_url(public_plan.plan, "csv") in content
    assert 'id="tabla-irm"' in content
    for column in COLUMNS["irm"]:
        assert f"<code>{column.name}</code>" in content
    assert mri_url(public_plan.plan, "xlsx") in client.get(public_plan.plan.url).content.decode()
    downloads = client.get(f"/api/v2/pages/{public_plan.plan.pk}/").json()["downloads"]
    assert downloads["irm_csv"].endswith(mri_url(public_plan.plan, "csv"))


def test_irm_dataset_queries_do_not_grow_with_content(
    client, public_plan, django_assert_num_queries
):
    paths = [mri_url(public_plan.plan, "csv"), mri_url(public_plan.plan, "json")]
    client.get("/")  # warm caches
    small = {path: count_queries(client, path) for path in paths}
    grow(public_plan.plan, 6)
    for path in paths:
        with django_assert_num_queries(small[path], info=path):
            assert client.get(path).status_code == 200
