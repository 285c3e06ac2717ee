"""The interface in English (TABLERO_LANGUAGE=en, issue #18): the English catalog covers
every string the project defines, its compiled .mo is current (test_admin_spanish.py checks
every catalog under locale/), and the public pages and the main admin screens, read by the
demo's people, show no Spanish text of the project's own (the demo content stays Spanish)."""

import io
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale, Page

from cms.settings.base import interface_language
from planes.models import ActionPlanPage, CommitmentPage, MilestonePage
from tests.admin_forms import milestone_edit_data
from tests.helpers import edit_url
from tests.test_admin_spanish import visible_text

BASE = Path(settings.BASE_DIR)
ENGLISH_CATALOGS = BASE / "locale/en/LC_MESSAGES"
#: What `make messages` leaves out of the catalogs (not the project's interface).
NOT_SCANNED = {".git", ".venv", "locale", "tests", "bench", "node_modules", "staticfiles"}
NOT_SCANNED |= {"media", "var", ".ruff_cache", ".pytest_cache", ".ci"}
GETTEXT = shutil.which("xgettext") and shutil.which("msgmerge") and shutil.which("msgfmt")


def _key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or "")


def _translated(entry) -> bool:
    if "fuzzy" in entry.flags or entry.obsolete:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _extract(domain: str, tmp_path: Path) -> polib.POFile:
    """The project's current msgids of `domain`, as `makemessages` finds them, written to
    a temporary locale directory (the project's catalogs are not touched)."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for entry in BASE.iterdir():
        if entry.name not in NOT_SCANNED and not entry.name.startswith("."):
            (tree / entry.name).symlink_to(entry)
    (tree / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(tree)
    try:
        with override_settings(LOCALE_PATHS=[tree / "locale"]):
            call_command(
                "makemessages",
                locale=["en"],
                domain=domain,
                symlinks=True,
                verbosity=0,
                stdout=io.StringIO(),
            )
    finally:
        os.chdir(cwd)
    path = tree / "locale/en/LC_MESSAGES" / f"{domain}.po"
    return polib.pofile(path) if path.exists() else polib.POFile()


@pytest.mark.skipif(not GETTEXT, reason="GNU gettext (xgettext, msgmerge) is not installed")
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_project_string_has_an_english_text(domain, tmp_path):
    """A string added to the code (gettext, {% translate %}) and missing from locale/en, or
    left empty or fuzzy there, fails here: `make messages`, translate, `make messages`."""
    current = {_key(entry) for entry in _extract(domain, tmp_path) if entry.msgid}
    catalog_path = ENGLISH_CATALOGS / f"{domain}.po"
    assert catalog_path.exists(), f"{catalog_path} falta: `make messages`"
    catalog = {_key(entry): entry for entry in polib.pofile(catalog_path) if entry.msgid}
    missing = sorted(key[1] for key in current - catalog.keys())
    present = current & catalog.keys()
    untranslated = sorted(key[1] for key in present if not _translated(catalog[key]))
    assert not missing, f"sin traducir al inglés (`make messages`): {missing}"
    assert not untranslated, f"vacías o dudosas (fuzzy) en locale/en: {untranslated}"


@pytest.mark.parametrize("po_path", sorted(ENGLISH_CATALOGS.glob("*.po")), ids=lambda p: p.name)
def test_the_english_catalog_has_no_fuzzy_or_empty_entry(po_path):
    catalog = polib.pofile(po_path)
    assert not catalog.metadata_is_fuzzy
    assert catalog.metadata["Language"] == "en"
    assert [entry.msgid for entry in catalog if not _translated(entry)] == []


def test_the_environment_sets_the_interface_language():
    """TABLERO_LANGUAGE, read when the settings load (a new process, as a server starts)."""
    import json
    import subprocess
    import sys

    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.LANGUAGE_CODE, s.LANGUAGES, s.WAGTAIL_CONTENT_LANGUAGES, "
        "s.WAGTAILADMIN_PERMITTED_LANGUAGES, s.WAGTAIL_SITE_NAME]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "TABLERO_LANGUAGE": "en"}
    env.pop("SITE_NAME", None)
    out = subprocess.run(  # noqa: S603 (this interpreter, a fixed program)
        [sys.executable, "-c", code], env=env, cwd=BASE, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [
        "en",
        [["en", "English"]],
        [["en", "English"]],
        [["en", "English"]],
        "Open Government Dashboard",
    ]


def test_dates_follow_the_interface_language():
    import datetime

    from django.utils import translation

    from planes.templatetags.tablero import long_date, month_year

    day = datetime.date(2020, 3, 15)
    with translation.override("en"):
        assert long_date(day) == "March 15, 2020"
        assert month_year(day) == "March 2020"
    with translation.override("es-mx"):
        assert long_date(day) == "15 de marzo de 2020"


def test_interface_language_comes_from_the_environment():
    assert interface_language("en")["LANGUAGE_CODE"] == "en"
    assert interface_language("en")["WAGTAILADMIN_PERMITTED_LANGUAGES"] == [("en", "English")]
    assert interface_language("es")["LANGUAGE_CODE"] == "es-mx"
    assert interface_language("")["LANGUAGE_CODE"] == "es-mx"
    with pytest.raises(Exception, match="TABLERO_LANGUAGE"):
        interface_language("fr")


# --- The screens, in English ------------------------------------------------------------

#: Spanish words of the interface, a second net beside the catalog's texts (whole words,
#: case-sensitive; dropped when the demo content uses them). Not «Inicio»: Wagtail's
#: snippet breadcrumbs translate "Home" once, when the URLs load (gettext, not lazy), so
#: this process, started in Spanish, keeps Wagtail's «Inicio» there; a server started
#: with TABLERO_LANGUAGE=en says "Home".
SPANISH_WORDS = [
    "Compromisos",
    "Acciones clave",
    "Acción clave",
    "Avance",
    "Buscar",
    "Metodología",
    "Nivel de cumplimiento",
    "Sociedad civil",
    "Periodo",
    "Periodos",
    "Descargar",
    "Valoración",
    "Valoraciones",
    "Responsables",
    "Evidencias",
    "Actividades",
    "Instituciones",
    "Organizaciones",
    "Directorio",
    "Datos abiertos",
    "Siguiente",
    "Anterior",
    "Página",
    "Sin iniciar",
    "En proceso",
    "Completada",
    "Verificada",
    "Con retraso",
    "Importar",
    "Pendientes",
    "Mis compromisos",
    "Cerrar",
    "Guardar",
    "Licencia",
    "Saltar al contenido",
]
#: Texts shorter than this are not looked for alone (names, «de», «Plan», «Sí»...).
MIN_LENGTH = 12
#: Pieces that are code, the same in every language (``type=planes.CommitmentPage``).
CODE = re.compile(r"[=_/{}]|\w\.\w")
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|%[sd%]|<[^>]+>|&\w+;|\{\w*\}")


def _spanish_texts() -> set[str]:
    """The pieces of the project's Spanish msgids a person could read: split at the
    placeholders and tags, long enough to mean something, and not also English."""
    texts = set()
    for entry in polib.pofile(ENGLISH_CATALOGS / "django.po"):
        if entry.msgstr == entry.msgid:  # the project's few English sources (Wagtail's)
            continue
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in PLACEHOLDERS.split(source):
                piece = " ".join(piece.split()).strip(" .,:;«»()")
                if len(piece) >= MIN_LENGTH and " " in piece and not CODE.search(piece):
                    texts.add(piece)
    return texts


def _content_text() -> str:
    """Everything the demo's people wrote: pages, directory, documents, tags, revisions,
    users. A project text that the content quotes (a topic named «Rendición de cuentas»)
    is content there, not interface."""
    from django.apps import apps

    parts = []
    for label in ("planes", "home", "wagtaildocs", "wagtailimages", "taggit", "auth"):
        for model in apps.get_app_config(label).get_models():
            parts.append(serializers.serialize("json", model.objects.all()))
    parts.append(serializers.serialize("json", Page.objects.all()))
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), " ".join(parts))


def _spanish_in(text: str, texts: set[str], words: list[str]) -> list[str]:
    found = [piece for piece in texts if piece in text]
    return found + [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


@pytest.fixture
def english(demo):
    """The demo built in Spanish, then the interface switched to English as the
    environment does it (TABLERO_LANGUAGE=en): `migrate` renames the pages' locale."""
    with override_settings(**interface_language("en")):
        call_command("migrate", verbosity=0, stdout=io.StringIO())
        assert Locale.get_default().language_code == "en"
        yield demo


