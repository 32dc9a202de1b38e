from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("accesibilidad/", views.accessibility, name="accessibility"),
    path("datos-abiertos/", views.catalogue, name="catalogue"),
    path("datos-abiertos/diccionario/", views.data_dictionary, name="data_dictionary"),
    path("datos-abiertos/catalogo.jsonld", views.dcat, name="dcat"),
    path("datos-abiertos/planes-de-accion.zip", views.bulk, name="bulk"),
    path("entidades/<str:nit>/", views.entity, name="entity"),
    path(
        "entidades/<str:nit>/transparencia/plan-de-accion/",
        views.transparency,
        name="transparency",
    ),
    path("entidades/<str:nit>/datos-abiertos/", views.entity_catalogue, name="entity_catalogue"),
    path(
        "entidades/<str:nit>/datos-abiertos/planes-de-accion.zip",
        views.entity_bulk,
        name="entity_bulk",
    ),
    path("entidades/<str:nit>/planes/<int:pk>/", views.plan, name="plan"),
    path(
        "entidades/<str:nit>/planes/<int:pk>/datapackage.json",
        views.plan_datapackage,
        name="datapackage",
    ),
    path(
        "entidades/<str:nit>/planes/<int:pk>/plan.<str:fmt>",
        views.plan_download,
        name="download",
    ),
    path("entidades/<str:nit>/evidencias/<int:pk>/", views.evidence, name="evidence"),
]
