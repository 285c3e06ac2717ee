"""The whole admin is in Spanish: the project's catalog (locale/es) completes and corrects
Wagtail's, for an editor, an approver and an administrator, in the HTML and in the
JavaScript catalog; and the compiled catalogs never drift from their sources."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.models import TaskState

from planes.models import CommitmentAssignment, EditorRole
from planes.permissions import ADMINISTRATORS, APPROVERS
from tests.admin_forms import milestone_edit_data
from tests.helpers import edit_url

LOCALE = Path(settings.BASE_DIR) / "locale"

#: English the admin showed before the project's catalog (issue #15, and what a read of
#: each screen below found). Matched as whole words in the visible text.
ENGLISH = [
    "Pages",
    "Documents",
    "Search all pages",
    "Your pages and snippets in a workflow",
    "Privacy and access",
    "Maximum filesize",
    "Autosave is paused",
    "Saved",
    "Go to the first error",
    "Compare",
    "is currently awaiting moderation",
    "Only reviewers",
    "Reviewers can edit",
    "Referenced",
    "First published",
    "Date updated",
    "Edited by",
    "Has child pages",
    "Exploring",
    "Show filters",
    "Search…",
    "Minimum",
    "Maximum",
    "More options for",
    "Sort by",
    "Checks",
    "Show issue",
    "Content metrics",
    "Words",
    "Reading time",
    "Readability",
    "This data explained",
    "Edit account avatar",
    "Use server time zone",
    "Admin theme",
    "System default",
    "Density",
    "Keyboard shortcuts",
    "Is commenting action",
    "Locked by you",
    "Only you can make changes",
    "was locked",
    "Anyone",
    "Show disabled",
    "Actions",
    "Access attempts",
    "access attempt",
    "IP Address",
    "Failed Logins",
    "Last login",
    "Access level",
    "Page types usage",
]
#: Typos and wrong genders of Wagtail's Spanish catalog that the project's catalog corrects.
TYPOS = [
    "etiquedas",
    "públicada",
    "calquiera",
    "Nuevo Asignación",
    "nuevo asignación",
    "este asignación",
    "este institución",
    "Cambios solicitados el",
    "This página",
    "the página",
]


class _VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes outside scripts and styles, and the
    attributes read aloud or shown on hover."""

    SPOKEN = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_and_typos(text: str) -> list[str]:
    found = [p for p in ENGLISH if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
    return found + [typo for typo in TYPOS if typo in text]


@pytest.fixture
def people(client, public_plan, groups):
    """A government editor of the plan's first commitment, who submits two milestones; an
    approver, who sends one back and locks the other; an administrator."""
    User = get_user_model()
    editor = User.objects.create_user(
        "gtorres", "g@example.org", "x", first_name="Gabriela", last_name="Torres"
    )
    CommitmentAssignment.objects.create(
        commitment=public_plan.first, user=editor, role=EditorRole.GOVERNMENT
    )
    approver = User.objects.create_user("aprobadora", "a@example.org", "x")
    approver.groups.add(groups[APPROVERS])
    admin = User.objects.create_user("administradora", "ad@example.org", "x")
    admin.groups.add(groups[ADMINISTRATORS])
    AccessAttempt.objects.create(
        username="intruso",
        ip_address="192.0.2.1",
        failures_since_start=5,
        user_agent="curl",
        path_info="/admin/login/",
        get_data="",
        post_data="",
    )

    client.force_login(editor)
    data = milestone_edit_data(client, public_plan.on_track)
    data["title"] = "Padrón validado"
    data["action-submit"] = "1"
    assert client.post(edit_url(public_plan.on_track), data).status_code == 302
    data = milestone_edit_data(client, public_plan.late)
    data["activities-0-status"] = "in_progress"  # its pending draft says verified: not theirs
    data["action-submit"] = "1"
    assert client.post(edit_url(public_plan.late), data).status_code == 302

    client.force_login(approver)
    late = public_plan.late
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(late.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    reject = reverse("wagtailadmin_pages:workflow_action", args=[late.pk, "reject", task_state.pk])
    assert client.post(reject, {"comment": "Falta la minuta."}).status_code == 302
    assert client.post(reverse("wagtailadmin_pages:lock", args=[late.pk])).status_code == 302
    client.logout()
    public_plan.on_track.refresh_from_db()
    return {"editor": editor, "approver": approver, "admin": admin, "plan": public_plan}


def _screens(role, plan) -> list[str]:
    milestone = plan.on_track
    screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[plan.first.pk]),
        edit_url(milestone),
        reverse("wagtailadmin_pages:history", args=[milestone.pk]),
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[milestone.pk, "live", milestone.latest_revision_id],
        ),
        reverse("wagtailadmin_pages:workflow_history", args=[milestone.pk]),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailadmin_pages:search") + "?q=padrón",
        reverse("wagtailadmin_account"),
    ]
    if role in ("approver", "admin"):
        screens += [
            reverse("wagtailadmin_explore", args=[plan.plan.pk]),
            edit_url(plan.late),  # locked by the approver
            reverse("wagtailadmin_reports:workflow"),
            reverse("wagtailadmin_reports:workflow_tasks"),
            reverse("wagtailadmin_reports:locked_pages"),
            reverse("wagtailadmin_reports:site_history"),
        ]
    if role == "admin":
        attempt = AccessAttempt.objects.get()
        screens += [
            "/admin/planes/institution/",
            "/admin/planes/institution/create/",
            "/admin/planes/organization/",
            "/admin/planes/commitmentassignment/",
            "/admin/planes/commitmentassignment/create/",
            "/admin/axes/accessattempt/",
            f"/admin/axes/accessattempt/inspect/{attempt.pk}/",
            reverse("wagtailadmin_workflows:index"),
            reverse("wagtailadmin_workflows:task_index"),
            reverse("wagtailusers_users:index"),
            reverse("wagtailusers_groups:index"),
            reverse("wagtailadmin_reports:page_types_usage"),
        ]
    return screens


