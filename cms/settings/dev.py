"""Development: debug on, console email, any local host."""

from .base import *

# Demo content, synthetic scale and factories (`load_demo`, `generate_scale`): never in
# production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
# Template changes show at once; set PAGE_CACHE_SECONDS to try the page cache locally.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# The demo accounts sign in with their password alone (README: «Cuentas de demostración»);
# TABLERO_REQUIRE_2FA=true tries the second factor locally.
TABLERO_REQUIRE_2FA = env_bool("TABLERO_REQUIRE_2FA", False)
