"""A holder of personal data for the tests: what consultation, dialogue or surveys will
register, kept in memory."""

from __future__ import annotations

import datetime

from participation import personal_data


class NotebookHolder:
    """Comments kept in a list: (entity id, e-mail, name, day)."""

    label = "Observaciones de prueba"

    def __init__(self):
        self.rows: list[dict] = []

    def find(self, entity, email):
        return [
            personal_data.Found(
                kind="Observación a un plan",
                when=row["day"],
                summary="Observación al plan de acción",
                data={"Nombre": row["name"], "Correo electrónico": row["email"]},
            )
            for row in self.rows
            if row["entity"] == entity.pk and row["email"] == email
        ]

    def erase(self, entity, email, *, by):
        mine = [r for r in self.rows if r["entity"] == entity.pk and r["email"] == email]
        for row in mine:
            row["email"], row["name"] = "", ""
        return len(mine)

    def expire(self, today: datetime.date) -> int:
        old = [r for r in self.rows if r["email"] and r["day"] < today - datetime.timedelta(365)]
        for row in old:
            row["email"], row["name"] = "", ""
        return len(old)
