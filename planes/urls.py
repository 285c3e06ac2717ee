from django.urls import path

from . import exports, feeds, views

app_name = "planes"

urlpatterns = [
    path("instituciones/", views.InstitutionListView.as_view(), name="institutions"),
    path("instituciones/<slug:slug>/", views.InstitutionDetailView.as_view(), name="institution"),
    path("organizaciones/", views.OrganizationListView.as_view(), name="organizations"),
    path(
        "organizaciones/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization"
    ),
    # Open data: the page with the data dictionary, downloads and feeds.
    path("datos/", exports.open_data_page, name="open_data"),
    path("datos/tablero.json", exports.site_json, name="site_json"),
    path("datos/actualizaciones.rss", feeds.ProgressUpdatesFeed(), name="updates_rss"),
    path("datos/actualizaciones.atom", feeds.ProgressUpdatesAtomFeed(), name="updates_atom"),
    path(
        "datos/planes/<int:plan_id>/actualizaciones.rss",
        feeds.ProgressUpdatesFeed(),
        name="plan_updates_rss",
    ),
    path(
        "datos/planes/<int:plan_id>/actualizaciones.atom",
        feeds.ProgressUpdatesAtomFeed(),
        name="plan_updates_atom",
    ),
    path(
        "datos/planes/<int:plan_id>/<slug:table>.<slug:fmt>",
        exports.plan_table,
        name="plan_table",
    ),
]
