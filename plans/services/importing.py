"""Writes to plans. Each function runs in one transaction and writes its audit entries."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError

from audit import services as audit
from core.dates import long_date
from core.text import fold
from formats.document import ActivityRow, ImportFileError, Location, PlanDocument
from formats.text import WrittenNumber, normalize, parse_number
from organization import services as organization
from organization.directory import Directory, is_whole_entity_name, split_unit_names
from organization.models import Entity, Unit, validate_website
from organization.nit import InvalidNit, parse_nit
from plans import values
from plans.models import Activity, Plan, PlanType, Task, scheme_for
from plans.schedule import ScheduleError, months_between
from plans.selectors import ReviewItem, review_activities
from plans.services import mipg

# The reader's name of each plan date a refusal names (plans.values names the model's fields).
READ_AS = {"plan_date": "plan_date", "doc_approval_date": "approval_date"}
NUMBER_NAMES = {"target": "meta", "baseline": "línea base"}
WEIGHT_LIMIT = Decimal(100_000)  # the weight column's seven digits, two of them decimals

# What an import may lack or guess, so each caller words the remedy for its audience: the command
# names its flags, the upload form its fields (ImportFileError.code, ImportResult.guessed).
ENTITY, YEAR, PLAN_TYPE, EXISTS = "entity", "year", "plan_type", "exists"
# The catalogue's generic type: a plan whose type the document does not name.
GENERIC_TYPE = "plan-accion"

# A plan dated in the last quarter is being formulated for the next vigencia (docs/domain.md: the
# Oficina de Planeación drafts plans in Q4 of the previous year).
FORMULATION_QUARTER_START = 10


@dataclass
class ImportResult:
    plan: Plan | None
    activities: int
    warnings: list[str] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    dry_run: bool = False
    # What the importer guessed and the importer's caller may set instead: YEAR -> the other
    # likely vigencia, PLAN_TYPE -> the generic type's code.
    guessed: dict[str, Any] = field(default_factory=dict)
    # Each activity with the row it was read from, for the follow-up the row brings (its
    # SEGUIMIENTO texts, or the reports our own export states): followup.importing writes it.
    followup: list[tuple[Activity, ActivityRow]] = field(default_factory=list, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan.pk if self.plan and not self.dry_run else None,
            "activities": self.activities,
            "warnings": self.warnings,
            "resolutions": self.resolutions,
            "dry_run": self.dry_run,
        }


def import_content(
    document: PlanDocument,
    *,
    entity: Entity | None = None,
    year: int | None = None,
    plan_type: PlanType | None = None,
    by: Any = None,
    nit_may_differ: bool = False,
) -> ImportResult:
    """Save a read document as a new plan: the plan's side of an import, inside the caller's
    transaction (followup.importing.import_plan is the whole import, with the follow-up the
    document brings, all or nothing and with its dry run).

    Resolves the entity (by NIT, created if missing), the vigencia, the plan type and every
    dependencia the document names, and reports what it matched and what a planner should fix.
    ``nit_may_differ``: ``entity`` is the importer's own (a planner's), so a document naming
    another NIT is imported into it with a warning instead of refused. Refusals carry a ``code``
    (ENTITY, YEAR, PLAN_TYPE, EXISTS) and no remedy: the caller adds its own, as it does for
    what ``ImportResult.guessed`` lists.
    """
    return _Importer(document, by=by, nit_may_differ=nit_may_differ).run(
        entity=entity, year=year, plan_type=plan_type
    )


class _Importer:
    def __init__(self, document: PlanDocument, *, by: Any, nit_may_differ: bool = False):
        self.document = document
        self.by = by
        self.nit_may_differ = nit_may_differ
        self.warnings: list[str] = []
        self.resolutions: list[str] = []
        self.guessed: dict[str, Any] = {}
        self.followup: list[tuple[Activity, ActivityRow]] = []

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
                f"(id {existing.first().pk}).",
                code=EXISTS,
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
            signoff=[dataclasses.asdict(s) for s in document.footer.signatures],
        )
        plan.participating_units.set([unit for unit in participating if unit])
        audit.record(
            "plans.plan.imported",
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
            guessed=self.guessed,
            followup=self.followup,
        )

    # -- entity, vigencia and type ------------------------------------------------------------

    def _entity(self, entity: Entity | None) -> Entity:
        control, footer = self.document.control, self._checked_footer(self.document.footer)
        if entity is not None:
            if control.nit and control.nit != entity.nit:
                if not self.nit_may_differ:
                    raise ImportFileError(
                        f"El NIT del documento ({control.nit}) no coincide con el de la entidad "
                        f"indicada, {entity.name} ({entity.nit}).",
                        code=ENTITY,
                    )
                self.warnings.append(
                    f"El documento es de otra entidad (NIT {parse_nit(control.nit).formatted}"
                    f"{f', {control.entity_name}' if control.entity_name else ''}): el plan "
                    f"se importa en {entity.name} (NIT {entity.nit_formatted}) y no se tomó "
                    "nada del documento para sus datos."
                )
                return entity
        elif not control.nit:
            raise ImportFileError("El documento no trae el NIT de la entidad.", code=ENTITY)
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
        """The vigencia the document states, else the one its date implies (ADR 0004)."""
        header = self.document.header
        if header.year is not None:
            place = self.document.places.get("year")
            where = f", {place.place}" if place and place.place else ""
            self.resolutions.append(
                f"Vigencia {header.year} (como la dice el documento: «{header.year_written}»"
                f"{where})."
            )
            return header.year
        plan_date = header.plan_date
        if plan_date is None:
            raise ImportFileError(
                "El documento no dice su vigencia (VIGENCIA, AÑO o el año en el título) ni trae "
                "FECHA DEL PLAN.",
                code=YEAR,
            )
        if plan_date.month >= FORMULATION_QUARTER_START:
            year = plan_date.year + 1
            self.guessed[YEAR] = plan_date.year
            self.warnings.append(
                f"Vigencia {year} deducida de la fecha del plan ({long_date(plan_date)}): un plan "
                f"fechado en el último trimestre se formula para el año siguiente. Si es de "
                f"{plan_date.year}, indique esa vigencia al importar."
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
        """The type the document names (TIPO DE PLAN), else the catalogue type whose name or
        keywords its titles, then its plan name, objective, scope or process say (the longest
        keyword wins), else the generic «Plan de acción» with a warning."""
        header = self.document.header
        active = list(PlanType.objects.filter(is_active=True))
        code = self.document.plan_type_code
        coded = next((t for t in active if t.code == code), None) if code else None
        if coded:
            self.resolutions.append(f"Tipo de plan: {coded.name} (código «{code}» del archivo).")
            return coded
        if header.plan_type:
            written = fold(header.plan_type)
            named = next(
                (t for t in active if written in {fold(t.name), fold(t.code)}), None
            ) or _best_match(active, written)
            if named:
                self.resolutions.append(f"Tipo de plan: {named.name} (como lo dice el documento).")
                return named
        for where, texts in (
            ("el título del documento", header.titles),
            ("el nombre del plan", [header.title]),
            ("el objetivo del documento", [header.objective, header.scope, header.process]),
        ):
            found = _best_match(active, fold(" ".join(texts)))
            if found:
                self.resolutions.append(f"Tipo de plan: {found.name} (reconocido en {where}).")
                return found
        generic = next((t for t in active if t.code == GENERIC_TYPE), None)
        if generic is None:
            raise ImportFileError(
                "No se reconoció el tipo de plan en el documento.", code=PLAN_TYPE
            )
        self.guessed[PLAN_TYPE] = generic.code
        self.warnings.append(
            f"No se reconoció el tipo de plan en el documento: se importa como «{generic.name}». "
            "Si es uno del catálogo (Decreto 612 de 2018 y otros), indíquelo al importar."
        )
        return generic

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
        """Stores the activities, their tasks and dependencias (``self.followup`` keeps each
        with its row, for the follow-up it brings); returns what the review needs of each, from
        what was just stored."""
        rows = self.document.rows
        policies = self._mipg_policies()  # first: an unknown name stops the import
        for row in rows:
            for written in split_unit_names(row.responsible_text):
                if is_whole_entity_name(written):
                    self._whole_entity_unit(entity, directory, written)

        activities = Activity.objects.bulk_create(
            self._activity(plan, index, row, target, baseline)
            for index, (row, target, baseline) in enumerate(
                zip(
                    rows,
                    self._numbers(rows, "indicator_target", "target"),
                    self._numbers(rows, "indicator_baseline", "baseline"),
                    strict=True,
                ),
                start=1,
            )
        )
        tasks: dict[int, list[str]] = {}
        followed: dict[int, list[tuple[int, str]]] = {}
        unit_ids: dict[int, list[int]] = defaultdict(list)
        task_objects, through_objects = [], []
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
        self.followup = list(zip(activities, rows, strict=True))
        policies_of = {a.pk: ids for a, ids in zip(activities, policies, strict=True)}
        Task.objects.bulk_create(task_objects)
        through.objects.bulk_create(through_objects)
        tags = Activity.mipg_policies.through
        tags.objects.bulk_create(
            tags(activity_id=activity.pk, mipgpolicy_id=policy_id)
            for activity, ids in zip(activities, policies, strict=True)
            for policy_id in ids
        )
        # One entry per activity, holding what the row brought: its tasks, dependencias and
        # follow-up texts. The reports are part of the row, not changes of their own; an entry
        # for each of them doubled the cost of importing a plan with its follow-up.
        audit.record_created(
            "plans.activity.created",
            activities,
            by=self.by,
            entity_id=plan.entity_id,
            plan_id=plan.pk,
            after=lambda activity: (
                # Its many-to-many links come from the rows, not a query per activity.
                audit.snapshot(activity, exclude=["responsible_units", "mipg_policies"])
                | {
                    "tasks": tasks[activity.pk],
                    "responsible_units": unit_ids[activity.pk],
                    "mipg_policies": policies_of[activity.pk],
                    "followup": {str(period): text for period, text in followed[activity.pk]},
                }
            ),
        )
        return [(a, tasks[a.pk], len(unit_ids[a.pk])) for a in activities]

    def _activity(
        self,
        plan: Plan,
        position: int,
        row: ActivityRow,
        target: Decimal | None,
        baseline: Decimal | None,
    ) -> Activity:
        """The activity of a row, with what the file states of it (our own exports state
        everything) and the model's defaults for the rest; its target and baseline as read
        with the rest of their column (``_numbers``)."""
        indicator = _indicator(row)
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
            indicator_target=target,
            indicator_baseline=baseline,
            period_targets=self._period_targets(row, indicator),
            indicator_result=row.indicator_result,
            responsible_text=row.responsible_text,
            weight=self._weight(row),
            observations=row.observations,
            extra=row.extra,
            **self._budget(row),
        )

    def _budget(self, row: ActivityRow) -> dict[str, Any]:
        """The row's budget columns: the BPIN (digits; dashes and spaces between them are
        dropped), the rubro, the fuente and the apropiación written as Colombians write money
        («$ 12.500.000», «12.500.000,50»), refused naming the cell."""
        bpin = re.sub(r"[\s.-]", "", row.bpin.strip())
        try:
            values.validate_bpin(bpin)
        except ValidationError as exc:
            raise ImportFileError(
                f"«{row.bpin.strip()}» no es un código BPIN. {exc.messages[0]}",
                self._location(row, "bpin"),
            ) from None
        found: dict[str, Any] = {
            "bpin": bpin,
            "budget_item": row.budget_item.strip()[:120],
            "funding_source": row.funding_source.strip()[:200],
            "appropriation": None,
        }
        written = row.appropriation.strip()
        if written:
            try:
                number = parse_number(written)
            except ValueError as exc:
                raise ImportFileError(
                    f"Apropiación: {exc} Escríbala en pesos, como 12.500.000 o 12.500.000,50.",
                    self._location(row, "appropriation"),
                ) from None
            problems = (
                [values.Problem("appropriation", "Apropiación: es un porcentaje, no pesos.")]
                if number.percent
                else values.budget_problems(appropriation=number.value)
            )
            if problems:
                raise ImportFileError(
                    f"«{written}»: {problems[0].message}", self._location(row, "appropriation")
                )
            found["appropriation"] = number.value
        return found

    def _location(self, row: ActivityRow, field: str) -> Location | None:
        """The cell of a row's field: file, sheet, row and column."""
        column, label = self._column(field)
        if row.location is None or column is None:
            return row.location
        return dataclasses.replace(row.location, column=column, column_name=label)

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

    def _numbers(self, rows: list[ActivityRow], field: str, what: str) -> list[Decimal | None]:
        """A column of targets or baselines (``what``), each cell read by
        formats.text.parse_number; the column decides what one cell cannot. «1.200» in a column
        that also uses the dot as decimal mark («2.5») is ambiguous: it stays 1200 and a warning
        names the cell. In a column of percentages (its header, or some cell, says %), values
        written as fractions («0,5» for 50 %) become percentages when every bare value is one,
        and get a warning when the column mixes them with whole percentages."""
        readings: list[WrittenNumber | None] = []
        for row in rows:
            written = getattr(row, field).strip()
            reading = None
            if written:
                try:
                    reading = parse_number(written)
                except ValueError:
                    self.warnings.append(
                        f"{self._cell(row, field)}: la {NUMBER_NAMES[what]} «{written}» no es un "
                        "número; se dejó vacía."
                    )
            readings.append(reading)
        label = self._column(field)[1]
        read = [(row, reading) for row, reading in zip(rows, readings, strict=True) if reading]
        point = next((row for row, reading in read if reading.decimal_point), None)
        if point is not None:
            for row, reading in read:
                if reading.thousands:
                    self.warnings.append(
                        f"{self._cell(row, field)}: «{getattr(row, field).strip()}» se leyó como "
                        f"{_shown(reading.value)} (el punto separa los miles), pero la misma "
                        f"columna usa el punto como separador decimal (actividad {point.number}: "
                        f"«{getattr(point, field).strip()}»). Revise cuál de los dos es."
                    )
        bare = [reading for _row, reading in read if not reading.percent]
        written_percent = len(bare) < len(read)
        percent_column = "%" in label or "porcentaje" in normalize(label) or written_percent
        fractions = percent_column and any(0 < r.value < 1 for r in bare)
        # Only a column that says % in its header alone and holds nothing above 1 is one of
        # fractions; beside «80 %», «0,5» may be either.
        scale = fractions and not written_percent and all(0 <= r.value <= 1 for r in bare)
        if scale:
            self.resolutions.append(
                f"{NUMBER_NAMES[what].capitalize()}: la columna «{label or field}» es de "
                "porcentajes escritos como fracción (0,5 es 50 %); se multiplicaron por 100."
            )
        elif fractions:
            for row, reading in read:
                if not reading.percent and 0 < reading.value < 1:
                    self.warnings.append(
                        f"{self._cell(row, field)}: «{getattr(row, field).strip()}» se tomó como "
                        f"{_shown(reading.value)} % en una columna de porcentajes; si es una "
                        f"fracción ({_shown(reading.value)} = {_shown(reading.value * 100)} %), "
                        "corríjalo."
                    )
        return [
            None
            if reading is None
            else self._checked(
                row,
                getattr(row, field),
                reading.value * 100 if scale and not reading.percent else reading.value,
                what,
            )
            for row, reading in zip(rows, readings, strict=True)
        ]

    def _checked(self, row: ActivityRow, written: str, number: Decimal, what: str):
        """A number rounded to the column's two decimals as the database would; one the
        indicator does not allow (plans.values) is reported and left out."""
        if number.is_finite() and number.copy_abs() < values.COLUMN_LIMIT:
            number = number.quantize(values.CENT, rounding=ROUND_HALF_UP)
        problems = values.target_problems(_indicator(row), **{what: number})
        if problems:
            self.warnings.append(
                f"Actividad {row.number}{_where(row)}: «{written.strip()}» no se tomó. "
                f"{problems[0].message} Se dejó vacía."
            )
            return None
        return number

    def _mipg_policies(self) -> list[list[int]]:
        """Each row's MIPG policies (ids), named as in the catalogue (accents, case and spacing
        aside) and separated by «;» or lines; a «Dimensión MIPG» cell must name a dimension.
        An unknown name stops the import, naming its file, row and column."""
        finder = mipg.CatalogueFinder()
        found = []
        for row in self.document.rows:
            written = row.mipg_dimension_text.strip()
            if written and finder.dimension(written) is None:
                raise ImportFileError(
                    f"Actividad {row.number}: «{written}» no es una dimensión de MIPG del "
                    f"catálogo ({finder.dimension_names()}).",
                    self._place(row, "mipg_dimension_text"),
                )
            ids: list[int] = []
            for name in (n.strip() for n in re.split(r"[;\n]", row.mipg_text)):
                policy = finder.policy(name) if name else None
                if name and policy is None:
                    raise ImportFileError(
                        f"Actividad {row.number}: «{name}» no es una política de MIPG del "
                        "catálogo. Escríbala como en el catálogo (p. ej. «Control Interno»), "
                        "separe varias con «;», o deje la celda vacía para que tome las del plan.",
                        self._place(row, "mipg_text"),
                    )
                if policy is not None and policy.pk not in ids:
                    ids.append(policy.pk)
            found.append(ids)
        return found

    def _place(self, row: ActivityRow, field: str) -> Location:
        """The file's cell of a row's field (the row, when the column is not known)."""
        column, label = self._column(field)
        location = row.location or Location(self.document.source)
        if column is None:
            return location
        return dataclasses.replace(location, column=column, column_name=label)

    def _column(self, field: str) -> tuple[int | None, str]:
        """The (1-based) position and label of the table's column mapped to ``field``."""
        for index, (label, mapped) in enumerate(self.document.mapping, start=1):
            if mapped == field:
                return index, label
        return None, ""

    def _cell(self, row: ActivityRow, field: str) -> str:
        """«Actividad 3 (hoja «Plan», fila 9, columna 5 (META))»: the cell of a row's field."""
        cell = self._location(row, field)
        if cell is None or cell.column is None:
            return f"Actividad {row.number}{_where(row)}"
        return f"Actividad {row.number} ({cell.place})"

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


