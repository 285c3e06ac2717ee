"""Security headers: a Content-Security-Policy on public and admin pages."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_public_pages_allow_only_the_sites_own_scripts(home):
    policy = directives(Client().get("/"))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "http" not in policy["img-src"], "nothing loaded from other sites"


def test_the_admin_has_a_policy_too(admin_client, home):
    policy = directives(admin_client.get(reverse("wagtailadmin_home")))
    assert policy["script-src"] == "'self' 'unsafe-inline'"  # Wagtail's inline scripts
    assert policy["object-src"] == "'none'"
    assert policy["connect-src"] == "'self'"
