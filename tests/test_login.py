"""Brute force against the logins: wrong passwords lock the account out for a while, in
Spanish, on Wagtail's login and Django's; an administrator lifts the lock in the admin."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from planes.permissions import ADMINISTRATORS
from tests.accounts import sign_in, signed_in

pytestmark = pytest.mark.django_db

PASSWORD = "clave-correcta-larga"


@pytest.fixture
def approver_account(approver):
    approver.set_password(PASSWORD)
    approver.save()
    return approver


def test_wrong_passwords_lock_the_account_even_for_the_right_one(approver_account):
    attacker = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(attacker, approver_account.username, "adivinanza")
        assert response.status_code == 200  # the form again, with its error
    locked = sign_in(attacker, approver_account.username, "adivinanza")
    assert locked.status_code == 429
    response = sign_in(attacker, approver_account.username, PASSWORD)
    assert response.status_code == 429
    assert "Acceso bloqueado temporalmente" in response.content.decode()
    assert not signed_in(attacker)


def test_django_admin_login_is_throttled_too(approver_account):
    attacker = Client()
    url = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(url, {"username": approver_account.username, "password": "x"})
    response = attacker.post(url, {"username": approver_account.username, "password": PASSWORD})
    assert response.status_code == 429


def test_a_few_mistakes_do_not_lock_and_success_clears_them(approver_account):
    person = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(person, approver_account.username, "me-equivoqué")
    assert sign_in(person, approver_account.username, PASSWORD).status_code == 302
    assert signed_in(person)
    assert not AccessAttempt.objects.filter(username=approver_account.username).exists()


def test_an_administrator_unlocks_an_account(approver_account, groups):
    attacker = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, approver_account.username, "adivinanza")
    attempt = AccessAttempt.objects.get(username=approver_account.username)

    admin = get_user_model().objects.create_user("jefa", "j@example.org", "x")
    admin.groups.add(groups[ADMINISTRATORS])
    admin_client = Client()
    admin_client.force_login(admin)
    listing = admin_client.get(reverse("axes_accessattempt_modeladmin_index"))
    assert approver_account.username in listing.content.decode()
    delete_url = reverse("axes_accessattempt_modeladmin_delete", args=[attempt.pk])
    assert admin_client.post(delete_url).status_code == 302

    assert sign_in(attacker, approver_account.username, PASSWORD).status_code == 302
    assert signed_in(attacker)
