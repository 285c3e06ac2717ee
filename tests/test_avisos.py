"""Readers who follow (#17): e-mail notices of a plan or commitment, through the real views
(the form on the cached public pages, double opt-in, unsubscribe) and the real command
(send_follower_digests), with the messages in django.core.mail.outbox."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend
from wagtail.models import Site

from avisos.mail import answer_subscription_request
from avisos.models import Subscription
from cms.cache import CacheState
from cms.settings.base import interface_language
from demo.factories import MilestonePageFactory, activity, evidence
from planes.choices import ActivityStatus as S
from planes.models import CivilSocietyAssessment, FollowUpSettings, MilestonePage
from tests.helpers import publish

pytestmark = pytest.mark.django_db

NEUTRAL = "Si la dirección es válida, recibirás un correo para confirmar."
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    CacheState.down = False
    yield
    cache.clear()
    CacheState.down = False


def subscribe_url(page) -> str:
    return f"/avisos/suscribir/{page.pk}/"


def post(client, page, email, ip="192.0.2.1", **extra):
    """The form sent as a browser does: a valid one is answered with a redirect (303) to
    the neutral page, which the browser then asks for."""
    return client.post(subscribe_url(page), {"email": email, **extra}, REMOTE_ADDR=ip, follow=True)


def link(text: str, prefix: str) -> str:
    """The path of the first absolute link in ``text`` that starts with ``prefix``."""
    found = re.search(rf"http://testserver({re.escape(prefix)}[\w-]+/)", text)
    assert found, text
    return found[1]


def subscribed(client, page, email="lectora@example.org", ip="192.0.2.1") -> Subscription:
    """Subscribe and confirm through the views, as a reader does; the outbox is emptied."""
    mail.outbox.clear()
    assert post(client, page, email, ip).status_code == 200
    (confirmation,) = mail.outbox
    assert client.post(link(confirmation.body, "/avisos/confirmar/")).status_code == 200
    mail.outbox.clear()
    subscription = Subscription.objects.get(email=email, page=page)
    assert subscription.is_confirmed
    return subscription


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_follower_digests", *args, stdout=out)
    return out.getvalue()


def add_evidence(milestone, title: str):
    """Publish the milestone's current version with one more evidence item (the others
    keep their identity, as in the admin's form)."""
    page = MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object()
    activities = list(page.activities.all())
    activities[-1].evidence.append(
        ("evidence", evidence(title=title, url="https://example.org/informe")[1])
    )
    page.activities = activities
    page.save_revision().publish()


# --- Subscribing ----------------------------------------------------------------------


def test_the_form_is_on_plan_and_commitment_pages(client, public_plan):
    for page in (public_plan.plan, public_plan.first):
        html = client.get(page.url).content.decode()
        assert "Recibir avisos por correo" in html
        assert f'action="{subscribe_url(page)}"' in html
        assert 'name="sitio_web"' in html  # the honeypot
        assert "nunca se muestra ni se publica" in html  # the privacy notice
        assert "csrfmiddlewaretoken" not in html
    assert "Recibir avisos por correo" not in client.get(public_plan.on_track.url).content.decode()


