from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("participacion/consultas/", views.consultation_list, name="list"),
    path("participacion/consultas/nueva/", views.consultation_create, name="create"),
    path("participacion/consultas/<int:pk>/", views.consultation_detail, name="detail"),
    path("participacion/consultas/<int:pk>/cerrar/", views.consultation_close, name="close"),
    path(
        "participacion/consultas/<int:pk>/enviar-respuestas/",
        views.consultation_mail_answers,
        name="mail_answers",
    ),
    path(
        "participacion/consultas/<int:pk>/matriz.<str:fmt>",
        views.consultation_matrix_file,
        name="matrix_file",
    ),
    path("participacion/observaciones/<int:pk>/", views.comment_detail, name="comment"),
    path("participacion/observaciones/<int:pk>/retirar/", views.comment_hide, name="hide"),
    path("participacion/observaciones/<int:pk>/mostrar/", views.comment_unhide, name="unhide"),
    path("entidades/<str:nit>/consultas/", views.public_list, name="public_list"),
    path("entidades/<str:nit>/consultas/<int:pk>/", views.public_detail, name="public_detail"),
    path(
        "entidades/<str:nit>/consultas/<int:pk>/comentar/",
        views.public_comment,
        name="public_comment",
    ),
    path(
        "entidades/<str:nit>/consultas/<int:pk>/matriz/",
        views.public_matrix,
        name="public_matrix",
    ),
    path(
        "entidades/<str:nit>/consultas/<int:pk>/matriz.<str:fmt>",
        views.public_matrix_file,
        name="public_matrix_file",
    ),
]
