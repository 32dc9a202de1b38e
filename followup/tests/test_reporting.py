"""Reporting, evidence, review and verification (services), with time inside Q1's window."""

import hashlib
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from conftest import PDF_BYTES
from followup import services
from followup.models import Evidence, Report
from followup.services import ReportData


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    """3 April 2025: the window of period I (31 March to 10 April) is open."""
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def activity(published_plan):
    return published_plan.activities.get(number=3)  # Sec. de Servicios Administrativos


def submit(activity, user, value="1", narrative="Se capacitó a 12 funcionarios."):
    return services.save_report(
        activity, 1, by=user, data=ReportData(narrative, value=Decimal(value)), submit=True
    )


def test_a_reporter_saves_a_draft_then_submits(activity, reporter_a):
    draft = services.save_report(activity, 1, by=reporter_a, data=ReportData("En curso"))
    assert draft.status == Report.Status.DRAFT
    report = submit(activity, reporter_a)
    assert (report.pk, report.status, report.submitted_by) == (
        draft.pk,
        Report.Status.SUBMITTED,
        reporter_a,
    )
    assert AuditEntry.objects.filter(action="followup.report.submitted").count() == 1


def test_a_reporter_of_another_dependencia_cannot_report(activity, reporter_b):
    with pytest.raises(PermissionDenied):
        submit(activity, reporter_b)
    assert not Report.objects.filter(activity=activity, period=1).exists()


def test_the_narrative_and_the_result_are_required_to_submit(activity, reporter_a):
    with pytest.raises(ValidationError, match="narración es obligatoria"):
        submit(activity, reporter_a, narrative=" ")
    with pytest.raises(ValidationError, match="resultado acumulado"):
        services.save_report(activity, 1, by=reporter_a, data=ReportData("Hecho"), submit=True)


def test_reports_are_locked_outside_the_window(activity, reporter_a):
    late, early = "2025-04-11 08:00 -0500", "2025-03-20 08:00 -0500"
    with time_machine.travel(late), pytest.raises(ValidationError, match="cerró el 10/04/2025"):
        submit(activity, reporter_a)
    with time_machine.travel(early), pytest.raises(ValidationError, match="abre el 31/03/2025"):
        submit(activity, reporter_a)


def test_a_submitted_report_cannot_be_changed_by_the_reporter(activity, reporter_a):
    submit(activity, reporter_a)
    with pytest.raises(ValidationError, match="ya está enviado"):
        submit(activity, reporter_a, value="2")


def test_planeacion_returns_then_validates_with_the_executed_progress(
    activity, reporter_a, planner
):
    report = submit(activity, reporter_a)
    with pytest.raises(ValidationError, match="qué debe corregir"):
        services.return_report(report, by=planner, comment="")
    report = services.return_report(report, by=planner, comment="Adjunte la lista de asistencia.")
    assert report.status == Report.Status.RETURNED
    report = submit(activity, reporter_a, value="1")
    report = services.validate_report(report, by=planner)
    assert report.status == Report.Status.VALIDATED
    assert report.executed == 50  # 1 of a target of 2


def test_only_planeacion_reviews(activity, reporter_a, auditor):
    report = submit(activity, reporter_a)
    with pytest.raises(PermissionDenied):
        services.validate_report(report, by=reporter_a)
    with pytest.raises(PermissionDenied):
        services.validate_report(report, by=auditor)


def test_control_interno_agrees_or_adjusts_with_an_observation(
    activity, reporter_a, planner, auditor
):
    report = services.validate_report(submit(activity, reporter_a), by=planner)
    with pytest.raises(ValidationError, match="avance ajustado"):
        services.verify_report(
            report, by=auditor, agrees=False, adjusted_executed=None, observation="", public=False
        )
    verification = services.verify_report(
        report,
        by=auditor,
        agrees=False,
        adjusted_executed=Decimal(25),
        observation="Falta la lista de asistencia.",
        public=True,
    )
    assert (verification.adjusted_executed, verification.public) == (25, True)
    with pytest.raises(PermissionDenied):
        services.verify_report(
            report, by=planner, agrees=True, adjusted_executed=None, observation="", public=False
        )


def test_a_pdf_is_stored_under_its_checksum_with_its_own_name(
    activity, reporter_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = services.save_report(activity, 1, by=reporter_a, data=ReportData("x"))
    upload = SimpleUploadedFile("../../etc/Lista de asistencia.pdf", PDF_BYTES, "text/plain")
    evidence = services.add_evidence(report, by=reporter_a, upload=upload)
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "Lista de asistencia.pdf"
    assert evidence.size == len(PDF_BYTES)
    stored = tmp_path / evidence.file.name
    assert stored.read_bytes() == PDF_BYTES
    assert evidence.file.name == f"evidencias/{evidence.sha256[:2]}/{evidence.sha256}"
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()


def test_an_executable_renamed_to_pdf_is_refused(activity, reporter_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.save_report(activity, 1, by=reporter_a, data=ReportData("x"))
    fake = SimpleUploadedFile("informe.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
    with pytest.raises(ValidationError, match="no es un tipo de evidencia aceptado"):
        services.add_evidence(report, by=reporter_a, upload=fake)
    assert not Evidence.objects.exists() and not any(tmp_path.rglob("*"))


def test_an_oversized_file_is_refused(activity, reporter_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_BYTES = 1024
    report = services.save_report(activity, 1, by=reporter_a, data=ReportData("x"))
    big = SimpleUploadedFile("grande.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(ValidationError, match="el máximo es"):
        services.add_evidence(report, by=reporter_a, upload=big)
    assert not Evidence.objects.exists()


def test_a_link_is_evidence_too(activity, reporter_a):
    report = services.save_report(activity, 1, by=reporter_a, data=ReportData("x"))
    evidence = services.add_evidence(
        report, by=reporter_a, url="https://www.cartago.gov.co/transparencia", description="Web"
    )
    assert evidence.url.endswith("/transparencia") and not evidence.file
