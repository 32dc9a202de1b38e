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
from followup.models import Evidence, Report, Verification
from followup.services import EvidenceData, ReportData, StaleReport
from followup.tests.steps import draft, submit, validate, verify


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    """3 April 2025: the window of period I (1 March to 10 April) is open."""
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def activity(published_plan):
    return published_plan.activities.get(number=3)  # Sec. de Servicios Administrativos


def test_a_reporter_saves_a_draft_then_submits(activity, reporter_a):
    first = draft(activity, reporter_a)
    assert first.status == Report.Status.DRAFT
    report = submit(activity, reporter_a)
    assert (report.pk, report.status, report.submitted_by) == (
        first.pk,
        Report.Status.SUBMITTED,
        reporter_a,
    )
    assert AuditEntry.objects.filter(action="followup.report.submitted").count() == 1


def test_a_draft_is_saved_for_any_period_at_any_time(activity, reporter_a):
    with time_machine.travel("2025-01-15 08:00 -0500"):
        assert draft(activity, reporter_a, period=4).status == Report.Status.DRAFT
    with time_machine.travel("2025-11-30 08:00 -0500"):
        assert draft(activity, reporter_a, period=1, narrative="Tarde").narrative == "Tarde"


def test_a_reporter_of_another_dependencia_cannot_report(activity, reporter_b):
    with pytest.raises(PermissionDenied):
        submit(activity, reporter_b)
    assert not Report.objects.filter(activity=activity, period=1).exists()


def test_the_narrative_and_the_result_are_required_to_submit(activity, reporter_a):
    with pytest.raises(ValidationError, match="narración es obligatoria"):
        submit(activity, reporter_a, narrative=" ")
    with pytest.raises(ValidationError, match="resultado acumulado"):
        services.submit_report(
            activity, 1, by=reporter_a, data=ReportData("Hecho"), expected_revision=0
        )


def test_sending_is_refused_outside_the_window_with_the_dates(activity, reporter_a):
    late, early = "2025-04-11 08:00 -0500", "2025-02-20 08:00 -0500"
    with time_machine.travel(late), pytest.raises(ValidationError, match="cerró el 10/04/2025"):
        submit(activity, reporter_a)
    with time_machine.travel(early), pytest.raises(ValidationError, match="abre el 01/03/2025"):
        submit(activity, reporter_a)
    assert not Report.objects.filter(activity=activity, status=Report.Status.SUBMITTED).exists()


def test_a_submitted_report_cannot_be_changed_by_the_reporter(activity, reporter_a):
    submit(activity, reporter_a)
    with pytest.raises(ValidationError, match="ya está enviado"):
        submit(activity, reporter_a, value="2")


def test_a_save_based_on_an_older_revision_is_refused_and_shows_both(activity, reporter_a):
    first = draft(activity, reporter_a, narrative="Texto de la primera pestaña")
    services.save_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Texto de la segunda pestaña"),
        expected_revision=first.revision,
    )
    with pytest.raises(StaleReport) as refused:
        services.save_report(
            activity,
            1,
            by=reporter_a,
            data=ReportData("Texto de la primera, otra vez"),
            expected_revision=first.revision,
        )
    assert (
        "Descripción del avance",
        "Texto de la primera, otra vez",
        "Texto de la segunda pestaña",
    ) in (refused.value.changes)
    assert Report.objects.get(pk=first.pk).narrative == "Texto de la segunda pestaña"


def test_a_new_report_meets_one_another_person_created_meanwhile(activity, reporter_a):
    draft(activity, reporter_a, narrative="Primero")
    with pytest.raises(StaleReport):
        services.save_report(
            activity, 1, by=reporter_a, data=ReportData("Segundo"), expected_revision=0
        )
    assert Report.objects.get(activity=activity, period=1).narrative == "Primero"


