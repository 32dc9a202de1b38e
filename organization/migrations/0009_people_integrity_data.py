"""Issue 17, integrity of the people and the directory (2 of 3): existing rows brought in line
with the rules 0010 makes constraints, so that migration cannot fail on old data.

Nothing is lost: every row changed here gets an audit entry with what it held before, by the
system and with this migration as the reason. What is changed, and why that way
(docs/adr/0020-people-and-directory-by-constraint.md):

- each dependencia gets its comparison key; one that reads like an earlier dependencia of its
  entity is renamed «… (repetida)», visible in the directory, rather than merged (plans and
  follow-up point to it);
- an alias that reads like another dependencia's name or an earlier alias is removed: it was
  ambiguous (the directory matched it to whichever came first) or redundant;
- dependencias of another entity, or of a member who is not a reporter, leave the membership;
  overseen entities leave a membership that is not Planeación's, and nobody oversees their own;
- an e-mail address shared by several users stays with the active one created first and is
  emptied on the others (an invitation sent to it reached someone else's mailbox);
- a reminder lead longer than the window becomes the window; a web site that is not one is
  emptied.

User names outside Django's characters are left as they are: renaming them would lock their
owners out. Forms refuse such names from now on.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import migrations

from organization.directory import name_key

ACTOR = "sistema"
REASON = "Migración 0009 (issue 17): datos que no cumplían las reglas de integridad"
REPORTER, PLANNER = "reporter", "planner"


def _audit(apps, action, object_type, pk, text, before, after, entity_id):
    apps.get_model("audit", "AuditEntry").objects.create(
        actor=None,
        actor_label=ACTOR,
        action=action,
        entity_id=entity_id,
        object_type=object_type,
        object_id=str(pk),
        object_repr=str(text)[:300],
        before=before,
        after=after,
        reason=REASON,
    )


def _renamed(name, taken):
    """The name with «(repetida)», numbered when needed, whose key no other unit has."""
    for number in range(1, 10_000):
        suffix = " (repetida)" if number == 1 else f" (repetida {number})"
        candidate = name[: 200 - len(suffix)] + suffix
        if name_key(candidate) not in taken:
            return candidate
    raise RuntimeError(f"No free name for the dependencia «{name}»")  # pragma: no cover


def directory(apps, schema_editor):
    Unit = apps.get_model("organization", "Unit")
    UnitAlias = apps.get_model("organization", "UnitAlias")
    owners = defaultdict(dict)  # entity id → key → id of the unit that reads so, names first
    units = list(Unit.objects.order_by("entity_id", "pk"))
    for unit in units:
        taken = owners[unit.entity_id]
        unit.key = name_key(unit.name)
        if unit.key in taken:
            before = unit.name
            unit.name = _renamed(unit.name, taken)
            unit.key = name_key(unit.name)
            _audit(
                apps,
                "organization.unit.changed",
                "organization.unit",
                unit.pk,
                unit.name,
                {"name": before},
                {"name": unit.name},
                unit.entity_id,
            )
        taken[unit.key] = unit.pk
    Unit.objects.bulk_update(units, ["name", "key"], batch_size=500)
    entity_of = {unit.pk: unit.entity_id for unit in units}
    name_of = {unit.pk: unit.name for unit in units}
    aliases = list(UnitAlias.objects.order_by("pk"))
    written, kept, dropped = defaultdict(list), defaultdict(list), []
    seen = set()  # (unit id, key)
    for alias in aliases:
        alias.key = name_key(alias.alias)
        owner = owners[entity_of[alias.unit_id]].setdefault(alias.key, alias.unit_id)
        written[alias.unit_id].append(alias.alias)
        if owner != alias.unit_id or (alias.unit_id, alias.key) in seen:
            dropped.append(alias.pk)
        else:
            kept[alias.unit_id].append(alias.alias)
        seen.add((alias.unit_id, alias.key))
    UnitAlias.objects.bulk_update(aliases, ["key"], batch_size=500)
    UnitAlias.objects.filter(pk__in=dropped).delete()
    for unit_id in sorted({unit for unit, names in written.items() if names != kept[unit]}):
        _audit(
            apps,
            "organization.unit.changed",
            "organization.unit",
            unit_id,
            name_of[unit_id],
            {"aliases": sorted(written[unit_id])},
            {"aliases": sorted(kept[unit_id])},
            entity_of[unit_id],
        )


def memberships(apps, schema_editor):
    Membership = apps.get_model("organization", "Membership")
    for member in Membership.objects.prefetch_related("units", "oversees").select_related("user"):
        units = {unit.pk: unit.entity_id for unit in member.units.all()}
        oversees = {entity.pk for entity in member.oversees.all()}
        keep_units = {
            pk
            for pk, entity in units.items()
            if entity == member.entity_id and member.role == REPORTER
        }
        keep_oversees = set() if member.role != PLANNER else oversees - {member.entity_id}
        if keep_units == set(units) and keep_oversees == oversees:
            continue
        member.units.set(keep_units)
        member.oversees.set(keep_oversees)
        _audit(
            apps,
            "organization.member.changed",
            "organization.membership",
            member.pk,
            member.user.username,
            {"units": sorted(units), "oversees": sorted(oversees)},
            {"units": sorted(keep_units), "oversees": sorted(keep_oversees)},
            member.entity_id,
        )


def emails(apps, schema_editor):
    User = apps.get_model("organization", "User")
    Membership = apps.get_model("organization", "Membership")
    seen = set()
    for user in User.objects.exclude(email="").order_by("-is_active", "pk"):
        address = user.email.lower()
        if address not in seen:
            seen.add(address)
            continue
        before = user.email
        User.objects.filter(pk=user.pk).update(email="")
        member = Membership.objects.filter(user_id=user.pk).first()
        _audit(
            apps,
            "organization.user.changed",
            "organization.user",
            user.pk,
            user.username,
            {"email": before},
            {"email": ""},
            member.entity_id if member else None,
        )


def entities(apps, schema_editor):
    from organization.models import validate_website

    Entity = apps.get_model("organization", "Entity")
    for entity in Entity.objects.all():
        before, after = {}, {}
        if entity.reminder_days_before > entity.report_window_days:
            before["reminder_days_before"] = entity.reminder_days_before
            entity.reminder_days_before = after["reminder_days_before"] = entity.report_window_days
        if entity.website:
            try:
                validate_website(entity.website)
            except ValidationError:
                before["website"], entity.website = entity.website, ""
                after["website"] = ""
        if before:
            entity.save(update_fields=list(before))
            _audit(
                apps,
                "organization.entity.changed",
                "organization.entity",
                entity.pk,
                entity.name,
                before,
                after,
                entity.pk,
            )


def forward(apps, schema_editor):
    directory(apps, schema_editor)
    memberships(apps, schema_editor)
    emails(apps, schema_editor)
    entities(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0008_people_integrity"),
        ("audit", "0002_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
