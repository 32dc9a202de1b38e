from django.contrib import admin

from audit.admin import AuditedAdmin
from followup.models import Report
from plans.admin import ActivityAdmin
from plans.models import Activity


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    audit_action = "followup.report"
    list_display = ("activity", "period", "result_text")
    list_filter = ("period", "activity__plan")

    def audit_scope(self, obj):
        return obj.activity.plan.entity_id, obj.activity.plan_id


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
