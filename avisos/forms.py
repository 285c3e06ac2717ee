from django import forms
from django.utils.translation import gettext_lazy as _

#: The honeypot's name: a field people never see (hidden by CSS) and bots fill in.
HONEYPOT = "sitio_web"


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        error_messages={
            "required": _("Escribe tu dirección de correo."),
            "invalid": _("Escribe una dirección de correo válida, como nombre@ejemplo.org."),
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
