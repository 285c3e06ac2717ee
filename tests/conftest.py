import io
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site

from planes.roles import APPROVERS, setup_groups
from tests.public_data import build_public_plan, make_home


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests (the browser tests' live server) run last, as Django orders them:
    they empty the database when they end, Wagtail's root page included. pytest-randomly
    shuffles before this runs; the sort is stable, so each group keeps its random order."""
    items.sort(key=lambda item: bool({"transactional_db", "live_server"} & set(item.fixturenames)))


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    """Skip tests marked ``postgresql`` unless the database is PostgreSQL."""
    if request.node.get_closest_marker("postgresql"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")


@pytest.fixture(scope="session", autouse=True)
def _clean_test_media():
    """Remove the files the tests uploaded (cms.settings.test uses a temporary MEDIA_ROOT)."""
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def home(db):
    """A HomePage as the default site's root (Wagtail's welcome page removed)."""
    return make_home()


@pytest.fixture
def public_plan(home):
    """A small published plan with drafts that must never leak (tests/public_data.py)."""
    return build_public_plan(home)


@pytest.fixture(scope="module")
def module_public_plan(django_db_setup, django_db_blocker):
    """The same plan, built once for a module whose tests only read it (a few seconds
    each time saved), in a transaction rolled back when the module ends, as Django's
    ``setUpTestData`` does; each test's own transaction nests inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_public_plan(make_home())
        transaction.set_rollback(True)


@pytest.fixture
def groups(db):
    return setup_groups()


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "x")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def approver(groups):
    user = get_user_model().objects.create_user("aprobadora", "a@example.org", "x")
    user.groups.add(groups[APPROVERS])
    return user


@pytest.fixture
def demo(db):
    """The demo content, loaded through the real management command."""
    call_command("load_demo", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True).root_page.specific
