"""The readers' e-mails: the confirmation (double opt-in) and the digest of what was
published. Sent as plain text and HTML through the site's EMAIL_BACKEND (the queue of
planes/mail.py), in the interface language, with absolute links on the public address."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from instancia.models import current
from planes.links import page_url, public_url

from .models import Subscription


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


def send_confirmation(subscription: Subscription) -> None:
    """Queue the confirmation e-mail (a queue that fails is logged, not raised)."""
    confirmation_message(subscription).send(fail_silently=True)


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
