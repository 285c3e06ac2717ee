"""URLs of the public API, mounted at /api/ in cms/urls.py (before Wagtail's catch-all).

/api/                   human-readable description (Spanish), with examples
/api/v2/openapi.json    OpenAPI 3 description of the whole public API
/api/v2/<endpoint>/     Wagtail API v2 endpoints (see planes/api/endpoints.py)
/api/<anything else>    JSON 404
"""

from django.urls import include, path, re_path
from wagtail.api.v2.router import WagtailAPIRouter

from . import endpoints, views

router = WagtailAPIRouter("publicapi")
router.register_endpoint("pages", endpoints.PagesEndpoint)
router.register_endpoint("images", endpoints.ImagesEndpoint)
router.register_endpoint("documents", endpoints.DocumentsEndpoint)
router.register_endpoint("institutions", endpoints.InstitutionsEndpoint)
router.register_endpoint("organizations", endpoints.OrganizationsEndpoint)
router.register_endpoint("periods", endpoints.PeriodsEndpoint)

api_urlpatterns = [
    path("", views.api_page, name="api"),
    path("v2/openapi.json", views.openapi_json, name="openapi"),
    path("v2/", include((router.get_urlpatterns(), "publicapi"), namespace="publicapi")),
    re_path(r"^.*$", views.not_found),
]
