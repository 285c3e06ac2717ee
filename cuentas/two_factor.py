"""The second factor's rules: who must use it, who has it, its codes, and removing it.

The devices are django-otp's: one authenticator app (a confirmed ``TOTPDevice``) and one
set of recovery codes (a ``StaticDevice`` whose tokens are consumed as they are used).
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from planes.permissions import ADMINISTRATORS, APPROVERS, ROLE_LOOKUP

#: Besides superusers, the groups whose members must use the second factor.
REQUIRED_GROUPS = (ADMINISTRATORS, APPROVERS)
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Aplicación de autenticación"
RECOVERY_CODES_NAME = "Códigos de recuperación"
TOTP_CODE_RE = re.compile(r"^\d{6}$")
#: Its entries in Wagtail's audit log (registered in wagtail_hooks.py).
ENABLED_ACTION = "cuentas.two_factor_enabled"
DISABLED_ACTION = "cuentas.two_factor_disabled"
RESET_ACTION = "cuentas.two_factor_reset"


def enforced() -> bool:
    """Is the second factor asked for at all (TABLERO_REQUIRE_2FA)?"""
    return bool(settings.TABLERO_REQUIRE_2FA)


@dataclass(frozen=True)
class Status:
    #: Has a confirmed authenticator app: must enter its code after the password.
    enrolled: bool
    #: The role demands it (superuser, administrators, approvers) and it is enforced.
    required: bool


def status(user) -> Status:
    """Whether ``user`` has the second factor and whether they must: one query."""
    accounts = get_user_model()._default_manager.filter(pk=user.pk)
    enrolled = Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
    in_group = Exists(
        Group.objects.filter(user=OuterRef("pk"), **{f"{ROLE_LOOKUP}__in": REQUIRED_GROUPS})
    )
    row = accounts.annotate(enrolled=enrolled, in_group=in_group).values_list(
        "enrolled", "in_group"
    )
    enrolled, in_group = row.first() or (False, False)
    return Status(enrolled=enrolled, required=enforced() and (user.is_superuser or in_group))


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so a reload
    or a mistyped code does not change the QR code the person already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def grouped_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it (base32), in groups of four to type."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalize(code: str) -> str:
    """Codes as people type them: spaces and hyphens ignored, any case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


@dataclass(frozen=True)
class Attempt:
    #: The device that accepted the code (None: refused).
    device: object = None
    #: Refused without checking: too many wrong codes, try again after this moment.
    locked_until: datetime | None = None

    @property
    def wait_seconds(self) -> int:
        if self.locked_until is None:
            return 0
        return max(1, math.ceil((self.locked_until - timezone.now()).total_seconds()))


def _attempt(device, code: str) -> Attempt:
    """Check ``code`` against ``device`` (locked for update), honouring django-otp's
    throttling: each wrong code doubles the wait before the next one is even checked."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return Attempt(locked_until=(details or {}).get("locked_until"))
    if device.verify_token(code):
        return Attempt(device=device)
    return Attempt()


def check_code(user, code: str) -> Attempt:
    """Sign-in's second step: a 6-digit code of the authenticator app, or a recovery code
    (consumed: it works once)."""
    code = normalize(code)
    model = TOTPDevice if TOTP_CODE_RE.match(code) else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            return Attempt()
        return _attempt(device, code)


def confirm_authenticator(device: TOTPDevice, code: str) -> tuple[Attempt, list[str]]:
    """Set-up's last step: a right code confirms the app, replaces any earlier one and
    issues new recovery codes (returned, to be shown once)."""
    code = normalize(code)
    if not TOTP_CODE_RE.match(code):
        return Attempt(), []
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        attempt = _attempt(device, code)
        if attempt.device is None:
            return attempt, []
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        return attempt, new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
        tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [format_recovery_code(token) for token in tokens]


def is_recovery_code(device) -> bool:
    return isinstance(device, StaticDevice)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove(user) -> int:
    """Remove the user's second factor (app and recovery codes); how many devices went."""
    with transaction.atomic():
        apps, _ = TOTPDevice.objects.filter(user=user).delete()
        _, recovery = StaticDevice.objects.filter(user=user).delete()
    return apps + recovery.get(StaticDevice._meta.label, 0)
