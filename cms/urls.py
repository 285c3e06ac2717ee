from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import favicon, health, readiness
from planes.api.router import api_urlpatterns
from search import views as search_views

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("salud/", health, name="health"),
    path("salud/listo/", readiness, name="readiness"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    path("buscar/", search_views.search, name="search"),
    path("api/", include(api_urlpatterns)),
    path("", include("planes.urls")),
    path("", include("opendata.urls")),
    path("", include("avisos.urls")),
]

if settings.DEBUG:
    # Development only: static and media files served by Django itself.
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A database that does not answer (a restart) gives a Spanish 503 with Retry-After.
handler500 = "cms.views.error_500"
# A tampered admin form (hidden fields altered) gets a Spanish 400 that says so.
handler400 = "cms.views.error_400"
