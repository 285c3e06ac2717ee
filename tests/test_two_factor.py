"""Two-step verification of the admin (cuentas/): approvers, administrators and superusers
must add an authenticator app and enter its code after the password; editors may. Through
the real login form and admin URLs, with codes computed by the TOTP algorithm itself."""

import io
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from cuentas import two_factor
from planes.permissions import ADMINISTRATORS, APPROVERS, GOVERNMENT_EDITORS
from tests.accounts import sign_in
from tests.helpers import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db
User = get_user_model()

PASSWORD = "clave-larga-de-prueba"
HOME = reverse("wagtailadmin_home")
SETUP = reverse("cuentas_two_factor_setup")
VERIFY = reverse("cuentas_two_factor_verify")
CODES = reverse("cuentas_two_factor_recovery_codes")
STATUS = reverse("cuentas_two_factor")
WRONG_CODE = "El código no es correcto."
THROTTLED = "Demasiados intentos fallidos. Espera"


@pytest.fixture(autouse=True)
def required(settings):
    """Production's rule (cms.settings.test relaxes it for the rest of the suite)."""
    settings.TABLERO_REQUIRE_2FA = True


@pytest.fixture
def person(groups):
    def make(username, group=None, **extra):
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **extra)
        if group:
            user.groups.add(groups[group])
        return user

    return make


@pytest.fixture
def approver(person):
    return person("aprobadora", APPROVERS)


@pytest.fixture
def editor(person):
    return person("gobierno", GOVERNMENT_EDITORS)


def app_code(device) -> str:
    """What the authenticator app shows: the code of the current 30-second step, or of the
    next one when this step's code was already used (a code never works twice)."""
    device.refresh_from_db()
    now_step = int(time.time() - device.t0) // device.step
    target = max(now_step + device.drift, device.last_t + 1)
    code = totp(device.bin_key, device.step, device.t0, device.digits, target - now_step)
    return f"{code:0{device.digits}d}"


def another_code(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def signed_in_client(user) -> Client:
    client = Client()
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    return client


def enrol(client, user) -> list[str]:
    """The guided set-up, as the person does it; their recovery codes."""
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": app_code(device), "next": HOME})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response.url)
    return [code for code in page.context["codes"]]


def enrolled(user) -> tuple[Client, list[str]]:
    client = signed_in_client(user)
    return client, enrol(client, user)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_approver_signed_in_with_the_password_is_sent_to_set_it_up(approver):
    client = signed_in_client(approver)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=/admin/"

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "aplicación de autenticación" in html
    assert 'src="data:image/svg+xml' in html  # the QR code, allowed by img-src data:
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    assert two_factor.grouped_secret(device) in html
    assert "otpauth://totp/" in device.config_url
    # Every other admin page sends them there too, and so does Django's admin.
    assert client.get(reverse("wagtailadmin_explore_root")).url.startswith(SETUP)


def test_the_right_code_turns_it_on_shows_recovery_codes_once_and_opens_the_admin(approver):
    client = signed_in_client(approver)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=approver, confirmed=False)

    response = client.post(SETUP, {"code": app_code(device), "next": HOME})
    assert response.status_code == 302
    assert response.url == f"{CODES}?next=/admin/"
    page = client.get(response.url)
    codes = page.context["codes"]
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT == 10
    html = page.content.decode()
    assert all(code in html for code in codes)
    assert "única vez que se muestran" in html
    assert client.get(response.url).context["codes"] is None  # shown once only

    assert client.get(HOME).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=approver).count() == 10
    assert ModelLogEntry.objects.filter(
        action=two_factor.ENABLED_ACTION, object_id=str(approver.pk)
    ).exists()


def test_a_wrong_code_is_refused_in_spanish_and_the_same_key_kept(approver):
    client = signed_in_client(approver)
    first = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=approver, confirmed=False)

    response = client.post(SETUP, {"code": another_code(app_code(device)), "next": HOME})
    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG_CODE in html
    assert two_factor.grouped_secret(device) in html and two_factor.grouped_secret(device) in first
    assert not TOTPDevice.objects.filter(user=approver, confirmed=True).exists()
    assert client.get(HOME).url.startswith(SETUP)


def test_the_next_sign_in_asks_for_the_apps_code(approver):
    enrolled(approver)
    device = TOTPDevice.objects.get(user=approver, confirmed=True)

    client = signed_in_client(approver)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=/admin/"
    assert client.get(response.url).status_code == 200
    # The password alone neither adds an app nor makes new recovery codes.
    assert client.get(SETUP).url.startswith(VERIFY)
    assert client.post(CODES).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=approver).count() == 1

    response = client.post(VERIFY, {"code": app_code(device), "next": HOME})
    assert response.status_code == 302
    assert response.url == HOME
    assert client.get(HOME).status_code == 200


def test_repeated_wrong_codes_are_throttled(approver, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 10  # seconds of wait after the first mistake
    enrolled(approver)
    device = TOTPDevice.objects.get(user=approver, confirmed=True)
    client = signed_in_client(approver)

    wrong = client.post(VERIFY, {"code": another_code(app_code(device)), "next": HOME})
    assert WRONG_CODE in wrong.content.decode()
    refused = client.post(VERIFY, {"code": app_code(device), "next": HOME})
    assert refused.status_code == 200
    assert THROTTLED in refused.content.decode()
    assert client.get(HOME).url.startswith(VERIFY)

    # Once the wait is over, the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )
    assert client.post(VERIFY, {"code": app_code(device), "next": HOME}).url == HOME


def test_a_recovery_code_works_once(approver):
    _client, codes = enrolled(approver)

    client = signed_in_client(approver)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": HOME})
    assert response.status_code == 302 and response.url == HOME
    assert any("Te quedan 9" in m for m in messages_of(client.get(HOME)))

    again = signed_in_client(approver)
    response = again.post(VERIFY, {"code": codes[0], "next": HOME})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert again.get(HOME).url.startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=approver).count() == 9


