from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.api import api
from followup import plan_urls
from followup import views as followup_views
from organization import urls as organization_urls
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
    # The entity's settings page is followup's (it rebuilds the roll-ups with a new scheme),
    # under organization's namespace and folder like the rest of the directory.
    path(
        "directorio/",
        include(
            (
                [
                    *organization_urls.urlpatterns,
                    path("entidad/", followup_views.entity_settings, name="entity_settings"),
                ],
                organization_urls.app_name,
            )
        ),
    ),
    path("seguimiento/", include("followup.urls")),
    # Participation: each app's pages, internal ones under /participacion/ and public ones under
    # /entidades/<nit>/ like the portal's.
    path("", include("participation.urls")),
    path("", include("consultation.urls")),
    path("", include("dialogue.urls")),
    path("", include("surveys.urls")),
    # The plan's chain (issue 22): Plan de Desarrollo and planes de mejoramiento.
    path("", include("development.urls")),
    path("", include("improvement.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
