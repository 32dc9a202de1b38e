"""Reads of the participation register: the grupos de valor, the breakdown every participation
figure uses, and a titular's personal data across the apps that hold it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from organization.models import Entity
from participation import personal_data
from participation.models import Consent, ValueGroup

NO_GROUP = "Sin grupo de valor"


def register(entity: Entity) -> QuerySet[ValueGroup]:
    """Every grupo de valor of the entity, active or not, in the register's order."""
    return ValueGroup.objects.filter(entity=entity).order_by("position", "name")


def active_groups(entity: Entity) -> QuerySet[ValueGroup]:
    return register(entity).filter(active=True)


class Breakdown(list):
    """(name, count) rows in the register's order, «Sin grupo de valor» last; ``total`` sums
    them (it is not one of the rows)."""

    @property
    def total(self) -> int:
        return sum(count for _name, count in self)


def breakdown(counts: Mapping[int | None, int], entity: Entity) -> Breakdown:
    """A participation figure by grupo de valor: ``counts`` maps value-group ids (None for
    records without one) to counts. Groups appear in the register's order, inactive ones too
    when they have a count; an id not in the entity's register counts as «Sin grupo de valor»,
    so the total is always the figure's."""
    names = dict(register(entity).filter(pk__in=[k for k in counts if k]).values_list("pk", "name"))
    rows = Breakdown((names[pk], counts[pk]) for pk in names)
    without = sum(count for key, count in counts.items() if key not in names)
    if without or None in counts:
        rows.append((NO_GROUP, without))
    return rows


@dataclass(frozen=True)
class HolderData:
    label: str
    records: list[personal_data.Found]


def personal_data_of(entity: Entity, email: str) -> list[HolderData]:
    """Every record of the entity holding data of the person with this e-mail, by holder."""
    email = personal_data.normalised(email)
    return [HolderData(h.label, h.find(entity, email)) for h in personal_data.holders()]


def consents_of(entity: Entity, email: str) -> QuerySet[Consent]:
    return Consent.objects.filter(entity=entity, email__iexact=personal_data.normalised(email))
