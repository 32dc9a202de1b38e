from django.contrib import admin

from followup import services
from followup.models import Report
from organization.admin import EntityAdmin, PortalAuditedAdmin
from organization.models import Entity
from plans.admin import ActivityAdmin
from plans.models import Activity


@admin.register(Report)
class ReportAdmin(PortalAuditedAdmin):
    audit_action = "followup.report"
    list_display = ("activity", "period", "result_text")
    list_filter = ("period", "activity__plan")

    def audit_scope(self, obj):
        return obj.activity.plan.entity_id, obj.activity.plan_id


class EntityWithRollupsAdmin(EntityAdmin):
    """The entity's admin page, registered in place of organization.admin's: a change of
    follow-up scheme changes the periods, and so every roll-up of the entity's plans."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "followup_scheme" in form.changed_data:
            services.rebuild_entity_rollups(obj)


admin.site.unregister(Entity)
admin.site.register(Entity, EntityWithRollupsAdmin)


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0


class ActivityWithReportsAdmin(ActivityAdmin):
    """An activity's admin page with its reports, which plans knows nothing of: registered in
    place of plans.admin's."""

    inlines = [*ActivityAdmin.inlines, ReportInline]

    def audit_snapshot(self, obj):
        if not obj.pk:
            return super().audit_snapshot(obj)
        return super().audit_snapshot(obj) | {
            "reports": dict(obj.reports.values_list("period", "result_text")),
        }


admin.site.unregister(Activity)
admin.site.register(Activity, ActivityWithReportsAdmin)
