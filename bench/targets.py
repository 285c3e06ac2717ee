"""Benchmark targets: which URLs to load, and how many SQL queries each costs.

Run by bench/run.py inside the benchmark's environment (its database and
settings); prints one JSON object: the URLs (the largest plan, its busiest
commitment, ...), an approver's session cookie for the admin views, and the
SQL queries per request, counted with Django's test client and the page cache
off, so they are the queries a cold request makes.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["PAGE_CACHE_SECONDS"] = "0"
django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from planes.links import plan_download_urls
from planes.models import (
    ActionPlanPage,
    CommitmentPage,
    Institution,
    MilestonePage,
)

SEARCH_QUERY = "participación ciudadana"
HEAVY_MILESTONE_SLUG = "accion-con-50-evidencias"
APPROVER = "aprobadora"


def largest_plan() -> ActionPlanPage:
    return max(
        ActionPlanPage.objects.live(),
        key=lambda p: (MilestonePage.objects.live().descendant_of(p).count(), p.pk),
    )


def public_targets() -> dict[str, str]:
    plan = largest_plan()
    commitment = (
        CommitmentPage.objects.live().child_of(plan).order_by("-numchild", "number").first()
    )
    milestone = MilestonePage.objects.live().child_of(commitment).order_by("path").first()
    institution = Institution.objects.annotate(n=Count("commitments")).order_by("-n", "pk").first()
    return {
        "baseline": "/salud/",
        "home": "/",
        "plan": plan.url,
        "commitment": commitment.url,
        "milestone": milestone.url,
        "institution": f"/instituciones/{institution.slug}/",
        "search": "/buscar/?" + urlencode({"q": SEARCH_QUERY}),
        "api_commitments": "/api/v2/pages/?type=planes.CommitmentPage&limit=50"
        "&fields=progress,completion_level,delayed,lead_institutions,organizations,tags",
        "api_milestone": f"/api/v2/pages/{milestone.pk}/",
        "csv_export": f"/datos/planes/{plan.pk}/acciones-clave.csv",
    }


def generated_files() -> dict[str, str]:
    """Every download (and report) of the largest plan, whose generation time is reported."""
    plan = largest_plan()
    return {name: url for name, url in plan_download_urls(plan).items()}


def admin_targets() -> dict[str, str]:
    heavy = (
        MilestonePage.objects.filter(slug=HEAVY_MILESTONE_SLUG).first()
        or MilestonePage.objects.order_by("-pk").first()
    )
    return {
        "admin_dashboard": "/admin/",
        "admin_milestone_edit": f"/admin/pages/{heavy.pk}/edit/",
    }


def approver_cookie() -> str:
    """A real session for the demo approver, as a browser would hold after logging in with
    the password and the authenticator app's code (production asks approvers for both)."""
    user = get_user_model().objects.get(username=APPROVER)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "bench"}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs people in (the first one, django-axes', only refuses).
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST="127.0.0.1")
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(queries.captured_queries)


def main() -> None:
    public = public_targets()
    admin = admin_targets()
    cookie = approver_cookie()
    anonymous = Client()
    anonymous.get("/", HTTP_HOST="127.0.0.1")  # warm per-process caches (site root paths)
    queries = {name: count_queries(anonymous, path) for name, path in public.items()}
    approver = Client()
    approver.cookies.load(cookie)
    queries.update({name: count_queries(approver, path) for name, path in admin.items()})
    print(
        json.dumps(
            {
                "public": public,
                "admin": admin,
                "generated": generated_files(),
                "cookie": cookie,
                "queries": queries,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
