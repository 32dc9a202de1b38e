"""One user action, one service: submitting a report writes the same audit trail whether it
comes from the web form or from the API, and «Pendientes» and the reminders share one worklist."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from audit.models import AuditEntry
from conftest import PDF_BYTES, mail_bodies, sign_in
from followup import services
from followup.models import Report
from followup.services import ReportData
from organization import api_tokens

# What differs between two submissions of different activities by nature, not by path: ids,
# and the stored file's name (the second copy of the same content gets a storage suffix; its
# checksum is still compared).
OWN_KEYS = {"id", "activity_id", "report_id", "file"}


@pytest.fixture
def two_activities(published_plan, reporter_a):
    """Activities 3 and 4, both reported by Luis (reporter_a)."""
    fourth = published_plan.activities.get(number=4)
    fourth.responsible_units.add(*reporter_a.membership.units.all())
    return published_plan.activities.get(number=3), fourth


def _trail(report: Report) -> list[tuple]:
    """The audit entries a report's submission wrote, without what is the report's own."""
    entries = AuditEntry.objects.filter(plan_id=report.activity.plan_id).order_by("id")
    mine = [
        e
        for e in entries
        if (e.object_type, e.object_id) == ("followup.report", str(report.pk))
        or (e.object_type == "followup.evidence" and e.after.get("report_id") == report.pk)
    ]
    return [
        (
            e.action,
            e.object_type,
            e.actor_id,
            e.entity_id,
            e.reason,
            e.before,
            {k: v for k, v in (e.after or {}).items() if k not in OWN_KEYS},
        )
        for e in mine
    ]


def test_a_submission_leaves_the_same_audit_trail_from_the_web_and_from_the_api(
    client, two_activities, reporter_a, time_machine, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    by_web, by_api = two_activities
    sign_in(client, reporter_a)
    response = client.post(
        f"/seguimiento/actividad/{by_web.pk}/periodo/1/",
        {
            "value": "1",
            "narrative": "Capacitación realizada",
            "revision": "0",
            "evidence_file": SimpleUploadedFile("acta.pdf", PDF_BYTES),
            "enviar": "1",
        },
    )
    assert response.status_code == 302, response.content
    key = api_tokens.create_api_token(reporter_a, "Sistema de la secretaría")[1]
    response = client.post(
        f"/api/v1/actividades/{by_api.pk}/seguimientos/1",
        {
            "descripcion": "Capacitación realizada",
            "resultado": "1",
            "enviar": "true",
            "evidencia": SimpleUploadedFile("acta.pdf", PDF_BYTES),
        },
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200, response.content
    web = _trail(Report.objects.get(activity=by_web, period=1))
    api = _trail(Report.objects.get(activity=by_api, period=1))
    assert [row[0] for row in web] == ["followup.evidence.added", "followup.report.submitted"]
    assert web == api


def test_a_submission_writes_one_entry_per_object_it_changes(
    two_activities, reporter_a, time_machine
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    activity, _ = two_activities
    report = services.submit_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Hecho", value=Decimal(1)),
        expected_revision=0,
        evidence=[services.EvidenceData(url="https://cartago.example/acta")],
    )
    actions = [row[0] for row in _trail(report)]
    assert actions == ["followup.evidence.added", "followup.report.submitted"]
    assert report.status == Report.Status.SUBMITTED and report.revision == 1


def test_the_pending_page_and_the_reminders_list_the_same_activities(
    client,
    published_plan,
    two_activities,
    reporter_a,
    time_machine,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    """Luis answers for 3, 4 and 5: 4 is sent, 5 a draft, 3 not started; both say 3 and 5."""
    time_machine.move_to("2025-04-08 07:00 -0500", tick=False)
    reporter_a.email = "luis@cartago.example"
    reporter_a.save()
    third, fourth = two_activities
    fifth = published_plan.activities.get(number=5)
    fifth.responsible_units.add(*reporter_a.membership.units.all())
    data = ReportData("Hecho", value=Decimal(1))
    services.submit_report(fourth, 1, by=reporter_a, data=data, expected_revision=0)
    services.save_report(fifth, 1, by=reporter_a, data=data, expected_revision=0)

    sign_in(client, reporter_a)
    on_page = sorted(item.activity.number for item in client.get("/seguimiento/").context["items"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    (message,) = smtp_server.messages
    text, _html = mail_bodies(message)
    mailed = sorted(
        int(line.split("actividad ", 1)[1].split(":", 1)[0])
        for line in text.splitlines()
        if line.startswith("- ")
    )
    assert on_page == mailed == sorted([third.number, fifth.number])
