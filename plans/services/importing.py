"""Writes to plans. Each function runs in one transaction and writes its audit entries."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit import services as audit
from followup.models import PERIOD_LABELS, Report
from followup.services import executed_progress
from formats.document import ActivityRow, ImportFileError, Location, PlanDocument
from formats.text import long_date
from organization import services as organization
from organization.directory import Directory, is_whole_entity_name, split_unit_names, strip_accents
from organization.models import Entity, Unit, validate_website
from organization.nit import InvalidNit, parse_nit
from planaccion import collector
from planaccion.bulk import insert_alike
from plans import values
from plans.models import Activity, Plan, PlanType, Task, scheme_for
from plans.schedule import ScheduleError, months_between
from plans.selectors import ReviewItem, review_activities

# The reader's name of each plan date a refusal names (plans.values names the model's fields).
READ_AS = {"plan_date": "plan_date", "doc_approval_date": "approval_date"}
NUMBER_NAMES = {"target": "meta", "baseline": "línea base"}
WEIGHT_LIMIT = Decimal(100_000)  # the weight column's seven digits, two of them decimals

# A plan dated in the last quarter is being formulated for the next vigencia (DOMAIN.md: the
# Oficina de Planeación drafts plans in Q4 of the previous year).
FORMULATION_QUARTER_START = 10


@dataclass
class ImportResult:
    plan: Plan | None
    activities: int
    warnings: list[str] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan.pk if self.plan and not self.dry_run else None,
            "activities": self.activities,
            "warnings": self.warnings,
            "resolutions": self.resolutions,
            "dry_run": self.dry_run,
        }


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
) -> ImportResult:
    """Save a read document as a new plan, all or nothing.

    Resolves the entity (by NIT, created if missing), the vigencia, the plan type and every
    dependencia the document names, and reports what it matched and what a planner should fix.
    With ``dry_run`` everything runs and is then rolled back, so the report is exactly what a
    real import would do.
    """
    result: ImportResult | None = None
    try:
        with transaction.atomic():
            result = _Importer(document, by=by).run(entity=entity, year=year, plan_type=plan_type)
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


class _Importer:
    def __init__(self, document: PlanDocument, *, by: Any):
        self.document = document
        self.by = by
        self.warnings: list[str] = []
        self.resolutions: list[str] = []

    def run(
        self, *, entity: Entity | None, year: int | None, plan_type: PlanType | None
    ) -> ImportResult:
        document = self.document
        if not document.rows:
            raise ImportFileError("El documento no tiene actividades.")
        entity = self._entity(entity)
        year = year or self._stated_year() or self._year()
        self._check_dates(year)  # first: a date names its line, the vigencia follows from it
        self.resolutions.extend(document.settle_targets(year))
        for problem in values.year_problems(year):
            raise ImportFileError(problem.message, Location(self.document.source))
        plan_type = plan_type or self._plan_type()
        title = document.header.title or f"{plan_type.name} {year}"
        existing = Plan.objects.filter(entity=entity, plan_type=plan_type, year=year, title=title)
        if existing.exists():
            raise ImportFileError(
                f"Ya existe el plan «{title}» de la vigencia {year} para {entity.name} "
                f"(id {existing.first().pk}). Indique otra vigencia con --year o archive el "
                "existente."
            )
        directory = organization.entity_directory(entity)
        formulating = self._header_unit(entity, directory, document.header.formulating_unit)
        participating_texts = split_unit_names(document.header.participating_units)
        participating = [self._header_unit(entity, directory, t) for t in participating_texts]

        plan = Plan.objects.create(
            entity=entity,
            plan_type=plan_type,
            year=year,
            title=title,
            followup_scheme=scheme_for(entity, plan_type),
            process=document.header.process,
            subprocess=document.header.subprocess,
            objective=document.header.objective,
            scope=document.header.scope,
            formulating_unit=formulating,
            formulating_unit_text=document.header.formulating_unit,
            participating_units_text=participating_texts,
            plan_date=document.header.plan_date,
            doc_code=document.control.code,
            doc_version=document.control.version,
            doc_approval_date=document.control.approval_date,
            source_name=document.source[:300],
        )
        plan.participating_units.set([unit for unit in participating if unit])
        audit.record(
            "plan.imported",
            plan,
            by=self.by,
            after=audit.snapshot(plan),
            entity_id=entity.pk,
            plan_id=plan.pk,
            reason=f"Importado de {document.source}",
        )
        self._review(plan, self._activities(plan, entity, directory))
        self.resolutions.extend(document.notes)
        return ImportResult(
            plan=plan,
            activities=len(document.rows),
            warnings=self.warnings,
            resolutions=self.resolutions,
        )

    # -- entity, vigencia and type ------------------------------------------------------------

    def _entity(self, entity: Entity | None) -> Entity:
        control, footer = self.document.control, self._checked_footer(self.document.footer)
        if entity is not None:
            if control.nit and control.nit != entity.nit:
                raise ImportFileError(
                    f"El NIT del documento ({control.nit}) no coincide con el de la entidad "
                    f"indicada, {entity.name} ({entity.nit})."
                )
        elif not control.nit:
            raise ImportFileError(
                "El documento no trae el NIT de la entidad; indíquela con --entity NIT."
            )
        else:
            entity = Entity.objects.filter(nit=control.nit).first()
            if entity is None:
                try:
                    parse_nit(control.nit)
                except InvalidNit as exc:
                    raise ImportFileError(str(exc)) from exc
                entity = organization.create_entity(
                    name=control.entity_name or f"Entidad NIT {control.nit}",
                    nit=control.nit,
                    municipality=control.municipality,
                    department=control.department,
                    website=footer.website,
                    address=footer.address,
                    postal_code=footer.postal_code,
                    by=self.by,
                )
                self.warnings.append(
                    f"Se creó la entidad «{entity.name}» (NIT {entity.nit_formatted}), "
                    "que no existía."
                )
                return entity
        missing = {
            name: value
            for name, value in (
                ("website", footer.website),
                ("address", footer.address),
                ("postal_code", footer.postal_code),
                ("municipality", control.municipality),
                ("department", control.department),
            )
            if value and not getattr(entity, name)
        }
        if missing:
            organization.update_entity(entity, by=self.by, **missing)
        return entity

    def _stated_year(self) -> int | None:
        if self.document.year:
            self.resolutions.append(f"Vigencia {self.document.year} (como la dice el archivo).")
        return self.document.year

    def _year(self) -> int:
        plan_date = self.document.header.plan_date
        if plan_date is None:
            raise ImportFileError(
                "El documento no trae FECHA DEL PLAN; indique la vigencia con --year."
            )
        if plan_date.month >= FORMULATION_QUARTER_START:
            year = plan_date.year + 1
            self.warnings.append(
                f"Vigencia {year} deducida de la fecha del plan ({long_date(plan_date)}): un plan "
                f"fechado en el último trimestre se formula para el año siguiente. Si no es así, "
                f"importe con --year {plan_date.year}."
            )
        else:
            year = plan_date.year
            self.warnings.append(
                f"Vigencia {year} tomada de la fecha del plan ({long_date(plan_date)})."
            )
        return year

    def _checked_footer(self, footer):
        """The footer, without a website the directory would refuse (a warning says so)."""
        if footer.website:
            try:
                validate_website(footer.website)
            except ValidationError:
                self.warnings.append(
                    f"El sitio web del pie de página («{footer.website}») no es una dirección "
                    "web; no se guardó en la entidad."
                )
                return dataclasses.replace(footer, website="")
        return footer

    def _check_dates(self, year: int) -> None:
        """Refuse the document, naming the field and its place, when a date of its header is
        outside what the vigencia allows (plans.values)."""
        document = self.document
        problems = values.plan_date_problems(
            year, document.header.plan_date, document.control.approval_date
        )
        if problems:
            place = document.places.get(READ_AS[problems[0].field])
            raise ImportFileError(problems[0].message, place or Location(document.source))

    def _plan_type(self) -> PlanType:
        header = self.document.header
        code = self.document.plan_type_code
        coded = PlanType.objects.filter(is_active=True, code=code).first() if code else None
        if coded:
            self.resolutions.append(f"Tipo de plan: {coded.name} (código «{code}» del archivo).")
            return coded
        if header.plan_type:
            named = next(
                (
                    plan_type
                    for plan_type in PlanType.objects.filter(is_active=True)
                    if _plain(plan_type.name) == _plain(header.plan_type)
                ),
                None,
            )
            if named:
                self.resolutions.append(f"Tipo de plan: {named.name} (como lo dice el documento).")
                return named
        text = _plain(" ".join([header.title, header.objective, header.scope, header.process]))
        for plan_type in PlanType.objects.filter(is_active=True):
            keywords = [_plain(k) for k in plan_type.keywords.split(",") if k.strip()]
            if any(keyword and keyword in text for keyword in keywords):
                self.resolutions.append(
                    f"Tipo de plan: {plan_type.name} (reconocido en el objetivo del documento)."
                )
                return plan_type
        codes = ", ".join(PlanType.objects.filter(is_active=True).values_list("code", flat=True))
        raise ImportFileError(
            "No se reconoció el tipo de plan en el documento; indíquelo con --type "
            f"(uno de: {codes})."
        )

    # -- dependencias -------------------------------------------------------------------------

    def _header_unit(self, entity: Entity, directory: Directory, written: str) -> Unit | None:
        """A dependencia named in the header: matched, or created because the document names it."""
        if not written.strip():
            return None
        match = directory.match(written)
        if match.resolved:
            self.resolutions.append(f"Encabezado: {match.describe()}.")
            return Unit.objects.get(pk=match.candidate.unit_id)
        unit = organization.create_unit(
            entity, written, by=self.by, is_whole_entity=is_whole_entity_name(written)
        )
        organization.add_to_directory(directory, unit)
        self.warnings.append(
            f"Se creó la dependencia «{unit.name}», nombrada en el encabezado y ausente del "
            "directorio de la entidad."
        )
        return unit

    def _whole_entity_unit(self, entity: Entity, directory: Directory, written: str) -> None:
        if directory.whole_entity is None:
            unit = organization.create_unit(entity, written, by=self.by, is_whole_entity=True)
            organization.add_to_directory(directory, unit)
            self.warnings.append(
                f"Se creó «{unit.name}» como responsable de toda la entidad: su seguimiento lo "
                "coordina Planeación."
            )

    def _activities(self, plan: Plan, entity: Entity, directory: Directory) -> list[ReviewItem]:
        """Stores the activities, their tasks, dependencias and follow-up; returns what the
        review needs of each, from what was just stored."""
        rows = self.document.rows
        for row in rows:
            for written in split_unit_names(row.responsible_text):
                if is_whole_entity_name(written):
                    self._whole_entity_unit(entity, directory, written)

        activities = Activity.objects.bulk_create(
            self._activity(plan, index, row) for index, row in enumerate(rows, start=1)
        )
        tasks: dict[int, list[str]] = {}
        followed: dict[int, list[tuple[int, str]]] = {}
        unit_ids: dict[int, list[int]] = defaultdict(list)
        task_objects, through_objects, reports, stated = [], [], [], []
        through = Activity.responsible_units.through
        for activity, row in zip(activities, rows, strict=True):
            tasks[activity.pk] = [t for t in row.tasks if t.strip()]
            task_objects += [
                Task(activity=activity, position=i, description=text)
                for i, text in enumerate(tasks[activity.pk], start=1)
            ]
            for match in directory.match_all(row.responsible_text):
                where = _where(row)
                if match.resolved:
                    self.resolutions.append(f"Actividad {row.number}: {match.describe()}.")
                    if match.candidate.unit_id not in unit_ids[activity.pk]:
                        unit_ids[activity.pk].append(match.candidate.unit_id)
                        through_objects.append(
                            through(activity_id=activity.pk, unit_id=match.candidate.unit_id)
                        )
                else:
                    self.warnings.append(
                        f"Actividad {row.number}{where}: el responsable «{match.written}» no "
                        "corresponde a ninguna dependencia del directorio; quedó como está escrito."
                    )
            followed[activity.pk] = sorted(row.followup.items())
            if row.reports:
                stated += self._reports(activity, row)
            else:
                reports += [(activity.pk, period, text) for period, text in followed[activity.pk]]
        Task.objects.bulk_create(task_objects)
        through.objects.bulk_create(through_objects)
        Report.objects.bulk_create(stated)
        # The follow-up the format already holds: validated results, as the model's default.
        # The format's own SEGUIMIENTO cells are the entity's record: validated as they stand.
        insert_alike(
            Report,
            ["activity_id", "period", "result_text"],
            reports,
            status=Report.Status.VALIDATED,
        )

        # One entry per activity, holding what the row brought: its tasks, dependencias and
        # follow-up texts. The reports are part of the row, not changes of their own; an entry
        # for each of them doubled the cost of importing a plan with its follow-up.
        audit.record_created(
            "plan.activity.created",
            activities,
            by=self.by,
            entity_id=plan.entity_id,
            plan_id=plan.pk,
            after=lambda activity: (
                audit.snapshot(activity, exclude=["responsible_units"])
                | {
                    "tasks": tasks[activity.pk],
                    "responsible_units": unit_ids[activity.pk],
                    "followup": {str(period): text for period, text in followed[activity.pk]},
                }
            ),
        )
        return [(a, tasks[a.pk], len(unit_ids[a.pk])) for a in activities]

    def _activity(self, plan: Plan, position: int, row: ActivityRow) -> Activity:
        """The activity of a row, with what the file states of it (our own exports state
        everything) and the model's defaults for the rest."""
        indicator = values.Indicator(
            row.indicator_type or Activity.IndicatorType.COUNT,
            bool(row.indicator_over_100),
            bool(row.indicator_negative),
        )
        return Activity(
            plan=plan,
            number=row.number,
            position=position,
            description=row.description,
            months=self._months(row, plan.year),
            start_date=row.start_date,
            end_date=row.end_date,
            deliverables=row.deliverables,
            indicator_formula=row.indicator_formula,
            indicator_type=indicator.kind,
            indicator_unit=row.indicator_unit[:100],
            indicator_over_100=indicator.over_100,
            indicator_negative=indicator.negative,
            indicator_target=self._number(row, row.indicator_target, "target", indicator),
            indicator_baseline=self._number(row, row.indicator_baseline, "baseline", indicator),
            period_targets=self._period_targets(row, indicator),
            indicator_result=row.indicator_result,
            responsible_text=row.responsible_text,
            weight=self._weight(row),
            observations=row.observations,
            extra=row.extra,
        )

    def _weight(self, row: ActivityRow) -> Decimal:
        if row.weight is None:
            return Decimal(1)
        if not Decimal(0) <= row.weight < WEIGHT_LIMIT:
            raise ImportFileError(
                f"la ponderación «{row.weight}» debe estar entre 0 y {WEIGHT_LIMIT - 1}.",
                row.location,
            )
        return row.weight.quantize(values.CENT, rounding=ROUND_HALF_UP)

    def _period_targets(self, row: ActivityRow, indicator: values.Indicator) -> dict[str, str]:
        targets = {str(n): str(t) for n, t in sorted(row.period_targets.items())}
        problems = values.target_problems(indicator, period_targets=targets)
        if problems:
            raise ImportFileError(problems[0].message, row.location)
        return targets

    def _reports(self, activity: Activity, row: ActivityRow) -> list[Report]:
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

    def _number(
        self,
        row: ActivityRow,
        written: str,
        what: str,
        indicator: values.Indicator | None = None,
    ) -> Decimal | None:
        """A target or baseline (``what``) written as 4, 4,5, 50 % or 0.5, rounded to the
        column's two decimals as the database would; text, and a number the indicator does not
        allow (plans.values), are reported and left out."""
        text = written.strip().replace("%", "").replace(" ", "")
        if "," in text and "." in text:  # 1.234,5 as Colombians write it
            text = text.replace(".", "")
        text = text.replace(",", ".")
        if not text:
            return None
        where = f"Actividad {row.number}{_where(row)}"
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.warnings.append(
                f"{where}: la {NUMBER_NAMES[what]} «{written}» no es un número; se dejó vacía."
            )
            return None
        if number.is_finite() and number.copy_abs() < values.COLUMN_LIMIT:
            number = number.quantize(values.CENT, rounding=ROUND_HALF_UP)
        problems = values.target_problems(indicator or values.Indicator(), **{what: number})
        if problems:
            self.warnings.append(
                f"{where}: «{written}» no se tomó. {problems[0].message} Se dejó vacía."
            )
            return None
        return number

    def _months(self, row: ActivityRow, year: int) -> list[int]:
        """The month grid, or the months between the start and end dates when there is none."""
        if row.months or row.months_stated or not (row.start_date and row.end_date):
            return sorted(set(row.months))
        try:
            months = months_between(row.start_date, row.end_date, year)
        except ScheduleError as exc:
            self.warnings.append(
                f"Actividad {row.number}{_where(row)}: {exc} No se programaron meses."
            )
            return []
        self.resolutions.append(
            f"Actividad {row.number}: meses {', '.join(map(str, months))} deducidos de las "
            f"fechas de inicio y fin."
        )
        return months

    # -- what a planner should fix ------------------------------------------------------------

    def _review(self, plan: Plan, activities: list[ReviewItem]) -> None:
        """What a planner should fix, by the rules of the review before submission."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for problem in review_activities(plan, activities):
            if problem.activity_number is None:
                self.warnings.append(problem.message)
            else:
                grouped[problem.message.rstrip(".")].append(str(problem.activity_number))
        for message, numbers in grouped.items():
            self.warnings.append(f"{message}: actividades {', '.join(numbers)}.")


def _where(row: ActivityRow) -> str:
    return f" ({row.location.place})" if row.location and row.location.place else ""


def _plain(text: str) -> str:
    return " ".join(strip_accents(text.lower()).split())
