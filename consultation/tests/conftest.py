"""A consultation on the seed plan in review, open from 1 to 28 February 2025."""

from __future__ import annotations

import datetime

import pytest

from consultation import services
from consultation.services import CommentData
from participation.services import install_default_value_groups
from plans.services import workflow

OPENS = datetime.date(2025, 2, 1)
CLOSES = datetime.date(2025, 2, 28)


@pytest.fixture
def in_february(time_machine):
    time_machine.move_to("2025-02-10 10:00 -0500", tick=False)


@pytest.fixture
def value_groups(cartago, planner):
    return install_default_value_groups(cartago, by=planner)


@pytest.fixture
def in_review(ready_plan, planner):
    workflow.submit_for_review(ready_plan, by=planner)
    return ready_plan


@pytest.fixture
def consultation(in_february, in_review, planner, value_groups):
    return services.open_consultation(
        in_review,
        by=planner,
        opens_on=OPENS,
        closes_on=CLOSES,
        intro="Conozca y comente el plan antes de su aprobación.",
    )


def data(value_group, **more) -> CommentData:
    values = {
        "email": "camila@example.com",
        "value_group": value_group,
        "text": "Incluyan a las veredas del norte en las capacitaciones.",
        "consent": True,
        "name": "Camila Ríos",
        "place": "Vereda Zaragoza",
    }
    return CommentData(**{**values, **more})


@pytest.fixture
def comment(consultation, value_groups):
    return services.submit_comment(consultation, data(value_groups[0]), fingerprint="a" * 40)


def approve(plan, approver):
    from conftest import acta

    workflow.approve_plan(plan, by=approver, **acta(plan))
