"""The preview lets Planeación choose the field of each column, and keep that as the entity's
template for its next imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.catalogue import ACTIONS
from audit.models import AuditEntry
from formats import manual_mapping
from plans import import_columns
from plans.models import ImportTemplate, Plan, PlanType

# A plan table saved from a spreadsheet: its DETALLE column is what the entity calls the
# activity, and the ACTIVIDAD column holds the program it belongs to.
HEADER = ["N°", "ACTIVIDAD", "DETALLE", "RESPONSABLE", "COSTO"]
ROWS = [
    ["1", "Programa de participación", "Convocar las mesas de trabajo", "Planeación", "100"],
    ["2", "Programa de participación", "Publicar el informe de gestión", "Planeación", "50"],
]


def csv_bytes(header=HEADER) -> bytes:
    return "\n".join(";".join(row) for row in [header, *ROWS]).encode()


def upload(client, name="plan.csv", data=None):
    return client.post(
        "/planes/importar/",
        {
            "file": SimpleUploadedFile(name, data or csv_bytes()),
            "year": "2030",
            "plan_type": PlanType.objects.get(code="plan-accion-institucional").pk,
        },
    )


def choose(client, token, *, action="vista-previa", **changes):
    """Post the preview's selects as the page shows them, with ``changes`` by position."""
    fields = ["number", "description", "extra", "responsible_text", "extra"]
    data = {f"columna-{n}": field for n, field in enumerate(fields, start=1)}
    data.update(changes)
    return client.post(f"/planes/importar/{token}/columnas/", {**data, "action": action})


def activities(response) -> list[str]:
    return [row.description for row in response.context["document"].rows]


