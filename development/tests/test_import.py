"""Importing a Plan Indicativo: columns by synonyms, a person's choice over them, every problem
with its file, sheet, row and column, nothing saved when there is one, and re-import by code."""

from decimal import Decimal

import pytest

from development import columns, importing, services
from development.models import Goal, Program, StrategicLine
from development.tests import indicativo
from formats.document import ImportFileError


@pytest.fixture
def dev(cartago, planner):
    return services.create_plan(
        cartago, by=planner, name="Plan de Desarrollo Municipal 2024-2027", start_year=2024
    )


def test_headers_are_recognised_by_synonyms_without_accents_or_case():
    assert columns.field_of("LINEA ESTRATEGICA", 2024) == "line"
    assert columns.field_of("Eje estratégico", 2024) == "line"
    assert columns.field_of("  meta   producto ", 2024) == "output"
    assert columns.field_of("Meta 2026", 2024) == "year:3"
    assert columns.field_of("Meta año 4", 2024) == "year:4"
    assert columns.field_of("Meta 2031", 2024) == "ignore"
    assert columns.field_of("Unidad de Medida", 2024) == "unit"
    assert columns.field_of("Observaciones", 2024) == "ignore"


@pytest.mark.parametrize("make, name", [(indicativo.xlsx, "pi.xlsx"), (indicativo.csv, "pi.csv")])
def test_a_plan_indicativo_is_read_and_saved_with_lines_programs_and_metas(
    dev, planner, make, name
):
    preview = importing.read(make(), name, dev)
    assert not preview.errors
    assert preview.sheet == ("Plan Indicativo" if name.endswith("xlsx") else "")
    assert len(preview.rows) == 4  # three metas de producto and the one meta de resultado
    counts = importing.save(dev, preview, by=planner)
    assert counts == {"created": 2 + 2 + 4, "updated": 0}
    assert list(StrategicLine.objects.filter(plan=dev).values_list("code", "name")) == [
        ("1", "Cartago participativa"),
        ("2", "Cartago educada"),
    ]
    assert Program.objects.get(plan=dev, code="2201").name == "Educación de calidad"
    goal = Goal.objects.get(plan=dev, code="MP-001")
    assert goal.kind == Goal.Kind.OUTPUT and goal.program.code == "4501"
    assert (goal.baseline, goal.target, goal.target_3) == (Decimal(2), Decimal(16), Decimal(4))
    assert goal.responsible_unit.name.startswith("Secretaría de Planeación")
    outcome = Goal.objects.get(plan=dev, kind=Goal.Kind.OUTCOME)
    assert (outcome.code, outcome.description) == ("4501-R1", "Aumentar al 60 % la participación")
    # A dependencia that is not in the directory is a warning, not a refusal.
    assert any("Educación Inexistente" in w for w in preview.warnings)
    assert Goal.objects.get(plan=dev, code="MP-003").responsible_unit is None


def test_a_persons_choice_of_field_changes_how_a_column_is_read(dev):
    headers = [*indicativo.HEADERS[:9], "Total esperado", *indicativo.HEADERS[10:]]
    data = indicativo.xlsx(headers=headers)
    preview = importing.read(data, "pi.xlsx", dev)
    assert preview.rows[1].target is None
    chosen = {10: "target", 5: "ignore"}
    preview = importing.read(data, "pi.xlsx", dev, chosen)
    assert [row.target for row in preview.rows] == [Decimal(16), Decimal(4), Decimal(10)]
    # Without the meta de resultado column no meta de resultado is read.
    assert all(row.kind == Goal.Kind.OUTPUT for row in preview.rows)


def _problems(preview):
    return [str(error) for error in preview.errors]


