from django.contrib import admin

from consultation.models import Comment, Consultation


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Read-only: consultations are opened and closed through their audited services."""

    list_display = ("plan", "opens_on", "closes_on", "closed_at")
    list_select_related = ("plan",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-only: observations are never deleted, and are moderated and answered only through
    their audited services."""

    list_display = ("pk", "consultation", "status", "hidden", "created_at")
    list_filter = ("status", "hidden")
    exclude = ("name", "email", "place", "fingerprint")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
