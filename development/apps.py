from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    """The Plan de Desarrollo (Ley 152 de 1994): its líneas, programas and metas, the
    activities that serve each meta and the metas' progress computed from them (issue 22)."""

    name = "development"
    verbose_name = "Plan de Desarrollo"

    def ready(self) -> None:
        from development import services
        from plans import carriers

        carriers.register(services.carry_links)
