from django.urls import path

from organization import views

# The entity's settings page (organization:entity_settings, «entidad/») is followup's, which
# rebuilds the roll-ups when the follow-up scheme changes; planaccion/urls.py adds it here.
app_name = "organization"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("dependencias/nueva/", views.unit_create, name="unit_create"),
    path("dependencias/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("usuarios/", views.members, name="members"),
    path("usuarios/nuevo/", views.member_invite, name="member_invite"),
    path("usuarios/<int:pk>/", views.member_edit, name="member_edit"),
    path("usuarios/<int:pk>/datos/", views.member_correct, name="member_correct"),
    path("usuarios/<int:pk>/invitacion/", views.member_resend, name="member_resend"),
    path("solicitudes/<int:pk>/", views.request_resolve, name="request_resolve"),
    path("entidades/", views.entities, name="entities"),
    path("entidades/<int:pk>/usuarios/", views.entity_members, name="entity_members"),
    path("entidades/nueva/", views.entity_create, name="entity_create"),
    path("entidades/<int:pk>/", views.entity_edit, name="entity_edit"),
    path("divipola/municipios/", views.divipola_municipalities, name="divipola_municipalities"),
]
