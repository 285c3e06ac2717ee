"""The page cache: anonymous responses are served from it; a published change shows at once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from demo.factories import activity
from planes.choices import ActivityStatus as S
from planes.models import MilestonePage
from tests.admin_forms import milestone_edit_data
from tests.helpers import edit_url, publish, require_redis


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


# The page cache is on, and empty, before each test builds its content.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def editor_client(db):
    """A second client, logged in as an administrator, so the anonymous one stays anonymous."""
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("jefa", "j@example.org", "x"))
    return client


def public_urls(public_plan):
    return [
        "/",
        public_plan.plan.url,
        public_plan.first.url,
        public_plan.on_track.url,
        f"/instituciones/{public_plan.sfp.slug}/",
        "/buscar/?q=gasto",
        "/api/v2/pages/?type=planes.CommitmentPage&fields=progress",
        f"/api/v2/pages/{public_plan.on_track.pk}/",
        f"/datos/planes/{public_plan.plan.pk}/acciones-clave.csv",
    ]


def test_anonymous_responses_come_from_the_cache_the_second_time(client, public_plan):
    for url in public_urls(public_plan):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["X-Cache"] == "MISS", url
        second = client.get(url)
        assert second["X-Cache"] == "HIT", url
        assert second.content == first.content, url
        assert second["Content-Type"] == first["Content-Type"], url
        assert "public" in second["Cache-Control"], url
        assert "max-age=" in second["Cache-Control"], url


def test_a_cached_page_is_served_without_touching_the_database(
    client, public_plan, django_assert_num_queries
):
    client.get(public_plan.plan.url)
    with django_assert_num_queries(0):
        assert client.get(public_plan.plan.url)["X-Cache"] == "HIT"


def test_html_pages_vary_on_cookie_and_head_uses_the_get_copy(client, public_plan):
    client.get(public_plan.first.url)
    response = client.head(public_plan.first.url)
    assert response["X-Cache"] == "HIT"
    assert "Cookie" in response["Vary"]


def test_cached_api_response_still_answers_304(client, public_plan):
    url = "/api/v2/pages/?type=planes.MilestonePage"
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_logged_in_people_are_never_served_or_stored(client, public_plan, admin_user):
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get(public_plan.first.url)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"]
    admin = client.get(reverse("wagtailadmin_home"))
    assert "X-Cache" not in admin
    assert "public" not in admin["Cache-Control"]


def test_query_strings_are_cached_apart(client, public_plan):
    assert client.get(public_plan.plan.url)["X-Cache"] == "MISS"
    assert client.get(public_plan.plan.url + "?orden=avance")["X-Cache"] == "MISS"
    assert client.get(public_plan.plan.url + "?orden=avance")["X-Cache"] == "HIT"


def test_errors_and_posts_are_not_cached(client, public_plan):
    assert client.get("/no-existe/").status_code == 404
    assert "X-Cache" not in client.get("/no-existe/")
    assert client.post("/api/v2/pages/").status_code == 405
    assert client.get("/salud/").content == b"ok\n"
    assert "X-Cache" not in client.get("/salud/")


def test_change_published_in_the_admin_is_visible_to_the_next_anonymous_request(
    client, public_plan, editor_client
):
    """Publishing a milestone refreshes it and the pages that summarise its progress."""
    milestone, commitment = public_plan.late, public_plan.first
    urls = [
        milestone.url,
        commitment.url,
        public_plan.plan.url,
        "/",
        f"/api/v2/pages/{milestone.pk}/",
    ]
    before = {url: client.get(url) for url in urls}
    assert all(client.get(url)["X-Cache"] == "HIT" for url in urls)

    data = milestone_edit_data(editor_client, MilestonePage.objects.get(pk=milestone.pk))
    data["title"] = "Mesa de diálogo instalada"
    data["activities-0-status"] = S.IN_PROGRESS
    data["action-publish"] = "1"
    response = editor_client.post(edit_url(milestone), data)
    assert response.status_code == 302
    after = {url: client.get(url) for url in urls}
    for url in urls:
        assert after[url]["X-Cache"] == "MISS", url
    assert "Mesa de diálogo instalada" in after[milestone.url].content.decode()
    assert "Mesa de diálogo instalada" in after[commitment.url].content.decode()
    assert "Mesa de diálogo instalada" not in before[milestone.url].content.decode()
    assert after[f"/api/v2/pages/{milestone.pk}/"].json()["title"] == "Mesa de diálogo instalada"


def test_progress_change_reaches_the_cached_plan_page(client, public_plan):
    """A verified activity moves the plan's figures: the API and plan page show it at once."""
    client.get(public_plan.plan.url)
    api = f"/api/v2/pages/{public_plan.plan.pk}/"
    old = client.get(api).json()["progress"]
    page = MilestonePage.objects.get(pk=public_plan.late.pk)
    page.activities = [activity(S.VERIFIED, title="Convocar")]
    publish(page)
    assert client.get(api).json()["progress"] > old
    assert client.get(public_plan.plan.url)["X-Cache"] == "MISS"


