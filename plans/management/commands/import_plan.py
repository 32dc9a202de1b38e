import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from formats import manual_mapping
from formats.document import ImportFileError, Location
from formats.readers.base import reader_for
from organization.models import Entity
from organization.nit import InvalidNit, parse_nit
from plans.import_columns import mapping_report
from plans.models import PlanType
from plans.services import import_plan
from plans.services.importing import ENTITY, EXISTS, PLAN_TYPE, YEAR

MAX_FILE_BYTES = 20 * 1024 * 1024

# What to do about what the importer lacked (ImportFileError.code), in this command's words.
REMEDIES = {
    ENTITY: "Indique la entidad con --entity NIT.",
    YEAR: "Indique la vigencia con --year AAAA.",
    PLAN_TYPE: "Indique el tipo con --type CÓDIGO (uno de: {codes}).",
    EXISTS: "Indique otra vigencia con --year o archive el existente.",
}


class Command(BaseCommand):
    help = (
        "Importa un plan de acción desde Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods), Word "
        "(.docx), el texto del formato (.txt), CSV (.csv) o JSON de datos abiertos (.json), de "
        "hasta 20 MB. Sin opciones toma del propio archivo la entidad, la vigencia y el tipo de "
        "plan, e informa qué columna quedó en qué campo, qué reconoció y sus advertencias. Un "
        "archivo con errores se rechaza sin guardar nada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="Archivo del plan (.xlsx, .xlsm, .xls, .ods, .docx, .txt, .csv o .json)."
        )
        parser.add_argument(
            "--entity", help="NIT de la entidad (por defecto, el NIT que trae el documento)."
        )
        parser.add_argument(
            "--year",
            type=int,
            help=(
                "Vigencia (por defecto, la que dice el archivo; si no la dice, la de la fecha del "
                "plan, y un plan fechado de octubre a diciembre es de la vigencia siguiente)."
            ),
        )
        parser.add_argument(
            "--type",
            dest="plan_type",
            help=(
                "Código del tipo de plan en el catálogo (por defecto, el tipo que nombra el "
                "archivo; si no lo nombra, «Plan de acción», con una advertencia)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Lee y valida todo, muestra el informe y no guarda nada.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Imprime el resultado como JSON (plan_id, activities, warnings, …).",
        )
        parser.add_argument(
            "--mapping",
            metavar="ARCHIVO.json",
            help=(
                "Archivo JSON que fija el campo de las columnas que se leen mal, por etiqueta o "
                'posición: {"PRESUPUESTO": "ignore", "3": "description", "MES 1": "month:1"}; '
                '"ignore" no importa la columna y "extra" la guarda como campo adicional.'
            ),
        )

    def handle(self, *args, path, entity, year, plan_type, dry_run, json: bool, mapping, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No existe el archivo «{path}».")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(
                f"«{file.name}» supera el tamaño máximo de {MAX_FILE_BYTES // 2**20} MB."
            )
        try:
            choices = _choices(Path(mapping)) if mapping else {}
            reader = reader_for(file.name)
            with manual_mapping.choosing(choices):
                document = reader.read(file.read_bytes(), file.name)
            result = import_plan(
                document,
                entity=self._entity(entity),
                year=year,
                plan_type=self._plan_type(plan_type),
                dry_run=dry_run,
            )
        except ImportFileError as exc:
            remedy = REMEDIES.get(exc.code, "").format(codes=_codes())
            raise CommandError(" ".join(filter(None, [str(exc), remedy]))) from exc
        if json:
            self.stdout.write(_json_dumps(result.as_json()))
            return
        plan = result.plan
        if dry_run:
            self.stdout.write(
                f"Simulación: se importarían {result.activities} actividades; no se guardó nada."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Plan importado: «{plan.title}» (id {plan.pk}), "
                    f"{result.activities} actividades."
                )
            )
        self.stdout.write(
            f"Entidad: {plan.entity.name} (NIT {plan.entity.nit_formatted}), vigencia {plan.year}."
        )
        self.stdout.write("Columnas del archivo → campos del plan:")
        for label, field in mapping_report(document):
            self.stdout.write(f"  - {label} → {field}")
        if result.resolutions:
            self.stdout.write("Lo que se reconoció:")
            for line in result.resolutions:
                self.stdout.write(f"  - {line}")
        if result.warnings:
            self.stdout.write(self.style.WARNING(f"Advertencias ({len(result.warnings)}):"))
            for line in result.warnings:
                self.stdout.write(f"  - {line}")
        if YEAR in result.guessed:
            self.stdout.write(f"Para otra vigencia: --year {result.guessed[YEAR]}.")
        if PLAN_TYPE in result.guessed:
            self.stdout.write(f"Para otro tipo de plan: --type CÓDIGO (uno de: {_codes()}).")

    def _entity(self, nit: str | None) -> Entity | None:
        if not nit:
            return None
        try:
            normalised = str(parse_nit(nit))
        except InvalidNit as exc:
            raise CommandError(str(exc)) from exc
        entity = Entity.objects.filter(nit=normalised).first()
        if entity is None:
            raise CommandError(f"No existe una entidad con NIT {nit}.")
        return entity

    def _plan_type(self, code: str | None) -> PlanType | None:
        if not code:
            return None
        plan_type = PlanType.objects.filter(code=code).first()
        if plan_type is None:
            raise CommandError(f"No existe el tipo de plan «{code}». Tipos: {_codes()}.")
        return plan_type


def _choices(file: Path) -> manual_mapping.Choices:
    """The column choices of a --mapping file; what is wrong with it names the file and key."""
    if not file.is_file():
        raise CommandError(f"No existe el archivo de columnas «{file}».")
    try:
        data = json.loads(file.read_bytes())
    except UnicodeDecodeError as exc:
        raise ImportFileError("no es un archivo de texto UTF-8.", Location(file.name)) from exc
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"no es JSON válido (revise la línea {exc.lineno}, columna {exc.colno}).",
            Location(file.name),
        ) from exc
    return manual_mapping.parse(data, file.name)


def _codes() -> str:
    return ", ".join(PlanType.objects.filter(is_active=True).values_list("code", flat=True))


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
