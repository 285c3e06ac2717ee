"""Build POST data for Wagtail's page editor the way a browser would submit it.

The edit form is fetched from the real admin and parsed; StreamFields, which
the browser builds with JavaScript, are filled in from the page's own values.
"""

from django.http import QueryDict
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from tests.helpers import edit_url


def evidence_fields(prefix: str, items) -> dict:
    """Form data of an evidence StreamField named ``prefix`` holding ``items`` (dicts)."""
    return _evidence_fields(prefix, items)


def _evidence_fields(prefix: str, items) -> dict:
    blocks = []
    for value in items:
        document = value.get("document")
        blocks.append(
            (
                "evidence",
                {
                    "title": value.get("title", ""),
                    "date": str(value.get("date") or ""),
                    "kind": value.get("kind", "deliverable"),
                    "document": str(getattr(document, "pk", document) or ""),
                    "url": value.get("url", ""),
                },
            )
        )
    return {f"{prefix}-{key}": val for key, val in nested_form_data(streamfield(blocks)).items()}


def page_form_data(client, url: str, form_id: str) -> QueryDict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    for key in [k for k in data if "__prefix__" in k]:
        del data[key]
    return data


def milestone_edit_data(client, page, evidence_by_form=None) -> QueryDict:
    """The milestone's edit form as the browser would post it unchanged.

    ``evidence_by_form`` maps an activity form index to a list of evidence
    values (dicts) to send instead of the stored ones.
    """
    data = page_form_data(client, edit_url(page), "page-edit-form")
    activities = list(page.activities.all())
    total = int(data["activities-TOTAL_FORMS"])
    for index in range(total):
        if evidence_by_form and index in evidence_by_form:
            items = evidence_by_form[index]
        elif index < len(activities):
            items = [block.value for block in activities[index].evidence]
        else:
            items = []
        data.update(_evidence_fields(f"activities-{index}-evidence", items))
    return data


def add_activity(data: QueryDict, evidence=(), **fields) -> int:
    """Append a new activity form to milestone form data; returns its index."""
    index = int(data["activities-TOTAL_FORMS"])
    defaults = {
        "title": "Nueva actividad",
        "status": "not_started",
        "start_date": "",
        "end_date": "",
        "description": "",
        "means_of_verification": "",
        "id": "",
        "ORDER": str(index + 1),
        "DELETE": "",
    }
    defaults.update(fields)
    for key, value in defaults.items():
        data[f"activities-{index}-{key}"] = value
    data.update(_evidence_fields(f"activities-{index}-evidence", list(evidence)))
    data["activities-TOTAL_FORMS"] = str(index + 1)
    return index