def test_subscribe_confirm_publish_and_the_digest_lists_it_once(client, public_plan):
    commitment = public_plan.first
    response = post(client, commitment, "Lectora@Example.org")
    assert response.status_code == 200
    assert NEUTRAL in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "lectora@example.org"
    assert not subscription.is_confirmed
    (confirmation,) = mail.outbox
    assert confirmation.to == ["lectora@example.org"]
    assert "Gasto abierto" in confirmation.subject
    assert '<a href="http://testserver/avisos/confirmar/' in confirmation.alternatives[0][0]
    confirm = link(confirmation.body, "/avisos/confirmar/")

    # A GET (a mail scanner opening the link) only shows the button.
    page = client.get(confirm)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert not Subscription.objects.get().is_confirmed
    assert "Suscripción confirmada" in client.post(confirm).content.decode()
    assert Subscription.objects.get().is_confirmed

    mail.outbox.clear()
    assert run().strip().endswith("Avisos enviados: 0")  # nothing published since
    assert mail.outbox == []

    # Published: new evidence on one milestone, a new milestone. Drafts: a new title
    # saved as a revision, never published (besides the fixture's «Título en revisión»).
    add_evidence(public_plan.on_track, "Informe trimestral de gasto")
    new = publish(
        MilestonePageFactory(
            parent=commitment, title="Tablero de contratos", activities=[activity(S.IN_PROGRESS)]
        )
    )
    draft = MilestonePage.objects.get(pk=public_plan.late.pk)
    draft.title = "Título secreto del borrador"
    draft.save_revision()
    MilestonePageFactory(parent=commitment, title="Acción nunca publicada", live=False)

    output = run()
    assert output.strip().endswith("Avisos enviados: 1")
    (digest,) = mail.outbox
    assert digest.to == ["lectora@example.org"]
    assert "Gasto abierto" in digest.subject
    html = digest.alternatives[0][0]
    for text in (digest.body, html):
        assert "Padrón publicado" in text
        assert "Informe trimestral de gasto" in text
        assert "Nueva evidencia" in text
        assert "Tablero de contratos" in text
        assert "Título secreto del borrador" not in text
        assert "Título en revisión" not in text
        assert "Acción nunca publicada" not in text
        assert "Mesa de diálogo" not in text  # not published since the confirmation
    assert digest.body.count("Informe trimestral de gasto") == 1
    assert "Minuta" not in digest.body  # the evidence it had before
    assert "Nueva actualización de avance" not in digest.body  # nor a new update
    assert f"http://testserver{new.url}" in digest.body
    assert f'<a href="http://testserver{public_plan.on_track.url}"' in html
    unsubscribe = link(digest.body, "/avisos/baja/")
    headers = digest.message()
    assert headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The same day again: nothing new; the next day, nothing published since: nothing.
    assert run().strip().endswith("Avisos enviados: 0")
    assert run("--date", (TODAY + DAY).isoformat()).strip().endswith("Avisos enviados: 0")
    assert len(mail.outbox) == 1


def test_a_plan_follows_its_commitments_and_a_commitment_only_its_own(client, public_plan):
    plan_reader = subscribed(client, public_plan.plan, "plan@example.org", ip="192.0.2.1")
    commitment_reader = subscribed(client, public_plan.first, "gasto@example.org", ip="192.0.2.2")
    publish(MilestonePage.objects.get(pk=public_plan.verified.pk))  # under the second one
    assessment = CivilSocietyAssessment.objects.create(
        milestone=public_plan.on_track,
        organization=public_plan.gesoc,  # co-responsible through the commitment
        stance="agree",
        completion_level="limited",
        comment="<p>De acuerdo.</p>",
    )
    assessment.save_revision().publish()
    CivilSocietyAssessment.objects.create(
        milestone=public_plan.late,
        organization=public_plan.gesoc,
        stance="disagree",
        completion_level="limited",
        comment="<p>No.</p>",
    ).save_revision()  # a draft: never published

    run()
    sent = {message.to[0]: message.body for message in mail.outbox}
    assert set(sent) == {plan_reader.email, commitment_reader.email}
    assert "Reglas de fideicomisos" in sent[plan_reader.email]
    assert "Reglas de fideicomisos" not in sent[commitment_reader.email]
    for body in sent.values():
        assert "Valoración de la sociedad civil" in body
        assert (
            "Gestión Social y Cooperación: Compromiso 1. Gasto abierto · Padrón publicado" in body
        )
        assert "Mesa de diálogo" not in body  # the draft assessment's milestone
    assert all(s.last_sent_at for s in Subscription.objects.all())


def test_bad_input_is_a_form_error_or_a_404_never_a_500(client, public_plan):
    for email in ("no-es-correo", "", "a@" + "x" * 300 + ".org"):
        response = post(client, public_plan.first, email)
        assert response.status_code == 400, email
        html = response.content.decode()
        assert 'class="form-error"' in html
        assert "Escribe" in html
    assert Subscription.objects.count() == 0
    assert mail.outbox == []
    # Only live plans and commitments are followed.
    for page in (public_plan.on_track, public_plan.draft_commitment):
        assert post(client, page, "lectora@example.org").status_code == 404
    assert client.post("/avisos/suscribir/999999/", {"email": "a@example.org"}).status_code == 404
    # A GET of the form's address shows the form; other methods are refused.
    shown = client.get(subscribe_url(public_plan.first))
    assert shown.status_code == 200
    assert NEUTRAL not in shown.content.decode()
    assert client.put(subscribe_url(public_plan.first)).status_code == 405
    assert client.get("/avisos/confirmar/no-existe/").status_code == 404
    assert client.get("/avisos/baja/no-existe/").status_code == 404


