"""«Actualizar un plan en borrador existente»: an exported XLSX edited in Excel updates the draft
in place, after a preview of every change field by field, each change audited (issue 18)."""

import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from followup import document
from formats.writers import render
from plans.models import Plan


def edited_export(plan) -> bytes:
    """The plan's XLSX with activity 1's description and activity 2's target changed on the
    official sheet and the last activity's row cleared, as a person would in Excel."""
    book = openpyxl.load_workbook(
        io.BytesIO(render("xlsx", *document.open_data(plan, internal=True)))
    )
    sheet = book["Plan de acción"]
    rows = {row[0].value: row for row in sheet.iter_rows() if isinstance(row[0].value, int)}
    rows[1][1].value = "Diagnóstico corregido en Excel"
    rows[2][17].value = 7
    for cell in rows[max(rows)]:
        cell.value = None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, plan, data: bytes):
    return client.post(
        "/planes/importar/",
        {"file": SimpleUploadedFile("plan-editado.xlsx", data), "update_plan": plan.pk},
    )


def test_the_import_page_offers_the_entitys_drafts(client, planner, published_plan):
    from plans.models import PlanType
    from plans.services import editing

    draft = editing.create_plan(
        published_plan.entity,
        by=planner,
        plan_type=PlanType.objects.get(code="pinar"),
        year=published_plan.year,
        title="Borrador del PINAR",
    )
    client.force_login(planner)
    page = client.get("/planes/importar/").content.decode()
    assert "Actualizar un plan en borrador existente" in page
    choices = page[page.index('name="update_plan"') :]
    choices = choices[: choices.index("</select>")]
    assert f'<option value="{draft.pk}">Borrador del PINAR · vigencia {draft.year}' in choices
    assert f'value="{published_plan.pk}"' not in choices


def test_an_edited_export_previews_its_changes_then_updates_the_draft_audited(
    client, planner, seed_plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = seed_plan.activities.get(number=1)
    first.weight, first.indicator_unit = Decimal("2.5"), "informes"
    first.save()
    last = seed_plan.activities.order_by("-number").first()
    client.force_login(planner)
    entries = AuditEntry.objects.count()
    response = upload(client, seed_plan, edited_export(seed_plan))
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Aún no se ha guardado nada" in page
    changes = response.context["update"].changes
    assert changes.header == []
    by_number = {(a.number, a.kind): a for a in changes.activities}
    assert set(by_number) == {(1, "modificada"), (2, "modificada"), (last.number, "eliminada")}
    assert [(f.label, f.new) for f in by_number[1, "modificada"].fields] == [
        ("Descripción de la actividad", "Diagnóstico corregido en Excel")
    ]
    assert [(f.label, f.old, f.new) for f in by_number[2, "modificada"].fields] == [
        ("Meta anual del indicador", "—", "7")
    ]
    assert '<td class="diff-new">Diagnóstico corregido en Excel</td>' in page
    assert AuditEntry.objects.count() == entries
    assert seed_plan.activities.get(number=1).description != "Diagnóstico corregido en Excel"

    token = response.context["token"]
    response = client.post(f"/planes/importar/{token}/", {"action": "confirmar"})
    assert response["Location"] == f"/planes/{seed_plan.pk}/editar/"
    assert Plan.objects.count() == 1
    first.refresh_from_db()
    assert first.description == "Diagnóstico corregido en Excel"
    assert (first.weight, first.indicator_unit) == (Decimal("2.5"), "informes")
    assert seed_plan.activities.get(number=2).indicator_target == 7
    assert not seed_plan.activities.filter(number=last.number).exists()
    new = AuditEntry.objects.filter(pk__gt=0).order_by("pk")[entries:]
    assert [(e.action, e.object_id) for e in new] == [
        ("plans.activity.deleted", str(last.pk)),
        ("plans.activity.changed", str(first.pk)),
        ("plans.activity.changed", str(seed_plan.activities.get(number=2).pk)),
        ("plans.plan.updated_from_file", str(seed_plan.pk)),
    ]
    changed = new[1]
    assert changed.before["description"] != changed.after["description"]
    assert changed.after["description"] == "Diagnóstico corregido en Excel"
    assert changed.reason == "Actualizado de plan-editado.xlsx"
    history = client.get(f"/planes/{seed_plan.pk}/historial/").content.decode()
    assert "Se actualizó el borrador desde un archivo" in history


def test_a_plan_that_is_no_longer_a_draft_is_refused_saying_why(client, planner, published_plan):
    client.force_login(planner)
    response = upload(client, published_plan, edited_export(published_plan))
    assert response.status_code == 422
    page = response.content.decode()
    assert f"El plan «{published_plan.title}» está publicado: solo se actualiza un plan en " in page
    assert "borrador" in page


def test_another_entitys_planner_cannot_choose_the_plan(client, other_planner, seed_plan):
    client.force_login(other_planner)
    response = upload(client, seed_plan, edited_export(seed_plan))
    assert response.status_code == 422
    assert "Escoja una opción válida" in response.content.decode()
    assert seed_plan.activities.count() == 9
