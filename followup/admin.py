from django.contrib import admin

from followup.models import Report
from organization.admin import PortalAuditedAdmin


@admin.register(Report)
class ReportAdmin(PortalAuditedAdmin):
    audit_action = "followup.report"
    list_display = ("activity", "period", "result_text")
    list_filter = ("period", "activity__plan")

    def audit_scope(self, obj):
        return obj.activity.plan.entity_id, obj.activity.plan_id
