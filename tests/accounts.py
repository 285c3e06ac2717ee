"""Signing in as a person does: through Wagtail's login form."""

from django.urls import reverse


def sign_in(client, username: str, password: str):
    """Post the admin's login form; the response (a redirect when it worked)."""
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": reverse("wagtailadmin_home")},
    )


def signed_in(client) -> bool:
    return client.get(reverse("wagtailadmin_home")).status_code == 200