def test_the_honeypot_stores_and_sends_nothing(client, public_plan):
    response = post(client, public_plan.first, "bot@example.org", sitio_web="http://spam")
    assert response.status_code == 200
    assert NEUTRAL in response.content.decode()
    assert Subscription.objects.count() == 0
    assert mail.outbox == []


def test_an_address_already_subscribed_gets_the_same_answer(client, public_plan):
    subscribed(client, public_plan.first, "lectora@example.org")
    fresh = post(client, public_plan.first, "otra@example.org", ip="192.0.2.9")
    mail.outbox.clear()
    again = post(client, public_plan.first, "lectora@example.org", ip="192.0.2.9")
    assert again.status_code == fresh.status_code == 200
    assert again.content == fresh.content
    assert mail.outbox == []  # confirmed: nothing more is sent
    assert Subscription.objects.filter(email="lectora@example.org").count() == 1
    # Pending: asking again sends the same link again.
    post(client, public_plan.first, "otra@example.org", ip="192.0.2.9")
    (repeat,) = mail.outbox
    pending = Subscription.objects.get(email="otra@example.org")
    assert pending.confirm_token in repeat.body


# --- Abuse ----------------------------------------------------------------------------


def test_the_rate_limit_per_ip(client, public_plan, settings):
    settings.AVISOS_IP_LIMIT_PER_HOUR = 5
    for n in range(5):
        response = post(client, public_plan.first, f"p{n}@example.org", ip="198.51.100.7")
        assert response.status_code == 200
    refused = post(client, public_plan.first, "p5@example.org", ip="198.51.100.7")
    assert refused.status_code == 429
    assert "Demasiadas solicitudes" in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    assert not Subscription.objects.filter(email="p5@example.org").exists()
    # Another connection is not limited.
    assert post(client, public_plan.first, "p5@example.org", ip="198.51.100.8").status_code == 200


def test_the_rate_limit_per_address(client, public_plan, settings):
    settings.AVISOS_ADDRESS_LIMIT_PER_DAY = 3
    for n in range(3):
        response = post(client, public_plan.first, "mucho@example.org", ip=f"203.0.113.{n}")
        assert response.status_code == 200
    refused = post(client, public_plan.plan, "Mucho@example.org", ip="203.0.113.50")
    assert refused.status_code == 429
    assert len(mail.outbox) == 3
    assert post(client, public_plan.plan, "poco@example.org", ip="203.0.113.50").status_code == 200


