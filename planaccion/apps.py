from django.apps import AppConfig


class PlanaccionConfig(AppConfig):
    """The project package, registered as an app for the template filters every page uses."""

    name = "planaccion"
    verbose_name = "planaccion"
