"""Two people editing one milestone: the second save does not wipe the first."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from planes.models import MilestonePage
from tests.admin_forms import milestone_edit_data

pytestmark = pytest.mark.django_db


def person(username):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser(username, f"{username}@x.mx", "x"))
    return client


def test_a_save_based_on_an_older_revision_is_refused_and_keeps_what_was_typed(public_plan):
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    approver, editor = person("aprobadora"), person("enlace")
    approver_form = milestone_edit_data(approver, page)
    editor_form = milestone_edit_data(editor, page)  # both opened the same version

    approver_form["title"] = "Padrón publicado (revisado por la SFP)"
    assert approver.post(url, approver_form).status_code == 302
    latest = MilestonePage.objects.get(pk=page.pk).latest_revision_id

    editor_form["title"] = "Padrón publicado con 1,200 registros"
    response = editor.post(url, editor_form)
    content = response.content.decode()
    assert response.status_code == 200, "the form again, not saved"
    assert "guardó cambios en esta página" in content
    assert "Comparar las dos versiones" in content
    assert "Padrón publicado con 1,200 registros" in content, "what was typed is kept"
    page.refresh_from_db()
    assert page.latest_revision_id == latest
    assert page.get_latest_revision_as_object().title == "Padrón publicado (revisado por la SFP)"

    # The form shown again is based on the latest version: saving again goes through.
    shown = querydict_from_html(content, form_id="page-edit-form")
    assert shown["loaded_revision_id"] == str(latest)
    editor_form["loaded_revision_id"] = shown["loaded_revision_id"]
    editor_form["loaded_revision_created_at"] = shown["loaded_revision_created_at"]
    assert editor.post(url, editor_form).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Padrón publicado con 1,200 registros"
