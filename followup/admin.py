from django.contrib import admin

from audit.admin import AuditedAdmin
from followup.models import Report


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    audit_action = "followup.report"
    list_display = ("activity", "period", "result_text")
    list_filter = ("period", "activity__plan")

    def audit_scope(self, obj):
        return obj.activity.plan.entity_id, obj.activity.plan_id
