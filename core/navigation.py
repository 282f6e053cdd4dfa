"""What the main navigation offers the signed-in user (their roles are read once per request)."""

from django.urls import reverse

from .permissions import Permission, has_permission

ASSURANCE_LINKS = [
    ("My actions", "assurance:my_actions"),
    ("Actions", "assurance:actions"),
    ("Audit programme", "assurance:audit_cycles"),
    ("Meetings", "assurance:meetings"),
    ("Risk register", "assurance:risks"),
    ("Case reviews", "assurance:reviews"),
    ("Learning matrix", "assurance:learning_matrix"),
    ("Agencies", "assurance:agencies"),
]
"""The assurance pages, for every signed-in user (templates/assurance/_nav.html shows them)."""


def nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "NAV_CAN_ENTER_VALUES": has_permission(user, Permission.ENTER_VALUES),
        "NAV_CAN_SIGN_OFF": has_permission(user, Permission.SIGN_OFF),
        "NAV_ASSURANCE": [(label, reverse(name)) for label, name in ASSURANCE_LINKS],
    }
