"""The demo's plan de mejoramiento (issue 22): the seed plan's activity 9 («Elaborar planes de
mejoramiento institucional…») shown with one.

Control Interno records two findings: one from its verification of the seed plan's first
period, one from the audiencia pública de rendición de cuentas. Planeación answers each with an
improvement action linked to activity 9, in a «Plan de Mejoramiento <year>» that the Comité
approves and Planeación publishes. The first action is reported, validated and verified at
100 %, and Control Interno closes its finding; the second stays open, not yet reported.

Every date is today or the plan's first period: the findings are found today, the actions run
from 1 January to the first cut-off, and the first period's window is open today (load_demo
opens it for today when it is not), so the demo loads the same on any day of the year.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from demo.data import ADMINISTRATIVE, PLANNING
from dialogue.models import Commitment, Event
from followup import periods
from followup import services as followup
from followup.models import Verification
from improvement import services as improvement
from improvement.models import Finding
from plans.models import Activity, Plan
from plans.services.editing import ActivityData

FINDINGS = [
    {
        "code": "OCI-01",
        "title": "Seguimientos del plan de participación con soportes incompletos",
        "condition": (
            "En la verificación del primer periodo, dos de los seguimientos validados del plan "
            "de participación ciudadana no tenían las actas ni las listas de asistencia que "
            "soportan el avance reportado."
        ),
        "criterion": "Procedimiento de seguimiento a la planeación institucional (evidencias).",
        "cause": "No hay un procedimiento que diga qué soporte se adjunta a cada seguimiento.",
        "effect": "Control Interno no puede verificar el avance reportado al Comité.",
        "source": Finding.Source.VERIFICATION,
        "unit": ADMINISTRATIVE,
        "action": (
            "Adoptar el instructivo de soportes del seguimiento y socializarlo con los enlaces",
            "Instructivo adoptado y socializado",
            "Instructivo adoptado (sí/no)",
        ),
    },
    {
        "code": "PC-01",
        "title": "Respuestas de la audiencia pública sin publicar a tiempo",
        "condition": (
            "En la audiencia pública de rendición de cuentas la ciudadanía señaló que las "
            "respuestas a sus preguntas de la audiencia anterior no se publicaron en el sitio web."
        ),
        "criterion": "Manual Único de Rendición de Cuentas (respuesta a la ciudadanía).",
        "cause": "La publicación de las respuestas no tiene responsable ni fecha.",
        "effect": "Pérdida de confianza de los grupos de valor en el diálogo.",
        "source": Finding.Source.PARTICIPATION,
        "unit": PLANNING,
        "action": (
            "Publicar las respuestas de la audiencia pública en la sección Participa del sitio web",
            "Informe de respuestas publicado",
            "Informe publicado (sí/no)",
        ),
    },
]


def load(plan: Plan, units: dict, users: dict, *, publish: Callable[..., None]) -> Plan:
    """The plan de mejoramiento of ``plan``'s vigencia, published with ``publish`` (load_demo's
    on-time publication), after the seed plan's first period was reported."""
    auditor, planner = users["controlinterno"], users["planeacion"]
    today, year = timezone.localdate(), plan.year
    activity_9 = plan.activities.get(number=9)
    verification = Verification.objects.filter(report__activity__plan=plan).first()
    hearing = Event.objects.filter(entity=plan.entity, kind=Event.Kind.PUBLIC_HEARING).first()
    links = {
        Finding.Source.VERIFICATION: {
            "verification": verification,
            "source_reference": f"Verificación del periodo I, {plan.title}",
        },
        Finding.Source.PARTICIPATION: {
            "event": hearing,
            "commitment": Commitment.objects.filter(event=hearing).first(),
            "source_reference": hearing.title if hearing else "Audiencia pública",
        },
    }
    first_cutoff = periods.plan_periods(plan)[0].cutoff
    actions = []
    improvement_plan = None
    for number, item in enumerate(FINDINGS, start=1):
        text, deliverable, formula = item["action"]
        finding = improvement.create_finding(
            plan.entity,
            by=auditor,
            found_on=today,
            unit=units[item["unit"]],
            **{k: v for k, v in item.items() if k not in {"unit", "action"}},
            **links[item["source"]],
        )
        action = improvement.add_action(
            finding,
            by=planner,
            data=ActivityData(
                number=number,
                description=text,
                deliverables=deliverable,
                indicator_type=Activity.IndicatorType.MILESTONE,
                indicator_formula=formula,
                indicator_target=Decimal(1),
                start_date=datetime.date(year, 1, 1),
                end_date=first_cutoff,
                months=list(range(1, first_cutoff.month + 1)),
                responsible_units=[units[item["unit"]]],
            ),
            plan=improvement.PlanChoice(
                plan=improvement_plan, new_title=f"Plan de Mejoramiento {year}", new_year=year
            ),
            linked=[activity_9],
        )
        improvement_plan = action.activity.plan
        actions.append((finding, action))
    publish(improvement_plan, users, act="CIGD-003")
    _close_first(actions[0], users, today)
    return improvement_plan


def _close_first(found: tuple, users: dict, today: datetime.date) -> None:
    """The first action reported in period I (its window is open today), validated, verified,
    and its finding closed today."""
    finding, action = found
    planner, auditor = users["planeacion"], users["controlinterno"]
    report = followup.submit_report(
        action.activity,
        1,
        by=users["responsable"],
        data=followup.ReportData(
            "Se adoptó el instructivo de soportes por circular y se socializó con los enlaces.",
            delivered=True,
        ),
        expected_revision=0,
        evidence=[followup.EvidenceData(url="https://www.cartago.gov.co/", description="Circular")],
    )
    report = followup.validate_report(report, by=planner, expected_revision=report.revision)
    followup.verify_report(
        report,
        by=auditor,
        agrees=True,
        adjusted_executed=None,
        observation="Instructivo y acta de socialización verificados.",
        public=True,
        expected_revision=report.revision,
    )
    finding.refresh_from_db()
    improvement.close_finding(
        finding,
        by=auditor,
        note="El instructivo se adoptó y los seguimientos siguientes traen sus soportes.",
        closed_on=today,
        expected_revision=finding.revision,
    )
