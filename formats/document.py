"""The neutral plan structure every reader yields and the importer consumes.

Readers know file formats, not the database: they turn a file into a ``PlanDocument`` whose
values are already typed (dates, integers, month numbers) and whose every value remembers where
it came from, so the importer can report problems by sheet, line and column.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Location:
    """Where a value sits in the source file. ``line`` and ``column`` are 1-based."""

    source: str
    line: int | None = None
    column: int | None = None
    column_name: str = ""
    sheet: str = ""

    def __str__(self) -> str:
        return ", ".join(filter(None, [self.source, self.place]))

    @property
    def place(self) -> str:
        """Where in the file, without its name: "hoja «Plan», fila 16, columna 7 (MES 4)"."""
        parts = []
        if self.sheet:
            parts.append(f"hoja «{self.sheet}»")
        if self.line is not None:
            parts.append(f"{'fila' if self.sheet else 'línea'} {self.line}")
        if self.column is not None:
            label = f"columna {self.column}"
            if self.column_name:
                label += f" ({self.column_name})"
            parts.append(label)
        return ", ".join(parts)


class ImportFileError(Exception):
    """A file that cannot be read as a plan. The message is Spanish and names the place."""

    def __init__(self, message: str, location: Location | None = None, *, code: str = ""):
        self.message = message
        self.location = location
        # What the importer lacked, so each caller words the remedy for its audience (a
        # command-line flag, a field of the upload form): plans.services.importing's codes.
        self.code = code
        super().__init__(f"{location}: {message}" if location else message)


@dataclass
class DocumentControl:
    """The format's control block (the Word header): entity, NIT, code, version, approval date."""

    entity_name: str = ""
    municipality: str = ""
    department: str = ""
    nit: str = ""  # normalised as digits, hyphen, check digit: "891900493-2"
    page: str = ""
    code: str = ""
    version: int | None = None
    approval_date: datetime.date | None = None


@dataclass
class PlanHeader:
    process: str = ""
    subprocess: str = ""
    objective: str = ""
    scope: str = ""
    formulating_unit: str = ""
    plan_date: datetime.date | None = None
    participating_units: str = ""  # as written; the importer splits and resolves it
    title: str = ""
    plan_type: str = ""  # the type's name as written ("TIPO DE PLAN")
    year: int | None = None  # the vigencia the document states («VIGENCIA 2025», a title's year)
    year_written: str = ""  # the line it was read from
    titles: list[str] = field(default_factory=list)  # title lines («PLAN DE ACCIÓN 2026»)


@dataclass
class Signature:
    """One line of the sign-off block: «Elaboró: Ana Gómez, Profesional Universitaria»."""

    role: str  # Elaboró, Revisó, Aprobó...
    name: str = ""
    position: str = ""


@dataclass
class Footer:
    website: str = ""
    address: str = ""
    postal_code: str = ""
    signatures: list[Signature] = field(default_factory=list)


@dataclass
class FollowupEntry:
    """A period's follow-up as planaccion's own export carries it: state and reported values."""

    status: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    delivered: bool | None = None


@dataclass
class ActivityRow:
    """One row of the activities table, values as written (trimmed) except where typed."""

    number: int
    description: str
    tasks: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    deliverables: str = ""
    indicator_formula: str = ""
    indicator_target: str = ""
    # «Meta 2026» columns by year: the importer takes the vigencia's as the target.
    yearly_targets: dict[int, str] = field(default_factory=dict)
    indicator_baseline: str = ""
    indicator_result: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    responsible_text: str = ""
    followup: dict[int, str] = field(default_factory=dict)  # period number -> cell text
    observations: str = ""
    # MIPG policies and dimension as written («; » between policies); the importer resolves them.
    mipg_text: str = ""
    mipg_dimension_text: str = ""
    # Budget (issue 22), as written: «$ 12.500.000», a BPIN code, a rubro, a fuente.
    bpin: str = ""
    budget_item: str = ""
    funding_source: str = ""
    appropriation: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # columns the reader did not know
    location: Location | None = None
    # What only planaccion's own exports carry; None where the file says nothing of it.
    months_stated: bool = False  # no months means none, not "deduce them from the dates"
    weight: Decimal | None = None
    indicator_type: str = ""
    indicator_unit: str = ""
    indicator_over_100: bool | None = None
    indicator_negative: bool | None = None
    period_targets: dict[int, Decimal] = field(default_factory=dict)
    reports: dict[int, FollowupEntry] = field(default_factory=dict)  # period number -> entry


@dataclass
class PlanDocument:
    source: str
    control: DocumentControl = field(default_factory=DocumentControl)
    header: PlanHeader = field(default_factory=PlanHeader)
    footer: Footer = field(default_factory=Footer)
    rows: list[ActivityRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the table's column labels, in order
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (column label, field)
    notes: list[str] = field(default_factory=list)  # what the reader derived or noticed
    # Where each header and control field was read ("plan_date", "approval_date"...), so the
    # importer can name the place of a value it refuses.
    places: dict[str, Location] = field(default_factory=dict)
    # The vigencia and the catalogue code of the plan type, when the file states them (our own
    # exports do); the importer then uses them rather than deduce them.
    year: int | None = None
    plan_type_code: str = ""

    def settle_targets(self, year: int) -> list[str]:
        """Take the target of a «Meta <year>» column for the vigencia, once it is known (the
        header, the plan date or the planner says it): it comes before a plain «Meta» column,
        and the other columns' targets are kept as extra fields under their labels. The mapping
        then says where each went. Returns what was decided, for the import's notes."""
        yearly = {
            int(key): label
            for label, target, _, key in (
                (label, *field.partition(":")) for label, field in self.mapping
            )
            if target == "indicator_target" and key
        }
        if not yearly:
            return []
        plain = next((label for label, field in self.mapping if field == "indicator_target"), "")
        chosen = yearly.get(year)
        for row in self.rows:
            for other, value in row.yearly_targets.items():
                if other != year:
                    row.extra[yearly[other]] = value
            if chosen:
                if row.indicator_target:
                    row.extra[plain] = row.indicator_target
                row.indicator_target = row.yearly_targets.get(year, "")
            row.yearly_targets = {}

        def settled(label: str, field: str) -> str:
            if field.startswith("indicator_target:"):
                return "indicator_target" if label == chosen else f"extra:{label}"
            return f"extra:{label}" if chosen and field == "indicator_target" else field

        self.mapping = [(label, settled(label, field)) for label, field in self.mapping]
        kept = [label for other, label in sorted(yearly.items()) if other != year]
        kept += [plain] if chosen and plain else []
        notes = [f"Meta de la vigencia {year} tomada de la columna «{chosen}»."] if chosen else []
        if kept:
            notes.append(
                "Guardadas como campos adicionales: "
                + ", ".join(f"«{label}»" for label in kept)
                + "."
            )
        return notes
