"""The readers' e-mails: the confirmation (double opt-in) and the digest of what was
published. Sent as plain text and HTML through the site's EMAIL_BACKEND (the queue of
planes/mail.py), in the interface language, with absolute links on the public address."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from instancia.models import current
from planes.links import page_url, public_url

from .models import Subscription

logger = logging.getLogger(__name__)


def confirm_url(subscription: Subscription) -> str:
    return public_url(reverse("avisos:confirm", args=[subscription.confirm_token]))


def unsubscribe_url(subscription: Subscription) -> str:
    return public_url(reverse("avisos:unsubscribe", args=[subscription.unsubscribe_token]))


def _message(to: str, subject: str, template: str, context: dict, headers=None):
    text = render_to_string(f"avisos/mail/{template}.txt", context)
    html = render_to_string(f"avisos/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    page = subscription.page
    board = current().board_name
    subject = _("%(board)s: confirma los avisos de «%(title)s»") % {
        "board": board,
        "title": page.title,
    }
    context = {
        "board": board,
        "page": page,
        "page_url": page_url(page),
        "confirm_url": confirm_url(subscription),
        "days": settings.AVISOS_PENDING_DAYS,
    }
    return _message(subscription.email, subject, "confirm", context)


@task()
def answer_subscription_request(subscription_id: int) -> bool:
    """The confirmation e-mail to a pending subscription; nothing to a confirmed (or since
    deleted) one. Whether it was sent is the task's result, never the form's answer."""
    subscription = Subscription.objects.select_related("page").filter(pk=subscription_id).first()
    if subscription is None or subscription.is_confirmed:
        return False
    confirmation_message(subscription).send(fail_silently=True)
    return True


def request_confirmation(subscription: Subscription) -> None:
    """Queue :func:`answer_subscription_request` for every valid request, whatever the
    address's state: the request does the same work for a new, a pending and a confirmed
    address, so neither its answer nor its time tells who follows what. A queue that
    cannot take it is logged, not raised."""
    try:
        answer_subscription_request.enqueue(subscription.pk)
    except Exception:  # the queue is a database table or the immediate backend
        logger.exception("No se pudo encolar la confirmación de la suscripción %s", subscription.pk)


def digest_message(
    subscription: Subscription, page, changes: list, board: str | None = None
) -> EmailMultiAlternatives:
    board = board or current().board_name
    subject = _("%(board)s: novedades de «%(title)s»") % {"board": board, "title": page.title}
    unsubscribe = unsubscribe_url(subscription)
    context = {
        "board": board,
        "page": page,
        "page_url": page_url(page),
        "changes": changes,
        "unsubscribe_url": unsubscribe,
    }
    headers = {
        # RFC 2369 and RFC 8058: mail clients offer a one-click "unsubscribe" that POSTs.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return _message(subscription.email, subject, "digest", context, headers)
