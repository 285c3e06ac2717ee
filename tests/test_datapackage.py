"""/datos/datapackage.json: a Frictionless Data Package of every open-data table, validated
with the ``frictionless`` library against the real downloads (served by the test client)."""

import json
import re

import pytest
from frictionless import Package

from demo.loader import DATA_FILE
from opendata.tables import COLUMNS
from tests.helpers import count_queries
from tests.public_data import grow

pytestmark = pytest.mark.django_db

BASE = "http://testserver"  # WAGTAILAPI_BASE_URL in cms.settings.test


def package_with_local_files(client, tmp_path) -> dict:
    """The descriptor, each resource's CSV fetched through the site and its path rewritten
    to the downloaded file."""
    response = client.get("/datos/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    descriptor = response.json()
    for resource in descriptor["resources"]:
        assert resource["path"].startswith(f"{BASE}/datos/"), resource["path"]
        download = client.get(resource["path"].removeprefix(BASE))
        assert download.status_code == 200, resource["path"]
        assert download["Content-Type"] == "text/csv; charset=utf-8"
        name = f"{resource['name']}.csv"
        (tmp_path / name).write_bytes(download.content)
        resource["path"] = name
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return descriptor


def assert_valid(tmp_path):
    report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors
    assert errors == []
    return report


def test_the_package_describes_every_table_of_the_data_dictionary(client, public_plan):
    descriptor = client.get("/datos/datapackage.json").json()
    assert descriptor["name"] == "tablero-gobierno-abierto"
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/deed.es",
            "title": "CC-BY-4.0",
        }
    ]
    resources = {r["name"]: r for r in descriptor["resources"]}
    page = client.get("/datos/").content.decode()
    on_the_page = set(re.findall(r'<h3 id="tabla-([a-z]+)">', page))
    assert on_the_page == set(COLUMNS) == set(resources)
    assert 'href="/datos/datapackage.json"' in page
    for name, resource in resources.items():
        assert resource["format"] == "csv" and resource["mediatype"] == "text/csv"
        assert resource["encoding"] == "utf-8"
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in COLUMNS[name]]
        assert [f["description"] for f in fields] == [str(c.meaning) for c in COLUMNS[name]]
        assert f'href="{resource["path"].removeprefix(BASE)}"' in page, name
    commitments = resources["commitments"]["schema"]
    assert commitments["primaryKey"] == ["commitment_id"]
    assert {
        "fields": ["plan_id"],
        "reference": {"resource": "plans", "fields": ["plan_id"]},
    } in commitments["foreignKeys"]
    types = {f["name"]: f["type"] for f in resources["milestones"]["schema"]["fields"]}
    assert (types["progress"], types["end_date"], types["delayed"]) == (
        "number",
        "date",
        "boolean",
    )
    assert "/datos/datapackage.json" in client.get("/api/v2/openapi.json").json()["paths"]


def test_the_package_validates_against_the_downloads(client, public_plan, tmp_path):
    descriptor = package_with_local_files(client, tmp_path)
    report = assert_valid(tmp_path)
    assert len(report.tasks) == len(descriptor["resources"]) == len(COLUMNS)
    assert {t.name for t in report.tasks} == set(COLUMNS)
    rows = {t.name: t.stats.get("rows", 0) for t in report.tasks}
    assert rows["plans"] == 1 and rows["commitments"] == 2 and rows["milestones"] >= 3
    assert rows["irm"] == 2
    # The check reads the rows: a text column described as a number is an error.
    commitments = descriptor["resources"][1]
    assert commitments["name"] == "commitments"
    commitments["schema"]["fields"][4]["type"] = "integer"  # title
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert {e[1] for e in report.flatten(["fieldName", "type"])} == {"type-error"}


@pytest.mark.skipif(not DATA_FILE.exists(), reason="demo data file not merged yet")
def test_the_package_validates_against_the_demo_downloads(client, demo, tmp_path):
    package_with_local_files(client, tmp_path)
    report = assert_valid(tmp_path)
    rows = {t.name: t.stats.get("rows", 0) for t in report.tasks}
    for table in ("plans", "commitments", "milestones", "evidence", "assessments", "irm"):
        assert rows[table] > 0, table


def test_whole_site_tables_take_a_constant_number_of_queries(
    client, public_plan, django_assert_num_queries
):
    paths = ["/datos/datapackage.json", "/datos/mri.csv", "/datos/compromisos.xlsx"]
    paths += ["/datos/planes.json", "/datos/evidencias.csv"]
    client.get("/")  # warm caches
    small = {path: count_queries(client, path) for path in paths}
    grow(public_plan.plan, 6)
    for path in paths:
        with django_assert_num_queries(small[path], info=path):
            assert client.get(path).status_code == 200


def test_unknown_whole_site_tables_and_formats_are_404(client, public_plan):
    assert client.get("/datos/nada.csv").status_code == 404
    assert client.get("/datos/compromisos.pdf").status_code == 404
    rows = client.get("/datos/compromisos.json").json()["rows"]
    assert len(rows) == 2