def test_a_draft_leaves_the_cached_public_page_alone(client, public_plan, editor_client):
    url = public_plan.on_track.url
    client.get(url)
    data = milestone_edit_data(editor_client, MilestonePage.objects.get(pk=public_plan.on_track.pk))
    data["title"] = "Borrador sin publicar"
    editor_client.post(edit_url(public_plan.on_track), data)
    response = client.get(url)
    assert "Borrador sin publicar" not in response.content.decode()


def test_unpublishing_removes_the_page_at_once(client, public_plan):
    url = public_plan.on_track.url
    assert client.get(url).status_code == 200
    MilestonePage.objects.get(pk=public_plan.on_track.pk).unpublish()
    assert client.get(url).status_code == 404


def test_renaming_an_institution_shows_on_cached_pages(client, public_plan):
    client.get(public_plan.first.url)
    public_plan.sfp.name = "Secretaría Anticorrupción y Buen Gobierno"
    public_plan.sfp.save()
    page = client.get(public_plan.first.url).content.decode()
    assert "Secretaría Anticorrupción y Buen Gobierno" in page


def test_deleting_a_page_removes_it_at_once(client, public_plan):
    url = public_plan.verified.url
    assert client.get(url).status_code == 200
    MilestonePage.objects.get(pk=public_plan.verified.pk).delete()
    assert client.get(url).status_code == 404


