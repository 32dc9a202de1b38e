from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from audit import services as audit
from audit.admin import AuditedAdmin
from organization import divipola, public_cache
from organization.directory import name_key
from organization.forms import municipality_options
from organization.models import (
    IDENTIFICATION_FIELDS,
    Entity,
    EntityOrder,
    Membership,
    Unit,
    UnitAlias,
    User,
)
from organization.nit import InvalidNit, parse_nit


class PortalAuditedAdmin(AuditedAdmin):
    """An audited admin whose changes the portal may show: each marks the entity's public pages
    stale or, for a change with no entity (a plan type), every entity's."""

    def recorded(self, entity_id: int | None, plan_id: int | None) -> None:
        if entity_id:
            public_cache.invalidate(entity_id)
        else:
            public_cache.invalidate_all()


class EntityForm(forms.ModelForm):
    # The DANE's lists, as on the registration page (all municipalities, by department).
    department_code = forms.ChoiceField(label="Departamento", required=False)
    municipality_code = forms.ChoiceField(label="Municipio", required=False)

    class Meta:
        model = Entity
        fields = [
            *IDENTIFICATION_FIELDS,
            "address",
            "postal_code",
            "website",
            "phone",
            "email",
            "followup_scheme",
            "submission_opens_days_before",
            "report_window_days",
            "reminder_days_before",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_code"].choices = [("", "—"), *divipola.department_choices()]
        self.fields["municipality_code"].choices = municipality_options("")
        self.fields["order"].required = False

    def clean_order(self) -> str:
        """Unsent (a form saved before entities had an order), the order stays what it was."""
        return self.cleaned_data["order"] or self.instance.order or EntityOrder.TERRITORIAL

    def clean_nit(self) -> str:
        try:
            return str(parse_nit(self.cleaned_data["nit"]))
        except InvalidNit as exc:
            raise forms.ValidationError(str(exc)) from exc


@admin.register(Entity)
class EntityAdmin(PortalAuditedAdmin):
    form = EntityForm
    audit_action = "organization.entity"
    list_display = (
        "name",
        "nit",
        "municipality",
        "municipality_code",
        "department",
        "department_code",
        "kind",
        "order",
        "category",
    )
    list_filter = ("kind", "order", "category", "department")
    search_fields = ("name", "nit", "municipality", "municipality_code", "department_code")

    def audit_scope(self, obj):
        return obj.pk, None


class UnitAliasFormSet(forms.BaseInlineFormSet):
    """Each alias is checked against the directory (UnitAlias.clean); here, against the others
    typed in the same page, which the directory does not hold yet."""

    def clean(self):
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            alias = form.cleaned_data.get("alias") if hasattr(form, "cleaned_data") else None
            if not alias or form.cleaned_data.get("DELETE"):
                continue
            key = name_key(alias)
            if key in seen:
                raise forms.ValidationError(
                    f"Los alias «{seen[key]}» y «{alias}» se leen igual: deje uno."
                )
            seen[key] = alias


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    formset = UnitAliasFormSet
    extra = 1


@admin.register(Unit)
class UnitAdmin(PortalAuditedAdmin):
    audit_action = "organization.unit"
    list_display = ("name", "entity", "is_whole_entity", "is_active")
    list_filter = ("entity", "is_active", "is_whole_entity")
    search_fields = ("name", "aliases__alias")
    inlines = [UnitAliasInline]

    def get_readonly_fields(self, request, obj=None):
        # Moving a dependencia would leave its people and plans in the other entity.
        return ("entity",) if obj is not None else ()

    def audit_snapshot(self, obj):
        aliases = sorted(obj.aliases.values_list("alias", flat=True)) if obj.pk else []
        return audit.snapshot(obj, exclude=["key"]) | {"aliases": aliases}

    def audit_scope(self, obj):
        return obj.entity_id, None


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} · {obj.entity.name}"


class MembershipForm(forms.ModelForm):
    """A membership as the administrator edits it, held to Membership.check_links: the
    dependencias of the member's own entity, for reporters only; oversight for Planeación."""

    units = UnitChoiceField(
        label="Dependencias",
        queryset=Unit.objects.select_related("entity"),
        required=False,
        widget=FilteredSelectMultiple("dependencias", is_stacked=False),
        help_text="Solo para el rol «Responsable de dependencia», y de su misma entidad.",
    )

    class Meta:
        model = Membership
        fields = ["entity", "role", "units", "can_approve", "oversees"]

    def clean(self):
        data = super().clean()
        if data.get("entity") is not None and data.get("role"):
            member = Membership(entity=data["entity"], role=data["role"])
            links = {"units": data.get("units") or (), "oversees": data.get("oversees") or ()}
            try:
                member.check_links(**links)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


class MembershipInline(admin.StackedInline):
    model = Membership
    form = MembershipForm
    can_delete = False
    filter_horizontal = ("oversees",)


ADMIN_REASON = "Cambio desde la administración del sistema"  # as AuditedAdmin writes it


@admin.register(User)
class UserAdmin(PortalAuditedAdmin, DjangoUserAdmin):
    """Users, audited like every other admin change: the user's own fields and flags
    (organization.user.*) and, saved on the same page, their membership
    (organization.member.*, in the entity's trail). The password's hash is never written."""

    audit_action = "organization.user"
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_superuser", "is_active")

    def audit_snapshot(self, obj):
        return audit.snapshot(obj, exclude=["password", "last_login"])

    def audit_scope(self, obj):
        entity_id = getattr(obj, "_audit_entity_id", None)
        if entity_id is None:
            membership = Membership.objects.filter(user_id=obj.pk).first()
            entity_id = membership.entity_id if membership else None
        return entity_id, None

    def save_model(self, request, obj, form, change):
        membership = Membership.objects.filter(user_id=obj.pk).first() if change else None
        obj._membership_before = audit.snapshot(membership) if membership else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        membership = Membership.objects.filter(user=form.instance).first()
        before = form.instance._membership_before
        after = audit.snapshot(membership) if membership else None
        if after is None or after == before:
            return
        audit.record(
            "organization.member.created" if before is None else "organization.member.changed",
            membership,
            by=request.user,
            before=before,
            after=after,
            entity_id=membership.entity_id,
            reason=ADMIN_REASON,
        )

    def delete_model(self, request, obj):
        membership = Membership.objects.filter(user=obj).first()
        if membership is not None:
            obj._audit_entity_id = membership.entity_id
            audit.record(
                "organization.member.deleted",
                membership,
                by=request.user,
                before=audit.snapshot(membership),
                entity_id=membership.entity_id,
                reason=ADMIN_REASON,
            )
        super().delete_model(request, obj)


@admin.register(Membership)
class MembershipAdmin(PortalAuditedAdmin):
    form = MembershipForm
    audit_action = "organization.member"
    list_display = ("user", "entity", "role", "can_approve")
    list_filter = ("entity", "role", "can_approve")
    filter_horizontal = ("oversees",)
    fields = ("user", "entity", "role", "units", "can_approve", "oversees")

    def audit_scope(self, obj):
        return obj.entity_id, None


@admin.register(UnitAlias)
class UnitAliasAdmin(PortalAuditedAdmin):
    audit_action = "organization.unit.alias"
    list_display = ("alias", "unit")
    list_filter = ("unit__entity",)
    search_fields = ("alias", "unit__name")

    def audit_snapshot(self, obj):
        return audit.snapshot(obj, exclude=["key"])

    def audit_scope(self, obj):
        return obj.unit.entity_id, None
