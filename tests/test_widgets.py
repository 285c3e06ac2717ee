"""The dashboard's select lists are written in Python (planes/widgets.py) with the same HTML
Django's own Select widget renders from its templates."""

import re

import pytest
from django import forms

from planes.widgets import FastSelect


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [
    ("", "Todas"),
    ("sfp", "Secretaría de la Función Pública (SFP)"),
    ("a&b", 'Comillas "dobles" <y> signos & más'),
    (7, "Un número"),
]


@pytest.mark.parametrize("value", [None, "", "sfp", "a&b", "7", "desconocido"])
def test_same_html_as_djangos_select(value):
    attrs = {"id": "id_institucion", "aria-describedby": "ayuda", "required": True, "hidden": False}
    django_html = forms.Select(choices=CHOICES).render("institucion", value, attrs)
    fast_html = FastSelect(choices=CHOICES).render("institucion", value, attrs)
    assert normalised(fast_html) == normalised(django_html)
    assert "<y>" not in fast_html  # labels escaped


def test_option_groups_as_django_writes_them():
    grouped = [("Gobierno", [("sfp", "SFP"), ("inai", "INAI")]), ("", [("x", "Otra")])]
    django_html = forms.Select(choices=grouped).render("g", "inai", {"id": "id_g"})
    fast_html = FastSelect(choices=grouped).render("g", "inai", {"id": "id_g"})
    assert normalised(fast_html) == normalised(django_html)


@pytest.mark.django_db
def test_the_dashboard_filters_keep_their_choice(client, public_plan):
    response = client.get(public_plan.plan.url, {"institucion": public_plan.sfp.slug})
    html = response.content.decode()
    select = html[html.index('<select name="institucion"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{public_plan.sfp.slug}" selected>' in select
    assert 'id="id_institucion"' in select
