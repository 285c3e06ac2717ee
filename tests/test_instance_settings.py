"""Instance settings (issue #18): any country can run the board. An administrator sets
the board's name, the coordinating body, the logo, the brand colour, the footer and the
licence in Ajustes > Instancia, and people see them on the site, in the admin, in the
e-mails and in the exports; nothing in the code names one country."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site, TaskState, Workflow
from wagtail.models.workflows import GroupApprovalTask
from wagtail.test.utils.form_data import nested_form_data, streamfield

from demo.factories import MilestonePageFactory
from instancia.contrast import worst_ratio
from instancia.models import InstanceSettings
from planes.permissions import APPROVERS, GOVERNMENT_EDITORS
from planes.roles import TASK_NAME, WORKFLOW_NAME, setup_groups
from tests.helpers import assert_sent_to_dashboard, edit_url
from tests.test_roles import login, submit

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def settings_url() -> str:
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["instancia", "instancesettings", site.pk])


def form(**changes) -> dict:
    """The settings form as an administrator fills it in for another country."""
    values = {
        "board_name": "Tablero Abierto de Ruritania",
        "jurisdiction": "Ruritania",
        "body_name": "Oficina de Integridad Pública",
        "body_acronym": "OIP",
        "body_article": "la",
        "administering_institution": "Ministerio de Datos de Ruritania",
        "contact_email": "abierto@ruritania.example",
        "logo": "",
        "logo_alt": "",
        "brand_colour": "#0b5d3b",
        "footer_text": "Hecho en Ruritania con software libre.",
        "footer_links": streamfield(
            [("link", {"label": "Aviso de privacidad", "url": "https://ruritania.example/aviso"})]
        ),
        "licence_name": "CC0-1.0",
        "licence_url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
    values.update(changes)
    return nested_form_data(values)


def save_settings(client, **changes):
    return client.post(settings_url(), form(**changes))


def errors(response) -> str:
    return " ".join(str(e) for errs in response.context["form"].errors.values() for e in errs)


@pytest.fixture
def logo(db):
    return get_image_model().objects.create(
        title="Escudo", file=get_test_image_file(size=(120, 60))
    )


@pytest.fixture
def ruritania(client, board, logo):
    """The board of conftest.py, renamed by its administrator for another country."""
    response = save_settings(
        login(client, board["admin"]), logo=str(logo.pk), logo_alt="Escudo de Ruritania"
    )
    assert response.status_code == 302, errors(response)
    client.logout()
    return board


# Who may change them ------------------------------------------------------------------
def test_only_administrators_open_the_settings(client, board):
    assert login(client, board["admin"]).get(settings_url()).status_code == 200
    for role in ("approver", "government", "civil"):
        response = login(client, board[role]).get(settings_url())
        assert_sent_to_dashboard(client, response)


def test_the_settings_are_in_the_admin_settings_menu(client, board):
    menu = login(client, board["admin"]).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailsettings:edit", args=["instancia", "instancesettings"]) in menu


# What people see -------------------------------------------------------------------
def test_the_public_site_shows_the_instance(client, ruritania):
    home = client.get("/").content.decode()
    assert "<title>" in home and "· Tablero Abierto de Ruritania</title>" in home
    assert "Tablero Abierto de Ruritania" in home and "Ruritania</span>" in home
    assert re.search(r'<img[^>]+alt="Escudo de Ruritania"', home)
    assert "--brand: #0b5d3b;" in home
    assert "Hecho en Ruritania con software libre." in home
    assert '<a href="https://ruritania.example/aviso">Aviso de privacidad</a>' in home
    assert "Ministerio de Datos de Ruritania" in home and "abierto@ruritania.example" in home
    assert 'rel="license">CC0-1.0</a>' in home
    milestone = client.get(ruritania["milestones"]["own"].url).content.decode()
    assert "además, la OIP revisó la evidencia" in milestone
    assert "instancia coordinadora" not in milestone


def test_the_defaults_read_well_without_an_acronym(client, board):
    content = client.get(board["milestones"]["own"].url).content.decode()
    assert "Tablero de Gobierno Abierto" in content
    assert "además, la instancia coordinadora revisó la evidencia" in content


def test_the_admin_desk_and_refusals_name_the_body(client, ruritania):
    submit(login(client, ruritania["government"]), ruritania["milestones"]["own"], "Primero")
    desk = login(client, ruritania["approver"]).get(reverse("wagtailadmin_home"))
    assert "Pendientes de revisión de la OIP (los más antiguos primero)" in desk.content.decode()
    draft = MilestonePageFactory(parent=ruritania["own"], live=False, owner=ruritania["civil"])
    url = reverse("wagtailadmin_pages:delete", args=[draft.pk])
    response = login(client, ruritania["civil"]).post(url)
    assert_sent_to_dashboard(
        client, response, "Sólo la OIP o la administración pueden borrar páginas."
    )
    edit = login(client, ruritania["government"]).get(edit_url(ruritania["milestones"]["own"]))
    assert "«Verificada» la marca la OIP al revisar la evidencia." in edit.content.decode()


def test_an_email_names_the_board_and_the_body(
    client, ruritania, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(login(client, ruritania["government"]), ruritania["milestones"]["own"])
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == ["civil@example.org"]]
    assert "envió a revisión de la OIP un cambio" in message.body
    assert "Tablero Abierto de Ruritania · Ruritania · abierto@ruritania.example" in message.body
    assert "de la OIP" in message.alternatives[0][0]


def test_wagtails_moderation_email_is_signed_with_the_board(
    client, ruritania, django_capture_on_commit_callbacks
):
    page = ruritania["milestones"]["own"]
    submit(login(client, ruritania["government"]), page)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, ruritania["approver"]).post(url, {"comment": "Falta fuente"})
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == ["government@example.org"]]
    assert "pidió cambios" in message.body and "durante «Aprobación»" in message.body
    assert message.body.rstrip().endswith("-- \nTablero Abierto de Ruritania")


def test_exports_and_the_api_carry_the_licence_and_publisher(client, ruritania):
    export = client.get("/datos/tablero.json").json()
    assert export["license"] == "CC0-1.0"
    assert export["license_url"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert export["publisher"] == "Ministerio de Datos de Ruritania"
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert "CC0-1.0" in page and "Cita la fuente: «Tablero Abierto de Ruritania»" in page
    feed = client.get("/datos/actualizaciones.atom").content.decode()
    assert "<name>Ministerio de Datos de Ruritania</name>" in feed
    assert "<rights>Licencia: CC0-1.0</rights>" in feed
    info = client.get("/api/v2/openapi.json").json()["info"]
    assert info["title"] == "Tablero Abierto de Ruritania: API pública"
    assert info["license"]["name"] == "CC0-1.0"
    assert info["contact"] == {
        "name": "Ministerio de Datos de Ruritania",
        "email": "abierto@ruritania.example",
    }


def test_without_settings_the_server_licence_applies(client, board, settings):
    settings.OPEN_DATA_LICENSE = "ODbL-1.0"
    export = client.get("/datos/tablero.json").json()
    assert export["license"] == "ODbL-1.0"
    assert export["publisher"] == "instancia coordinadora"


# What is refused ---------------------------------------------------------------------
def test_a_low_contrast_colour_is_refused_with_its_ratio(client, board):
    response = save_settings(login(client, board["admin"]), brand_colour="#ffcc00")
    assert response.status_code == 200
    ratio = f"{worst_ratio('#ffcc00'):.2f}"
    assert ratio == "1.39"  # against the footer panel (#f4f5f7), its lowest
    message = errors(response)
    assert f"El color #ffcc00 no tiene contraste suficiente: {ratio}:1" in message
    assert "al menos 4.5:1" in message
    assert not InstanceSettings.objects.exists()


def test_a_colour_that_is_not_hexadecimal_is_refused(client, board):
    response = save_settings(login(client, board["admin"]), brand_colour="verde")
    assert response.status_code == 200
    assert "hexadecimal con seis cifras" in errors(response)


def test_a_logo_without_alt_text_is_refused(client, board, logo):
    response = save_settings(login(client, board["admin"]), logo=str(logo.pk), logo_alt=" ")
    assert response.status_code == 200
    assert "Escribe el texto alternativo del logotipo" in errors(response)
    assert not InstanceSettings.objects.exists()


def test_reading_the_settings_never_writes(client, board):
    client.get("/")
    assert not InstanceSettings.objects.exists()


def test_a_page_reads_the_settings_once(client, ruritania):
    """Asked by the header, the footer and the texts, the settings cost one query (and
    the logo's rendition one more)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(ruritania["milestones"]["own"].url)
    reads = [q for q in queries.captured_queries if "instancia_instancesettings" in q["sql"]]
    assert len(reads) == 1


# Roles -----------------------------------------------------------------------------
def test_setup_roles_renames_the_old_groups_and_workflow_in_place(db, home):
    User = get_user_model()
    old = Group.objects.create(name="Aprobadores SFP")
    member = User.objects.create_user("veterana", "v@example.org", "x")
    member.groups.add(old)
    Workflow.objects.create(name="Aprobación SFP", active=True)
    GroupApprovalTask.objects.create(name="Revisión SFP")

    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115

    old.refresh_from_db()
    assert old.name == "Aprobadores" and old.tablero_role.key == APPROVERS
    assert not Group.objects.filter(name__contains="SFP").exists()
    assert Group.objects.filter(name__startswith="Aprobadores").count() == 1
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == [
        WORKFLOW_NAME
    ]
    assert not Workflow.objects.filter(name__contains="SFP").exists()
    assert GroupApprovalTask.objects.filter(name=TASK_NAME).count() == 1
    assert not GroupApprovalTask.objects.filter(name__contains="SFP").exists()
    assert member.has_perm("planes.verify_activity")


def test_migrate_records_an_old_installations_roles_before_setup_roles(db):
    """Right after ``migrate`` (before ``setup_roles``), the old approvers keep moderating."""
    from importlib import import_module

    from django.apps import apps

    from planes.permissions import is_moderator

    migration = import_module("instancia.migrations.0002_record_existing_roles")
    old = Group.objects.create(name="Aprobadores SFP")
    veteran = get_user_model().objects.create_user("veterana", "v@example.org", "x")
    veteran.groups.add(old)
    assert not is_moderator(veteran)  # no key recorded yet: the state before migrating
    migration.record(apps, None)
    migration.record(apps, None)  # idempotent
    old.refresh_from_db()
    assert old.name == "Aprobadores" and old.tablero_role.key == APPROVERS
    assert is_moderator(veteran)


def test_renaming_groups_and_the_body_keeps_permissions(client, ruritania):
    """Administrators may rename the groups (and the body): checks use the role's key."""
    groups = setup_groups()
    groups[APPROVERS].name = "Revisores de la OIP"
    groups[APPROVERS].save()
    groups[GOVERNMENT_EDITORS].name = "Enlaces de gobierno"
    groups[GOVERNMENT_EDITORS].save()
    setup_groups()  # idempotent: keeps the names administrators chose
    assert Group.objects.get(pk=groups[APPROVERS].pk).name == "Revisores de la OIP"

    submit(login(client, ruritania["government"]), ruritania["milestones"]["own"], "Renombrado")
    desk = login(client, ruritania["approver"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Pendientes de revisión de la OIP" in desk and "Renombrado" in desk
    url = reverse("wagtailadmin_pages:delete", args=[ruritania["milestones"]["other"].pk])
    response = login(client, ruritania["approver"]).post(url)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[ruritania["other"].pk])
    assert ruritania["government"].groups.filter(name="Enlaces de gobierno").exists()


# No country in the code --------------------------------------------------------------
#: Words that name one country or its institutions (the demo's are Mexico's).
COUNTRY_WORDS = re.compile(
    r"\bSFP\b|Funci[oó]n P[uú]blica|M[eé]xic|mexican|GESOC|\bINAI\b|Gobierno de la Rep[uú]blica"
    r"|guinda|\bCDMX\b",
    re.IGNORECASE,
)
SCANNED = (
    *("avisos", "cms", "planes", "opendata", "search"),
    *("home", "cuentas", "intercambio", "instancia"),
)
SCANNED_TOP = ("templates", "static")
EXTENSIONS = {".py", ".html", ".txt", ".js", ".css"}
#: Allowed, each for its reason: the names earlier versions gave the roles (to rename
#: them in place), migrations (history), and the default time zone's IANA identifier
#: (configuration: TABLERO_TIME_ZONE).
ALLOWED_FILES = {Path("instancia/legacy.py")}
ALLOWED_LINES = {(Path("cms/settings/base.py"), 'os.environ.get("TABLERO_TIME_ZONE", "America/')}


def test_no_country_specific_word_in_the_code():
    hits = []
    for top in SCANNED + SCANNED_TOP:
        for path in sorted((ROOT / top).rglob("*")):
            relative = path.relative_to(ROOT)
            if path.suffix not in EXTENSIONS or not path.is_file():
                continue
            if "migrations" in relative.parts or "locale" in relative.parts:
                continue
            if relative in ALLOWED_FILES:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not COUNTRY_WORDS.search(line):
                    continue
                if any(relative == f and marker in line for f, marker in ALLOWED_LINES):
                    continue
                hits.append(f"{relative}:{number}: {line.strip()}")
    assert not hits, "\n".join(hits)


def test_the_defaults_follow_the_interface_language(client, board):
    """Issue #18: an English board showed «Tablero de Gobierno Abierto» and «la instancia
    coordinadora» until an administrator filled in the settings."""
    from tests.helpers import board_language

    with board_language("en"):
        content = client.get(board["milestones"]["own"].url).content.decode()
        assert "Open Government Dashboard" in content
        assert "Tablero de Gobierno Abierto" not in content
        assert "instancia coordinadora" not in content
        admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
        client.force_login(admin)
        edit = client.get(settings_url()).content.decode()
        assert 'value="Open Government Dashboard"' in edit
        assert 'value="coordinating body"' in edit
    # Saved values are the administrator's own: they stay as written in any language.
    site = Site.objects.get(is_default_site=True)
    InstanceSettings.objects.create(site=site, board_name="Tablero Abierto de Ruritania")
    with board_language("en"):
        assert "Tablero Abierto de Ruritania" in client.get("/").content.decode()


def test_a_settings_change_shows_on_the_next_anonymous_request(client, board, settings):
    """The public pages are cached: saving the settings renews every cached copy."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        assert client.get("/")["X-Cache"] == "MISS"
        assert client.get("/")["X-Cache"] == "HIT"
        admin = login(Client(), board["admin"])
        assert save_settings(admin).status_code == 302
        response = client.get("/")
        assert response["X-Cache"] == "MISS"
        assert "Tablero Abierto de Ruritania" in response.content.decode()
    finally:
        cache.clear()
