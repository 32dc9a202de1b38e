from django.urls import path

from dialogue import views

app_name = "dialogue"

urlpatterns = [
    # -- the office (Planeación registers; the entity's people read) -------------------------
    path("participacion/espacios/", views.events, name="events"),
    path("participacion/espacios/nuevo/", views.event_create, name="event_create"),
    path("participacion/espacios/<int:pk>/", views.event, name="event"),
    path("participacion/espacios/<int:pk>/editar/", views.event_edit, name="event_edit"),
    path("participacion/espacios/<int:pk>/realizado/", views.event_held, name="event_held"),
    path("participacion/espacios/<int:pk>/cancelar/", views.event_cancel, name="event_cancel"),
    path("participacion/espacios/<int:pk>/asistencia/", views.attendance, name="attendance"),
    path("participacion/espacios/<int:pk>/asistentes/", views.attendee_add, name="attendee_add"),
    path(
        "participacion/espacios/<int:pk>/asistentes/<int:attendee_pk>/quitar/",
        views.attendee_remove,
        name="attendee_remove",
    ),
    path("participacion/espacios/<int:pk>/acta/", views.acta_upload, name="acta_upload"),
    path("participacion/espacios/<int:pk>/acta/descargar/", views.acta, name="acta"),
    path(
        "participacion/espacios/<int:pk>/compromisos/",
        views.commitment_add,
        name="commitment_add",
    ),
    path("participacion/compromisos/", views.commitments, name="commitments"),
    path("participacion/compromisos/<int:pk>/", views.commitment, name="commitment"),
    path(
        "participacion/compromisos/<int:pk>/editar/",
        views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "participacion/compromisos/<int:pk>/evidencias/",
        views.commitment_evidence_add,
        name="commitment_evidence_add",
    ),
    path(
        "participacion/compromisos/<int:pk>/cerrar/",
        views.commitment_close,
        name="commitment_close",
    ),
    path(
        "participacion/compromisos/<int:pk>/reabrir/",
        views.commitment_reopen,
        name="commitment_reopen",
    ),
    path(
        "participacion/compromisos/evidencias/<int:pk>/",
        views.commitment_evidence,
        name="commitment_evidence",
    ),
    # -- public (no log-in) -----------------------------------------------------------------
    path("entidades/<str:nit>/espacios/", views.public_events, name="public_events"),
    path("entidades/<str:nit>/espacios.ics", views.public_calendar, name="public_calendar"),
    path("entidades/<str:nit>/espacios/<int:pk>/", views.public_event, name="public_event"),
    path("entidades/<str:nit>/espacios/<int:pk>/acta/", views.public_acta, name="public_acta"),
    path("entidades/<str:nit>/compromisos/", views.public_commitments, name="public_commitments"),
]
