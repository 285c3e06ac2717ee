"""Tests: fast password hashing, in-memory email, files in a temporary folder."""

import tempfile

from .base import *

# Demo content, synthetic scale and factories (`load_demo`, `generate_scale`): never in
# production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Messages go straight to the outbox (tests/test_queued_mail.py tests the queue itself).
EMAIL_BACKEND = EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tablero-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Off by default; tests/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Signing in (force_login) is enough; tests/test_two_factor.py turns the second factor on.
TABLERO_REQUIRE_2FA = False
