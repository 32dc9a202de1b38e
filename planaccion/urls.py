from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.api import api
from followup import plan_urls
from planaccion.views import health
from plans import urls as plans_urls

admin.site.site_header = "planaccion · administración"
admin.site.site_title = "planaccion"
admin.site.index_title = "Administración del sistema"

urlpatterns = [
    path("", include("portal.urls")),
    path("salud/", health, name="health"),
    path("ingresar/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("cuenta/", include("accounts.urls")),
    # One namespace for a plan's pages, whichever app shows them (followup.plan_urls).
    path("planes/", include((plans_urls.urlpatterns + plan_urls.urlpatterns, "plans"))),
    path("directorio/", include("organization.urls")),
    path("seguimiento/", include("followup.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
