"""``{% instance_settings as instance %}``: the instance settings where no request puts
them in the context (Wagtail's moderation e-mails): the request's, else the default site's.
``{% admin_board_name %}``: the board's name in the admin's branding."""

from django import template

from instancia.models import admin_name, current

register = template.Library()


@register.simple_tag(takes_context=True)
def instance_settings(context):
    return current(context.get("request"))


@register.simple_tag(takes_context=True)
def admin_board_name(context):
    """The board's name in the admin's branding (title, sign-in, dashboard)."""
    return admin_name(context.get("request"))
