from django.urls import path

from organization import views

app_name = "organization"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("dependencias/nueva/", views.unit_create, name="unit_create"),
    path("dependencias/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("tokens/", views.api_tokens, name="api_tokens"),
]
