"""Other entities' layouts imported end to end: the command, the preview, the plan's page."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from followup.models import Report
from formats.tests import layouts
from plans.models import Activity, Plan, PlanType

TYPE = "plan-accion-institucional"

LAYOUTS = {
    "otra-entidad.xlsx": (layouts.xlsx_without_number, layouts.XLSX_EXPECTED),
    "otra-entidad.ods": (layouts.ods_number_third, layouts.ODS_EXPECTED),
    "partida.docx": (
        lambda: layouts.docx_split_table(repeat_header=True),
        layouts.DOCX_EXPECTED,
    ),
    "partida-sin-encabezado.docx": (
        lambda: layouts.docx_split_table(repeat_header=False),
        layouts.DOCX_EXPECTED,
    ),
}


def import_file(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_plan", str(path), "--entity", "891.900.493-2", "--type", TYPE, stdout=out)
    return out.getvalue()


def form(upload) -> dict:
    return {"file": upload, "plan_type": PlanType.objects.get(code=TYPE).pk}


def followup(activity) -> dict[int, str]:
    reports = Report.objects.filter(activity=activity).order_by("period")
    return {report.period: report.result_text for report in reports}


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_command_imports_the_layout_without_losing_data(cartago, tmp_path, name):
    build, expected = LAYOUTS[name]
    import_file(tmp_path, name, build())
    plan = Plan.objects.get()
    assert plan.year == 2026
    activities = list(plan.activities.order_by("position"))
    assert [a.number for a in activities] == expected["numbers"]
    assert [a.months for a in activities] == expected["months"]
    assert [a.responsible_text for a in activities] == expected["responsible"]
    assert [followup(a) for a in activities] == expected["followup"]
    if "targets" in expected:
        assert [a.indicator_target for a in activities] == [Decimal(t) for t in expected["targets"]]


def test_the_vigencia_target_is_chosen_and_the_others_kept_as_extra_fields(cartago, tmp_path):
    output = import_file(tmp_path, "plan.xlsx", layouts.xlsx_without_number())
    activities = list(Activity.objects.order_by("position"))
    assert [a.indicator_target for a in activities] == [Decimal(4), Decimal(2), Decimal(3)]
    assert activities[0].extra == {
        "Objetivo estratégico": "Fortalecer la participación",
        "Meta": "10",
    }
    assert [a.appropriation for a in activities] == [Decimal(1000000), None, Decimal(7)]
    assert activities[1].extra["Objetivo estratégico"] == "Fortalecer la participación"
    assert "Meta de la vigencia 2026 tomada de la columna «Meta 2026»." in output
    assert "no tiene columna N°" in output


def test_a_file_without_an_activities_header_is_refused_with_what_was_found(cartago, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["N°", "DESCRIPCIÓN", "RESPONSABLE"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(CommandError, match="la fila 1 tiene «N°», «DESCRIPCIÓN», «RESPONSABLE»"):
        import_file(tmp_path, "plan.xlsx", buffer.getvalue())
    assert not Plan.objects.exists()


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_preview_shows_the_layout_as_it_will_be_saved(
    client, planner, settings, tmp_path, name
):
    settings.MEDIA_ROOT = tmp_path
    build, expected = LAYOUTS[name]
    client.force_login(planner)
    response = client.post("/planes/importar/", form(SimpleUploadedFile(name, build())))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f'<dd id="actividades-leidas">{len(expected["numbers"])}</dd>' in page
    )  # the activities counted
    assert "<td>MES 1</td><td>Mes 1 del cronograma</td>" in page
    assert "Seguimiento del periodo 1" in page
    first_months = ", ".join(map(str, expected["months"][0]))
    assert f"<td>{first_months}</td>" in page
    assert not Plan.objects.exists()


def test_the_preview_names_the_target_chosen_and_the_plan_page_shows_the_extra_fields(
    client, planner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(planner)
    upload = SimpleUploadedFile("plan.xlsx", layouts.xlsx_without_number())
    response = client.post("/planes/importar/", form(upload))
    page = response.content.decode()
    assert "Meta de la vigencia 2026 tomada de la columna «Meta 2026»." in page
    assert "<td>Meta 2026</td><td>Meta</td>" in page
    assert "<td>Meta</td><td>Campo adicional (se conserva tal cual)</td>" in page
    assert "<td>4</td>" in page and "<td>10</td>" not in page
    token = response.context["token"]
    response = client.post(f"/planes/importar/{token}/", {"action": "confirmar"})
    plan = Plan.objects.get()
    page = client.get(f"/planes/{plan.pk}/editar/").content.decode()
    assert "Otros campos del archivo importado" in page
    assert "<li>Objetivo estratégico: Fortalecer la participación</li>" in page
    assert "<li>Meta: 10</li>" in page


def test_the_preview_refuses_a_file_without_a_table_header_on_the_form(client, planner):
    client.force_login(planner)
    book = openpyxl.Workbook()
    book.active.append(["N°", "DESCRIPCIÓN"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        "/planes/importar/", form(SimpleUploadedFile("plan.xlsx", buffer.getvalue()))
    )
    assert response.status_code == 422
    assert "se busca una fila con una columna ACTIVIDAD" in response.content.decode()


def test_a_value_the_models_refuse_is_a_file_error_not_a_traceback(
    plan_types, tmp_path, seed_bytes
):
    """A footer address past the column's 300 characters (the rows of a Word table's second
    part read as the footer did that) raised a ValidationError: a traceback, a 500."""
    data = seed_bytes.rstrip(b"\n") + b"\n" + ("Carrera 4 # 10-20 " * 20).encode() + b"\n"
    path = tmp_path / "largo.txt"
    path.write_bytes(data)
    with pytest.raises(
        CommandError, match=r"largo\.txt: un valor del documento no se puede guardar"
    ):
        call_command("import_plan", str(path), stdout=io.StringIO())
    assert not Plan.objects.exists()
