from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from audit.admin import AuditedAdmin
from organization.models import Entity, Membership, Unit, UnitAlias, User
from organization.nit import InvalidNit, parse_nit


class EntityForm(forms.ModelForm):
    class Meta:
        model = Entity
        fields = [
            "name",
            "nit",
            "department",
            "municipality",
            "address",
            "postal_code",
            "website",
            "phone",
            "email",
            "followup_scheme",
            "submission_opens_days_before",
            "report_window_days",
        ]

    def clean_nit(self) -> str:
        try:
            return str(parse_nit(self.cleaned_data["nit"]))
        except InvalidNit as exc:
            raise forms.ValidationError(str(exc)) from exc


@admin.register(Entity)
class EntityAdmin(AuditedAdmin):
    form = EntityForm
    audit_action = "organization.entity"
    list_display = ("name", "nit", "municipality", "department")
    search_fields = ("name", "nit", "municipality")

    def audit_scope(self, obj):
        return obj.pk, None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "followup_scheme" in form.changed_data:
            from followup import rollups  # the entity's sums follow its scheme's plans

            rollups.rebuild_entity(obj)


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    audit_action = "organization.unit"
    list_display = ("name", "entity", "is_whole_entity", "is_active")
    list_filter = ("entity", "is_active", "is_whole_entity")
    search_fields = ("name", "aliases__alias")
    inlines = [UnitAliasInline]

    def audit_snapshot(self, obj):
        aliases = sorted(obj.aliases.values_list("alias", flat=True)) if obj.pk else []
        return super().audit_snapshot(obj) | {"aliases": aliases}

    def audit_scope(self, obj):
        return obj.entity_id, None


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    filter_horizontal = ("units",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_superuser", "is_active")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    audit_action = "organization.member"
    list_display = ("user", "entity", "role")
    list_filter = ("entity", "role")
    filter_horizontal = ("units",)

    def audit_scope(self, obj):
        return obj.entity_id, None


@admin.register(UnitAlias)
class UnitAliasAdmin(AuditedAdmin):
    audit_action = "organization.unit.alias"
    list_display = ("alias", "unit")
    list_filter = ("unit__entity",)
    search_fields = ("alias", "unit__name")

    def audit_scope(self, obj):
        return obj.unit.entity_id, None
