"""Every URL of the project × every persona × own and other entity's objects, against the
declared table in permission_table.py. Each request runs in a transaction that is rolled back,
so one persona's POST never changes what the next one sees."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PDF_BYTES, acta, sign_in
from planaccion.tests import permission_table as declared
from planaccion.tests.permission_table import ANON, OTHER, SUPER, TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def url_patterns(patterns=None, prefix="", namespace=None):
    """(name, route, pattern) of every URL pattern of the project, included ones too."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


def _objects(entity, planner, reporter, approver, units_reporter):
    """A draft plan, the published seed plan with a validated report and evidence, for one
    entity: the same shapes for Cartago and for the other entity."""
    from conftest import SEED_PATH
    from followup import publishing
    from followup import services as followup
    from followup.importing import import_plan
    from followup.models import ImportJob
    from followup.services import ReportData
    from formats.readers.seed_text import SeedTextReader
    from organization.models import Membership
    from plans.models import Activity
    from plans.services import workflow

    # The seed names Cartago's NIT; the other entity gets the same plan under its own.
    nit = entity.nit.replace("-", ".").encode()
    text = SEED_PATH.read_bytes().replace(
        b"891.900.493.2", nit[:3] + b"." + nit[3:6] + b"." + nit[6:]
    )
    document = SeedTextReader().read(text, SEED_PATH.name)
    plan = import_plan(document, entity=entity).plan
    Activity.objects.filter(plan=plan).update(months=[3, 6], indicator_target=2)
    workflow.submit_for_review(plan, by=planner)
    workflow.approve_plan(
        plan, by=approver, **acta(plan, act_file=SimpleUploadedFile("acta.pdf", PDF_BYTES))
    )
    plan = publishing.publish_plan(plan, by=planner)
    draft = workflow.start_new_version(plan, by=planner, reason="Ajuste de metas")
    reported = plan.activities.get(number=3)
    unit = reported.responsible_units.get()
    units_reporter.membership.units.set([unit])
    to_report = plan.activities.get(number=4)
    to_report.responsible_units.add(unit)
    report = followup.submit_report(
        reported,
        1,
        by=reporter,
        data=ReportData("Hecho", value=Decimal(1)),
        expected_revision=0,
        evidence=[
            followup.EvidenceData(upload=SimpleUploadedFile("acta.pdf", PDF_BYTES)),
            followup.EvidenceData(
                upload=SimpleUploadedFile("lista.pdf", PDF_BYTES + b"%"), public=True
            ),
        ],
    )
    private, shown = report.evidence.order_by("pk")
    followup.validate_report(report, by=planner, expected_revision=report.revision)
    job = ImportJob.objects.create(
        entity=entity,
        requested_by=planner,
        file_name="plan-grande.xlsx",
        stored_name="importaciones/no-existe",
        activities=600,
    )
    made = {
        "import_job": job.pk,
        "nit": entity.nit,
        "plan": plan.pk,
        "draft": draft.pk,
        "draft_activity": draft.activities.order_by("position").first().pk,
        "activity": to_report.pk,
        "period": 1,
        "report": report.pk,
        "evidence": private.pk,
        "public_evidence": shown.pk,
        "unit": unit.pk,
        "membership": Membership.objects.get(user=reporter).pk,
        "uid": "MQ",
        "bad_token": "no-es-un-token",
        "import_token": "no-existe",
    }
    for module in declared.row_modules():
        made |= module.objects(entity, planner=planner, plan=plan, draft=draft, unit=unit)
    return made


@pytest.fixture
def world(
    settings,
    tmp_path,
    cartago,
    other_entity,
    planner,
    reporter_a,
    reporter_b,
    approver,
    auditor,
    viewer,
    other_planner,
    superuser,
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from organization import api_tokens, services

    settings.MEDIA_ROOT = tmp_path
    # The administrator has set up the second step (it is required), so their API token works.
    TOTPDevice.objects.create(user=superuser, name="pruebas", confirmed=True)
    valle = services.create_entity(name="Gobernación del Valle del Cauca", nit="890399001-1")
    overseer = services.create_member(valle, username="valle", password="x" * 12, role="planner")
    overseer.membership.oversees.set([cartago])
    other_reporter = services.create_member(
        other_entity, username="otro", password="x" * 12, role="reporter"
    )
    personas = {
        "reporter_a": reporter_a,
        "reporter_b": reporter_b,
        "planner": planner,
        "approver": approver,
        "auditor": auditor,
        "viewer": viewer,
        "other_planner": other_planner,
        "overseer": overseer,
        "superuser": superuser,
    }
    tokens = {
        name: api_tokens.create_api_token(user, "pruebas")[1] for name, user in personas.items()
    }
    own = _objects(cartago, planner, reporter_a, approver, reporter_a)
    foreign = _objects(other_entity, other_planner, other_reporter, superuser, other_reporter)
    return {"personas": personas, "tokens": tokens, "own": own, "foreign": foreign}


ENTITY_OBJECTS = {"nit", "plan", "draft", "draft_activity", "activity", "report", "evidence"}
ENTITY_OBJECTS |= {"public_evidence", "unit", "membership", "import_job"}
for _module in declared.row_modules():
    ENTITY_OBJECTS |= _module.ENTITY_OBJECTS

BODIES = {
    "": {},
    "reset": {"email": "nadie@example.invalid"},
    "api_report": {"descripcion": "Avance del periodo", "resultado": "1"},
}


def _request(world, persona, name, row, method, objects):
    kwargs = {arg: objects.get(key, key) for arg, key in row.kwargs.items()}
    url = reverse(name, kwargs=kwargs)
    client = Client(raise_request_exception=False)  # a 500 is reported like any other status
    headers = {}
    with transaction.atomic():
        if persona != ANON:
            if row.api:
                headers["Authorization"] = f"Bearer {world['tokens'][persona]}"
            else:
                sign_in(client, world["personas"][persona])
        if method == "get":
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, BODIES[row.post_data], headers=headers)
        transaction.set_rollback(True)
    return url, response.status_code


