"""Closing a finding: only when Control Interno has verified every action done, else the
refusal names each blocking action and why (over every state of a report and a verification)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from followup.tests.steps import draft, return_, submit, validate, verify
from improvement import selectors, services
from improvement.models import Finding
from improvement.tests.factories import add_action, publish
from plans.models import Activity

pytestmark = pytest.mark.usefixtures("first_window")


def _close(found, auditor):
    found.refresh_from_db()
    return services.close_finding(
        found, by=auditor, note="Procedimiento adoptado y verificado.",
        expected_revision=found.revision,
    )  # fmt: skip


def _published_action(found, planner, approver, **data):
    action = add_action(found, planner, **data)
    publish(action.activity.plan, planner, approver)
    return action


def test_a_finding_without_actions_cannot_be_closed(found, auditor):
    with pytest.raises(ValidationError, match="no tiene acciones de mejora"):
        _close(found, auditor)
    assert Finding.objects.get().status == Finding.Status.OPEN


# (what happens to the action's report, what the refusal says; None: it closes)
STATES = [
    ("nothing", "sin reporte"),
    ("draft", "sin validar (borrador)"),
    ("submitted", "sin validar (enviado a planeación)"),
    ("returned", "sin validar (devuelto para corregir)"),
    ("validated", "sin verificar por Control Interno"),
    ("verified_partial", "avance 50,0 % en el periodo I"),
    ("verified_lowered", "avance 60,0 % en el periodo I"),
    ("verified_done", None),
    ("verified_raised", None),
]


@pytest.mark.parametrize(("state", "reason"), STATES)
def test_closing_follows_the_latest_report_and_its_verification(
    state, reason, found, planner, approver, reporter_a, auditor
):
    action = _published_action(found, planner, approver)
    activity = Activity.objects.get(pk=action.activity_id)  # target 2
    value = "1" if state == "verified_partial" else "2"
    if state == "draft":
        draft(activity, reporter_a, value=Decimal(2))
    elif state != "nothing":
        report = submit(activity, reporter_a, value=value)
        if state == "returned":
            return_(report, planner)
        elif state != "submitted":
            validate(report, planner)
            if state == "verified_lowered":
                verify(
                    report, auditor, agrees=False, adjusted=Decimal(60), observation="Falta acta"
                )
            elif state == "verified_raised":
                verify(report, auditor, agrees=False, adjusted=Decimal(60), observation="Falta")
                verify(report, auditor, agrees=True, observation="Se completó el soporte")
            elif state.startswith("verified"):
                verify(report, auditor)
    if reason is None:
        closed = _close(found, auditor)
        assert closed.status == Finding.Status.CLOSED
        assert closed.closed_by == auditor and closed.closed_on == datetime.date(2025, 4, 3)
        return
    with pytest.raises(ValidationError) as refused:
        _close(found, auditor)
    text = " ".join(refused.value.messages)
    assert "Acción 1 («Adoptar el procedimiento" in text
    assert reason in text
    assert Finding.objects.get().status == Finding.Status.OPEN


def test_a_milestone_closes_when_delivered_and_verified(
    found, planner, approver, reporter_a, auditor
):
    from followup import services as followup
    from followup.services import ReportData

    action = _published_action(found, planner, approver, kind="hito", target="1")
    report = followup.submit_report(
        action.activity, 1, by=reporter_a, expected_revision=0,
        data=ReportData("No se adoptó aún", delivered=False),
    )  # fmt: skip
    validate(report, planner)
    verify(report, auditor)
    with pytest.raises(ValidationError, match="hito no entregado"):
        _close(found, auditor)


def test_every_action_must_be_done_and_each_blocker_is_listed(
    found, planner, approver, reporter_a, auditor
):
    first = add_action(found, planner, number=1)
    add_action(found, planner, number=2, plan=first.activity.plan)
    publish(first.activity.plan, planner, approver)
    report = submit(first.activity, reporter_a, value="2")
    validate(report, planner)
    verify(report, auditor)
    blockers = selectors.closing_blockers(found)
    assert (
        len(blockers) == 1 and blockers[0].startswith("Acción 2") and "sin reporte" in blockers[0]
    )


def test_only_control_interno_closes_and_reopens_with_a_reason(
    found, planner, approver, reporter_a, auditor, viewer
):
    action = _published_action(found, planner, approver)
    report = submit(action.activity, reporter_a, value="2")
    validate(report, planner)
    verify(report, auditor)
    for someone in (planner, viewer, reporter_a):
        with pytest.raises(PermissionDenied):
            _close(found, someone)
    closed = _close(found, auditor)
    with pytest.raises(ValidationError, match="motivo"):
        services.reopen_finding(closed, by=auditor, reason=" ", expected_revision=closed.revision)
    reopened = services.reopen_finding(
        closed, by=auditor, reason="La evidencia era de otra vigencia.",
        expected_revision=closed.revision,
    )  # fmt: skip
    assert reopened.status == Finding.Status.OPEN and reopened.closed_on is None
    from audit.models import AuditEntry

    codes = list(
        AuditEntry.objects.filter(object_type="improvement.finding").values_list(
            "action", flat=True
        )
    )
    assert codes == [
        "improvement.finding.created",
        "improvement.finding.closed",
        "improvement.finding.reopened",
    ] or sorted(codes) == sorted(
        [
            "improvement.finding.created",
            "improvement.finding.closed",
            "improvement.finding.reopened",
        ]
    )
