"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's
live server.

* Without Chromium (or without Playwright) the tests are skipped with the reason,
  except in CI (CI=true), where that is an error: there they must run.
* Chromium: CHROMIUM_PATH, else /usr/bin/chromium (``apt-get install chromium``).
  Playwright never downloads a browser here.
* Content: the demo (demo/data/mx_plan_4.json), loaded with ``manage.py load_demo``.
* Screenshots, axe reports and downloads go to test-output/e2e/.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django would then refuse
# database access from the test and its fixtures ("async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parents[1] / "test-output" / "e2e"
AXE_JS = HERE / "assets" / "axe.min.js"

#: Needed on a closed network: no QUIC, no background or component downloads.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright no está instalado: pip install -e '.[dev]'"
    path = chromium_path()
    if not Path(path).is_file() or not os.access(path, os.X_OK):
        return (
            f"Chromium no está en {path}: instálalo con 'apt-get install chromium' "
            "o indica su ruta en CHROMIUM_PATH"
        )
    return None


def pytest_collection_modifyitems(config, items):
    reason = missing_browser()
    if reason is None or in_ci():
        return  # in CI a missing browser fails in the `browser` fixture instead
    skip = pytest.mark.skip(reason=f"Pruebas en navegador omitidas: {reason}")
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser()
    if reason is not None:
        pytest.fail(f"CI=true y no se pueden correr las pruebas en navegador: {reason}")
    from playwright.sync_api import sync_playwright

    shutil.rmtree(OUTPUT, ignore_errors=True)  # the artifacts are this run's only
    OUTPUT.mkdir(parents=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # Connections opened while the event loop ran are not the usual thread-local
        # ones: close them now, or PostgreSQL refuses to drop the test database.
        from django.db import connections

        connections.close_all()


def ensure_wagtail_base() -> None:
    """What Wagtail's migrations create and the flush after a transactional test removes:
    the default locale, the root page and the root collection.

    (Serialized rollback cannot bring them back here: while Playwright's event loop
    runs, Django hands out other connection objects than the ones that were set up.)"""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    locale = Locale.objects.first() or Locale.objects.create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo content on the live server; returns its base URL."""
    ensure_wagtail_base()
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def is_csp_violation(text: str) -> bool:
    """Chromium reports what the Content-Security-Policy blocked in the console."""
    return "Content Security Policy" in text


@pytest.fixture
def new_page(browser):
    """Factory of pages in fresh Spanish (Mexico) browser contexts, closed afterwards.

    Every page records what the Content-Security-Policy blocked; a test whose pages
    saw any violation fails, whatever else it checked."""
    contexts = []
    violations = []

    def make(width=1280, height=900, **options):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="es-MX",
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if is_csp_violation(message.text)
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        # Leaving a Wagtail editor sends a beacon (release the editing session): leave
        # while the test's database is still open, so the live server answers it now
        # rather than during the database's teardown.
        for page in context.pages:
            page.goto("about:blank")
            page.wait_for_timeout(250)
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
