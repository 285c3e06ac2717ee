from django.urls import path

from . import views

app_name = "avisos"

urlpatterns = [
    path("avisos/suscribir/<int:page_id>/", views.subscribe, name="subscribe"),
    path("avisos/suscribir/<int:page_id>/enviado/", views.requested, name="requested"),
    path("avisos/confirmar/<slug:token>/", views.confirm, name="confirm"),
    path("avisos/baja/<slug:token>/", views.unsubscribe, name="unsubscribe"),
]
