"""Enforcement of the second factor in the admin (TABLERO_REQUIRE_2FA)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from . import two_factor

#: Where the second factor is asked for: Wagtail's admin and Django's.
PROTECTED_PREFIXES = ("/admin/", "/django-admin/")
#: What a person who signed in with the password alone still reaches: the second factor's
#: own pages, signing in and out, and what those pages load (translations, icons).
EXEMPT_VIEWS = frozenset(
    {
        "cuentas_two_factor_setup",
        "cuentas_two_factor_verify",
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "admin:login",
        "admin:logout",
        "admin:jsi18n",
    }
)


class TwoFactorMiddleware:
    """In the admin, a person who signed in with the password alone is sent to enter their
    authenticator app's code (if they have one), or to set one up (if their role requires
    it: superusers, Administradores, Aprobadores); anyone else passes.

    Placed after django-otp's OTPMiddleware, which tells whether this session passed the
    second factor. Costs nothing outside the admin or for anonymous people, and at most one
    query per admin request (none once the session has passed the second factor).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TABLERO_REQUIRE_2FA:
            return None
        if not request.path_info.startswith(PROTECTED_PREFIXES):
            return None
        if request.resolver_match.view_name in EXEMPT_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        status = two_factor.status(user)
        if status.enrolled:
            return redirect_to_login(
                request.get_full_path(), reverse("cuentas_two_factor_verify"), "next"
            )
        if status.required:
            return redirect_to_login(
                request.get_full_path(), reverse("cuentas_two_factor_setup"), "next"
            )
        return None
