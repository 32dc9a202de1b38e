from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("participacion/", views.hub, name="hub"),
    path("participacion/grupos-de-valor/", views.value_groups, name="value_groups"),
    path(
        "participacion/grupos-de-valor/sugeridos/",
        views.install_defaults,
        name="value_groups_install",
    ),
    path(
        "participacion/grupos-de-valor/nuevo/",
        views.value_group_create,
        name="value_group_create",
    ),
    path(
        "participacion/grupos-de-valor/<int:pk>/",
        views.value_group_edit,
        name="value_group_edit",
    ),
    path(
        "participacion/grupos-de-valor/<int:pk>/desactivar/",
        views.value_group_set_active,
        {"active": False},
        name="value_group_deactivate",
    ),
    path(
        "participacion/grupos-de-valor/<int:pk>/reactivar/",
        views.value_group_set_active,
        {"active": True},
        name="value_group_reactivate",
    ),
    path(
        "participacion/grupos-de-valor/<int:pk>/mover/",
        views.value_group_move,
        name="value_group_move",
    ),
    path(
        "participacion/grupos-de-valor/<int:pk>/caracterizacion/",
        views.value_group_characterisation,
        name="value_group_characterisation",
    ),
    path(
        "participacion/grupos-de-valor/<int:pk>/caracterizacion/cargar/",
        views.value_group_characterisation_import,
        name="value_group_characterisation_import",
    ),
    path("participacion/datos-personales/", views.personal_data_request, name="personal_data"),
    path(
        "participacion/datos-personales/descargar/",
        views.personal_data_export,
        name="personal_data_export",
    ),
    path(
        "participacion/datos-personales/suprimir/",
        views.personal_data_erase,
        name="personal_data_erase",
    ),
    path(
        "entidades/<str:nit>/grupos-de-valor/",
        views.public_value_groups,
        name="public_value_groups",
    ),
    path(
        "entidades/<str:nit>/tratamiento-de-datos/",
        views.privacy_notice,
        name="privacy_notice",
    ),
]
