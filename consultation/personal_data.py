"""The citizen's data the consulta pública keeps, for participation.personal_data: found,
erased on request through Planeación, and erased when its retention ends."""

from __future__ import annotations

import datetime
from typing import Any

from consultation import services
from consultation.models import Comment
from organization.models import Entity
from participation.personal_data import Found


class CommentHolder:
    label = "Observaciones a planes en consulta pública"

    def find(self, entity: Entity, email: str) -> list[Found]:
        comments = (
            Comment.objects.filter(consultation__plan__entity=entity, email__iexact=email)
            .select_related("consultation__plan")
            .order_by("created_at")
        )
        return [
            Found(
                kind="Observación a un plan",
                when=comment.created_at,
                summary=f"{comment.consultation.plan.title}: {comment.text[:120]}",
                data={
                    "Nombre": comment.name,
                    "Correo": comment.email,
                    "Municipio o vereda": comment.place,
                },
            )
            for comment in comments
        ]

    def erase(self, entity: Entity, email: str, *, by: Any) -> int:
        return services.erase_personal_data(entity.pk, email, by=by)

    def expire(self, today: datetime.date) -> int:
        return services.expire_personal_data(today)
