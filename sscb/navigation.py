"""What the main navigation offers the signed-in user (their roles are read once per request)."""

from plans import roles


def nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "NAV_CAN_ENTER_VALUES": roles.can_enter_values(user),
        "NAV_CAN_SIGN_OFF": roles.can_sign_off(user),
    }