def test_without_the_cache_the_form_works_without_limits(client, public_plan, settings):
    """A stopped Redis (nothing listens on port 1): the limits fail open, never a 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.FaultTolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.AVISOS_IP_LIMIT_PER_HOUR = 1
    for n in range(3):
        response = post(client, public_plan.first, f"r{n}@example.org", ip="198.51.100.1")
        assert response.status_code == 200
    assert Subscription.objects.count() == 3


# --- Leaving, forgetting --------------------------------------------------------------


def test_unsubscribe_deletes_the_address(client, public_plan):
    subscription = subscribed(client, public_plan.first)
    url = f"/avisos/baja/{subscription.unsubscribe_token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Darme de baja" in page.content.decode()
    assert Subscription.objects.count() == 1  # a GET changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert "La dirección se borró" in done.content.decode()
    assert Subscription.objects.count() == 0
    assert client.post(url).status_code == 200  # again: the same answer
    assert client.get(url).status_code == 404


def test_one_click_unsubscribe_from_a_mail_client(client, public_plan):
    subscription = subscribed(client, public_plan.first)
    response = client.post(
        f"/avisos/baja/{subscription.unsubscribe_token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_unconfirmed_subscriptions_expire_and_are_deleted(client, public_plan, settings):
    settings.AVISOS_PENDING_DAYS = 7
    post(client, public_plan.first, "olvido@example.org")
    confirm = link(mail.outbox[0].body, "/avisos/confirmar/")
    Subscription.objects.update(created_at=timezone.now() - 8 * DAY)
    assert client.get(confirm).status_code == 404
    assert client.post(confirm).status_code == 404
    assert "Se borrarían 1" in run("--dry-run")
    assert Subscription.objects.count() == 1
    run()
    assert Subscription.objects.count() == 0


def test_dry_run_prints_and_sends_nothing(client, public_plan):
    subscribed(client, public_plan.first, "lectora@example.org")
    publish(MilestonePage.objects.get(pk=public_plan.on_track.pk))
    output = run("--dry-run")
    assert "l…@example.org" in output
    assert "lectora@example.org" not in output
    assert "Padrón publicado" in output
    assert output.strip().endswith("Avisos se enviarían: 1")
    assert mail.outbox == []
    assert Subscription.objects.get().last_sent_at is None
    with pytest.raises(CommandError):
        run("--date", "ayer")


def test_weekly_digests_wait_for_monday(client, public_plan):
    FollowUpSettings.objects.create(
        site=Site.objects.get(is_default_site=True), digest_frequency="weekly"
    )
    subscribed(client, public_plan.first)
    publish(MilestonePage.objects.get(pk=public_plan.on_track.pk))
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    run("--date", (monday + DAY).isoformat())
    assert mail.outbox == []
    run("--date", (monday + 7 * DAY).isoformat())
    assert len(mail.outbox) == 1


def test_addresses_appear_nowhere_public(client, public_plan):
    subscribed(client, public_plan.first, "secreta@example.org")
    for url in (
        "/api/v2/pages/?type=planes.CommitmentPage",
        f"/api/v2/pages/{public_plan.first.pk}/",
        "/datos/tablero.json",
        f"/datos/planes/{public_plan.plan.pk}/compromisos.csv",
        "/buscar/?q=example.org",
        public_plan.first.url,
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"secreta" not in response.content, url


# --- The page cache and the language --------------------------------------------------


def test_the_pages_with_the_form_stay_cached(client, public_plan, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    url = public_plan.first.url
    assert client.get(url)["X-Cache"] == "MISS"
    cached = client.get(url)
    assert cached["X-Cache"] == "HIT"
    assert f'action="{subscribe_url(public_plan.first)}"' in cached.content.decode()
    assert not cached.cookies
    # Subscribing from the cached page works and does not renew the cache.
    assert post(client, public_plan.first, "lectora@example.org").status_code == 200
    assert client.get(url)["X-Cache"] == "HIT"
    # The subscription's own pages are never cached.
    confirm = client.get(link(mail.outbox[0].body, "/avisos/confirmar/"))
    assert "X-Cache" not in confirm
    assert "no-store" in confirm["Cache-Control"] or "no-cache" in confirm["Cache-Control"]


def test_the_form_and_the_answers_speak_english(client, public_plan):
    with override_settings(**interface_language("en")):
        html = client.get(public_plan.first.url).content.decode()
        assert "Get notices by e-mail" in html
        assert "Recibir avisos" not in html
        answer = post(client, public_plan.first, "reader@example.org").content.decode()
        assert "If the address is valid, you will receive an e-mail to confirm." in answer
        (confirmation,) = mail.outbox
        assert "confirm" in confirmation.subject.lower()
        assert "Para confirmar" not in confirmation.body
        error = post(client, public_plan.first, "nope").content.decode()
        assert "Enter a valid e-mail address" in error


def test_subscribing_costs_a_few_queries(client, public_plan, django_assert_max_num_queries):
    url = subscribe_url(public_plan.first)
    with django_assert_max_num_queries(12, info="the form, the confirmation queued and sent"):
        assert client.post(url, {"email": "lectora@example.org"}).status_code == 303


def test_restricted_pages_are_neither_followed_nor_told(client, public_plan):
    from wagtail.models import PageViewRestriction

    subscription = subscribed(client, public_plan.first)
    milestone = MilestonePage.objects.get(pk=public_plan.on_track.pk)
    PageViewRestriction.objects.create(
        page=milestone, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    publish(milestone)
    assert run().strip().endswith("Avisos enviados: 0")
    assert Subscription.objects.get(pk=subscription.pk).last_sent_at is None
    PageViewRestriction.objects.create(
        page=public_plan.second, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert post(client, public_plan.second, "otra@example.org").status_code == 404


def test_the_digests_cost_the_same_queries_for_more_readers_of_a_page(
    client, public_plan, django_assert_max_num_queries
):
    """Readers of one page with the same starting point share what changed: each more
    reader costs its message and one update, not the page's changes again."""
    confirmed = timezone.now()
    for n in range(6):
        subscribed(client, public_plan.first, f"r{n}@example.org", ip=f"192.0.2.{n}")
    Subscription.objects.update(confirmed_at=confirmed)
    add_evidence(public_plan.on_track, "Informe trimestral de gasto")
    Subscription.objects.exclude(email="r0@example.org").update(confirmed_at=None)
    with django_assert_max_num_queries(40) as one:
        run()
    first = len(one.captured_queries)
    Subscription.objects.update(confirmed_at=confirmed, last_sent_at=None)
    mail.outbox.clear()
    with django_assert_max_num_queries(first + 5 * 3) as six:
        run()
    assert len(mail.outbox) == 6
    assert len(six.captured_queries) <= first + 5 * 3


