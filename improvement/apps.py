from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    """Planes de mejoramiento: Control Interno's findings (hallazgos) and the improvement actions
    that answer them, followed up through the plan cycle (issue 22)."""

    name = "improvement"
    verbose_name = "Planes de mejoramiento"

    def ready(self) -> None:
        from improvement import services
        from plans import carriers

        carriers.register(services.carry_actions)
