"""What other apps keep about an activity, carried when a plan is cloned (issue 22).

A new version of a plan or its copy for the next vigencia has new activity rows
(``plans.services.editing.clone_plan``). Apps above ``plans`` that link records to activities
(the metas of the Plan de Desarrollo, the actions of a plan de mejoramiento) register a carrier
here from their ``AppConfig.ready``, as the admin collects ModelAdmins, so that ``plans`` never
imports them and their links follow the plan.

A carrier is called inside the cloning transaction with the map from each original activity's id
to its copy and whether the copy is a new version of the same vigencia (else a next year's copy).
"""

from __future__ import annotations

from collections.abc import Callable

Carrier = Callable[..., None]
_CARRIERS: list[Carrier] = []


def register(carrier: Carrier) -> Carrier:
    """Register ``carrier(copies: dict[int, Activity], *, new_version: bool)``; usable as a
    decorator. Registering the same function twice keeps one."""
    if carrier not in _CARRIERS:
        _CARRIERS.append(carrier)
    return carrier


def carry(copies: dict, *, new_version: bool) -> None:
    for carrier in _CARRIERS:
        carrier(copies, new_version=new_version)
