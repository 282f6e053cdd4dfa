"""What the main navigation offers the signed-in user (their roles are read once per request)."""

from .permissions import Permission, has_permission


def nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "NAV_CAN_ENTER_VALUES": has_permission(user, Permission.ENTER_VALUES),
        "NAV_CAN_SIGN_OFF": has_permission(user, Permission.SIGN_OFF),
    }