def test_every_problem_names_the_file_sheet_row_and_column(dev):
    rows = [list(row) for row in indicativo.ROWS]
    rows[0][9] = "dieciséis"  # Meta cuatrienio
    rows[1][3] = "MP-001"  # a code already used
    rows[2][3] = ""  # no code
    preview = importing.read(indicativo.xlsx(rows), "pi.xlsx", dev)
    assert _problems(preview) == [
        "pi.xlsx, hoja «Plan Indicativo», fila 4, columna 10 (Meta cuatrienio): "
        "«dieciséis» no es un número.",
        "pi.xlsx, hoja «Plan Indicativo», fila 5, columna 4 (Código): el código de meta MP-001 "
        "ya está en la hoja «Plan Indicativo», fila 4, columna 4 (Código).",
        "pi.xlsx, hoja «Plan Indicativo», fila 6, columna 4 (Código): falta el código de la meta.",
    ]


def test_a_program_without_code_or_a_row_without_meta_is_refused_where_it_is(dev):
    rows = [list(row) for row in indicativo.ROWS]
    rows[2][2] = "Educación de calidad"
    rows[1][4] = rows[1][5] = ""
    problems = _problems(importing.read(indicativo.csv(rows), "pi.csv", dev))
    assert problems == [
        "pi.csv, línea 3, columna 6 (Meta de producto): la fila no tiene meta.",
        "pi.csv, línea 4, columna 3 (Programa): el programa «Educación de calidad» no tiene "
        "código: escríbalo antes del nombre («2201 - Educación de calidad») o en una columna "
        "«Código del programa».",
    ]


def test_two_columns_read_as_the_same_field_are_refused_at_the_header(dev):
    preview = importing.read(indicativo.xlsx(), "pi.xlsx", dev, {8: "indicator"})
    assert _problems(preview) == [
        "pi.xlsx, hoja «Plan Indicativo», fila 3, columna 8 (Unidad de medida): dos columnas se "
        "leen como «Indicador» (columnas 7 y 8); elija otro campo para una de ellas o «No se "
        "importa»."
    ]


def test_a_file_without_a_plan_indicativo_header_says_so(dev):
    with pytest.raises(ImportFileError, match=r"pi\.csv: no se encontró la fila de encabezados"):
        importing.read(b"a;b\n1;2\n", "pi.csv", dev)


def test_nothing_is_saved_when_the_file_has_a_problem(dev, planner):
    rows = [list(row) for row in indicativo.ROWS]
    rows[2][9] = "x"
    preview = importing.read(indicativo.xlsx(rows), "pi.xlsx", dev)
    with pytest.raises(ImportFileError, match="fila 6, columna 10"):
        importing.save(dev, preview, by=planner)
    assert not Goal.objects.filter(plan=dev).exists()
    assert not StrategicLine.objects.filter(plan=dev).exists()


def test_a_failure_while_saving_leaves_nothing_behind(dev, planner, monkeypatch):
    preview = importing.read(indicativo.xlsx(), "pi.xlsx", dev)
    real = Goal.full_clean

    def fail_on_the_last(self, *args, **kwargs):
        if self.code == "MP-003":
            raise ImportFileError("falla simulada")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Goal, "full_clean", fail_on_the_last)
    with pytest.raises(ImportFileError):
        importing.save(dev, preview, by=planner)
    assert not Goal.objects.filter(plan=dev).exists()


def test_importing_again_updates_by_code_and_deletes_nothing(dev, planner):
    importing.save(dev, importing.read(indicativo.xlsx(), "pi.xlsx", dev), by=planner)
    extra = services.save_goal(
        Program.objects.get(plan=dev, code="2201"),
        by=planner,
        kind=Goal.Kind.OUTPUT,
        code="MP-900",
        description="Meta agregada a mano",
    )
    rows = [list(row) for row in indicativo.ROWS]
    rows[0][9] = "20"
    counts = importing.save(dev, importing.read(indicativo.xlsx(rows), "pi.xlsx", dev), by=planner)
    assert counts == {"created": 0, "updated": 1}
    goal = Goal.objects.get(plan=dev, code="MP-001")
    assert goal.target == Decimal(20) and goal.revision == 2
    assert Goal.objects.filter(pk=extra.pk).exists()
    assert Goal.objects.filter(plan=dev).count() == 5
