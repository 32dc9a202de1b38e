"""Shared fixtures: the personas of every test, the seed document, and the browser.

Personas (healthchecks-style): in the Alcaldía de Cartago, Ana plans (planner), Luis reports for
Servicios Administrativos (reporter A), Rosa reports for Hacienda (reporter B), Marta is Control
Interno (auditor) and Jorge only reads (viewer). Pedro plans for another entity and must see
nothing of Cartago's.
"""

import os
import shutil
from pathlib import Path

import pytest

from demo.data import DEMO_ENTITY, DEMO_UNITS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parent
# The seed document ships with the demo (docs/domain.md); outside the repository, a developer's
# machine may keep the original it was copied from, which demo/tests compares when present.
SEED_PATH = REPO / "demo" / "data" / "mesg-as-f17-participacion-ciudadana.txt"
SHARED_SEED_PATH = REPO.parent / "shared" / "seeds" / "000_d8bee6ee295d8175.txt"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "contraseña-de-prueba-1"


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture
def plan_types(db):
    """The delivered catalogues (plan types and MIPG); transactional (browser) tests empty the
    tables they live in."""
    from plans.delivered_plan_types import install_plan_types
    from plans.mipg_catalogue import install_mipg_catalogue
    from plans.models import MipgDimension, MipgPolicy, PlanType

    install_plan_types(PlanType)
    install_mipg_catalogue(MipgDimension, MipgPolicy)


@pytest.fixture
def cartago(plan_types):
    from organization import services

    entity = services.create_entity(**DEMO_ENTITY)
    for name, aliases, whole in DEMO_UNITS:
        services.create_unit(entity, name, aliases=aliases, is_whole_entity=whole)
    return entity


@pytest.fixture
def other_entity(db):
    from organization import services

    entity = services.create_entity(name="Alcaldía de Otra Parte", nit="890399029-5")
    services.create_unit(entity, "Secretaría de Planeación")
    return entity


def _member(entity, username, role, units=(), can_approve=False):
    from organization import services

    return services.create_member(
        entity,
        username=username,
        password=PASSWORD,
        role=role,
        first_name=username.capitalize(),
        units=[entity.units.get(name=name) for name in units],
        can_approve=can_approve,
    )


@pytest.fixture
def planner(cartago):
    return _member(cartago, "ana", "planner")


@pytest.fixture
def reporter_a(cartago):
    return _member(cartago, "luis", "reporter", ["Secretaría de Servicios Administrativos"])


@pytest.fixture
def reporter_b(cartago):
    return _member(cartago, "rosa", "reporter", ["Secretaría de Hacienda"])


@pytest.fixture
def auditor(cartago):
    return _member(cartago, "marta", "auditor")


@pytest.fixture
def viewer(cartago):
    return _member(cartago, "jorge", "viewer")


@pytest.fixture
def approver(cartago):
    """Signs for the Comité Institucional de Gestión y Desempeño."""
    return _member(cartago, "carmen", "viewer", can_approve=True)


@pytest.fixture
def other_planner(other_entity):
    return _member(other_entity, "pedro", "planner")


@pytest.fixture
def superuser(db):
    from organization.models import User

    return User.objects.create_superuser("root", "root@example.invalid", PASSWORD)


