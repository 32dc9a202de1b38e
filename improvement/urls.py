from django.urls import path

from improvement import views

app_name = "improvement"

urlpatterns = [
    path("mejoramiento/", views.finding_list, name="list"),
    path("mejoramiento/hallazgos/nuevo/", views.finding_create, name="create"),
    path("mejoramiento/hallazgos/<int:pk>/", views.finding_detail, name="detail"),
    path("mejoramiento/hallazgos/<int:pk>/editar/", views.finding_edit, name="edit"),
    path("mejoramiento/hallazgos/<int:pk>/acciones/nueva/", views.action_add, name="action_add"),
    path("mejoramiento/hallazgos/<int:pk>/cerrar/", views.finding_close, name="close"),
    path("mejoramiento/hallazgos/<int:pk>/reabrir/", views.finding_reopen, name="reopen"),
]