def test_next_only_leads_within_the_site(approver):
    _client, codes = enrolled(approver)
    client = signed_in_client(approver)
    response = client.post(VERIFY, {"code": codes[1], "next": "https://elsewhere.example/"})
    assert response.url == HOME


def test_an_editor_is_not_forced(editor):
    client = signed_in_client(editor)
    assert client.get(HOME).status_code == 200
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_an_editor_enrols_from_the_account_page_and_then_must_verify(editor):
    client = signed_in_client(editor)
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "Verificación en dos pasos" in account
    assert f'href="{STATUS}"' in account
    status = client.get(STATUS).content.decode()
    assert "Es opcional para tu rol" in status
    assert f'href="{SETUP}"' in status

    enrol(client, editor)
    assert client.get(HOME).status_code == 200
    assert "Estado: activada." in client.get(STATUS).content.decode()

    # Having chosen it, the editor enters the code at every sign-in, like an approver.
    later = signed_in_client(editor)
    assert later.get(HOME).url.startswith(VERIFY)


def test_an_editor_may_turn_it_off_an_approver_may_not(editor, approver):
    editor_client, _codes = enrolled(editor)
    disable = reverse("cuentas_two_factor_disable")
    assert editor_client.get(disable).status_code == 200
    assert editor_client.post(disable).url == STATUS
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert ModelLogEntry.objects.filter(
        action=two_factor.DISABLED_ACTION, object_id=str(editor.pk)
    ).exists()
    assert signed_in_client(editor).get(HOME).status_code == 200

    approver_client, _codes = enrolled(approver)
    response = approver_client.post(disable)
    assert response.url == STATUS
    assert any("Tu rol exige" in m for m in messages_of(approver_client.get(STATUS)))
    assert TOTPDevice.objects.filter(user=approver, confirmed=True).exists()


def test_administrators_and_superusers_must_use_it_too(person):
    administrator = person("jefa", ADMINISTRATORS)
    superuser = person("raiz", is_superuser=True, is_staff=True)
    assert signed_in_client(administrator).get(HOME).url.startswith(SETUP)
    client = signed_in_client(superuser)
    assert client.get(HOME).url.startswith(SETUP)
    # Django's admin as well (a superuser reaches it).
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=/django-admin/"


def test_anonymous_people_and_public_pages_are_unaffected(home, approver):
    anonymous = Client()
    assert anonymous.get("/").status_code == 200
    response = anonymous.get(HOME)
    assert response.url.startswith(reverse("wagtailadmin_login"))  # the login, as ever
    assert anonymous.get(reverse("wagtailadmin_login")).status_code == 200
    # Signed in with the password alone, the public site is as for anyone.
    assert signed_in_client(approver).get("/").status_code == 200


def test_the_check_costs_no_query_once_verified_and_none_on_public_pages(home, approver, settings):
    client, _codes = enrolled(approver)

    def queries(path):
        client.get(path)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    enforced = queries(HOME), queries("/")
    settings.TABLERO_REQUIRE_2FA = False
    assert (queries(HOME), queries("/")) == enforced


def test_the_setting_off_asks_for_nothing(approver, settings):
    """Development and tests (the demo accounts sign in with their password alone)."""
    settings.TABLERO_REQUIRE_2FA = False
    assert signed_in_client(approver).get(HOME).status_code == 200


def test_the_reset_command_removes_the_second_factor(approver):
    enrolled(approver)
    out = io.StringIO()
    call_command("reset_2fa", approver.username, stdout=out)
    assert "restablecida" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert not StaticDevice.objects.filter(user=approver).exists()
    assert ModelLogEntry.objects.filter(
        action=two_factor.RESET_ACTION, object_id=str(approver.pk)
    ).exists()
    # The next sign-in leads to setting it up again.
    assert signed_in_client(approver).get(HOME).url.startswith(SETUP)

    with pytest.raises(CommandError, match="No existe"):
        call_command("reset_2fa", "nadie", stdout=io.StringIO())


def test_an_administrator_resets_someones_second_factor_in_the_users_area(person, approver):
    enrolled(approver)
    administrator = person("jefa", ADMINISTRATORS)
    client, _codes = enrolled(administrator)
    reset = reverse("cuentas_two_factor_reset", args=[approver.pk])
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reset in listing
    assert "Restablecer verificación en dos pasos" in listing

    assert client.get(reset).status_code == 200
    assert client.post(reset).url == reverse("wagtailusers_users:index")
    assert not TOTPDevice.objects.filter(user=approver).exists()
    entry = ModelLogEntry.objects.get(action=two_factor.RESET_ACTION, object_id=str(approver.pk))
    assert entry.user == administrator

    # An approver cannot reset anyone's; an administrator cannot reset a superuser's.
    superuser = person("raiz", is_superuser=True, is_staff=True)
    superuser_reset = reverse("cuentas_two_factor_reset", args=[superuser.pk])
    assert_sent_to_dashboard(client, client.post(superuser_reset))
    approver_client, _codes = enrolled(approver)
    other = reverse("cuentas_two_factor_reset", args=[administrator.pk])
    assert_sent_to_dashboard(approver_client, approver_client.post(other))
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
