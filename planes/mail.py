"""Sending e-mail in the background (django-tasks): a slow or stopped mail server delays
or fails the task, never the request that caused it.

Two ways in, one way out. Tablero's own messages are tasks (:func:`send_email`). Every
other message the site sends, Wagtail's moderation e-mails above all (sent inside the
approver's request), goes through :class:`QueuedEmailBackend`, the site's EMAIL_BACKEND:
it queues the finished message, and the worker hands it to EMAIL_DELIVERY_BACKEND (SMTP
in production). With the immediate task backend (development, tests) both happen at once.
"""

import base64
import email
import email.message
import logging
from email.header import decode_header, make_header

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


def delivery_connection():
    """The backend that really delivers (SMTP in production), never the queue."""
    return get_connection(settings.EMAIL_DELIVERY_BACKEND)


@task()
def send_email(to: str, subject: str, text: str, html: str = "") -> int:
    """One message to one person (addresses are never shown to each other)."""
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], connection=delivery_connection()
    )
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


class _FinishedMessage(email.message.Message):
    """A message as queued: already encoded; SMTP asks for it with CRLF line ends."""

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return super().as_bytes(unixfrom, policy=self.policy.clone(linesep=linesep))


class _QueuedMessage:
    """What the delivery backends need of an EmailMessage, rebuilt from the queue."""

    encoding = None

    def __init__(self, from_email: str, recipients: list[str], data: bytes):
        self.from_email = from_email
        self.to = self._recipients = recipients
        self._message = email.message_from_bytes(data, _class=_FinishedMessage)
        self.subject = str(make_header(decode_header(self._message["Subject"] or "")))

    def recipients(self) -> list[str]:
        return self._recipients

    def message(self):
        return self._message


@task()
def deliver_message(from_email: str, recipients: list[str], data: str) -> int:
    """Deliver one queued message (``data``: the finished message, base64)."""
    message = _QueuedMessage(from_email, recipients, base64.b64decode(data))
    return delivery_connection().send_messages([message]) or 0


class QueuedEmailBackend(BaseEmailBackend):
    """The site's EMAIL_BACKEND: each message becomes a background task.

    The task is queued in the request's transaction (the database task backend), so a
    change that rolls back sends nothing; a queue that cannot take it is logged unless
    the caller asked for errors (``fail_silently=False`` is Django's default)."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            data = base64.b64encode(message.message().as_bytes(linesep="\r\n")).decode()
            try:
                deliver_message.enqueue(message.from_email, recipients, data)
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("No se pudo encolar un correo")
                continue
            queued += 1
        return queued
