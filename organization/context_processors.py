from organization import policy


def membership(request):
    """The signed-in user's entity and role for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "current_entity": None,
            "current_role": "",
            "current_is_planner": False,
            "current_oversees": False,
        }
    member = policy.membership(user)
    return {
        "current_entity": member.entity if member else None,
        "current_role": policy.role_label(user),
        "current_is_planner": bool(member and policy.is_planner(user, member.entity_id)),
        "current_oversees": bool(policy.overseen_entity_ids(user)),
    }
