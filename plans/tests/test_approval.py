"""The approval: a confirmation page that records the Comité's acta (number, date, PDF)."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from conftest import PDF_BYTES, acta
from plans.models import Plan
from plans.services import workflow

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def in_review(ready_plan, planner, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(f"{ready_plan.year}-02-20 10:00 -0500", tick=False)
    return workflow.submit_for_review(ready_plan, by=planner)


def approval(**changes) -> dict:
    data = {"act_number": "CIGD-007", "act_date": "2025-02-05", "confirm": "on"}
    return {key: value for key, value in (data | changes).items() if value is not None}


def test_the_approve_button_leads_to_a_page_that_summarises_the_plan(client, in_review, approver):
    client.force_login(approver)
    page = client.get(f"/planes/{in_review.pk}/").content.decode()
    assert f'href="/planes/{in_review.pk}/aprobar/"' in page
    assert f'action="/planes/{in_review.pk}/aprobar/"' not in page, "no one-click approval"
    response = client.get(f"/planes/{in_review.pk}/aprobar/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        in_review.title,
        f"<dd>{in_review.year}</dd>",
        "<dt>Versión</dt><dd>1</dd>",
        "<dt>Actividades</dt><dd>9</dd>",
        "<dt>Revisión</dt>",
        "Número del acta del Comité",
        "Fecha del acta",
        "Acta firmada (PDF)",
        "Confirmo que el Comité aprobó este plan",
    ]:
        assert text in html, text


def test_approving_needs_the_confirmation_the_acta_number_and_its_date(client, in_review, approver):
    client.force_login(approver)
    url = f"/planes/{in_review.pk}/aprobar/"
    response = client.post(url, approval(confirm=None))
    assert response.status_code == 422
    assert "Confirme que el Comité aprobó el plan." in response.content.decode()
    response = client.post(url, approval(act_number=None, act_date=None))
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"act_number", "act_date"}
    assert Plan.objects.get(pk=in_review.pk).status == Plan.Status.IN_REVIEW
    assert not AuditEntry.objects.filter(action="plans.plan.approved").exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2025-02-21", "no puede ser posterior a hoy"),
        ("2023-12-31", "va del 01/01/2024 al 31/12/2026"),
    ],
)
def test_the_acta_is_dated_by_today_and_within_the_vigencia_and_the_years_beside_it(
    client, in_review, approver, day, message
):
    assert in_review.year == 2025
    client.force_login(approver)
    response = client.post(f"/planes/{in_review.pk}/aprobar/", approval(act_date=day))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["act_date"])
    assert Plan.objects.get(pk=in_review.pk).status == Plan.Status.IN_REVIEW


def test_an_acta_of_the_year_before_the_vigencia_is_accepted(in_review, approver):
    plan = workflow.approve_plan(
        in_review, by=approver, act_number="12", act_date=datetime.date(2024, 1, 1)
    )
    assert plan.approval_act_date == datetime.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("acta.pdf", PNG_BYTES), "«acta.pdf» no es un PDF"),
        (SimpleUploadedFile("grande.pdf", PDF_BYTES + b"%" * 2048), "el máximo es"),
    ],
)
def test_a_bad_acta_file_is_refused_with_why_and_nothing_changes(
    client, in_review, approver, settings, tmp_path, upload, message
):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(approver)
    response = client.post(f"/planes/{in_review.pk}/aprobar/", approval(act_file=upload))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["act_file"])
    plan = Plan.objects.get(pk=in_review.pk)
    assert (plan.status, plan.approval_act_number, plan.approval_act_file.name) == (
        Plan.Status.IN_REVIEW,
        "",
        "",
    )
    assert not AuditEntry.objects.filter(action="plans.plan.approved").exists()
    assert not [path for path in Path(tmp_path).rglob("*") if path.is_file()], "no file stored"


def test_the_approval_keeps_the_acta_in_the_plan_and_in_its_audit_entry(
    client, in_review, approver, tmp_path
):
    client.force_login(approver)
    upload = SimpleUploadedFile("Acta 07 del Comité.pdf", PDF_BYTES)
    response = client.post(f"/planes/{in_review.pk}/aprobar/", approval(act_file=upload))
    assert response.status_code == 302
    assert response["Location"] == f"/planes/{in_review.pk}/"
    plan = Plan.objects.get(pk=in_review.pk)
    assert plan.status == Plan.Status.APPROVED and plan.approved_by == approver
    assert (plan.approval_act_number, plan.approval_act_date) == (
        "CIGD-007",
        datetime.date(2025, 2, 5),
    )
    assert plan.approval_act_name == "Acta 07 del Comité.pdf"
    sha = plan.approval_act_sha256
    assert plan.approval_act_file.name == f"actas/{sha[:2]}/{sha}"
    assert (tmp_path / "actas" / sha[:2] / sha).read_bytes() == PDF_BYTES
    entry = AuditEntry.objects.get(action="plans.plan.approved", plan_id=plan.pk)
    assert entry.actor == approver
    assert entry.before["approval_act_number"] == ""
    assert entry.after["approval_act_number"] == "CIGD-007"
    assert entry.after["approval_act_date"] == "2025-02-05"
    assert entry.after["approval_act_file"] == f"actas/{sha[:2]}/{sha}"
    assert entry.after["approval_act_sha256"] == sha


def test_the_plan_page_shows_the_acta_with_its_download(client, in_review, approver, viewer):
    upload = SimpleUploadedFile("acta.pdf", PDF_BYTES)
    workflow.approve_plan(in_review, by=approver, **acta(in_review, act_file=upload))
    client.force_login(viewer)
    html = client.get(f"/planes/{in_review.pk}/").content.decode()
    assert "Aprobado el 20/02/2025 por Carmen · Acta N.º CIGD-003 del 10/01/2025" in html
    assert f'href="/planes/{in_review.pk}/acta/"' in html


def test_the_acta_is_downloaded_by_people_of_the_entity_only(
    client, in_review, approver, reporter_b, other_planner
):
    upload = SimpleUploadedFile("Acta 07.pdf", PDF_BYTES)
    workflow.approve_plan(in_review, by=approver, **acta(in_review, act_file=upload))
    url = f"/planes/{in_review.pk}/acta/"
    assert client.get(url).status_code == 302, "anonymous: to log in"
    client.force_login(reporter_b)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Acta 07.pdf"'
    client.force_login(other_planner)
    assert client.get(url).status_code == 404


def test_a_plan_approved_without_the_file_has_nothing_to_download(
    client, in_review, approver, viewer
):
    workflow.approve_plan(in_review, by=approver, **acta(in_review))
    client.force_login(viewer)
    html = client.get(f"/planes/{in_review.pk}/").content.decode()
    assert "Acta N.º CIGD-003 del 10/01/2025." in html
    assert f"/planes/{in_review.pk}/acta/" not in html
    assert client.get(f"/planes/{in_review.pk}/acta/").status_code == 404


@pytest.mark.parametrize("persona", ["planner", "auditor", "viewer"])
def test_only_who_signs_for_the_comite_reaches_the_approval(request, client, in_review, persona):
    client.force_login(request.getfixturevalue(persona))
    url = f"/planes/{in_review.pk}/aprobar/"
    assert client.get(url).status_code == 403
    assert client.post(url, approval()).status_code == 403
    assert Plan.objects.get(pk=in_review.pk).status == Plan.Status.IN_REVIEW


def test_a_plan_not_in_review_sends_the_approver_back_with_why(client, ready_plan, approver):
    client.force_login(approver)
    response = client.get(f"/planes/{ready_plan.pk}/aprobar/", follow=True)
    assert response.redirect_chain == [(f"/planes/{ready_plan.pk}/", 302)]
    assert "No se puede aprobar un plan borrador" in response.content.decode()


def test_the_service_refuses_an_approval_without_an_acta(in_review, approver):
    with pytest.raises(ValidationError) as refused:
        workflow.approve_plan(in_review, by=approver, act_number="  ", act_date=None)
    assert refused.value.message_dict == {
        "act_number": ["Escriba el número del acta del Comité."],
        "act_date": ["Indique la fecha del acta del Comité."],
    }


def test_the_public_page_names_the_acta_but_does_not_offer_it(client, published_plan, cartago):
    html = client.get(f"/entidades/{cartago.nit}/planes/{published_plan.pk}/").content.decode()
    assert "acta N.º CIGD-003 del" in html
    assert "/acta/" not in html
