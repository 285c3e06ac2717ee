"""Sending an e-mail in the background (django-tasks): a slow or stopped mail server
delays or fails the task, never the request that caused it."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email(to: str, subject: str, text: str, html: str = "") -> int:
    """One message to one person (addresses are never shown to each other)."""
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def send_after_commit(to: str, subject: str, text: str, html: str = "") -> None:
    """Queue the message once the change that caused it is saved (never for a rollback).
    A queue that cannot take it is logged, not raised: the change itself succeeded."""

    def enqueue():
        try:
            send_email.enqueue(to, subject, text, html)
        except Exception:  # the queue is a database table or the immediate backend
            logger.exception("No se pudo encolar el correo para %s", to)

    transaction.on_commit(enqueue)
