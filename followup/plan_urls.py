"""The plan pages that show its follow-up (followup.plan_views), under the plans namespace and
path: planaccion/urls.py includes these with plans.urls as ``plans``."""

from django.urls import path

from followup import import_views, plan_views

urlpatterns = [
    path("importar/", import_views.plan_import, name="import"),
    path("importar/trabajos/<int:pk>/", import_views.plan_import_job, name="import_job"),
    path("importar/<str:token>/", import_views.plan_import_confirm, name="import_confirm"),
    path("importar/<str:token>/columnas/", import_views.plan_import_columns, name="import_columns"),
    path("<int:pk>/", plan_views.plan_detail, name="detail"),
    path("<int:pk>/datos.<str:fmt>", plan_views.plan_open_data, name="open_data"),
    path("<int:pk>/plan.pdf", plan_views.plan_pdf, name="pdf"),
    path("<int:pk>/plan.<str:fmt>", plan_views.plan_open_data, name="export"),
    path("<int:pk>/publicar/", plan_views.plan_publish, name="publish"),
    path("<int:pk>/diferencias/", plan_views.plan_diff, name="diff"),
    path("<int:pk>/fuentes/", plan_views.plan_indicator_sources, name="indicator_sources"),
]