@pytest.mark.parametrize("role", ["editor", "approver", "admin"])
def test_the_main_admin_screens_are_in_spanish(client, people, role):
    client.force_login(people[role])
    problems = {}
    for url in _screens(role, people["plan"]):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found = english_and_typos(visible_text(response.content.decode()))
        if found:
            problems[url] = found
    assert not problems, problems


def test_the_screens_show_what_was_english_or_misspelt_in_spanish(client, people):
    """The corrected strings are really on those screens (so the test above can fail)."""
    client.force_login(people["editor"])
    dashboard = visible_text(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Tus páginas y fragmentos en un flujo de trabajo" in dashboard
    assert "Cambios solicitados en Aprobación" in dashboard
    assert "Buscar en todas las páginas…" in dashboard
    editor = visible_text(client.get(edit_url(people["plan"].on_track)).content.decode())
    assert "Este contenido (página) está en espera de moderación." in editor
    assert "Guardado" in editor
    assert "El guardado automático está en pausa" in editor
    data = milestone_edit_data(client, people["plan"].on_track)
    data["title"] = ""
    refused = client.post(edit_url(people["plan"].on_track), data)
    assert "Ir al primer error" in visible_text(refused.content.decode())
    assert not english_and_typos(visible_text(refused.content.decode()))
    upload = visible_text(client.get(reverse("wagtaildocs:add")).content.decode())
    assert "Tamaño máximo de archivo:" in upload
    assert "Las etiquetas de varias palabras" in upload

    client.force_login(people["approver"])
    dashboard = visible_text(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Privacidad y acceso" in dashboard
    assert re.search(r"\d+ páginas", dashboard)

    client.force_login(people["admin"])
    new = visible_text(client.get("/admin/planes/commitmentassignment/create/").content.decode())
    assert "Agregar Asignación" in new
    assert "Intentos fallidos" in visible_text(
        client.get("/admin/axes/accessattempt/").content.decode()
    )


def _js_catalog(client) -> dict:
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(match[1])


def test_the_javascript_catalog_is_complete_and_spanish(client, people):
    """/admin/jsi18n/ reads LOCALE_PATHS after wagtail.admin's catalog: every string of
    Wagtail's JavaScript has a Spanish text, ours where Wagtail's was missing or wrong."""
    client.force_login(people["editor"])
    catalog = _js_catalog(client)
    assert catalog["Autosave in progress…"] == "Guardado automático en curso…"
    assert catalog["Changes have been autosaved."] == "Los cambios se guardaron automáticamente."
    assert catalog["A network error occurred."] == "Ocurrió un error de red."
    assert catalog["Save error"] == "Error al guardar"
    assert catalog["%(num)s error"] == ["%(num)s error", "%(num)s errores"]
    wagtail_js = Path(apps.get_app_config("wagtailadmin").path) / "locale/en/LC_MESSAGES"
    missing = [
        entry.msgid
        for entry in polib.pofile(wagtail_js / "djangojs.po")
        if not catalog.get(entry.msgid)
    ]
    assert not missing, missing


def _wagtail_english_catalogs():
    """(app label, .po) of the English source catalogs of the installed Wagtail apps."""
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in ("wagtail", "wagtail_modeladmin"):
            continue
        po = Path(config.path) / "locale/en/LC_MESSAGES/django.po"
        if po.exists():
            yield config.label, po


@pytest.mark.parametrize("language", ["es", "es-mx"])
def test_every_admin_string_has_a_spanish_text(language):
    """Every msgid of the installed Wagtail apps is in the Spanish catalog Django builds
    (Wagtail's plus the project's): after a Wagtail upgrade, this lists what to translate
    in locale/es/LC_MESSAGES/django.po."""
    catalog = translation.trans_real.translation(language)._catalog
    missing = []
    for label, po in _wagtail_english_catalogs():
        for entry in polib.pofile(po):
            msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            key = (msgid, 0) if entry.msgid_plural else msgid
            if not catalog.get(key):
                missing.append((label, entry.msgid))
    assert not missing, missing


def _catalogs():
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_the_project_has_its_spanish_catalogs():
    assert {po.name for po in _catalogs()} == {"django.po", "djangojs.po"}


@pytest.mark.parametrize("po_path", _catalogs(), ids=lambda path: path.name)
def test_each_compiled_catalog_matches_its_source(po_path):
    """The .mo in git is what `make messages` makes of the .po: edit a .po, then compile."""

    def entries(catalog):
        return {
            (e.msgctxt, e.msgid, e.msgid_plural or ""): (
                e.msgstr if not e.msgid_plural else tuple(sorted(e.msgstr_plural.items()))
            )
            for e in catalog
            if e.msgid and (e.msgstr or e.msgstr_plural)
        }

    po = polib.pofile(po_path)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} falta: `make messages`"
    mo = polib.mofile(mo_path)
    translated = [e for e in po.translated_entries() if not e.obsolete]
    assert entries(mo) == entries(translated), f"{mo_path.name} no está al día: `make messages`"
    assert mo.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("po_path", _catalogs(), ids=lambda path: path.name)
def test_translations_keep_the_placeholders(po_path):
    """Every %(name)s, %s and {name} of the English text, no more, no less (the singular
    of a plural may leave the number out: «Otra persona está viendo esto»)."""
    wrong = []
    for entry in polib.pofile(po_path):
        if not entry.msgid_plural:
            if _placeholders(entry.msgstr) != _placeholders(entry.msgid):
                wrong.append(entry.msgid)
            continue
        plural = _placeholders(entry.msgid_plural)
        singular = set(_placeholders(entry.msgstr_plural[0]))
        if _placeholders(entry.msgstr_plural[1]) != plural or not singular <= set(plural):
            wrong.append(entry.msgid)
    assert not wrong, wrong
