"""A citizen's personal data across the participation apps (Ley 1581 de 2012): found, exported
and erased on request through Planeación, and erased by a scheduled task when its retention ends.

Each app that keeps personal data registers a ``Holder`` when it loads (its AppConfig.ready), the
way Django's admin collects ModelAdmins: this app lists them without importing the apps above
it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Protocol

from organization.models import Entity


@dataclass(frozen=True)
class Found:
    """One record holding the person's data, as the export shows it."""

    kind: str  # «Observación a un plan», «Asistencia»...
    when: datetime.datetime | datetime.date
    summary: str
    data: dict[str, str]  # field label -> value, the personal data itself


class Holder(Protocol):
    label: str

    def find(self, entity: Entity, email: str) -> list[Found]:
        """The records of ``entity`` that hold data of the person with this e-mail."""

    def erase(self, entity: Entity, email: str, *, by: Any) -> int:
        """Blank that person's data (audited); returns how many records changed."""

    def expire(self, today: datetime.date) -> int:
        """Blank the data whose retention ended before ``today``; returns how many records."""


_holders: list[Holder] = []


def register(holder: Holder) -> None:
    if all(type(existing) is not type(holder) for existing in _holders):
        _holders.append(holder)


def holders() -> list[Holder]:
    return list(_holders)