def _public_urls() -> list[str]:
    plan = ActionPlanPage.objects.get()
    commitment = CommitmentPage.objects.get(number=1)
    milestone = MilestonePage.objects.child_of(commitment).first()
    return [
        "/",
        plan.url,
        plan.url + "?nivel=limited",
        commitment.url,
        milestone.url,
        reverse("planes:institutions"),
        reverse("planes:organizations"),
        reverse("search") + "?q=transparencia",
        reverse("search") + "?q=zzzxxyy",
        "/datos/",
        "/acerca/",
        reverse("api"),
    ]


def _admin_urls(role: str) -> list[str]:
    commitment = CommitmentPage.objects.get(number=1)
    milestone = MilestonePage.objects.child_of(commitment).first()
    urls = [reverse("wagtailadmin_home"), edit_url(commitment), edit_url(milestone)]
    if role in ("admin", "aprobadora"):
        urls += [
            reverse("periodos:index"),
            reverse("wagtailsnippets_planes_civilsocietyassessment:list"),
            reverse("wagtailsnippets_planes_governmentresponse:list"),
            reverse("intercambio_import"),
        ]
    if role == "admin":
        urls += [
            reverse("periodos:generate"),
            "/admin/planes/institution/",
            "/admin/planes/commitmentassignment/",
        ]
    return urls


