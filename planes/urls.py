from django.urls import path

from . import views

app_name = "planes"

urlpatterns = [
    path("informes/<int:plan_id>/", views.self_assessment_report, name="self_assessment"),
    path("informes/<int:plan_id>/pdf/", views.self_assessment_pdf, name="self_assessment_pdf"),
    path("instituciones/", views.InstitutionListView.as_view(), name="institutions"),
    path("instituciones/<slug:slug>/", views.InstitutionDetailView.as_view(), name="institution"),
    path("organizaciones/", views.OrganizationListView.as_view(), name="organizations"),
    path(
        "organizaciones/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization"
    ),
]
