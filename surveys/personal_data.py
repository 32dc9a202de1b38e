"""The surveys' holder of personal data (participation.personal_data): the e-mail a person
leaves when they want to be contacted, kept until RETENTION_DAYS[SURVEY] after the survey
closed."""

from __future__ import annotations

import datetime
from typing import Any

from organization.models import Entity
from participation.personal_data import Found


class SurveyResponses:
    label = "Respuestas a encuestas de satisfacción"

    def find(self, entity: Entity, email: str) -> list[Found]:
        from surveys.models import Response

        found = Response.objects.filter(survey__entity=entity, email__iexact=email).select_related(
            "survey"
        )
        return [
            Found(
                kind="Respuesta a una encuesta",
                when=response.submitted_at,
                summary=response.survey.title,
                data={"Correo para contactarle": response.email},
            )
            for response in found
        ]

    def erase(self, entity: Entity, email: str, *, by: Any) -> int:
        from surveys import services

        return services.erase_personal_data(entity, email, by=by)

    def expire(self, today: datetime.date) -> int:
        from surveys import services

        return services.expire_personal_data(today)
