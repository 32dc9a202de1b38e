import csv
import io

import pytest
from openpyxl import load_workbook

from consultation import exports, selectors, services

from .conftest import approve, data

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_and_hidden(consultation, value_groups, planner):
    activity = consultation.plan.activities.get(number=3)
    first = services.submit_comment(
        consultation, data(value_groups[0], activity=activity), fingerprint="a"
    )
    second = services.submit_comment(
        consultation,
        data(value_groups[1], email="troll@example.com", name="Troll", text="Texto ofensivo"),
        fingerprint="b",
    )
    services.answer_comment(
        first,
        by=planner,
        status="aceptada_parcialmente",
        answer="Se incluyen dos veredas.",
        change_made="Actividad 3: veredas Zaragoza y Modín.",
        expected_revision=0,
    )
    services.hide_comment(second, by=planner, reason="Lenguaje ofensivo")
    return consultation


def test_the_matrix_rows_show_the_answer_and_hide_the_retired_text(answered_and_hidden):
    rows = list(selectors.matrix(answered_and_hidden))
    assert [row.number for row in rows] == [1, 2]
    assert rows[0].activity.startswith("3. ")
    assert rows[0].status == "Aceptada parcialmente"
    assert rows[0].change_made == "Actividad 3: veredas Zaragoza y Modín."
    assert rows[1].observation == "Observación retirada por moderación: Lenguaje ofensivo"
    assert rows[1].status == "Pendiente de respuesta"


def _no_personal_data(text: str) -> None:
    for personal in ("camila@example.com", "Camila Ríos", "troll@example.com", "Troll"):
        assert personal not in text
    assert "Texto ofensivo" not in text


def test_the_xlsx_has_a_title_a_frozen_header_and_no_name_or_email(answered_and_hidden):
    book = load_workbook(io.BytesIO(exports.matrix_xlsx(answered_and_hidden)))
    sheet = book.active
    assert sheet["A1"].value.startswith("Matriz de observaciones")
    assert [cell.value for cell in sheet[2]] == list(selectors.MATRIX_HEADERS)
    assert sheet.freeze_panes == "A3"
    assert sheet["A2"].font.bold
    assert sheet["C3"].value.startswith("3. ")
    _no_personal_data(
        " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    )


def test_the_csv_is_utf8_with_bom_and_no_name_or_email(answered_and_hidden):
    content = exports.matrix_csv(answered_and_hidden)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == list(selectors.MATRIX_HEADERS)
    assert rows[1][6] == "Aceptada parcialmente" and rows[1][1] == "2025-02-10"
    assert rows[2][5] == "Observación retirada por moderación: Lenguaje ofensivo"
    _no_personal_data(content.decode("utf-8-sig"))


def test_the_matrix_is_public_once_closed_and_the_plan_approved(
    answered_and_hidden, planner, approver, client, time_machine
):
    consultation = answered_and_hidden
    nit = consultation.plan.entity.nit
    url = f"/entidades/{nit}/consultas/{consultation.pk}/matriz/"
    assert client.get(url).status_code == 404
    time_machine.move_to("2025-03-05 10:00 -0500", tick=False)
    assert client.get(url).status_code == 404  # closed, the plan not yet approved
    assert selectors.matrix_published(consultation.plan) is None
    approve(consultation.plan, approver)
    page = client.get(url)
    assert page.status_code == 200
    assert "Se incluyen dos veredas." in page.content.decode()
    _no_personal_data(page.content.decode())
    xlsx = client.get(f"/entidades/{nit}/consultas/{consultation.pk}/matriz.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment")
    assert client.get(f"/entidades/{nit}/consultas/{consultation.pk}/matriz.csv").status_code == 200
    assert selectors.matrix_published(consultation.plan) == consultation


def test_a_later_version_inherits_the_published_matrix(
    answered_and_hidden, approver, planner, time_machine
):
    from followup import publishing
    from plans.services import workflow

    time_machine.move_to("2025-03-05 10:00 -0500", tick=False)
    approve(answered_and_hidden.plan, approver)
    plan = publishing.publish_plan(answered_and_hidden.plan, by=planner)
    draft = workflow.start_new_version(plan, by=planner, reason="Ajuste")
    assert selectors.matrix_published(draft) == answered_and_hidden


def test_answered_comments_counts_those_of_consultations_serving_an_activity(
    answered_and_hidden, planner, time_machine
):
    import datetime

    served = answered_and_hidden.plan.activities.get(number=9)
    answered_and_hidden.activity = served
    answered_and_hidden.save(update_fields=["activity"])
    day = datetime.date(2025, 2, 10)
    found = selectors.answered_comments([served.pk], since=day, until=day)
    assert [c.answer for c in found] == ["Se incluyen dos veredas."]
    assert not selectors.answered_comments(
        [served.pk], since=day.replace(day=11), until=day.replace(day=20)
    )
    assert not selectors.answered_comments([served.pk + 1000], since=day, until=day)
