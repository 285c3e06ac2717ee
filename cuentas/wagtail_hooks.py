"""The second factor in Wagtail's admin: its pages under /admin/2fa/, a panel in Cuenta,
a reset in the users' listing, and its entries in the audit log."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import two_factor, views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("2fa/", views.StatusView.as_view(), name="cuentas_two_factor"),
        path("2fa/configurar/", views.SetupView.as_view(), name="cuentas_two_factor_setup"),
        path("2fa/verificar/", views.VerifyView.as_view(), name="cuentas_two_factor_verify"),
        path(
            "2fa/codigos/",
            views.RecoveryCodesView.as_view(),
            name="cuentas_two_factor_recovery_codes",
        ),
        path("2fa/desactivar/", views.DisableView.as_view(), name="cuentas_two_factor_disable"),
        path(
            "2fa/restablecer/<int:user_id>/",
            views.ResetView.as_view(),
            name="cuentas_two_factor_reset",
        ),
    ]


@hooks.register("register_account_settings_panel")
def two_factor_settings_panel(request, user, profile):
    return views.TwoFactorSettingsPanel(request, user, profile)


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if views.can_reset(request_user, user):
        yield Button(
            _("Restablecer verificación en dos pasos"),
            url=reverse("cuentas_two_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=90,
        )


@hooks.register("register_log_actions")
def register_two_factor_actions(actions):
    actions.register_action(
        two_factor.ENABLED_ACTION,
        _("Verificación en dos pasos activada"),
        _("Activó la verificación en dos pasos"),
    )
    actions.register_action(
        two_factor.DISABLED_ACTION,
        _("Verificación en dos pasos desactivada"),
        _("Desactivó la verificación en dos pasos"),
    )
    actions.register_action(
        two_factor.RESET_ACTION,
        _("Verificación en dos pasos restablecida"),
        _("Restableció la verificación en dos pasos (se configurará de nuevo)"),
    )
