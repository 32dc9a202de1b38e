import datetime
from decimal import Decimal

from plans.review import ActivityFacts, review


def facts(number=1, **changes) -> ActivityFacts:
    values = {
        "pk": number,
        "number": number,
        "description": "Actividad",
        "months": [3],
        "indicator_formula": "Informes realizados",
        "indicator_target": Decimal(1),
        "tasks": ["Tarea"],
        "deliverables": "Informe",
        "responsible_count": 1,
        "responsible_written": 1,
        "weight": Decimal(1),
    }
    return ActivityFacts(**(values | changes))


def messages(problems, blocking=None):
    return [
        (p.activity_number, p.message)
        for p in problems
        if blocking is None or p.blocking == blocking
    ]


def test_a_complete_plan_has_no_problems():
    assert review([facts(1), facts(2)], objective="Objetivo") == []


def test_missing_months_indicator_target_or_responsible_block_submission():
    problems = review(
        [
            facts(1, months=[]),
            facts(2, indicator_formula=" "),
            facts(3, indicator_target=None),
            facts(4, responsible_count=0),
        ],
        objective="Objetivo",
    )
    assert messages(problems, blocking=True) == [
        (1, "No tiene meses programados en el cronograma."),
        (2, "No tiene indicador (fórmula)."),
        (3, "No tiene meta del indicador."),
        (4, "No tiene una dependencia responsable del directorio."),
    ]
    assert messages(problems, blocking=False) == []


def test_repeated_numbers_block_submission():
    problems = review([facts(1), facts(1)], objective="Objetivo")
    assert messages(problems, blocking=True) == [
        (None, "El número 1 está repetido en varias actividades.")
    ]


def test_empty_tasks_deliverables_and_partly_unresolved_responsibles_only_warn():
    problems = review([facts(1, tasks=[""], deliverables="", responsible_written=2)], objective="")
    assert messages(problems, blocking=True) == []
    assert messages(problems, blocking=False) == [
        (None, "El plan no tiene objetivo."),
        (1, "Algún responsable escrito no corresponde a una dependencia del directorio."),
        (1, "No tiene tareas."),
        (1, "No tiene productos entregables."),
    ]


def test_a_plan_without_activities_cannot_be_submitted():
    assert messages(review([], objective="x"), blocking=True) == [
        (None, "El plan no tiene actividades.")
    ]


def test_blocking_problems_come_first():
    problems = review([facts(1, deliverables=""), facts(2, months=[])], objective="x")
    assert [p.blocking for p in problems] == [True, False]


def test_dates_outside_the_vigencia_block_submission():
    day = datetime.date
    problems = review(
        [
            facts(1, start_date=day(2025, 3, 1), end_date=day(2027, 2, 28)),
            facts(2, start_date=day(2026, 3, 1), end_date=day(2027, 1, 15)),
            facts(3, start_date=day(2025, 12, 1), end_date=None),
            facts(4, start_date=day(2026, 1, 1), end_date=day(2026, 12, 31)),
        ],
        objective="Objetivo",
        year=2026,
    )
    assert messages(problems, blocking=True) == [
        (
            1,
            "La actividad va del 01/03/2025 al 28/02/2027: sus fechas deben estar dentro de la "
            "vigencia 2026.",
        ),
        (
            2,
            "La actividad va del 01/03/2026 al 15/01/2027: sus fechas deben estar dentro de la "
            "vigencia 2026.",
        ),
        (
            3,
            "La actividad empieza el 01/12/2025: sus fechas deben estar dentro de la vigencia "
            "2026.",
        ),
    ]
