import io
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site

from demo.factories import (
    ActionPlanPageFactory,
    CommitmentPageFactory,
    InstitutionFactory,
    MilestonePageFactory,
    OrganizationFactory,
    activity,
)
from planes.choices import ActivityStatus
from planes.models import CommitmentAssignment, EditorRole, Membership
from planes.roles import ADMINISTRATORS, APPROVERS, setup_groups
from tests.helpers import publish
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


@pytest.fixture
def board(home, groups):
    """A published plan with two commitments, one milestone each, and one person per role.

    The own commitment is led by an institution (SFP) with a co-responsible organization
    (GESOC); the government editor belongs to the first, the civil-society editor to the
    second, and both are assigned to the own commitment only.
    """
    plan = ActionPlanPageFactory(parent=home)
    sfp = InstitutionFactory(name="Secretaría de la Función Pública", acronym="SFP")
    gesoc = OrganizationFactory(name="Gestión Social y Cooperación", acronym="GESOC")
    own = CommitmentPageFactory(parent=plan, number=1, title="Gasto abierto")
    own.lead_institutions.set([sfp])
    own.organizations.set([gesoc])
    own.save()
    other = CommitmentPageFactory(parent=plan, number=2, title="Fideicomisos")
    milestones = {}
    for key, commitment in (("own", own), ("other", other)):
        milestones[key] = publish(
            MilestonePageFactory(
                parent=commitment,
                title=f"Hito {key}",
                activities=[activity(ActivityStatus.IN_PROGRESS)],
            )
        )
    people = {}
    User = get_user_model()
    for username, group in (
        ("admin", ADMINISTRATORS),
        ("approver", APPROVERS),
        ("government", None),
        ("civil", None),
    ):
        user = User.objects.create_user(username, f"{username}@example.org", "x")
        if group:
            user.groups.add(groups[group])
        people[username] = user
    CommitmentAssignment.objects.create(
        commitment=own, user=people["government"], role=EditorRole.GOVERNMENT
    )
    CommitmentAssignment.objects.create(
        commitment=own, user=people["civil"], role=EditorRole.CIVIL_SOCIETY
    )
    Membership.objects.create(user=people["government"], institution=sfp)
    Membership.objects.create(user=people["civil"], organization=gesoc)
    return {
        "plan": plan,
        "own": own,
        "other": other,
        "milestones": milestones,
        "sfp": sfp,
        "gesoc": gesoc,
        **people,
    }


@pytest.fixture(autouse=True)
def _fresh_followup_settings():
    """The follow-up days are held until a request starts (planes/models/followup.py):
    each test reads its own."""
    from planes.models.followup import forget_followup_days

    forget_followup_days()
    yield
    forget_followup_days()
