"""`python manage.py import_plan`: the seed, bad files, and all-or-nothing saving."""

import json

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from organization.models import Entity, Unit
from plans.models import Activity, Plan


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_file(tmp_path, seed_bytes):
    path = tmp_path / "plan.txt"
    path.write_bytes(seed_bytes)
    return path


def malformed(tmp_path, seed_bytes, transform) -> str:
    lines = seed_bytes.decode("utf-8").split("\n")
    path = tmp_path / "malformado.txt"
    path.write_text("\n".join(transform(lines)), encoding="utf-8")
    return str(path)


def nothing_saved():
    return not (
        Entity.objects.exists()
        or Unit.objects.exists()
        or Plan.objects.exists()
        or Activity.objects.exists()
        or AuditEntry.objects.exists()
    )


def test_it_prints_one_json_object_with_the_plan_the_count_and_the_warnings(plan_types, seed_file):
    output = json.loads(run(str(seed_file), "--json"))
    plan = Plan.objects.get()
    assert output["plan_id"] == plan.pk
    assert output["activities"] == 9
    assert isinstance(output["warnings"], list) and all(
        isinstance(w, str) for w in output["warnings"]
    )


def test_it_imports_into_the_entity_and_year_given(cartago, seed_file):
    output = run(str(seed_file), "--entity", "891.900.493-2", "--year", "2024")
    plan = Plan.objects.get()
    assert (plan.entity, plan.year) == (cartago, 2024)
    assert "9 actividades" in output
    assert "Sec. de Sevicios Administrativos" in output


def test_a_dry_run_prints_the_report_and_saves_nothing(plan_types, seed_file):
    output = run(str(seed_file), "--dry-run")
    assert "no se guardó nada" in output
    assert "Advertencias" in output
    assert "  - MES 4 → Mes 4 del cronograma" in output
    assert "  - INDICADOR: FÓRMULA → Fórmula del indicador" in output
    assert nothing_saved()


def test_it_refuses_an_entity_whose_nit_differs_from_the_document(other_entity, seed_file):
    with pytest.raises(CommandError, match="no coincide"):
        run(str(seed_file), "--entity", other_entity.nit)
    assert not Plan.objects.exists()


def test_a_row_with_a_missing_cell_names_the_line_and_saves_nothing(
    plan_types, tmp_path, seed_bytes
):
    def drop_cell(lines):
        cells = lines[39].split("\t")  # line 40: activity 3
        lines[39] = "\t".join(cells[:5] + cells[6:])
        return lines

    with pytest.raises(CommandError) as error:
        run(malformed(tmp_path, seed_bytes, drop_cell))
    assert "línea 40" in str(error.value)
    assert "22" in str(error.value) and "23" in str(error.value)
    assert nothing_saved()


def test_a_wrong_month_mark_names_the_line_and_column(plan_types, tmp_path, seed_bytes):
    def bad_mark(lines):
        cells = lines[40].split("\t")  # line 41: activity 4
        cells[6] = "ok"  # MES 4
        lines[40] = "\t".join(cells)
        return lines

    with pytest.raises(CommandError) as error:
        run(malformed(tmp_path, seed_bytes, bad_mark))
    message = str(error.value)
    assert "línea 41" in message and "columna 7" in message and "MES 4" in message
    assert nothing_saved()


def test_an_invalid_nit_is_refused_with_its_line(plan_types, tmp_path, seed_bytes):
    def bad_nit(lines):
        lines[9] = "Nit: 891.900.493.7**"
        return lines

    with pytest.raises(CommandError) as error:
        run(malformed(tmp_path, seed_bytes, bad_nit))
    assert "línea 10" in str(error.value)
    assert "dígito de verificación" in str(error.value)
    assert nothing_saved()


def test_an_impossible_date_is_refused_with_its_line(plan_types, tmp_path, seed_bytes):
    def bad_date(lines):
        lines[17] = "Fecha Aprobación: 31/02/2024"
        return lines

    with pytest.raises(CommandError) as error:
        run(malformed(tmp_path, seed_bytes, bad_date))
    assert "línea 18" in str(error.value)
    assert nothing_saved()


def test_a_file_that_is_not_a_plan_is_refused(plan_types, tmp_path):
    path = tmp_path / "carta.txt"
    path.write_text("Señores\nAlcaldía de Cartago\n\nCordial saludo.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no parece un plan de acción"):
        run(str(path))
    assert nothing_saved()


def test_a_missing_file_is_reported(plan_types, tmp_path):
    with pytest.raises(CommandError, match="No existe el archivo"):
        run(str(tmp_path / "no-existe.txt"))


def test_a_mapping_file_chooses_the_field_of_columns(cartago, seed_file, tmp_path):
    mapping = tmp_path / "columnas.json"
    mapping.write_text(
        json.dumps({"RESPONSABLES": "observations", "3": "ignore"}), encoding="utf-8"
    )
    output = run(str(seed_file), "--mapping", str(mapping), "--dry-run")
    assert "RESPONSABLES → Observaciones" in output
    assert "TAREA (S) QUE AYUDA A IMPLEMENTAR LA ACTIVIDAD → Ignorada (no se importa)" in output
    run(str(seed_file), "--mapping", str(mapping))
    activity = Activity.objects.get(number=1)
    assert activity.observations.startswith("Sec. de Planeación")
    assert not activity.tasks.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "columnas.json: no es JSON válido (revise la línea 1, columna 2)."),
        ('["ignore"]', "columnas.json: debe ser un objeto JSON de columna → campo"),
        (
            '{"MES 1": "month:13"}',
            "columnas.json: clave «MES 1»: «month:13»: el número va de 1 a 12.",
        ),
        ('{"COSTO": "presupuesto"}', "columnas.json: clave «COSTO»: «presupuesto» no es un campo"),
        (
            '{"2": "description", "COSTO": "description"}',
            "columnas.json: clave «COSTO»: el campo «description» ya está en la clave «2»",
        ),
        (
            '{"ACTIVIDADES": "ignore"}',
            "ninguna columna quedó como «Actividad»; asigne ese campo a una columna.",
        ),
    ],
)
def test_a_bad_mapping_file_is_named_with_its_key(
    plan_types, seed_file, tmp_path, content, message
):
    mapping = tmp_path / "columnas.json"
    mapping.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(str(seed_file), "--mapping", str(mapping))
    assert message in str(error.value)
    assert nothing_saved()