def test_planeacion_returns_then_validates_with_the_executed_progress(
    activity, reporter_a, planner
):
    report = submit(activity, reporter_a)
    with pytest.raises(ValidationError, match="qué debe corregir"):
        services.return_report(report, by=planner, comment="", expected_revision=report.revision)
    report = services.return_report(
        report, by=planner, comment="Adjunte la lista.", expected_revision=report.revision
    )
    assert report.status == Report.Status.RETURNED
    report = submit(activity, reporter_a, value="1")
    report = validate(report, planner, comment="Soportes completos.")
    assert report.status == Report.Status.VALIDATED
    assert report.executed == 50  # 1 of a target of 2
    assert report.review_comment == "Soportes completos."
    entry = AuditEntry.objects.get(action="followup.report.validated")
    assert (entry.actor, entry.reason) == (planner, "Soportes completos.")


def test_a_returned_report_is_corrected_and_sent_after_its_window_closed(
    activity, reporter_a, planner
):
    report = submit(activity, reporter_a)
    services.return_report(report, by=planner, comment="Falta.", expected_revision=report.revision)
    with time_machine.travel("2025-05-02 08:00 -0500"):
        assert submit(activity, reporter_a).status == Report.Status.SUBMITTED


def test_a_second_reviewer_does_not_overwrite_the_first(activity, reporter_a, planner):
    report = submit(activity, reporter_a)
    seen = report.revision
    services.return_report(report, by=planner, comment="Corrija.", expected_revision=seen)
    with pytest.raises(StaleReport) as refused:
        services.validate_report(report, by=planner, expected_revision=seen)
    assert ("Estado", "Validado", "Devuelto para corregir") in refused.value.changes
    assert Report.objects.get(pk=report.pk).status == Report.Status.RETURNED


def test_only_planeacion_reviews(activity, reporter_a, auditor):
    report = submit(activity, reporter_a)
    with pytest.raises(PermissionDenied):
        validate(report, reporter_a)
    with pytest.raises(PermissionDenied):
        validate(report, auditor)


def test_control_interno_agrees_or_adjusts_with_an_observation(
    activity, reporter_a, planner, auditor
):
    report = validate(submit(activity, reporter_a), planner)
    with pytest.raises(ValidationError, match="avance ajustado"):
        verify(report, auditor, agrees=False)
    verification = verify(
        report, auditor, agrees=False, adjusted=Decimal(25), observation="Falta.", public=True
    )
    assert (verification.adjusted_executed, verification.public) == (25, True)
    with pytest.raises(PermissionDenied):
        verify(report, planner)


def test_a_new_verification_is_a_new_round_and_the_first_stays(
    activity, reporter_a, planner, auditor
):
    report = validate(submit(activity, reporter_a), planner)
    verify(report, auditor, agrees=False, adjusted=Decimal(25), observation="Sin lista.")
    second = verify(report, auditor, observation="Llegó la lista: de acuerdo.")
    rounds = list(Verification.objects.filter(report=report).values_list("round", "agrees"))
    assert rounds == [(1, False), (2, True)]
    assert Report.objects.get(pk=report.pk).verification == second


def test_a_verification_based_on_an_older_revision_is_refused(
    activity, reporter_a, planner, auditor
):
    report = validate(submit(activity, reporter_a), planner)
    seen = report.revision
    verify(report, auditor, observation="Primera.")
    with pytest.raises(StaleReport) as refused:
        services.verify_report(
            report,
            by=auditor,
            agrees=False,
            adjusted_executed=Decimal(10),
            observation="Segunda pestaña.",
            public=False,
            expected_revision=seen,
        )
    assert refused.value.changes[0][0] == "Verificación de Control Interno"
    assert Verification.objects.filter(report=report).count() == 1


