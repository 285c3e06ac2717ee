"""The admin's dashboard names the board as Ajustes > Instancia does."""

from wagtail import hooks

from instancia.models import admin_name


def board_named(item):
    """The summary item ("6 pages created in <board>", documents, images) with the board's
    name: Wagtail says the Site's name, or WAGTAIL_SITE_NAME for people whose pages start at
    the tree's root (superusers, administrators)."""
    wagtails = item.get_context_data

    def get_context_data(parent_context):
        context = wagtails(parent_context)
        if "site_name" in context:
            context = {**context, "site_name": admin_name(item.request)}
        return context

    item.get_context_data = get_context_data
    return item


@hooks.register("construct_homepage_summary_items", order=1)
def name_the_board_in_the_summary(request, items):
    items[:] = [board_named(item) for item in items]
