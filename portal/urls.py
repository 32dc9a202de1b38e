from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("accesibilidad/", views.accessibility, name="accessibility"),
    path("datos-abiertos/", views.data_dictionary, name="data_dictionary"),
    path("entidades/<str:nit>/", views.entity, name="entity"),
    path(
        "entidades/<str:nit>/transparencia/plan-de-accion/",
        views.transparency,
        name="transparency",
    ),
    path("entidades/<str:nit>/planes/<int:pk>/", views.plan, name="plan"),
    path(
        "entidades/<str:nit>/planes/<int:pk>/plan.<str:fmt>",
        views.plan_download,
        name="download",
    ),
    path("entidades/<str:nit>/evidencias/<int:pk>/", views.evidence, name="evidence"),
]
