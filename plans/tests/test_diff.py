from decimal import Decimal

from plans.diff import compare


def plan(**changes):
    record = {"objetivo": "Participación", "estado": "publicado", "vigencia": 2025}
    return record | changes


def activity(number, **changes):
    row = {
        "numero": number,
        "actividad": f"Actividad {number}",
        "tareas": ["Tarea"],
        "meses_programados": [3],
        "indicador_meta": 1,
    }
    return row | changes


def test_it_reports_changed_added_and_removed_activities_by_number():
    old = (plan(), [activity(1), activity(2), activity(3)])
    new = (
        plan(estado="borrador"),
        [activity(1, indicador_meta=3, meses_programados=[3, 6]), activity(3), activity(4)],
    )
    changes = compare(old, new)
    assert changes.header == [], "a new version starting as a draft is not a change of content"
    kinds = [(a.number, a.kind) for a in changes.activities]
    assert kinds == [(1, "modificada"), (2, "eliminada"), (4, "agregada")]
    fields = {f.name: (f.old, f.new) for f in changes.activities[0].fields}
    assert fields == {"meses_programados": ("marzo", "marzo, junio"), "indicador_meta": ("1", "3")}


def test_header_changes_are_listed_with_their_labels():
    changes = compare((plan(), []), (plan(objetivo="Rendición de cuentas"), []))
    assert [(c.label, c.old, c.new) for c in changes.header] == [
        ("Objetivo del plan", "Participación", "Rendición de cuentas")
    ]


def test_identical_versions_have_no_differences():
    same = (plan(), [activity(1)])
    assert compare(same, same).empty


def test_it_lists_a_weight_change_with_its_label_and_numbers_as_colombians_write_them():
    old = (plan(), [activity(1, ponderacion=Decimal("1.00"))])
    new = (plan(), [activity(1, ponderacion=Decimal("2.50"))])
    (change,) = compare(old, new).activities
    assert [(f.label, f.old, f.new) for f in change.fields] == [("Ponderación", "1", "2,5")]


def test_it_shows_traffic_lights_by_their_spanish_labels():
    old = (plan(semaforo="sin_reporte"), [activity(1, semaforo_i="sin_reporte")])
    new = (plan(semaforo="verde"), [activity(1, semaforo_i="no_programado")])
    changes = compare(old, new)
    assert [(c.label, c.old, c.new) for c in changes.header] == [
        ("Semáforo del plan en ese periodo", "Sin reporte", "Verde")
    ]
    assert [(f.label, f.old, f.new) for f in changes.activities[0].fields] == [
        ("Semáforo del periodo I", "Sin reporte", "No programado")
    ]


def test_it_matches_a_version_s_activities_by_the_ones_they_continue():
    """Activity 2 removed and a new one numbered 2; activity 3 renumbered 4."""
    old = (
        plan(),
        [
            activity(1, _activity_id=11),
            activity(2, _activity_id=12),
            activity(3, _activity_id=13, actividad="Capacitar"),
        ],
    )
    new = (
        plan(),
        [
            activity(1, _activity_id=21, _carried_from=11),
            activity(2, _activity_id=22, actividad="Rendir cuentas"),
            activity(4, _activity_id=23, _carried_from=13, actividad="Capacitar"),
        ],
    )
    kinds = [(a.number, a.kind, a.description) for a in compare(old, new).activities]
    assert kinds == [
        (2, "eliminada", "Actividad 2"),
        (2, "agregada", "Rendir cuentas"),
        (4, "modificada", "Capacitar"),
    ]