def test_a_new_progress_update_is_told_once(client, public_plan):
    from demo.factories import ProgressUpdateFactory

    subscribed(client, public_plan.first)
    page = MilestonePage.objects.get(pk=public_plan.on_track.pk).get_latest_revision_as_object()
    page.updates = [
        *page.updates.all(),
        ProgressUpdateFactory.build(
            author_institution=public_plan.sfp,
            date=TODAY,
            text="<p>Padrón revisado</p>",
        ),
    ]
    page.save_revision().publish()
    run()
    (first,) = mail.outbox
    assert first.body.count("Nueva actualización de avance") == 1
    # Told once (not also as «Actualización publicada»), with the commitment it belongs to.
    assert "Actualización publicada" not in first.body
    assert f"Compromiso 1. Gasto abierto · Padrón publicado ({TODAY.isoformat()})" in first.body
    # The next day: more evidence published; the update is not told again.
    add_evidence(public_plan.on_track, "Anexo del padrón")
    run("--date", (TODAY + DAY).isoformat())
    second = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert "Anexo del padrón" in second.body
    assert "Nueva actualización de avance" not in second.body


def test_the_form_answers_with_a_redirect_and_reloading_sends_nothing(client, public_plan):
    """Post/Redirect/Get: a valid form is answered with 303 to a page of its own, the same
    for a new address and one already confirmed; reloading that page sends nothing."""
    page = public_plan.first
    url = subscribe_url(page)
    fresh = client.post(url, {"email": "nueva@example.org"}, REMOTE_ADDR="192.0.2.7")
    assert fresh.status_code == 303
    subscribed(client, page, "confirmada@example.org")
    mail.outbox.clear()
    known = client.post(url, {"email": "confirmada@example.org"}, REMOTE_ADDR="192.0.2.8")
    assert known.status_code == 303
    assert fresh["Location"] == known["Location"] == f"/avisos/suscribir/{page.pk}/enviado/"
    assert mail.outbox == []  # confirmed: nothing sent, and the answer does not say so
    for _ in range(2):  # a reload
        shown = client.get(fresh["Location"])
        assert shown.status_code == 200
        assert NEUTRAL in shown.content.decode()
        assert not shown.cookies
    assert mail.outbox == []
    # A bad address is not redirected: the form again, with what was typed.
    bad = client.post(url, {"email": "no-es-correo"}, REMOTE_ADDR="192.0.2.9")
    assert bad.status_code == 400
    assert 'value="no-es-correo"' in bad.content.decode()


def test_every_valid_request_queues_the_same_task_whatever_the_address(client, public_plan):
    """The request does the same work for a new and a confirmed address (one task queued;
    the task decides whether to send), so its time does not tell who follows what."""
    page = public_plan.first
    subscribed(client, page, "confirmada@example.org")
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        default_task_backend.clear()
        for email, ip in (
            ("nueva@example.org", "192.0.2.20"),
            ("confirmada@example.org", "192.0.2.21"),
        ):
            response = client.post(subscribe_url(page), {"email": email}, REMOTE_ADDR=ip)
            assert response.status_code == 303
        queued = [(r.task.name, r.args) for r in default_task_backend.results]
    new = Subscription.objects.get(email="nueva@example.org")
    known = Subscription.objects.get(email="confirmada@example.org")
    assert queued == [
        ("answer_subscription_request", [new.pk]),
        ("answer_subscription_request", [known.pk]),
    ]
    assert mail.outbox == []  # queued, not sent
    assert answer_subscription_request.call(new.pk) is True  # the worker: sends
    assert answer_subscription_request.call(known.pk) is False  # confirmed: nothing
    assert [m.to for m in mail.outbox] == [["nueva@example.org"]]