def _indicator(row: ActivityRow) -> values.Indicator:
    """The indicator a row states (our own exports state it), else the model's default."""
    return values.Indicator(
        row.indicator_type or Activity.IndicatorType.COUNT,
        bool(row.indicator_over_100),
        bool(row.indicator_negative),
    )


def _where(row: ActivityRow) -> str:
    return f" ({row.location.place})" if row.location and row.location.place else ""


def _shown(number: Decimal) -> str:
    """A number as Colombians write it: 1.200, 2,5."""
    whole, _, fraction = f"{number:f}".partition(".")
    negative = whole.startswith("-")
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    shown = ("-" if negative else "") + ".".join(groups or ["0"])
    return f"{shown},{fraction}" if fraction.strip("0") else shown


def _best_match(types: list[PlanType], text: str) -> PlanType | None:
    """The type whose name or one of whose keywords the text says, as whole words; the longest
    match wins («plan de acción institucional» over «talento humano»)."""
    best, longest = None, 0
    for plan_type in types:
        if plan_type.code == GENERIC_TYPE:  # the fallback, never recognised
            continue
        phrases = [fold(plan_type.name), *(fold(k) for k in plan_type.keywords.split(","))]
        for phrase in phrases:
            if len(phrase) > longest and re.search(rf"\b{re.escape(phrase)}\b", text):
                best, longest = plan_type, len(phrase)
    return best