def _expected_foreign(row, main: dict[str, int]) -> dict[str, int]:
    """With the other entity's objects: 404 for everyone signed in but the administrator,
    unless the row says otherwise; a wrong method stays 405, and anonymous users stay where
    the main table sends them."""
    if row.foreign is not None:
        declared_foreign = dict(row.foreign)
    else:
        declared_foreign = {persona: 404 for persona in declared.SIGNED_IN}
        declared_foreign[ANON] = main[ANON]
        declared_foreign[SUPER] = main[SUPER]
    return {
        persona: 405 if main[persona] == 405 else status
        for persona, status in declared_foreign.items()
    }


def test_every_url_pattern_has_a_row_in_the_permission_table():
    missing = []
    for name, route, _pattern in url_patterns():
        if route.startswith("admin/"):
            continue  # checked by the admin rule below
        if name is None or name not in TABLE:
            missing.append(f"{name or '(sin nombre)'}: /{route}")
    stale = set(TABLE) - {name for name, _route, _pattern in url_patterns()}
    assert not missing, "URL sin fila en permission_table.py:\n" + "\n".join(missing)
    assert not stale, f"Filas de URL que ya no existen: {sorted(stale)}"


def test_every_persona_gets_the_declared_status_on_every_url(world):
    mismatches = []
    for name, row in TABLE.items():
        for method, main in (("get", row.get), ("post", row.post)):
            main = main or declared.who(405, anonymous=405 if row.api else 302)
            runs = [("propios", world["own"], main)]
            if set(row.kwargs.values()) & ENTITY_OBJECTS:
                runs.append(("de otra entidad", world["foreign"], _expected_foreign(row, main)))
            for label, objects, expected in runs:
                for persona, status in expected.items():
                    if label != "propios" and persona == OTHER:
                        continue  # its own entity's objects: the same as the planner's
                    url, got = _request(world, persona, name, row, method, objects)
                    if got != status:
                        mismatches.append(
                            f"{method.upper()} {url} ({name}, objetos {label}) {persona}: "
                            f"esperado {status}, obtenido {got}"
                        )
    assert not mismatches, f"{len(mismatches)} diferencias:\n" + "\n".join(mismatches)


# Records nobody adds by hand: the audit trail (nor deleted), log-in attempts, authenticator
# devices (their owners set them up in «Mi cuenta»; the administrator may only delete one).
ADMIN_REFUSED = {
    "admin:audit_auditentry_add",
    "admin:audit_auditentry_delete",
    "admin:axes_accessattempt_add",
    "admin:axes_accesslog_add",
    "admin:axes_accessfailurelog_add",
    "admin:otp_totp_totpdevice_add",
    # the background tasks' results are read-only: the worker writes them
    "admin:django_tasks_database_dbtaskresult_add",
}


def test_the_admin_is_only_for_the_system_administrator_and_keeps_the_audit_read_only(world):
    """Every admin URL: anyone else is sent to the admin log-in; the administrator (second step
    done) sees every page; the audit trail has no add, change or delete that works."""
    from audit.models import AuditEntry
    from organization.models import User

    assert AuditEntry.objects.exists()
    models = {(m._meta.app_label, m._meta.model_name): m for m in admin_site._registry}
    checked, mismatches = 0, []
    for name, route, pattern in url_patterns():
        if not route.startswith("admin/") or name is None:
            continue
        kwargs = {}
        arguments = list(pattern.pattern.regex.groupindex)
        model = next(
            (m for (app, label), m in models.items() if name.startswith(f"admin:{app}_{label}_")),
            None,
        )
        if name == "admin:auth_user_password_change":
            model = User  # the user admin names this view after auth_user whatever the model
        if model is not None and arguments:
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                continue
            kwargs = dict.fromkeys(arguments, obj.pk)
        elif name == "admin:app_list":
            kwargs["app_label"] = "plans"
        elif name == "admin:view_on_site":
            continue  # a redirect to the object's page, whose access the table above checks
        url = reverse(name, kwargs=kwargs)
        for persona in ("anonymous", "planner", "auditor", "other_planner"):
            client = Client()
            if persona != ANON:
                sign_in(client, world["personas"][persona])
            status = client.get(url).status_code
            expected = 200 if name == "admin:login" else 302
            if status != expected:
                mismatches.append(f"GET {url} {persona}: esperado {expected}, obtenido {status}")
        client = sign_in(Client(), world["personas"]["superuser"])
        with transaction.atomic():
            status = client.get(url).status_code
            transaction.set_rollback(True)
        if name == "admin:logout":
            expected = 405
        elif name == "admin:login":
            expected = 302
        elif name in ADMIN_REFUSED:
            expected = 403
        elif name == "admin:autocomplete":
            expected = 403  # without the field it completes, Django refuses
        else:
            expected = 200
        if status != expected:
            mismatches.append(f"GET {url} superuser: esperado {expected}, obtenido {status}")
        checked += 1
        if name in ("admin:audit_auditentry_change", "admin:audit_auditentry_delete"):
            with transaction.atomic():
                assert client.post(url, {"action": "x", "post": "yes"}).status_code == 403, url
                transaction.set_rollback(True)
    assert not mismatches, "\n".join(mismatches)
    assert checked > 50
    assert AuditEntry.objects.count() > 0
