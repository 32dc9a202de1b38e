"""Every action code the project writes has a Spanish label, and every audited field a name."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps

from audit.catalogue import ACTIONS, FIELDS, action_label, field_label, has_spanish_name

REPO = Path(__file__).resolve().parents[2]
# The audit functions and the wrappers that pass their first argument on as the action code.
AUDIT_FUNCTIONS = {"record", "record_created", "_record", "_audit", "_changed", "_request_record"}
CODE = re.compile(r"[a-z_]+(\.[a-z_]+)+")
WORD = re.compile(r"[a-z_]+")

# The models whose changes reach the audit trail.
AUDITED_MODELS = [
    "plans.plan",
    "plans.plantype",
    "plans.activity",
    "plans.task",
    "followup.period",
    "followup.report",
    "followup.evidence",
    "followup.verification",
    "organization.entity",
    "organization.unit",
    "organization.unitalias",
    "organization.membership",
    "organization.apitoken",
    "organization.user",
    "organization.accountrequest",
    "participation.valuegroup",
    "consultation.consultation",
    "consultation.comment",
    "dialogue.event",
    "dialogue.attendance",
    "dialogue.attendee",
    "dialogue.commitment",
    "dialogue.commitmentevidence",
    "surveys.survey",
    "surveys.question",
    "plans.mipgdimension",
    "plans.mipgpolicy",
    "development.developmentplan",
    "development.strategicline",
    "development.program",
    "development.goal",
    "development.outcomemeasure",
    "development.activitygoal",
    "improvement.finding",
    "improvement.action",
]


@dataclass
class Scan:
    """What a module writes to the audit trail."""

    codes: set[str] = field(default_factory=set)
    admin_prefixes: set[str] = field(default_factory=set)  # AuditedAdmin.audit_action
    admin_suffixes: set[str] = field(default_factory=set)  # what AuditedAdmin appends to them
    built: list[int] = field(default_factory=list)  # lines where a code is built at run time

    def __ior__(self, other: "Scan") -> "Scan":
        self.codes |= other.codes
        self.admin_prefixes |= other.admin_prefixes
        self.admin_suffixes |= other.admin_suffixes
        return self

    @property
    def written(self) -> set[str]:
        admin = {f"{p}.{s}" for p in self.admin_prefixes for s in self.admin_suffixes}
        return self.codes | admin


def _called(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def scan(source: str) -> Scan:
    """The codes passed to the audit functions (string literals, either branch of an `if`), the
    admin's dotted prefixes and plain-word suffixes, and the f-strings that build a code."""
    found = Scan()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called(node.func) in AUDIT_FUNCTIONS:
            for arg in node.args:
                if isinstance(arg, ast.JoinedStr):
                    found.built.append(arg.lineno)
                for part in ast.walk(arg):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        if CODE.fullmatch(part.value):
                            found.codes.add(part.value)
                        elif WORD.fullmatch(part.value):
                            found.admin_suffixes.add(part.value)
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and node.value.value
            and any(isinstance(t, ast.Name) and t.id == "audit_action" for t in node.targets)
        ):
            found.admin_prefixes.add(node.value.value)
    return found


def sources() -> list[Path]:
    skipped = {".venv", "migrations", "tests", "bench", "node_modules", "var"}
    return [
        path
        for path in REPO.rglob("*.py")
        if not skipped & set(path.relative_to(REPO).parts) and path.name != "conftest.py"
    ]


def migration_codes(source: str) -> set[str]:
    """The codes a data migration writes: an ``action=`` literal, or the literal that follows
    ``apps`` in a call to a local helper such as ``_audit(apps, "plans.plan.changed", ...)``."""
    codes = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        literals = [k.value for k in node.keywords if k.arg == "action"]
        if len(node.args) > 1 and isinstance(node.args[0], ast.Name) and node.args[0].id == "apps":
            literals.append(node.args[1])
        codes |= {
            c.value
            for c in literals
            if isinstance(c, ast.Constant) and isinstance(c.value, str) and CODE.fullmatch(c.value)
        }
    return codes


