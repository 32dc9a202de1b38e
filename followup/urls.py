from django.urls import path

from followup import compliance_views, mipg_views, views

app_name = "followup"

urlpatterns = [
    path("", views.pending, name="pending"),
    path(
        "actividad/<int:activity_pk>/periodo/<int:period>/", views.report_form, name="report_form"
    ),
    path("reporte/<int:pk>/", views.report_detail, name="report"),
    path("evidencia/<int:pk>/", views.evidence_download, name="evidence"),
    path("periodos/", views.periods_page, name="periods"),
    path("tablero/", views.consolidated, name="consolidated"),
    path("tablero/<int:plan_pk>/", views.dashboard, name="dashboard"),
    path("entidades/", views.oversight, name="oversight"),
    path("mipg/", mipg_views.mipg_progress, name="mipg"),
    path("mipg/xlsx/", mipg_views.mipg_export, {"fmt": "xlsx"}, name="mipg_xlsx"),
    path("mipg/csv/", mipg_views.mipg_export, {"fmt": "csv"}, name="mipg_csv"),
    path("cumplimiento/", compliance_views.compliance_page, name="compliance"),
    path(
        "cumplimiento/xlsx/",
        compliance_views.compliance_export,
        {"fmt": "xlsx"},
        name="compliance_xlsx",
    ),
    path(
        "cumplimiento/csv/",
        compliance_views.compliance_export,
        {"fmt": "csv"},
        name="compliance_csv",
    ),
]