def test_turned_off_with_zero_seconds(client, public_plan, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(public_plan.plan.url)
    assert "X-Cache" not in client.get(public_plan.plan.url)


PURGED: list[str] = []


class RecordingBackend:
    """A frontend-cache backend that records what Wagtail asks a CDN to purge."""

    def __init__(self, params):
        pass

    def purge(self, url):
        PURGED.append(url)

    def purge_batch(self, urls):
        PURGED.extend(urls)

    def invalidates_hostname(self, hostname):
        return True


def test_publishing_purges_the_page_and_its_summaries_from_a_cdn(public_plan, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.test_page_cache.RecordingBackend"},
    }
    PURGED.clear()
    page = publish(MilestonePage.objects.get(pk=public_plan.on_track.pk))
    purged_paths = {url.split("localhost", 1)[-1] for url in PURGED}
    assert {page.url, public_plan.first.url, public_plan.plan.url, "/"} <= purged_paths


@pytest.fixture
def redis_page_cache(settings):
    """The page cache in Redis, as several app servers share it (REDIS_URL)."""
    url = "redis://127.0.0.1:6379/14"
    require_redis(url)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    settings.PAGE_CACHE_SECONDS = 600
    from django.core.cache import caches

    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_redis_shared_cache_serves_and_invalidates(client, redis_page_cache, public_plan):
    """Another server's publish (a new generation in Redis) reaches this one's readers."""
    url = public_plan.on_track.url
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    page.title = "Padrón publicado y verificado"
    publish(page)
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "Padrón publicado y verificado" in response.content.decode()


def test_parameters_no_page_reads_redirect_to_the_cached_url(client, public_plan):
    """A random query string (utm_source, a cache-buster) neither renders the page again nor
    stores another copy: one redirect to the URL without it, which is served from the cache."""
    url = public_plan.plan.url
    assert client.get(url, {"nivel": "substantial"})["X-Cache"] == "MISS"
    for junk in ("a1", "b2", "c3"):
        response = client.get(url, {"nivel": "substantial", "utm_source": junk})
        assert response.status_code == 301
        assert response["Location"] == f"{url}?nivel=substantial"
    assert client.get(url, {"nivel": "substantial"})["X-Cache"] == "HIT"
    download = f"/datos/planes/{public_plan.plan.pk}/compromisos.csv"
    assert client.get(download, {"v": "123"})["Location"] == download
    api = client.get("/api/v2/pages/", {"utm_source": "x"})
    assert api.status_code == 400, "the API refuses unknown parameters (never cached)"


def test_page_parameters_are_the_ones_the_pages_read(public_plan):
    from planes.filters import PlanDashboardFilterSet
    from planes.models import CommitmentPage
    from planes.page_cache import PAGE_PARAMETERS
    from search.views import SearchFilterForm

    dashboard = PlanDashboardFilterSet({}, CommitmentPage.objects.all())
    search = SearchFilterForm({}, [])
    report = {"periodo"}  # the self-assessment report of a closed period (planes/views.py)
    assert set(dashboard.filters) | set(search.fields) | {"q", "page"} | report == PAGE_PARAMETERS


# Invalidate what changed, not everything (the plans' sections, planes/page_cache.py). ---
@pytest.fixture
def second_plan(public_plan):
    """Another published plan beside the public one, with a commitment and a milestone."""
    from demo.factories import ActionPlanPageFactory, CommitmentPageFactory, MilestonePageFactory

    home = public_plan.plan.get_parent()
    plan = publish(ActionPlanPageFactory(parent=home, title="Quinto plan", slug="quinto-plan"))
    commitment = publish(CommitmentPageFactory(parent=plan, number=1, title="Datos de salud"))
    milestone = publish(MilestonePageFactory(parent=commitment, title="Catálogo de datos"))
    return [plan.url, commitment.url, milestone.url]


def _publish_a_milestone_of_the_first_plan(public_plan, title="Mesa instalada y publicada"):
    page = MilestonePage.objects.get(pk=public_plan.late.pk)
    page.title = title
    publish(page)
    return title


def test_publishing_under_one_plan_keeps_the_other_plans_pages_cached(
    client, public_plan, second_plan
):
    first = [public_plan.plan.url, public_plan.first.url, public_plan.late.url]
    shared = public_urls(public_plan)[:1] + public_urls(public_plan)[4:]
    for url in first + second_plan + shared:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url

    title = _publish_a_milestone_of_the_first_plan(public_plan)

    for url in second_plan:
        assert client.get(url)["X-Cache"] == "HIT", url
    for url in first + shared:
        assert client.get(url)["X-Cache"] == "MISS", url
    assert title in client.get(public_plan.late.url).content.decode()
    assert title in client.get(public_plan.first.url).content.decode()
    assert title in client.get("/buscar/?q=mesa").content.decode()
    api = client.get(f"/api/v2/pages/{public_plan.late.pk}/").json()
    assert api["title"] == title


def test_a_published_assessment_renews_its_plan_and_leaves_the_other(
    client, public_plan, second_plan
):
    import datetime

    from planes.models import CivilSocietyAssessment

    for url in [public_plan.late.url, *second_plan]:
        client.get(url)
    assessment = CivilSocietyAssessment(
        milestone=public_plan.late,
        organization=public_plan.gesoc,  # co-responsible for the milestone's commitment
        stance="disagree",
        completion_level="limited",
        date=datetime.date(2021, 3, 1),
        comment="<p>No vemos la lista de asistencia.</p>",
    )
    assessment.save()
    assessment.save_revision().publish()
    assert client.get(public_plan.late.url)["X-Cache"] == "MISS"
    assert all(client.get(url)["X-Cache"] == "HIT" for url in second_plan)


def test_publishing_a_plan_renews_everything(client, public_plan, second_plan):
    for url in second_plan:
        client.get(url)
    plan = public_plan.plan
    plan.title = "Cuarto plan (versión final)"
    publish(plan)
    assert all(client.get(url)["X-Cache"] == "MISS" for url in second_plan)
    assert "Cuarto plan (versión final)" in client.get("/").content.decode()


def test_deleting_a_milestone_renews_its_plan_only(client, public_plan, second_plan):
    for url in [public_plan.first.url, *second_plan]:
        client.get(url)
    MilestonePage.objects.get(pk=public_plan.verified.pk).delete()
    assert client.get(public_plan.first.url)["X-Cache"] == "MISS"
    assert all(client.get(url)["X-Cache"] == "HIT" for url in second_plan)


def test_closing_a_period_renews_the_pages_that_show_the_history(client, public_plan):
    from planes.models import ReportingPeriod
    from planes.periods import close_period

    client.get(public_plan.plan.url)
    period = ReportingPeriod.objects.create(
        plan=public_plan.plan,
        name="Primer semestre",
        start_date=public_plan.plan.start_date,
        end_date=public_plan.plan.start_date.replace(year=2020, month=6, day=30),
        due_date=public_plan.plan.start_date.replace(year=2020, month=7, day=31),
    )
    client.get(public_plan.plan.url)
    close_period(period)
    response = client.get(public_plan.plan.url)
    assert response["X-Cache"] == "MISS"
    assert "Primer semestre" in response.content.decode()
