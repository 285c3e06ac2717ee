"""The directory (institutions and organizations) in the admin via wagtail-modeladmin."""

import pytest
from django.urls import reverse

from demo.factories import InstitutionFactory, OrganizationFactory
from planes.models import Institution, Organization

pytestmark = pytest.mark.django_db

INSTITUTIONS = "planes_institution_modeladmin_index"


def test_institution_list_search_and_filter(admin_client):
    InstitutionFactory(name="Secretaría de la Función Pública", acronym="SFP")
    InstitutionFactory(
        name="Instituto Nacional de Transparencia", acronym="INAI", sector="autonomous"
    )
    response = admin_client.get(reverse(INSTITUTIONS))
    assert response.status_code == 200
    assert "Secretaría de la Función Pública" in response.content.decode()

    response = admin_client.get(reverse(INSTITUTIONS), {"q": "INAI"})
    content = response.content.decode()
    assert "Instituto Nacional de Transparencia" in content
    assert "Secretaría de la Función Pública" not in content

    response = admin_client.get(reverse(INSTITUTIONS), {"sector__exact": "autonomous"})
    content = response.content.decode()
    assert "Instituto Nacional de Transparencia" in content
    assert "Secretaría de la Función Pública" not in content


def test_create_institution_generates_slug(admin_client):
    response = admin_client.post(
        reverse("planes_institution_modeladmin_create"),
        {"name": "Secretaría de Economía", "acronym": "SE", "sector": "federal", "slug": ""},
    )
    assert response.status_code == 302
    assert Institution.objects.get(acronym="SE").slug == "se"


def test_create_organization_and_duplicate_name_is_refused(admin_client):
    data = {
        "name": "Fundar, Centro de Análisis e Investigación, A.C.",
        "acronym": "Fundar",
        "kind": "cso",
    }
    url = reverse("planes_organization_modeladmin_create")
    assert admin_client.post(url, data).status_code == 302
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Ya existe" in response.content.decode()
    assert Organization.objects.count() == 1


def test_organization_list_and_edit(admin_client):
    organization = OrganizationFactory()
    assert admin_client.get(reverse("planes_organization_modeladmin_index")).status_code == 200
    response = admin_client.get(
        reverse("planes_organization_modeladmin_edit", args=[organization.pk])
    )
    assert response.status_code == 200
