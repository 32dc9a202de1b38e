import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.data import DEMO_ENTITY, DEMO_UNITS, DEMO_USERS, SEED_PLAN
from formats.readers.base import reader_for
from organization import services as organization
from organization.models import Entity
from plans.services import import_plan


class Command(BaseCommand):
    help = (
        "Carga la demostración: la Alcaldía de Cartago, sus dependencias, un usuario por rol y el "
        "plan de participación ciudadana (formato MESG-AS-F17) importado."
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
        path = Path(__file__).resolve().parents[2] / "data" / SEED_PLAN
        document = reader_for(path.name).read(path.read_bytes(), path.name)
        import_plan(document, entity=entity)

        passwords = {}
        for user in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            passwords[user["username"]] = password
            if user["role"] == "superuser":
                organization.User.objects.create_superuser(
                    username=user["username"],
                    password=password,
                    first_name=user["first_name"],
                    last_name=user["last_name"],
                    email=user["email"],
                )
                continue
            organization.create_member(
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
        return passwords

    def _print_logins(self, passwords: dict[str, str]) -> None:
        lines = ["Usuarios de la demostración (se muestran una sola vez):"]
        for user in DEMO_USERS:
            lines.append(
                f"  {user['label']:<32} usuario: {user['username']:<16} "
                f"contraseña: {passwords[user['username']]}"
            )
        credentials = Path(settings.VAR_DIR) / "demo-credentials.txt"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text("\n".join(lines) + "\n")
        credentials.chmod(0o600)
        lines.append(
            f"(Copia en {credentials}; cámbielas con: python manage.py changepassword USUARIO)"
        )
        self.stdout.write("\n".join(lines))
