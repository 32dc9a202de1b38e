from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("participacion/encuestas/", views.survey_list, name="list"),
    path("participacion/encuestas/nueva/", views.survey_create, name="create"),
    path("participacion/encuestas/<int:pk>/", views.survey_detail, name="detail"),
    path("participacion/encuestas/<int:pk>/editar/", views.survey_edit, name="edit"),
    path(
        "participacion/encuestas/<int:pk>/preguntas/nueva/", views.question_add, name="question_add"
    ),
    path(
        "participacion/encuestas/<int:pk>/preguntas/<int:question_pk>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "participacion/encuestas/<int:pk>/preguntas/<int:question_pk>/eliminar/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "participacion/encuestas/<int:pk>/preguntas/<int:question_pk>/mover/",
        views.question_move,
        name="question_move",
    ),
    path("participacion/encuestas/<int:pk>/abrir/", views.survey_open, name="open"),
    path("participacion/encuestas/<int:pk>/cerrar/", views.survey_close, name="close"),
    path("participacion/encuestas/<int:pk>/duplicar/", views.survey_duplicate, name="duplicate"),
    path("participacion/encuestas/<int:pk>/resultados/", views.results, name="results"),
    path(
        "participacion/encuestas/<int:pk>/respuestas.csv",
        views.responses_csv,
        name="responses_csv",
    ),
    path("participacion/encuestas/<int:pk>/imprimir/", views.print_version, name="print"),
    path("participacion/encuestas/<int:pk>/codigos/", views.codes, name="codes"),
    # public
    path("encuestas/<str:token>/", views.answer, name="answer"),
    path("encuestas/<str:token>/gracias/", views.thanks, name="thanks"),
    path("entidades/<str:nit>/encuestas/", views.public_list, name="public_list"),
    path(
        "entidades/<str:nit>/encuestas/<int:pk>/resultados/",
        views.public_results,
        name="public_results",
    ),
    path(
        "entidades/<str:nit>/encuestas/<int:pk>/resultados.csv",
        views.public_results_csv,
        name="public_results_csv",
    ),
]
