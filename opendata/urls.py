from django.urls import path, register_converter

from cms.converters import IdConverter

from . import exports, feeds

app_name = "opendata"

register_converter(IdConverter, "id")

urlpatterns = [
    # The page with the data dictionary, downloads and feeds.
    path("datos/", exports.open_data_page, name="open_data"),
    path("datos/tablero.json", exports.site_json, name="site_json"),
    path("datos/datapackage.json", exports.datapackage_json, name="datapackage"),
    path("datos/actualizaciones.rss", feeds.ProgressUpdatesFeed(), name="updates_rss"),
    path("datos/actualizaciones.atom", feeds.ProgressUpdatesAtomFeed(), name="updates_atom"),
    path(
        "datos/planes/<id:plan_id>/actualizaciones.rss",
        feeds.ProgressUpdatesFeed(),
        name="plan_updates_rss",
    ),
    path(
        "datos/planes/<id:plan_id>/actualizaciones.atom",
        feeds.ProgressUpdatesAtomFeed(),
        name="plan_updates_atom",
    ),
    path("datos/<slug:table>.<slug:fmt>", exports.site_table, name="site_table"),
    path(
        "datos/planes/<id:plan_id>/<slug:table>.<slug:fmt>",
        exports.plan_table,
        name="plan_table",
    ),
]