@pytest.fixture
def signed_in(client, planner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(planner)
    return client


def test_each_column_shows_its_field_and_a_select_to_change_it(signed_in):
    page = upload(signed_in).content.decode()
    assert "<td>DETALLE</td><td>Campo adicional (se conserva tal cual)</td>" in page
    assert 'for="columna-3">Campo de la columna 3 (DETALLE)</label>' in page
    assert '<option value="ignore">Ignorar (no se importa)</option>' in page
    assert '<option value="extra" selected>Columna adicional' in page


def test_choosing_a_field_reads_the_file_again_with_it(signed_in):
    response = upload(signed_in)
    token = response.context["token"]
    assert activities(response) == ["Programa de participación"] * 2
    response = choose(signed_in, token, **{"columna-2": "ignore", "columna-3": "description"})
    page = response.content.decode()
    assert response.status_code == 200
    assert activities(response) == [
        "Convocar las mesas de trabajo",
        "Publicar el informe de gestión",
    ]
    assert "<td>ACTIVIDAD</td><td>Ignorada (no se importa)</td>" in page
    assert "<td>DETALLE</td><td>Actividad</td>" in page
    # Confirming saves what the preview showed.
    signed_in.post(f"/planes/importar/{token}/", {"action": "confirmar"})
    plan = Plan.objects.get()
    assert [a.description for a in plan.activities.order_by("number")] == activities(response)
    assert all("ACTIVIDAD" not in a.extra for a in plan.activities.all())


def test_a_field_chosen_for_two_columns_is_refused_with_the_columns_to_choose_again(signed_in):
    token = upload(signed_in).context["token"]
    response = choose(signed_in, token, **{"columna-3": "description"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "las columnas 2 (ACTIVIDAD) y 3 (DETALLE) quedaron en el mismo campo" in page
    assert 'id="columna-3"' in page and "Confirmar e importar" not in page
    assert not Plan.objects.exists()


def test_an_unknown_field_is_a_bad_request(signed_in):
    token = upload(signed_in).context["token"]
    assert choose(signed_in, token, **{"columna-3": "month:13"}).status_code == 400


def test_saved_as_template_it_applies_to_the_next_import_of_the_entity(signed_in, planner):
    token = upload(signed_in).context["token"]
    response = choose(
        signed_in,
        token,
        action="guardar-plantilla",
        **{"columna-2": "ignore", "columna-3": "description", "columna-5": "ignore"},
    )
    assert "Se guardó esta lectura de las columnas como plantilla" in response.content.decode()
    template = ImportTemplate.objects.get(entity=planner.membership.entity)
    assert template.mapping["detalle"] == "description" and template.created_by == planner
    entry = AuditEntry.objects.get(action="plans.import_template.created")
    assert entry.entity_id == template.entity_id and entry.actor == planner

    response = upload(signed_in, "otro.csv")
    page = response.content.decode()
    assert "Plantilla de la entidad aplicada" in page
    assert activities(response)[0] == "Convocar las mesas de trabajo"
    assert "<td>COSTO</td><td>Ignorada (no se importa)</td>" in page

    # The planner may set it aside for this file.
    response = choose(signed_in, response.context["token"], action="sin-plantilla")
    assert "Plantilla de la entidad aplicada" not in response.content.decode()
    assert activities(response)[0] == "Programa de participación"
    assert "Usar la plantilla de la entidad" in response.content.decode()


def test_saving_again_changes_the_template_and_is_audited(signed_in, planner):
    token = upload(signed_in).context["token"]
    choose(signed_in, token, action="guardar-plantilla", **{"columna-5": "ignore"})
    choose(signed_in, token, action="guardar-plantilla", **{"columna-5": "extra"})
    assert ImportTemplate.objects.get().mapping["costo"] == "extra"
    assert AuditEntry.objects.filter(action="plans.import_template.changed").count() == 1


def test_a_template_that_does_not_fit_the_file_is_set_aside_with_a_warning(signed_in, cartago):
    ImportTemplate.objects.create(entity=cartago, mapping={"detalle": "number"})
    response = upload(signed_in)
    page = response.content.decode()
    assert response.status_code == 200
    assert "La plantilla de la entidad no sirve para este archivo" in page
    assert activities(response) == ["Programa de participación"] * 2


def test_another_entity_does_not_see_the_template(
    client, signed_in, other_planner, settings, tmp_path
):
    token = upload(signed_in).context["token"]
    choose(
        signed_in,
        token,
        action="guardar-plantilla",
        **{"columna-3": "description", "columna-2": "ignore"},
    )
    client.force_login(other_planner)
    response = upload(client)
    assert "Plantilla de la entidad aplicada" not in response.content.decode()
    assert activities(response)[0] == "Programa de participación"
    assert "Usar la plantilla de la entidad" not in response.content.decode()


def test_a_viewer_cannot_choose_columns_nor_save_a_template(client, signed_in, viewer, cartago):
    token = upload(signed_in).context["token"]
    client.force_login(viewer)
    assert choose(client, token, action="guardar-plantilla").status_code == 403
    assert not ImportTemplate.objects.exists()


def test_the_service_checks_the_entity_of_the_template(cartago, viewer, other_planner, planner):
    from django.core.exceptions import PermissionDenied

    from plans.services.import_templates import save_import_template

    for outsider in (viewer, other_planner):
        with pytest.raises(PermissionDenied):
            save_import_template(cartago, {"detalle": "description"}, by=outsider)
    save_import_template(cartago, {"detalle": "description"}, by=planner)
    assert ImportTemplate.objects.get().entity == cartago


def test_the_select_offers_every_field_the_readers_know():
    offered = {value for value, _text in import_columns.CHOICES}
    assert set(manual_mapping.FIELDS) <= offered and set(import_columns.FIELD_NAMES) == set(
        manual_mapping.FIELDS
    )
    assert all(manual_mapping.choice_problem(value) is None for value in offered)


def test_the_template_codes_have_spanish_labels():
    assert "plantilla" in ACTIONS["plans.import_template.created"]
    assert "plantilla" in ACTIONS["plans.import_template.changed"]


def test_setting_the_template_aside_when_the_headers_alone_fail_keeps_the_last_reading(
    signed_in, cartago
):
    # The entity's template keeps as text a column its files fill with words, not dates.
    header = ["N°", "ACTIVIDAD", "DETALLE", "RESPONSABLE", "FECHA DE INICIO"]
    ImportTemplate.objects.create(entity=cartago, mapping={"fecha de inicio": "extra"})
    response = upload(signed_in, data=csv_bytes(header))
    assert "Plantilla de la entidad aplicada" in response.content.decode()
    response = choose(signed_in, response.context["token"], action="sin-plantilla")
    page = response.content.decode()
    assert response.status_code == 422 and "«100»" in page
    assert "Confirmar e importar" not in page
    assert '<option value="extra" selected>' in page.split('id="columna-5"')[1]
