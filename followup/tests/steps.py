"""The follow-up cycle's steps as tests take them: each write carries the revision it read,
as the pages and the API do."""

from decimal import Decimal

from followup import services
from followup.models import Report
from followup.services import ReportData


def revision(activity, period=1) -> int:
    report = Report.objects.filter(activity=activity, period=period).first()
    return report.revision if report else 0


def draft(activity, user, narrative="En curso", period=1, **values) -> Report:
    return services.save_report(
        activity,
        period,
        by=user,
        data=ReportData(narrative, **values),
        expected_revision=revision(activity, period),
    )


def submit(
    activity, user, value="1", narrative="Se capacitó a 12 funcionarios.", evidence=(), period=1
) -> Report:
    return services.submit_report(
        activity,
        period,
        by=user,
        data=ReportData(narrative, value=None if value is None else Decimal(value)),
        expected_revision=revision(activity, period),
        evidence=list(evidence),
    )


def validate(report, by, comment="") -> Report:
    report.refresh_from_db()
    return services.validate_report(
        report, by=by, comment=comment, expected_revision=report.revision
    )


def return_(report, by, comment="Corrija el soporte.") -> Report:
    report.refresh_from_db()
    return services.return_report(report, by=by, comment=comment, expected_revision=report.revision)


def verify(report, by, agrees=True, adjusted=None, observation="", public=False):
    report.refresh_from_db()
    return services.verify_report(
        report,
        by=by,
        agrees=agrees,
        adjusted_executed=adjusted,
        observation=observation,
        public=public,
        expected_revision=report.revision,
    )
