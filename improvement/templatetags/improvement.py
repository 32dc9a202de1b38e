"""What other apps' templates show of the planes de mejoramiento, without importing this app."""

from django import template

from organization import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def records_findings(context, entity_id: int) -> bool:
    """Whether the signed-in person is Control Interno of the entity (records findings)."""
    request = context.get("request")
    return bool(request and policy.is_auditor(request.user, entity_id))
