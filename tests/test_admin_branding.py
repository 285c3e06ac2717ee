"""Issue #18: the admin and the authenticator app name the board as Ajustes > Instancia
names it, not as the SITE_NAME environment variable did when the server started."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Site

from tests.helpers import board_language
from tests.test_instance_settings import errors, save_settings, settings_url
from tests.test_roles import login

pytestmark = pytest.mark.django_db

NEW_NAME = "Tablero Abierto de Ruritania"
OLD_NAME = "Tablero de Gobierno Abierto"  # SITE_NAME's default, WAGTAIL_SITE_NAME in tests
HOME = reverse("wagtailadmin_home")
LOGIN = reverse("wagtailadmin_login")
SETUP = reverse("cuentas_two_factor_setup")


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def renamed(client, board) -> Client:
    """The board's administrator saves a new name in the admin's settings form."""
    response = save_settings(login(client, board["admin"]), board_name=NEW_NAME)
    assert response.status_code == 302, errors(response)
    assert response.url == settings_url()  # saved (not sent elsewhere)
    return client


def test_until_the_settings_are_saved_the_admin_uses_site_name(client, board, settings):
    settings.WAGTAIL_SITE_NAME = "Tablero del Servidor"
    dashboard = login(client, board["admin"]).get(HOME).content.decode()
    assert title(dashboard).endswith("- Tablero del Servidor")
    assert "Wagtail</title>" not in dashboard


def test_the_admin_shows_the_board_name_saved_in_the_settings(client, board):
    renamed(client, board)
    dashboard = client.get(HOME).content.decode()
    assert title(dashboard).endswith(f"- {NEW_NAME}")
    assert re.search(rf"<h1[^>]*>\s*{NEW_NAME}\s*</h1>", dashboard)  # the welcome
    assert OLD_NAME not in dashboard
    for page in (reverse("wagtailadmin_explore_root"), settings_url()):
        assert title(client.get(page).content.decode()).endswith(f"- {NEW_NAME}")
    # Wagtail's own record of the site carries the name too (sites list, choosers).
    assert Site.objects.get(is_default_site=True).site_name == NEW_NAME

    client.logout()
    sign_in_page = client.get(LOGIN).content.decode()
    assert title(sign_in_page).endswith(f"- {NEW_NAME}")
    assert f"Iniciar sesión en {NEW_NAME}" in sign_in_page
    assert OLD_NAME not in sign_in_page and "Wagtail" not in title(sign_in_page)


def test_the_english_admin_shows_the_board_name(client, board):
    renamed(client, board)
    with board_language("en"):
        client.logout()
        sign_in_page = client.get(LOGIN).content.decode()
        assert f"Sign in to {NEW_NAME}" in sign_in_page
        assert "Open Government Dashboard" not in sign_in_page


def test_the_authenticator_app_names_the_board(client, board, settings):
    renamed(client, board)
    settings.TABLERO_REQUIRE_2FA = True
    person = board["approver"]
    page = login(Client(), person).get(SETUP)
    assert page.status_code == 200
    assert title(page.content.decode()).endswith(f"- {NEW_NAME}")
    uri = unquote(TOTPDevice.objects.get(user=person, confirmed=False).config_url)
    assert uri.startswith(f"otpauth://totp/{NEW_NAME}:{person.username}?")
    assert f"&issuer={NEW_NAME}" in uri
    assert OLD_NAME not in uri


def test_without_saved_settings_the_authenticator_app_names_site_name(board, settings):
    settings.TABLERO_REQUIRE_2FA = True
    settings.WAGTAIL_SITE_NAME = "Tablero del Servidor"
    person = board["approver"]
    assert login(Client(), person).get(SETUP).status_code == 200
    uri = unquote(TOTPDevice.objects.get(user=person, confirmed=False).config_url)
    assert "&issuer=Tablero del Servidor" in uri
