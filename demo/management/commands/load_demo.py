import dataclasses
import secrets
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from demo import budget, development, improvement, mipg, participation
from demo.data import (
    ANTICORRUPTION,
    DEMO_ENTITY,
    DEMO_UNITS,
    DEMO_USERS,
    EVIDENCE_PDF,
    FIRST_FOUR_MONTHS,
    FIRST_QUARTER,
    FIRST_QUARTER_BEFORE_RECORDS,
    PLANNING,
    SCHEDULE,
    SEED_PLAN,
)
from followup import periods, publishing, sources
from followup import services as followup
from followup.importing import import_plan
from formats.readers.base import reader_for
from organization import services as organization
from organization.models import Entity, User
from plans.models import PlanType
from plans.services import workflow
from plans.services.editing import ActivityData, add_activity, create_plan, update_activity

DATA = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Carga la demostración: la Alcaldía de Cartago, sus dependencias, un usuario por rol y el "
        "plan de participación ciudadana (formato MESG-AS-F17) importado, formulado, aprobado, "
        "publicado y con el seguimiento del primer trimestre, sus grupos de valor, espacios de "
        "diálogo, compromisos y encuestas de satisfacción, y un Plan Anticorrupción cuatrimestral "
        "consultado con la ciudadanía y con el seguimiento de su primer cuatrimestre."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="No hace nada si la base de datos ya tiene entidades.",
        )

    def handle(self, *args, if_empty: bool, **options):
        if Entity.objects.exists():
            if if_empty:
                return
            self.stderr.write("La base de datos ya tiene entidades; no se cargó la demostración.")
            return
        with transaction.atomic():
            passwords = self._load()
        self._print_logins(passwords)

    def _load(self) -> dict[str, str]:
        entity = organization.create_entity(**DEMO_ENTITY)
        units = {
            name: organization.create_unit(
                entity, name, aliases=aliases, is_whole_entity=whole_entity
            )
            for name, aliases, whole_entity in DEMO_UNITS
        }
        passwords, users = {}, {}
        for user in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            passwords[user["username"]] = password
            if user["role"] == "superuser":
                users[user["username"]] = User.objects.create_superuser(
                    username=user["username"],
                    password=password,
                    first_name=user["first_name"],
                    last_name=user["last_name"],
                    email=user["email"],
                )
                continue
            users[user["username"]] = organization.create_member(
                entity,
                username=user["username"],
                password=password,
                role=user["role"],
                first_name=user["first_name"],
                last_name=user["last_name"],
                email=user["email"],
                units=[units[name] for name in user.get("units", [])],
                can_approve=user.get("can_approve", False),
            )
        document = reader_for(SEED_PLAN).read((DATA / SEED_PLAN).read_bytes(), SEED_PLAN)
        # The demo stands for the vigencia in course, whatever day it is loaded.
        year = timezone.localdate().year
        plan = import_plan(document, entity=entity, year=year, by=users["planeacion"]).plan
        self._formulate(plan, users)
        mipg.tag(plan, users["planeacion"])
        self._publish(plan, users, act="CIGD-001")
        development.development_plan(entity, units, plan, users)
        # The participation records that feed activities 3, 6, 7 and 9, before anyone reports.
        groups = participation.value_groups(entity, users)
        participation.indicator_sources(plan, users)
        participation.events(plan, units, users, groups)
        participation.satisfaction_surveys(plan, users, groups)
        self._first_period(plan, users, FIRST_QUARTER)
        improvement.load(plan, units, users, publish=self._publish)  # activity 9's plan
        anticorruption = self._anticorruption(entity, year, units, users)
        participation.public_consultation(anticorruption, users, groups)
        self._publish(anticorruption, users, act="CIGD-002")
        self._first_period(anticorruption, users, FIRST_FOUR_MONTHS)
        return passwords

    def _formulate(self, plan, users) -> None:
        planner = users["planeacion"]
        for activity in plan.activities.prefetch_related("tasks", "responsible_units"):
            months, target = SCHEDULE[activity.number]
            data = ActivityData(
                **{name: getattr(activity, name) for name in ActivityData.SCALARS},
                tasks=[task.description for task in activity.tasks.all()],
                responsible_units=list(activity.responsible_units.all()),
            )
            data.months, data.indicator_target = months, Decimal(target)
            budget.formulate(data, activity.number)
            update_activity(activity, by=planner, data=data, expected_revision=activity.revision)

    def _anticorruption(self, entity, year, units, users):
        """The Plan Anticorrupción y de Atención al Ciudadano: four-monthly by its type."""
        planner = users["planeacion"]
        plan = create_plan(
            entity,
            by=planner,
            plan_type=PlanType.objects.get(code="plan-anticorrupcion"),
            year=year,
            objective=(
                "Prevenir la corrupción y mejorar la atención al ciudadano en la vigencia, por "
                "los componentes del Decreto 124 de 2016."
            ),
            formulating_unit=units[PLANNING],
            plan_date=timezone.datetime(year - 1, 12, 15).date(),
        )
        for number, (
            text,
            tasks,
            months,
            deliverable,
            formula,
            target,
            unit,
        ) in ANTICORRUPTION.items():
            add_activity(
                plan,
                by=planner,
                data=ActivityData(
                    number=number,
                    description=text,
                    tasks=tasks,
                    months=months,
                    deliverables=deliverable,
                    indicator_formula=formula,
                    indicator_target=Decimal(target),
                    responsible_units=[units[unit]],
                ),
            )
        return plan

    def _publish(self, plan, users, *, act: str) -> None:
        planner = users["planeacion"]
        workflow.submit_for_review(plan, by=planner)
        workflow.approve_plan(
            plan,
            by=users["comite"],
            act_number=act,
            act_date=min(timezone.datetime(plan.year, 1, 14).date(), timezone.localdate()),
        )
        publishing.publish_plan(plan, by=planner)
        # A plan published on time, by 31 January (Ley 1474 de 2011, art. 74): no catch-up.
        plan.approved_at = timezone.make_aware(timezone.datetime(plan.year, 1, 15, 10))
        plan.published_at = timezone.make_aware(timezone.datetime(plan.year, 1, 20, 10))
        plan.catch_up_until = None
        plan.save(update_fields=["approved_at", "published_at", "catch_up_until"])

    def _first_period(self, plan, users, reports: dict) -> None:
        """The first period's follow-up, as the demo's people reported it. If its window is not
        open today, Planeación opens it for today only, with the reason on record."""
        planner, auditor = users["planeacion"], users["controlinterno"]
        today = timezone.localdate()
        period = periods.plan_periods(plan)[0]
        if not periods.window(plan, period, today).is_open:
            followup.reopen_period(
                plan.entity,
                plan.year,
                1,
                by=planner,
                until=today,
                reason="Carga del seguimiento del primer periodo en la demostración.",
                scheme=plan.followup_scheme,
            )
        for number, (username, value, narrative, outcome) in reports.items():
            activity = plan.activities.get(number=number)
            reporter = users[username]
            proposal = sources.proposal(activity, period)
            if proposal is not None and proposal.value != Decimal(value):
                # Loaded before the records of the period happened: report what they say.
                value, narrative = proposal.value, FIRST_QUARTER_BEFORE_RECORDS[number]
            data = followup.ReportData(narrative, value=Decimal(value))
            if reports is FIRST_QUARTER:
                data = dataclasses.replace(data, **budget.first_period(number))
            evidence = []
            if number == 1 and reports is FIRST_QUARTER:
                pdf = SimpleUploadedFile(EVIDENCE_PDF, (DATA / EVIDENCE_PDF).read_bytes())
                evidence.append(
                    followup.EvidenceData(
                        upload=pdf, description="Resultado del autodiagnóstico", public=True
                    )
                )
            report = followup.submit_report(
                activity,
                1,
                by=reporter,
                data=data,
                expected_revision=0,
                evidence=evidence,
            )
            if outcome == "devuelto":
                followup.return_report(
                    report,
                    by=planner,
                    comment="Adjunte el borrador de la estrategia y las actas de las mesas.",
                    expected_revision=report.revision,
                )
            elif outcome in {"validado", "verificado"}:
                report = followup.validate_report(
                    report, by=planner, expected_revision=report.revision
                )
            if outcome == "verificado":
                followup.verify_report(
                    report,
                    by=auditor,
                    agrees=True,
                    adjusted_executed=None,
                    observation="Soporte verificado en el archivo de Planeación.",
                    public=True,
                    expected_revision=report.revision,
                )

    def _print_logins(self, passwords: dict[str, str]) -> None:
        lines = ["Usuarios de la demostración (se muestran una sola vez):"]
        for user in DEMO_USERS:
            lines.append(
                f"  {user['label']:<32} usuario: {user['username']:<16} "
                f"contraseña: {passwords[user['username']]}"
            )
        lines.append(
            "  El administrador del sistema configura al ingresar la verificación en dos pasos"
            " (una aplicación autenticadora en el teléfono)."
        )
        credentials = Path(settings.VAR_DIR) / "demo-credentials.txt"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text("\n".join(lines) + "\n")
        credentials.chmod(0o600)
        lines.append(
            f"(Copia en {credentials}; cámbielas con: python manage.py changepassword USUARIO)"
        )
        self.stdout.write("\n".join(lines))
