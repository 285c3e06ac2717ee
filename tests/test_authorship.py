"""Who speaks for whom: memberships, and progress updates authored by the editor's own
institution or organization, through the real admin (Directorio → Pertenencias and the
milestone editor)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Revision

from planes.models import Membership, ProgressUpdate

pytestmark = pytest.mark.django_db
User = get_user_model()


def login(client, user):
    client.force_login(user)
    return client


def snapshot():
    return {
        "updates": list(ProgressUpdate.objects.values()),
        "revisions": Revision.objects.count(),
    }


# Memberships (Directorio → Pertenencias) ----------------------------------------
def test_memberships_are_managed_in_the_directory(client, board):
    login(client, board["admin"])
    url = reverse("planes_membership_modeladmin_create")
    person = User.objects.create_user("nueva", "nueva@example.org", "x")
    both = {
        "user": person.pk,
        "institution": board["sfp"].pk,
        "organization": board["gesoc"].pk,
    }
    response = client.post(url, both)
    assert response.status_code == 200
    assert "no a ambas" in response.content.decode()
    assert client.post(url, {**both, "organization": ""}).status_code == 302
    again = client.post(url, {**both, "organization": ""})
    assert "ya pertenece a esa institución" in again.content.decode()
    assert list(Membership.objects.filter(user=person).values_list("institution", flat=True)) == [
        board["sfp"].pk
    ]
