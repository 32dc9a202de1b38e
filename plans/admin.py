from django.contrib import admin

from organization.admin import PortalAuditedAdmin
from plans.models import Activity, MipgDimension, MipgPolicy, Plan, PlanType, PlanTypeScheme, Task


@admin.register(PlanType)
class PlanTypeAdmin(PortalAuditedAdmin):
    audit_action = "plans.plan_type"
    list_display = ("name", "code", "legal_basis", "followup_scheme", "is_active", "position")
    list_editable = ("is_active", "position")
    search_fields = ("name", "code", "keywords")
    prepopulated_fields = {"code": ("name",)}


@admin.register(MipgDimension)
class MipgDimensionAdmin(PortalAuditedAdmin):
    audit_action = "plans.mipg_dimension"
    list_display = ("number", "name", "is_active")
    list_editable = ("is_active",)


@admin.register(MipgPolicy)
class MipgPolicyAdmin(PortalAuditedAdmin):
    """In use, a policy is deactivated, not deleted (plans.services.mipg.delete_policy)."""

    audit_action = "plans.mipg_policy"
    list_display = ("name", "code", "dimension", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("dimension", "is_active")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}

    def has_delete_permission(self, request, obj=None):
        in_use = obj is not None and (obj.plans.exists() or obj.activities.exists())
        return super().has_delete_permission(request, obj) and not in_use


@admin.register(PlanTypeScheme)
class PlanTypeSchemeAdmin(PortalAuditedAdmin):
    audit_action = "plans.plan_type_scheme"
    list_display = ("entity", "plan_type", "followup_scheme")
    list_filter = ("followup_scheme", "plan_type")

    def audit_scope(self, obj):
        return obj.entity_id, None


@admin.register(Plan)
class PlanAdmin(PortalAuditedAdmin):
    audit_action = "plans.plan"
    list_display = ("title", "entity", "year", "plan_type", "status")
    list_filter = ("status", "year", "plan_type", "entity")
    search_fields = ("title", "objective")
    filter_horizontal = ("participating_units",)
    readonly_fields = ("created_at", "updated_at", "source_name")

    def audit_scope(self, obj):
        return obj.entity_id, obj.pk


class TaskInline(admin.TabularInline):
    model = Task
    extra = 1


@admin.register(Activity)
class ActivityAdmin(PortalAuditedAdmin):
    audit_action = "plans.activity"
    list_display = ("number", "description", "plan")
    list_filter = ("plan__entity", "plan")
    search_fields = ("description", "responsible_text")
    filter_horizontal = ("responsible_units",)
    inlines = [TaskInline]  # followup.admin adds the reports'
    readonly_fields = ("revision",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.revision += 1  # so an edit open in the application sees the admin's change
        super().save_model(request, obj, form, change)

    def audit_snapshot(self, obj):
        if not obj.pk:
            return super().audit_snapshot(obj)
        return super().audit_snapshot(obj) | {
            "tasks": list(obj.tasks.values_list("description", flat=True)),
        }

    def audit_scope(self, obj):
        return obj.plan.entity_id, obj.plan_id


@admin.register(Task)
class TaskAdmin(PortalAuditedAdmin):
    audit_action = "plans.task"
    list_display = ("description", "activity", "position")
    list_filter = ("activity__plan",)
    search_fields = ("description",)

    def audit_scope(self, obj):
        return obj.activity.plan.entity_id, obj.activity.plan_id
