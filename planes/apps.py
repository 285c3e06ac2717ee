from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planes"
    verbose_name = _("Planes de acción")

    def ready(self):
        # Django's convention: receivers connect once the app registry is ready.
        from . import compare, signal_handlers  # noqa: F401

        self.register_document_policy()
        compare.register_comparisons()
        self.register_voice_policies()
        self.register_period_policy()

    @staticmethod
    def register_document_policy():
        """Evidence rules for every document view (see planes/document_access.py); an
        exact-class registration wins over the one wagtail.documents makes."""
        from wagtail.documents import get_document_model, get_document_model_string
        from wagtail.permissions import register_permission_policy

        from .document_access import EvidencePermissionPolicy

        policy = EvidencePermissionPolicy(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        )
        register_permission_policy(get_document_model(), policy, exact_class=True)

    @staticmethod
    def register_period_policy():
        """A closed reporting period is neither edited nor deleted (planes/period_admin.py)."""
        from wagtail.permissions import register_permission_policy

        from .models import ReportingPeriod
        from .period_admin import PeriodPermissionPolicy

        register_permission_policy(ReportingPeriod, PeriodPermissionPolicy(ReportingPeriod))

    @staticmethod
    def register_voice_policies():
        """Who writes, reviews and reads the civil-society assessments and the government's
        responses (see planes/voice_access.py), before their snippet views are registered."""
        from wagtail.permissions import register_permission_policy

        from .voice_access import voice_policies

        for model, policy in voice_policies().items():
            register_permission_policy(model, policy, exact_class=True)
