from django.contrib import admin

from participation.models import Consent, ValueGroup


@admin.register(ValueGroup)
class ValueGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "active"]
    list_filter = ["entity", "active"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["purpose", "entity", "given_at", "erased_at"]
    list_filter = ["purpose", "entity"]
    readonly_fields = ["entity", "purpose", "text", "email", "given_at", "erased_at"]