def migrations() -> list[Path]:
    return [p for p in REPO.glob("*/migrations/*.py") if ".venv" not in p.parts]


def test_the_scan_finds_the_codes_a_data_migration_writes():
    source = """
def _audit(apps, action, object_type):
    apps.get_model("audit", "AuditEntry").objects.create(action=action, object_type=object_type)
    AuditEntry.objects.create(action="plan.thawed", object_type="plans.plan")

def forwards(apps, schema_editor):
    _audit(apps, "plan.frozen", "plans.plan")
"""
    assert migration_codes(source) == {"plan.frozen", "plan.thawed"}


def test_every_action_code_written_in_the_source_has_a_spanish_label():
    found = Scan()
    for path in migrations():
        found.codes |= migration_codes(path.read_text(encoding="utf-8"))
    for path in sources():
        module = scan(path.read_text(encoding="utf-8"))
        assert not module.built or path == REPO / "audit" / "admin.py", (
            f"{path.relative_to(REPO)}:{module.built}: an action code built at run time cannot be "
            "checked against audit/catalogue.py; pass a literal code"
        )
        found |= module
    missing = sorted(found.written - ACTIONS.keys())
    assert not missing, f"codes without a Spanish label in audit/catalogue.py ACTIONS: {missing}"
    assert {"plans.activity.changed", "plans.task.deleted"} <= found.written, "scan broken"


def test_the_catalogue_labels_no_code_that_nothing_writes():
    found = Scan()
    for path in migrations():
        found.codes |= migration_codes(path.read_text(encoding="utf-8"))
    for path in sources():
        found |= scan(path.read_text(encoding="utf-8"))
    unused = sorted(ACTIONS.keys() - found.written)
    assert not unused, f"audit/catalogue.py ACTIONS labels codes nothing writes: {unused}"


def test_the_scan_finds_a_code_without_a_label_in_a_call_and_in_an_audited_admin():
    source = """
audit.record("plan.frozen" if cold else "plans.plan.changed", plan, by=user)
audit.record_created("plans.plan.published", [plan], by=user)

class FreezerAdmin(AuditedAdmin):
    audit_action = "plan.freezer"

    def delete_model(self, request, obj):
        self._record(request, obj, "deleted", None, None)
"""
    written = scan(source).written
    assert written == {
        "plan.frozen",
        "plans.plan.changed",
        "plans.plan.published",
        "plan.freezer.deleted",
    }
    assert written - ACTIONS.keys() == {"plan.frozen", "plan.freezer.deleted"}


def test_a_code_built_at_run_time_is_noticed():
    assert scan('audit.record(f"plan.{kind}", plan)').built == [1]


def test_an_unknown_code_still_reads_as_spanish_text():
    assert action_label("plans.activity.changed") == "Se modificó la actividad"
    label = action_label("plans.activity.frozen")
    assert label != "plans.activity.frozen" and label.startswith("Cambio registrado")


def test_field_labels_come_from_the_models_and_the_catalogue():
    assert field_label("plans.activity", "weight") == "Ponderación"
    assert field_label("plans.activity", "responsible_units") == "Responsables"
    assert field_label("plans.activity", "tasks") == "Tareas"
    assert field_label("plans.plan", "plan_type_id") == "Tipo de plan"
    assert field_label("followup.report", "validated_by_id") == "Validado por"


@pytest.mark.parametrize("label", AUDITED_MODELS)
def test_every_field_of_an_audited_model_has_a_spanish_label(label):
    meta = apps.get_model(label)._meta
    unnamed = [
        f.attname
        for f in [*meta.concrete_fields, *meta.many_to_many]
        if not has_spanish_name(f) and f.attname not in FIELDS.get(label, {}) and not f.primary_key
    ]
    assert not unnamed, f"{label}: give these a verbose_name or a label in FIELDS: {unnamed}"
