from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("solicitud/", views.request_change, name="request_change"),
    path("verificar/", views.verify, name="verify"),
    path("dos-pasos/", views.two_factor, name="two_factor"),
    path("dos-pasos/configurar/<str:token>/", views.two_factor_enrol, name="two_factor_enrol"),
    path("dos-pasos/desactivar/", views.two_factor_disable, name="two_factor_disable"),
    path("mis-datos.json", views.personal_data, name="personal_data"),
    path("clave/", views.password_change, name="password_change"),
    path("clave/cambiada/", views.password_change_done, name="password_change_done"),
    path("recuperar/", views.password_reset, name="password_reset"),
    path("recuperar/enviado/", views.password_reset_done, name="password_reset_done"),
    path(
        "recuperar/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("recuperar/listo/", views.password_reset_complete, name="password_reset_complete"),
    path(
        "recuperar/desbloquear/<uidb64>/<token>/",
        views.password_reset_unlock,
        name="password_reset_unlock",
    ),
]
