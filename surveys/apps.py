from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Encuestas de satisfacción"

    def ready(self) -> None:
        from participation import personal_data
        from surveys.personal_data import SurveyResponses

        personal_data.register(SurveyResponses())
