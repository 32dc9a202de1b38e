"""Migrations 0008–0010 meet data written before the rules existed and bring it in line,
without failing and without losing anything the audit trail cannot give back."""

import pytest

from conftest import migrate_to

BEFORE = [("organization", "0007_submission_window"), ("audit", "0002_initial")]
AFTER = [("organization", "0010_people_integrity_constraints")]


@pytest.fixture
def old_schema(migrated):
    """The schema as it was before issue 17; every migration is applied again afterwards."""
    return migrated(BEFORE)


def test_old_rows_that_break_the_new_rules_are_brought_in_line_and_audited(old_schema):
    apps = old_schema
    Entity = apps.get_model("organization", "Entity")
    Unit = apps.get_model("organization", "Unit")
    UnitAlias = apps.get_model("organization", "UnitAlias")
    User = apps.get_model("organization", "User")
    Membership = apps.get_model("organization", "Membership")
    cartago = Entity.objects.create(
        name="Alcaldía de Cartago",
        nit="891900493-2",
        website="no es un sitio",
        report_window_days=5,
        reminder_days_before=8,
    )
    valle = Entity.objects.create(name="Gobernación", nit="890399001-1", website="www.valle.gov.co")
    gobierno = Unit.objects.create(entity=cartago, name="Secretaría de Gobierno")
    twin = Unit.objects.create(entity=cartago, name="secretaria de gobierno")
    hacienda = Unit.objects.create(entity=cartago, name="Secretaría de Hacienda")
    elsewhere = Unit.objects.create(entity=valle, name="Secretaría de Gobierno")
    UnitAlias.objects.create(unit=gobierno, alias="Gobierno")
    UnitAlias.objects.create(unit=gobierno, alias="Gobierno.")  # the same, twice
    UnitAlias.objects.create(unit=hacienda, alias="gobierno")  # another unit's alias
    UnitAlias.objects.create(unit=hacienda, alias="Sec. de Gobierno")  # another unit's name
    UnitAlias.objects.create(unit=hacienda, alias="Hacienda")
    first = User.objects.create(username="ana", email="Ana@cartago.gov.co")
    second = User.objects.create(username="ana2", email="ana@CARTAGO.gov.co")
    gone = User.objects.create(username="vieja", email="ana@cartago.gov.co", is_active=False)
    planner = Membership.objects.create(user=first, entity=cartago, role="planner")
    planner.units.set([hacienda])
    planner.oversees.set([cartago, valle])
    reporter = Membership.objects.create(user=second, entity=cartago, role="reporter")
    reporter.units.set([hacienda, elsewhere])
    auditor = Membership.objects.create(user=gone, entity=valle, role="auditor")
    auditor.oversees.set([cartago])

    apps = migrate_to(AFTER)

    Entity = apps.get_model("organization", "Entity")
    Unit = apps.get_model("organization", "Unit")
    User = apps.get_model("organization", "User")
    Membership = apps.get_model("organization", "Membership")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    cartago = Entity.objects.get(pk=cartago.pk)
    assert (cartago.website, cartago.report_window_days, cartago.reminder_days_before) == (
        "",
        5,
        5,
    )
    assert Entity.objects.get(pk=valle.pk).website == "www.valle.gov.co"
    names = dict(Unit.objects.filter(entity=cartago).values_list("pk", "name"))
    assert names[gobierno.pk] == "Secretaría de Gobierno"
    assert names[twin.pk] == "secretaria de gobierno (repetida)"
    assert Unit.objects.get(pk=elsewhere.pk).name == "Secretaría de Gobierno"  # another entity
    assert sorted(Unit.objects.get(pk=gobierno.pk).aliases.values_list("alias", flat=True)) == [
        "Gobierno"
    ]
    assert list(Unit.objects.get(pk=hacienda.pk).aliases.values_list("alias", flat=True)) == [
        "Hacienda"
    ]
    assert dict(User.objects.values_list("username", "email")) == {
        "ana": "Ana@cartago.gov.co",
        "ana2": "",
        "vieja": "",
    }
    planner = Membership.objects.get(pk=planner.pk)
    assert not planner.units.exists()
    assert list(planner.oversees.values_list("pk", flat=True)) == [valle.pk]
    assert list(Membership.objects.get(pk=reporter.pk).units.values_list("pk", flat=True)) == [
        hacienda.pk
    ]
    assert not Membership.objects.get(pk=auditor.pk).oversees.exists()
    entries = {
        (entry.action, entry.object_id): (entry.before, entry.after)
        for entry in AuditEntry.objects.filter(reason__startswith="Migración 0009")
    }
    assert entries[("organization.user.changed", str(second.pk))] == (
        {"email": "ana@CARTAGO.gov.co"},
        {"email": ""},
    )
    assert entries[("organization.unit.changed", str(twin.pk))] == (
        {"name": "secretaria de gobierno"},
        {"name": "secretaria de gobierno (repetida)"},
    )
    assert entries[("organization.unit.changed", str(hacienda.pk))] == (
        {"aliases": ["Hacienda", "Sec. de Gobierno", "gobierno"]},
        {"aliases": ["Hacienda"]},
    )
    assert entries[("organization.member.changed", str(planner.pk))][1] == {
        "units": [],
        "oversees": [valle.pk],
    }
    assert entries[("organization.entity.changed", str(cartago.pk))] == (
        {"reminder_days_before": 8, "website": "no es un sitio"},
        {"reminder_days_before": 5, "website": ""},
    )
    # and the inactive user's mail, Gobierno's repeated alias, the reporter's and auditor's links
    assert len(entries) == 9