def sign_in(client, user):
    """Log a user in on the test client, with the second step done when their role needs one
    (a confirmed authenticator device, recorded in the session as django-otp does)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from organization import policy

    client.force_login(user)
    if policy.two_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="pruebas", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def edit_activity(activity, *, by, **changes):
    """Save an activity through the formulation service with some of its values changed
    (ActivityData's names: weight, months, responsible_units, ...), as the edit form does."""
    from plans.services import editing

    data = editing.ActivityData(
        **{name: getattr(activity, name) for name in editing.ActivityData.SCALARS},
        tasks=list(activity.tasks.values_list("description", flat=True)),
        responsible_units=list(activity.responsible_units.all()),
        mipg_policies=list(activity.mipg_policies.all()),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return editing.update_activity(activity, by=by, data=data, expected_revision=activity.revision)


def acta(plan, **more) -> dict:
    """What approving a plan asks for, as approve_plan's keywords: the Comité's acta, dated
    within the vigencia and not after today."""
    import datetime

    from django.utils import timezone

    day = min(datetime.date(plan.year, 1, 10), timezone.localdate())
    return {"act_number": "CIGD-003", "act_date": day, **more}


@pytest.fixture
def seed_document(seed_bytes):
    from formats.readers.seed_text import SeedTextReader

    return SeedTextReader().read(seed_bytes, SEED_PATH.name)


@pytest.fixture
def seed_plan(cartago, seed_document):
    from followup.importing import import_plan

    return import_plan(seed_document, entity=cartago).plan


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def log_in(live_server, page):
    """Log a persona in through the real login form (leaving any earlier session) and return
    the page."""

    def _log_in(user):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/ingresar/")
        page.get_by_label("Usuario").fill(user.username)
        page.get_by_label("Contraseña").fill(PASSWORD)
        page.get_by_role("button", name="Ingresar").click()
        page.wait_for_url(f"{live_server.url}/planes/")
        return page

    return _log_in


def migrate_to(targets):
    """Migrate the test database to ``targets`` and return the app registry of that state."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrated(transactional_db):
    """``migrate_to`` for a migration test; every migration is applied again afterwards."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield migrate_to
    migrate_to(latest)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_and_media_per_worker():
    """Under pytest-xdist (``make test`` runs one worker per core) each worker has its own test
    database (pytest-django adds the worker's name) and here its own cache and media folders:
    ``_empty_cache`` clears them before every test, which must not reach another worker's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield
        return
    from django.conf import settings
    from django.test.utils import override_settings

    caches = {name: dict(cache) for name, cache in settings.CACHES.items()}
    default = caches["default"]
    if default["BACKEND"].endswith("FileBasedCache"):
        default["LOCATION"] = f"{default['LOCATION']}-{worker}"
    with override_settings(CACHES=caches, MEDIA_ROOT=Path(settings.MEDIA_ROOT) / worker):
        yield


@pytest.fixture(scope="session", autouse=True)
def _static_files_served_by_whitenoise():
    """Let the live server serve static files through WhiteNoise, as production does.

    pytest-django's live server puts Django's finder-based handler in front, which does not know
    the hashed names that the manifest storage writes into the pages.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
        yield


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Hash test passwords with MD5: the production hasher (PBKDF2, a million rounds) costs about
    0.3 s per persona, and most tests create several. What is tested is who may do what, not the
    hasher, which Django tests."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _static_files_scanned_once():
    """Every django.test.Client builds its own middleware, and WhiteNoise's walks and stats the
    1,100 collected static files again (about 40 ms); the permission walks build thousands of
    clients. Scan each directory once per session and give later middlewares the same index:
    collectstatic runs before the tests and nothing changes the files while they run."""
    from whitenoise.base import WhiteNoise

    scanned = {}
    scan = WhiteNoise.update_files_dictionary

    def update_files_dictionary(self, root, prefix):
        key = (type(self), root, prefix, self.max_age, self.allow_all_origins, self.charset)
        key += (self.add_headers_function, self.index_file)
        if key not in scanned:
            kept, self.files = self.files, {}
            scan(self, root, prefix)
            scanned[key], self.files = self.files, kept
        self.files.update(scanned[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoise, "update_files_dictionary", update_files_dictionary)
        yield


@pytest.fixture
def ready_plan(seed_plan):
    """The seed plan with what the review demands: months and a target for every activity."""
    from plans.models import Activity

    Activity.objects.filter(plan=seed_plan).update(months=[3, 6], indicator_target=2)
    return seed_plan


@pytest.fixture
def published_plan(ready_plan, planner, approver):
    """The seed plan approved and published on time (15 January of its vigencia, whatever day
    the test runs), ready for follow-up (months March and June)."""
    import datetime

    from followup import publishing
    from plans.services import workflow

    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    plan = publishing.publish_plan(ready_plan, by=planner)
    plan.published_at = datetime.datetime(plan.year, 1, 15, 15, tzinfo=datetime.UTC)
    plan.catch_up_until = None
    plan.save(update_fields=["published_at", "catch_up_until"])
    return plan


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def mail_bodies(message) -> tuple[str, str]:
    """The text and the HTML part of a mail the SMTP server received."""
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }
    return parts["text/plain"], parts["text/html"]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            import email

            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    import socket

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache and no stored public files: ids and public
    versions repeat from one test database to the next."""
    from django.core.cache import cache
    from django.core.files.storage import default_storage

    from followup.publication import DRAFTS_FOLDER, FOLDER

    cache.clear()
    for folder in (FOLDER, DRAFTS_FOLDER):
        shutil.rmtree(default_storage.path(folder), ignore_errors=True)
