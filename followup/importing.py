"""Importing a plan with the follow-up its document brings, all or nothing: the plan's content
(plans.services.importing.import_content), then its reports, in the same transaction. Every
import goes through here: the upload pages, the API and the ``import_plan`` command."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core import collector
from core.bulk import insert_alike
from followup.models import Report
from followup.services import executed_progress
from formats import manual_mapping
from formats.document import ActivityRow, ImportFileError, Location, PlanDocument
from formats.readers.base import reader_for
from organization.models import Entity
from plans import values
from plans.models import Activity, PlanType
from plans.schedule import PERIOD_LABELS
from plans.services import import_templates
from plans.services import importing as plan_importing
from plans.services.importing import ImportResult, import_content

# What to do about what the importer lacked (ImportFileError.code), in the upload form's words,
# and the form field the message goes next to.
IMPORT_REMEDIES = {
    plan_importing.ENTITY: (
        "file",
        "Escriba el NIT con su dígito de verificación en el encabezado del archivo "
        "(por ejemplo, «NIT: 891.900.493-2»).",
    ),
    plan_importing.YEAR: ("year", "Escriba la vigencia en el campo «Vigencia»."),
    plan_importing.PLAN_TYPE: ("plan_type", "Elija el tipo en el campo «Tipo de plan»."),
    plan_importing.EXISTS: (
        "year",
        "Escriba otra vigencia en el campo «Vigencia» o archive el plan existente.",
    ),
}


def refused(error: ImportFileError) -> tuple[str, str]:
    """(form field, message) of a refused import, with the upload form's remedy."""
    field, remedy = IMPORT_REMEDIES.get(error.code, ("file", ""))
    return field, " ".join(filter(None, [str(error), remedy]))


class _DryRunRollback(Exception):
    pass


@collector.paused()
def import_plan(
    document: PlanDocument,
    *,
    entity: Entity | None = None,
    year: int | None = None,
    plan_type: PlanType | None = None,
    by: Any = None,
    dry_run: bool = False,
    nit_may_differ: bool = False,
) -> ImportResult:
    """Save a read document as a new plan with its follow-up, all or nothing.

    What plans.services.importing.import_content says of the plan; then the follow-up of each
    row. With ``dry_run`` everything runs and is then rolled back, so the report is exactly
    what a real import would do.
    """
    result: ImportResult | None = None
    try:
        with transaction.atomic():
            result = import_content(
                document,
                entity=entity,
                year=year,
                plan_type=plan_type,
                by=by,
                nit_may_differ=nit_may_differ,
            )
            save_imported_followup(result.followup)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        result.dry_run = True
    except ValidationError as exc:
        # A value the models refuse that no check above named: still the planner's to fix in
        # the file, never a server error.
        raise ImportFileError(
            f"un valor del documento no se puede guardar ({'; '.join(exc.messages)}); "
            "corríjalo en el archivo y vuelva a importarlo.",
            Location(document.source),
        ) from exc
    return result


def save_imported_followup(activities: list[tuple[Activity, ActivityRow]]) -> None:
    """The follow-up the rows bring: the reports our own export states (state and values), or
    else the format's SEGUIMIENTO texts, which are the entity's record: validated as they stand.
    The reports are part of the imported activity's audit entry, not entries of their own."""
    stated, texts = [], []
    for activity, row in activities:
        if row.reports:
            stated += _stated_reports(activity, row)
        else:
            texts += [(activity.pk, period, text) for period, text in sorted(row.followup.items())]
    Report.objects.bulk_create(stated)
    insert_alike(
        Report,
        ["activity_id", "period", "result_text"],
        texts,
        status=Report.Status.VALIDATED,
    )


def _stated_reports(activity: Activity, row: ActivityRow) -> list[Report]:
    """The follow-up a row states (state and values, as our own export writes it), each
    checked as the report form checks it; the validated ones get their executed progress
    as validating them would."""
    indicator = values.Indicator.of(activity)
    found = []
    for period, entry in sorted(row.reports.items()):
        values_given = {
            "value": entry.value,
            "numerator": entry.numerator,
            "denominator": entry.denominator,
            "delivered": entry.delivered,
        }
        problems = values.report_problems(indicator, **values_given)
        if problems:
            raise ImportFileError(
                f"seguimiento del periodo {PERIOD_LABELS[period]}: {problems[0].message}",
                row.location,
            )
        report = Report(
            activity=activity,
            period=period,
            status=entry.status,
            result_text=row.followup.get(period, "")
            if entry.status == Report.Status.VALIDATED
            else "",
            **values_given,
        )
        if report.status == Report.Status.VALIDATED:
            report.executed = executed_progress(report)
        found.append(report)
    return found


def _choices(entity: Entity | None, options: dict) -> manual_mapping.Choices:
    """The entity's template (unless the planner set it aside) under the columns the planner
    chose in the preview, which name every column by position."""
    use = entity is not None and options.get("use_template")
    choices = import_templates.template_choices(entity) if use else {}
    chosen = options.get("columns") or []
    return {**choices, **{n: choice for n, choice in enumerate(chosen, start=1) if choice}}


def import_upload(
    content: bytes, name: str, entity: Entity | None, options: dict, *, by: Any, dry_run: bool
) -> tuple[PlanDocument, ImportResult]:
    """Read an uploaded file as the preview left it (``options``: year, plan type, template,
    chosen columns) and import it: the preview (dry run), its confirmation, a large import's
    task (followup.tasks.run_import_job)."""
    plan_type = PlanType.objects.filter(pk=options.get("plan_type")).first()
    with manual_mapping.choosing(_choices(entity, options)):
        document = reader_for(name).read(content, name)
    result = import_plan(
        document,
        entity=entity,
        year=options.get("year"),
        plan_type=plan_type,
        by=by,
        dry_run=dry_run,
        nit_may_differ=entity is not None,
    )
    return document, result
