"""The second factor's pages in the admin: status, guided set-up, sign-in's second step,
recovery codes, turning it off, and an administrator's reset of someone else's."""

import segno
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from django_otp import login as otp_login
from wagtail.admin import messages
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from . import two_factor
from .forms import CodeForm

#: The new recovery codes, kept in the session only until the page that shows them once.
SESSION_RECOVERY_CODES = "cuentas_recovery_codes"

WRONG_CODE = _(
    "El código no es correcto. Escribe el que muestra ahora la aplicación (cambia cada 30 "
    "segundos) y revisa que la hora del teléfono sea la correcta."
)
WRONG_CODE_OR_RECOVERY = _(
    "El código no es correcto. Escribe el de 6 dígitos que muestra ahora la aplicación, o uno "
    "de tus códigos de recuperación que no hayas usado."
)


def throttled_message(attempt) -> str:
    seconds = attempt.wait_seconds
    return ngettext(
        "Demasiados intentos fallidos. Espera %(seconds)s segundo y vuelve a intentarlo.",
        "Demasiados intentos fallidos. Espera %(seconds)s segundos y vuelve a intentarlo.",
        seconds,
    ) % {"seconds": seconds}


def next_url(request) -> str:
    """Where to continue: ``next`` if it is this site's, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def with_next(url_name: str, target: str) -> str:
    """``url_name``'s address with ``?next=target``, written as the middleware writes it."""
    query = QueryDict(mutable=True)
    query["next"] = target
    return f"{reverse(url_name)}?{query.urlencode(safe='/')}"


def send_to_verify(request):
    return redirect(with_next("cuentas_two_factor_verify", next_url(request)))


def the_account(request):
    """The signed-in user as a model instance: the audit log does not see through
    request.user's two lazy wrappers (Django's and django-otp's)."""
    return get_user_model()._default_manager.get(pk=request.user.pk)


def must_verify_first(request, status) -> bool:
    """Someone whose account has the second factor changes it only after entering it,
    whatever TABLERO_REQUIRE_2FA says: the password alone never adds or removes a factor."""
    return status.enrolled and not request.user.is_verified()


class TwoFactorPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": _("Cuenta")},
            {"url": reverse("cuentas_two_factor"), "label": _("Verificación en dos pasos")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = next_url(self.request)
        return context


class StatusView(TwoFactorPage):
    """Anyone's own second factor: on or off, recovery codes left, what to do next."""

    template_name = "cuentas/status.html"
    page_title = _("Verificación en dos pasos")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": _("Cuenta")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        status = two_factor.status(user)
        context.update(
            status=status,
            codes_left=two_factor.recovery_codes_left(user) if status.enrolled else 0,
        )
        return context


class SetupView(TwoFactorPage):
    """Guided set-up: what an authenticator app is, the QR code and the secret, the first
    code; a right code turns it on and shows the recovery codes once."""

    template_name = "cuentas/setup.html"
    page_title = _("Configurar la verificación en dos pasos")

    def dispatch(self, request, *args, **kwargs):
        self.status = two_factor.status(request.user)
        if must_verify_first(request, self.status):
            return send_to_verify(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return CodeForm(
            self.request.POST if self.request.method == "POST" else None,
            label=_("Código de 6 dígitos que muestra la aplicación"),
            numeric=True,
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.pending_authenticator(self.request.user)
        qr = segno.make_qr(device.config_url, error="m")
        context.update(
            form=form or self.get_form(),
            status=self.status,
            qr_code=qr.svg_data_uri(scale=5, border=2, dark="#000", light="#fff"),
            secret=two_factor.grouped_secret(device),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            device = two_factor.pending_authenticator(request.user)
            attempt, codes = two_factor.confirm_authenticator(device, form.cleaned_data["code"])
            if attempt.device is not None:
                otp_login(request, attempt.device)
                request.session[SESSION_RECOVERY_CODES] = codes
                log(the_account(request), two_factor.ENABLED_ACTION, user=request.user)
                messages.success(request, _("Listo: la verificación en dos pasos está activada."))
                return redirect(with_next("cuentas_two_factor_recovery_codes", next_url(request)))
            form.add_error(
                "code", throttled_message(attempt) if attempt.locked_until else WRONG_CODE
            )
        return self.render_to_response(self.get_context_data(form=form))


class VerifyView(WagtailAdminTemplateMixin, TemplateView):
    """Sign-in's second step: the authenticator app's code, or a recovery code."""

    template_name = "cuentas/verify.html"
    page_title = _("Verificación en dos pasos")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(next_url(request))
        if not two_factor.status(request.user).enrolled:
            # Nothing to verify: set it up if the role requires it (the middleware says).
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return CodeForm(
            self.request.POST if self.request.method == "POST" else None,
            label=_("Código de verificación"),
            autofocus=True,
            help_text=_(
                "Los 6 dígitos que muestra tu aplicación de autenticación. Si no tienes el "
                "teléfono, escribe uno de tus códigos de recuperación."
            ),
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=form or self.get_form(), next=next_url(self.request))
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            attempt = two_factor.check_code(request.user, form.cleaned_data["code"])
            if attempt.device is not None:
                otp_login(request, attempt.device)
                if two_factor.is_recovery_code(attempt.device):
                    left = two_factor.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        ngettext(
                            "Usaste un código de recuperación; ya no sirve. Te queda "
                            "%(count)s. Genera nuevos en Cuenta → Verificación en dos pasos.",
                            "Usaste un código de recuperación; ya no sirve. Te quedan "
                            "%(count)s. Genera nuevos en Cuenta → Verificación en dos pasos.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url(request))
            form.add_error(
                "code",
                throttled_message(attempt) if attempt.locked_until else WRONG_CODE_OR_RECOVERY,
            )
        return self.render_to_response(self.get_context_data(form=form))


class RecoveryCodesView(TwoFactorPage):
    """New recovery codes, shown once; or how many are left and a button for new ones."""

    template_name = "cuentas/recovery_codes.html"
    page_title = _("Códigos de recuperación")

    def dispatch(self, request, *args, **kwargs):
        status = two_factor.status(request.user)
        if not status.enrolled:
            return redirect("cuentas_two_factor_setup")
        if must_verify_first(request, status):
            return send_to_verify(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["codes"] = self.request.session.pop(SESSION_RECOVERY_CODES, None)
        context["codes_left"] = two_factor.recovery_codes_left(self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        request.session[SESSION_RECOVERY_CODES] = two_factor.new_recovery_codes(request.user)
        messages.success(
            request, _("Generaste códigos de recuperación nuevos; los anteriores ya no sirven.")
        )
        return redirect(with_next("cuentas_two_factor_recovery_codes", next_url(request)))


class DisableView(TwoFactorPage):
    """Turn one's own second factor off: only for those whose role does not require it."""

    template_name = "cuentas/disable.html"
    page_title = _("Desactivar la verificación en dos pasos")

    def dispatch(self, request, *args, **kwargs):
        self.status = two_factor.status(request.user)
        if not self.status.enrolled:
            return redirect("cuentas_two_factor")
        if must_verify_first(request, self.status):
            return send_to_verify(request)
        if self.status.required:
            messages.error(
                request,
                _(
                    "Tu rol exige la verificación en dos pasos: no puedes desactivarla. Si "
                    "perdiste el teléfono, configura uno nuevo o pide a la administración que "
                    "la restablezca."
                ),
            )
            return redirect("cuentas_two_factor")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        two_factor.remove(request.user)
        log(the_account(request), two_factor.DISABLED_ACTION, user=request.user)
        messages.success(request, _("La verificación en dos pasos está desactivada."))
        return redirect("cuentas_two_factor")


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """An administrator removes someone's second factor (a lost phone and no recovery
    codes): that person sets it up again at their next sign-in."""

    template_name = "cuentas/reset.html"
    page_title = _("Restablecer la verificación en dos pasos")
    header_icon = "key"

    def dispatch(self, request, user_id, *args, **kwargs):
        self.person = get_object_or_404(get_user_model(), pk=user_id)
        if not can_reset(request.user, self.person):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailusers_users:index"), "label": _("Usuarios")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return self.person.get_username()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(person=self.person, status=two_factor.status(self.person))
        return context

    def post(self, request, *args, **kwargs):
        two_factor.remove(self.person)
        log(self.person, two_factor.RESET_ACTION, user=request.user)
        messages.success(
            request,
            _(
                "Se restableció la verificación en dos pasos de %(user)s: la configurará de "
                "nuevo al iniciar sesión."
            )
            % {"user": self.person.get_username()},
        )
        return redirect("wagtailusers_users:index")


def can_reset(actor, person) -> bool:
    """Who manages users resets their second factor; a superuser's, only a superuser."""
    if not actor.has_perm("auth.change_user"):
        return False
    return actor.is_superuser or not person.is_superuser


class TwoFactorSettingsPanel(BaseSettingsPanel):
    """In Cuenta (the account settings): whether the second factor is on, and a link to
    turn it on or manage it. It has no fields of its own."""

    name = "two_factor"
    title = _("Verificación en dos pasos")
    order = 550
    template_name = "cuentas/account_panel.html"

    def get_form(self):
        return forms.Form(prefix=self.name)

    def get_context_data(self):
        status = two_factor.status(self.user)
        return {"status": status, "url": reverse("cuentas_two_factor")}
