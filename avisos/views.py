"""The readers' subscription views: subscribe (from a plan or commitment page), confirm
(double opt-in) and unsubscribe (a link, or a mail client's RFC 8058 one-click POST).

Why ``csrf_exempt``: the plan and commitment pages that hold the form are served from
the page cache (planes/page_cache.py) to every anonymous reader, so they cannot carry a
per-visitor CSRF token (a page holding one is never cached). What the form does is
harmless if forged, and guarded otherwise: it only asks for a confirmation e-mail
(double opt-in: nobody is subscribed without clicking the link sent to the address), its
answer is the same whatever the address, and it is rate-limited per IP and per address,
with a honeypot for bots. The confirm and unsubscribe POSTs carry their own secret (the
random token in the URL), which is what a CSRF token would prove, and a mail client's
one-click unsubscribe POST could never carry a CSRF token.

Every answer here is ``never_cache``: none of these pages is kept by the page cache or a
browser, and none sets a cookie.
"""

import datetime

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from planes.models import ActionPlanPage, CommitmentPage

from .forms import HONEYPOT, SubscribeForm
from .limits import DAY, HOUR, over_limit
from .mail import request_confirmation
from .models import Subscription


def followable_page(page_id: int):
    """A live, public plan or commitment page, or 404."""
    pages = Page.objects.live().public().type(ActionPlanPage, CommitmentPage)
    page = pages.filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page


def expired(subscription: Subscription) -> bool:
    """A pending subscription older than AVISOS_PENDING_DAYS: its link no longer works."""
    limit = timezone.now() - datetime.timedelta(days=settings.AVISOS_PENDING_DAYS)
    return not subscription.is_confirmed and subscription.created_at < limit


def _limited(request, page):
    response = render(request, "avisos/limited.html", {"page": page}, status=429)
    response["Retry-After"] = str(HOUR)
    return response


def _neutral(request, page, form=None, status=200, sent=True):
    """The same answer whether the address is new, pending, subscribed or a bot's."""
    context = {
        "page": page,
        "form": form or SubscribeForm(),
        "sent": sent and form is None,
        "follow_kind": "plan" if page.specific_class is ActionPlanPage else "commitment",
    }
    return render(request, "avisos/subscribe.html", context, status=status)


@csrf_exempt  # see the module's docstring: a cached page holds the form
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, page_id: int):
    page = followable_page(page_id)
    if request.method != "POST":
        return _neutral(request, page, sent=False)  # the form alone (a reload, a bookmark)
    if over_limit("ip", get_client_ip_address(request), settings.AVISOS_IP_LIMIT_PER_HOUR, HOUR):
        return _limited(request, page)
    if request.POST.get(HONEYPOT):
        return _sent(page)  # a bot: nothing stored, nothing sent
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _neutral(request, page, form, status=400)
    email = form.cleaned_data["email"]
    if over_limit("address", email, settings.AVISOS_ADDRESS_LIMIT_PER_DAY, DAY):
        return _limited(request, page)
    subscription = Subscription.objects.filter(email=email, page=page).first()
    if subscription is not None and expired(subscription):
        subscription.delete()
        subscription = None
    if subscription is None:
        subscription, _created = Subscription.objects.get_or_create(email=email, page=page)
    # Pending (new or asked again): the same link again. Confirmed: nothing is sent, and
    # neither the answer nor the work done here says so (the queued task decides).
    request_confirmation(subscription)
    return _sent(page)


def _sent(page) -> HttpResponseRedirect:
    """Post/Redirect/Get: the answer is a page of its own, so reloading it sends nothing
    again (303: the browser follows with a GET)."""
    response = HttpResponseRedirect(reverse("avisos:requested", args=[page.pk]))
    response.status_code = 303
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def requested(request, page_id: int):
    """«Si la dirección es válida, recibirás un correo»: the same page for every address."""
    return _neutral(request, followable_page(page_id))


@csrf_exempt  # the token in the URL is the secret (module docstring)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    subscription = Subscription.objects.filter(confirm_token=token).select_related("page").first()
    if subscription is None or expired(subscription):
        return render(request, "avisos/invalid.html", {}, status=404)
    page = subscription.page
    if request.method == "POST":
        # GET only shows the button: mail scanners that open links confirm nothing.
        if not subscription.is_confirmed:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        return render(request, "avisos/confirmed.html", {"page": page})
    return render(request, "avisos/confirm.html", {"page": page, "subscription": subscription})


@csrf_exempt  # the token in the URL is the secret; one-click clients POST without cookies
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    subscription = (
        Subscription.objects.filter(unsubscribe_token=token).select_related("page").first()
    )
    if request.method == "POST":
        # The address is personal data: the row is deleted, not flagged. Asked twice (or
        # with an old link), the answer is the same.
        page = subscription.page if subscription else None
        if subscription is not None:
            subscription.delete()
        return render(request, "avisos/unsubscribed.html", {"page": page})
    if subscription is None:
        return render(request, "avisos/invalid.html", {"unsubscribe": True}, status=404)
    return render(
        request,
        "avisos/unsubscribe.html",
        {"page": subscription.page, "subscription": subscription},
    )
