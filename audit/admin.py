from django.contrib import admin

from audit import services as audit
from audit.catalogue import action_label
from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited or deleted from a page."""

    list_display = ("at", "actor_label", "action_text", "object_repr", "entity_id", "plan_id")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_label", "action")
    date_hierarchy = "at"

    @admin.display(description="Acción", ordering="action")
    def action_text(self, entry: AuditEntry) -> str:
        return action_label(entry.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Admin changes go to the audit trail like any other change, in the same transaction.

    Django's admin wraps each change view in a transaction, so the entry commits or rolls back
    with the change it describes.
    """

    audit_action: str = ""  # dotted prefix, e.g. "plans.activity"

    def audit_snapshot(self, obj) -> dict:
        return audit.snapshot(obj)

    def audit_scope(self, obj) -> tuple[int | None, int | None]:
        """(entity id, plan id) the object belongs to."""
        return None, None

    def _record(self, request, obj, suffix: str, before: dict | None, after: dict | None) -> None:
        entity_id, plan_id = self.audit_scope(obj)
        audit.record(
            f"{self.audit_action}.{suffix}",
            obj,
            by=request.user,
            before=before,
            after=after,
            entity_id=entity_id,
            plan_id=plan_id,
            reason="Cambio desde la administración del sistema",
        )
        self.recorded(entity_id, plan_id)

    def recorded(self, entity_id: int | None, plan_id: int | None) -> None:
        """After each recorded change, in its transaction: what the change makes stale is the
        business of the app above (organization.admin.PortalAuditedAdmin)."""

    def save_model(self, request, obj, form, change):
        self._audit_before = (
            self.audit_snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        self._record(
            request,
            obj,
            "changed" if change else "created",
            self._audit_before,
            self.audit_snapshot(obj),
        )

    def delete_model(self, request, obj):
        before = self.audit_snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        self._record(request, obj, "deleted", before, None)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
