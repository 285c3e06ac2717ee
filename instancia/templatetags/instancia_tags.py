"""``{% instance_settings as instance %}``: the instance settings where no request puts
them in the context (Wagtail's moderation e-mails): the request's, else the default site's."""

from django import template

from instancia.models import current

register = template.Library()


@register.simple_tag(takes_context=True)
def instance_settings(context):
    return current(context.get("request"))
