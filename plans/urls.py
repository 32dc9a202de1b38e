from django.urls import path

from plans import mipg_views, views

app_name = "plans"

# The plan's pages that show its follow-up are followup.plan_urls's, under this same namespace
# (planaccion/urls.py lists both).
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("nuevo/", views.plan_create, name="create"),
    path("tipos/", views.plan_types, name="types"),
    path("mipg/", mipg_views.mipg_catalogue, name="mipg"),
    path("<int:pk>/editar/", views.plan_edit, name="edit"),
    path("<int:pk>/encabezado/", views.plan_header_edit, name="header"),
    path("<int:pk>/actividades/nueva/", views.activity_add, name="activity_add"),
    path("<int:pk>/actividades/<int:activity_pk>/", views.activity_card, name="activity_card"),
    path(
        "<int:pk>/actividades/<int:activity_pk>/editar/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "<int:pk>/actividades/<int:activity_pk>/mes/", views.activity_month, name="activity_month"
    ),
    path(
        "<int:pk>/actividades/<int:activity_pk>/mover/", views.activity_move, name="activity_move"
    ),
    path(
        "<int:pk>/actividades/<int:activity_pk>/eliminar/",
        views.activity_delete,
        name="activity_delete",
    ),
    path("<int:pk>/copiar/", views.plan_copy, name="copy"),
    path("<int:pk>/revision/", views.plan_review, name="review"),
    path("<int:pk>/enviar/", views.plan_submit, name="submit"),
    path("<int:pk>/devolver/", views.plan_return, name="return"),
    path("<int:pk>/aprobar/", views.plan_approve, name="approve"),
    path("<int:pk>/acta/", views.plan_approval_act, name="approval_act"),
    path("<int:pk>/nueva-version/", views.plan_new_version, name="new_version"),
    path("<int:pk>/eliminar/", views.plan_delete, name="delete"),
    path("<int:pk>/historial/", views.plan_history, name="history"),
    path("<int:pk>/cronograma/", views.plan_gantt, name="gantt"),
]
