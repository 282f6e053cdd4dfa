"""Who may do what. Every permission check of the plan pages goes through here.

The roles are Django groups, kept in step with ROLES by ensure_roles(), which runs
after every migrate. docs/roles.md is the matrix for people; this is the one for code.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Officer

BOARD_ADMINISTRATOR = "Board administrator"
LEAD_OFFICER = "Lead officer"
DATA_OFFICER = "Data officer"
PROGRAMME_BOARD_MEMBER = "Programme board member"
VIEWER = "Viewer"

# Model permissions each role is given in the admin (Board administrators are staff).
ROLES = {
    BOARD_ADMINISTRATOR: {
        "apps": ["plans", "indicators", "papers"],
        "exclude": ["change_statusupdate", "delete_statusupdate", "change_boardpack", "delete_boardpack"],
    },
    LEAD_OFFICER: {"codenames": []},
    DATA_OFFICER: {
        "codenames": [
            "view_indicator",
            "add_indicatorvalue",
            "change_indicatorvalue",
            "view_indicatorvalue",
            "view_target",
        ]
    },
    PROGRAMME_BOARD_MEMBER: {"codenames": []},
    VIEWER: {"codenames": []},
}


def ensure_roles():
    """Create the role groups and give them their permissions. Safe to run again."""
    for name, spec in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if "apps" in spec:
            perms = Permission.objects.filter(content_type__app_label__in=spec["apps"]).exclude(
                codename__in=spec["exclude"]
            )
        else:
            perms = Permission.objects.filter(
                content_type__app_label__in=["plans", "indicators", "papers"], codename__in=spec["codenames"]
            )
        group.permissions.set(perms)


def role_names(user):
    """The names of the user's roles, read once per request (cached on the user object)."""
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user, *names):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return not role_names(user).isdisjoint(names)


def is_board_administrator(user):
    return has_role(user, BOARD_ADMINISTRATOR)


def officer_for(user):
    """The Officer linked to this user, or None."""
    if not user.is_authenticated:
        return None
    return Officer.objects.filter(user=user).first()


def can_update_project(user, project):
    """A board administrator may update any project; a lead officer only the projects they lead."""
    if is_board_administrator(user):
        return True
    if not has_role(user, LEAD_OFFICER):
        return False
    officer = officer_for(user)
    return officer is not None and project.lead_officers.filter(pk=officer.pk).exists()


def updatable_projects_q(user):
    """A filter for the projects this user may update (nothing for a user who may update none)."""
    if is_board_administrator(user):
        return Q()
    officer = officer_for(user)
    if officer is None or not has_role(user, LEAD_OFFICER):
        return Q(pk__in=[])
    return Q(lead_officers=officer)


def get_project_for_update(user, queryset, number):
    """The project numbered `number`, or 404; PermissionDenied (403) if this user may not update it."""
    project = get_object_or_404(queryset, number=number)
    if not can_update_project(user, project):
        raise PermissionDenied("Only the project's lead officers and board administrators can update it.")
    return project


# --------------------------------------------------------------------------- the scorecard


def can_enter_values(user):
    """Data officers and board administrators enter and import indicator values and comparators."""
    return has_role(user, DATA_OFFICER, BOARD_ADMINISTRATOR)


def can_sign_off(user):
    """Board administrators lock and unlock periods and mark process changes."""
    return has_role(user, BOARD_ADMINISTRATOR)


def can_comment(user, indicator):
    """Members of the indicator's lead board write its commentary; board administrators may too."""
    if is_board_administrator(user):
        return True
    if not has_role(user, PROGRAMME_BOARD_MEMBER):
        return False
    return indicator.lead_board.members.filter(pk=user.pk).exists()


def require(allowed, message):
    """Raise PermissionDenied with `message` unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)
