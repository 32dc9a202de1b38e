"""`manage.py load_demo`: the Alcaldía de Cartago, its seed plan and one user per role."""

import hashlib
import io
from pathlib import Path

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from conftest import SHARED_SEED_PATH
from demo.data import SEED_PLAN
from followup.models import Evidence, Report
from organization.models import Entity, Membership, Role, User
from plans.models import Plan

REPO = Path(__file__).resolve().parents[2]


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_demo_holds_the_entity_its_dependencias_the_seed_plan_and_a_user_per_role(
    plan_types, settings, tmp_path
):
    settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
    output = load("--if-empty")
    entity = Entity.objects.get()
    assert (entity.name, entity.nit) == ("Alcaldía de Cartago", "891900493-2")
    assert entity.units.count() >= 10
    plan = Plan.objects.get(plan_type__code="participacion-ciudadana")
    assert plan.activities.count() == 9
    assert plan.activities.filter(responsible_units__isnull=True).count() == 0
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.filter(is_superuser=True).count() == 1
    assert "Usuarios de la demostración" in output
    username, password = _first_login(output)
    login = RequestFactory().post("/ingresar/")
    assert authenticate(login, username=username, password=password) is not None
    assert (tmp_path / "demo-credentials.txt").read_text().count("contraseña:") == 7
    assert Membership.objects.get(user__username="comite").can_approve


def test_the_demo_plan_is_published_with_a_first_quarter_follow_up(plan_types, settings, tmp_path):
    settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
    load("--if-empty")
    plan = Plan.objects.get(plan_type__code="participacion-ciudadana")
    assert plan.status == Plan.Status.PUBLISHED
    assert not plan.activities.filter(months=[]).exists()
    states = dict(
        Report.objects.filter(activity__plan=plan, period=1).values_list(
            "activity__number", "status"
        )
    )
    assert states == {1: "validado", 2: "devuelto", 3: "enviado", 8: "validado"}
    evidence = Evidence.objects.exclude(file="").get()  # the others link activity 3's records
    assert evidence.content_type == "application/pdf"
    assert (tmp_path / evidence.file.name).stat().st_size == evidence.size
    assert Report.objects.get(activity__plan=plan, activity__number=1).verification.public
    # Budget (issue 22): four activities funded by projects of Cartago (DANE 76147).
    funded = plan.activities.exclude(appropriation=None)
    assert sorted(funded.values_list("number", flat=True)) == [1, 3, 5, 8]
    assert funded.get(number=3).bpin == "2024761470003"
    validated = Report.objects.get(activity__plan=plan, activity__number=8, period=1)
    assert validated.obligations <= validated.commitments <= validated.activity.appropriation


def test_the_demo_has_a_four_monthly_plan_anticorrupcion_with_its_first_period(
    plan_types, settings, tmp_path
):
    settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
    load("--if-empty")
    plan = Plan.objects.get(plan_type__code="plan-anticorrupcion")
    assert (plan.status, plan.followup_scheme) == (Plan.Status.PUBLISHED, "cuatrimestral")
    reports = Report.objects.filter(activity__plan=plan)
    assert set(reports.values_list("period", "status")) == {(1, "validado")}
    assert plan.published_at.month == 1 and plan.catch_up_until is None


def test_the_demo_is_loaded_only_into_an_empty_database(plan_types, settings, tmp_path):
    settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
    load("--if-empty")
    plans = Plan.objects.count()
    assert load("--if-empty") == "", "the log-ins are printed once"
    assert Plan.objects.count() == plans and Entity.objects.count() == 1


# SHA-256 of the original seed document (docs/domain.md, «The format»), which the demo ships a
# copy of; a developer's machine may also hold the original at SHARED_SEED_PATH.
SEED_SHA256 = "ccdaa36f7e5223ad689836b792337706fcd419505a3f01987da10e1a69601616"


def test_the_demo_plan_is_the_shared_seed_unchanged():
    shipped = (REPO / "demo" / "data" / SEED_PLAN).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == SEED_SHA256
    if SHARED_SEED_PATH.exists():  # beside a developer's checkout, not in CI's clone
        assert shipped == SHARED_SEED_PATH.read_bytes()


def _first_login(output: str) -> tuple[str, str]:
    line = next(line for line in output.splitlines() if "usuario:" in line)
    username = line.split("usuario:")[1].split()[0]
    password = line.split("contraseña:")[1].split()[0]
    return username, password