def test_the_public_site_and_the_admin_speak_english(client, english):
    texts = _spanish_texts()
    assert len(texts) > 400  # the net is really the catalog
    content = _content_text()
    texts = {piece for piece in texts if piece not in content}
    words = [w for w in SPANISH_WORDS if not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", content)]
    assert len(words) >= 10, words

    problems = {}
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en"' in html, url
        found = _spanish_in(visible_text(html), texts, words)
        if found:
            problems[url] = found
    missing = client.get("/no-existe/")
    assert missing.status_code == 404
    if found := _spanish_in(visible_text(missing.content.decode()), texts, words):
        problems["404"] = found

    User = get_user_model()
    # Something on the approvers' desk: the government editor submits a milestone.
    client.force_login(User.objects.get(username="gobierno"))
    milestone = next(  # one the editor may change whole: no activity verified by the SFP
        page
        for page in MilestonePage.objects.child_of(CommitmentPage.objects.get(number=1))
        if not page.activities.filter(status="verified").exists()
    )
    data = milestone_edit_data(client, milestone)
    data["action-submit"] = "1"
    response = client.post(edit_url(milestone), data)
    assert response.status_code == 302, visible_text(response.content.decode())[-3000:]
    for username in ("gobierno", "sociedad", "aprobadora", "admin"):
        client.force_login(User.objects.get(username=username))
        for url in _admin_urls(username):
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            found = _spanish_in(visible_text(response.content.decode()), texts, words)
            if found:
                problems[f"{username} {url}"] = found
    client.force_login(User.objects.get(username="aprobadora"))
    desk = visible_text(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Awaiting review of the SFP (oldest first)" in desk
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())


def test_the_english_screens_really_are_translated(client, english):
    """The check above can fail: the English texts of the project are on the screens."""
    home = visible_text(client.get("/").content.decode())
    assert "Overall progress of the plan" in home
    assert "Skip to content" in home
    refused = client.get("/api/v2/pages/?limit=-1")
    assert refused.status_code == 400
    assert refused.json()["message"] == "The limit must be a positive whole number."
    unknown = client.get("/api/v2/pages/?nivel=1")
    assert unknown.json()["message"].startswith("Unknown query parameter: nivel.")
    plan = visible_text(client.get(ActionPlanPage.objects.get().url).content.decode())
    assert "Filter and sort commitments" in plan
    client.force_login(get_user_model().objects.get(username="aprobadora"))
    commitment = CommitmentPage.objects.get(number=1)
    milestone = MilestonePage.objects.child_of(commitment).first()
    editor = visible_text(client.get(edit_url(milestone)).content.decode())
    assert "Weight of this milestone within the commitment" in editor
    assert "Activities and evidence" in editor
    assert "Autosave is paused" in editor  # Wagtail's own English
    assert client.get("/no-existe/").content.decode().count("Page not found") >= 1


def _described(node, found: list[str]) -> list[str]:
    """Every text a person reads in an OpenAPI description: titles, summaries,
    descriptions and tags."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "summary", "description") and isinstance(value, str):
                found.append(value)
            elif key == "tags" and isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
            else:
                _described(value, found)
    elif isinstance(node, list):
        for item in node:
            _described(item, found)
    return found


#: Small Spanish words that no English description has.
SPANISH_SMALL_WORDS = re.compile(r"\b(?:de|del|los|las|por|con|sin|página|sólo|según)\b")


def test_the_api_description_speaks_english(client, db):
    """Issue #18: /api/v2/openapi.json kept ~170 Spanish texts in an English board."""
    from tests.helpers import board_language

    spanish = client.get("/api/v2/openapi.json").json()
    assert "Páginas publicadas" in " ".join(_described(spanish, []))
    with board_language("en"):
        response = client.get("/api/v2/openapi.json")
        refused = client.get("/api/v2/pages/?limit=-1")
    assert response.status_code == 200
    described = _described(response.json(), [])
    assert len(described) > 170
    text = "\n".join(described)
    assert "Published pages: plans, commitments and milestones" in text
    assert "Open Government Dashboard: public API" in text
    found = [piece for piece in _spanish_texts() if piece in text]
    found += [line for line in described if SPANISH_SMALL_WORDS.search(line)]
    assert not found, found
    # The query checks built from the same description answer in English too.
    assert refused.json()["message"] == "The limit must be a positive whole number."


def test_english_wording_of_date_ranges_and_a_body_without_article(client, board):
    """Issue #18: English pages read "1 January 2024 – to 31 December 2024" (a dash and
    the hidden word for screen readers) and "the MIDEPLAN"."""
    from wagtail.models import Site

    from instancia.models import BodyArticle, InstanceSettings
    from tests.helpers import board_language

    InstanceSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        body_name="Ministerio de Planificación",
        body_acronym="MIDEPLAN",
        body_article=BodyArticle.NONE,
    )
    import datetime

    milestone = board["milestones"]["own"]
    milestone.start_date, milestone.end_date = (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    milestone.save_revision().publish()
    with board_language("en"):
        text = visible_text(client.get(milestone.url).content.decode())
    assert "MIDEPLAN" in text and "the MIDEPLAN" not in text
    assert "– to" not in text and "– " not in text
    assert "2024 to Dec. 31, 2024" in text, text
    plan = board["plan"]
    with board_language("en"):
        meta = visible_text(client.get(plan.url).content.decode())
    period = f"from {plan.start_date:%B %Y} to {plan.end_date:%B %Y}"
    assert period in meta, meta[:400]
    # Spanish keeps its dash, heard as «al».
    html = client.get(milestone.url).content.decode()
    assert '<span aria-hidden="true"> – </span><span class="visually-hidden"> al </span>' in html