def test_a_pdf_is_stored_under_its_checksum_with_its_own_name(
    activity, reporter_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = draft(activity, reporter_a, narrative="x")
    upload = SimpleUploadedFile("../../etc/Lista de asistencia.pdf", PDF_BYTES, "text/plain")
    evidence = services.add_evidence(
        report, by=reporter_a, item=EvidenceData(upload=upload), expected_revision=report.revision
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "Lista de asistencia.pdf"
    assert evidence.size == len(PDF_BYTES)
    stored = tmp_path / evidence.file.name
    assert stored.read_bytes() == PDF_BYTES
    assert evidence.file.name == f"evidencias/{evidence.sha256[:2]}/{evidence.sha256}"
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()


def test_an_executable_renamed_to_pdf_is_refused_and_nothing_is_kept(
    activity, reporter_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("informe.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
    with pytest.raises(ValidationError, match="no es un tipo de evidencia aceptado"):
        submit(activity, reporter_a, evidence=[EvidenceData(upload=fake)])
    assert not Evidence.objects.exists() and not any(tmp_path.rglob("*"))
    assert not Report.objects.filter(activity=activity).exists()  # the whole save is undone


def test_an_oversized_file_is_refused(activity, reporter_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_BYTES = 1024
    report = draft(activity, reporter_a, narrative="x")
    big = SimpleUploadedFile("grande.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(ValidationError, match="el máximo es"):
        services.add_evidence(
            report, by=reporter_a, item=EvidenceData(upload=big), expected_revision=report.revision
        )
    assert not Evidence.objects.exists()


def test_a_link_is_evidence_too(activity, reporter_a):
    report = submit(
        activity,
        reporter_a,
        evidence=[EvidenceData(url="https://www.cartago.gov.co/transparencia", description="Web")],
    )
    evidence = report.evidence.get()
    assert evidence.url.endswith("/transparencia") and not evidence.file


def test_a_result_the_indicator_does_not_allow_is_refused_and_nothing_is_stored(
    activity, reporter_a
):
    for value, says in (
        ("-50", "Resultado acumulado: debe ser mayor o igual a 0"),
        ("1e20", "Resultado acumulado: es demasiado grande para guardarse"),
    ):
        with pytest.raises(ValidationError, match=says):
            submit(activity, reporter_a, value=value)
        with pytest.raises(ValidationError, match=says):
            draft(activity, reporter_a, value=Decimal(value))
    assert not Report.objects.filter(activity=activity).exists()
    activity.indicator_negative = True
    activity.save()
    assert draft(activity, reporter_a, value=Decimal(-50)).value == -50


def test_control_interno_cannot_turn_2_of_12_into_green_with_an_adjustment_of_500(
    activity, reporter_a, planner, auditor
):
    activity.indicator_type, activity.indicator_target = "porcentaje", Decimal(100)
    activity.save()
    report = services.submit_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Dos de doce", numerator=Decimal(2), denominator=Decimal(12)),
        expected_revision=0,
    )
    report = validate(report, planner)
    assert report.executed == Decimal("16.67")
    with pytest.raises(ValidationError, match="debe estar de 0 a 100 %"):
        verify(report, auditor, agrees=False, adjusted=Decimal(500), observation="Sobrado.")
    assert not Verification.objects.filter(report=report).exists()
    activity.indicator_over_100 = True
    activity.save()
    verification = verify(
        report, auditor, agrees=False, adjusted=Decimal(500), observation="Meta superada."
    )
    assert verification.adjusted_executed == 500


def test_a_count_far_above_its_target_is_stored_bounded_at_1000_percent(
    activity, reporter_a, planner
):
    activity.indicator_target = Decimal("0.01")
    activity.save()
    report = validate(submit(activity, reporter_a, value="999999999999.99"), planner)
    assert report.executed == 1000
    report.refresh_from_db()
    assert report.executed == 1000


@pytest.mark.parametrize("number", ["1E+1000000", "sNaN", "Infinity"])
def test_a_stale_save_with_an_impossible_number_is_refused_for_the_number(
    activity, reporter_a, number
):
    draft(activity, reporter_a, narrative="Primero")
    with pytest.raises(ValidationError) as refused:
        services.save_report(
            activity,
            1,
            by=reporter_a,
            data=ReportData("Segundo", value=Decimal(number)),
            expected_revision=0,
        )
    assert not isinstance(refused.value, StaleReport)
    assert Report.objects.get(activity=activity, period=1).narrative == "Primero"
