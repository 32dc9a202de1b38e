"""What other apps' templates show of the planes de mejoramiento, without importing this app."""

from django import template

from improvement import selectors
from organization import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def records_findings(context, entity_id: int) -> bool:
    """Whether the signed-in person is Control Interno of the entity (records findings)."""
    request = context.get("request")
    return bool(request and policy.is_auditor(request.user, entity_id))


@register.inclusion_tag("improvement/_pending.html", takes_context=True)
def findings_to_answer(context) -> dict:
    """For Planeación's pending page: open findings that no improvement action answers yet."""
    request = context.get("request")
    member = policy.membership(request.user) if request else None
    if member is None or not policy.is_planner(request.user, member.entity_id):
        return {"findings": []}
    return {
        "findings": list(selectors.open_without_actions(member.entity_id).select_related("unit"))
    }
