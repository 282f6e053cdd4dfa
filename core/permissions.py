"""Who may do what: the one place permissions are decided.

Roles are Django groups, kept in step with ROLES by ensure_roles() after every migrate. Each role
grants a set of Permissions; board administrators hold every one. Some permissions are scoped to an
object (a lead officer updates only the projects they lead): the app that owns the object registers
the rule with @object_rule, and has_permission() applies it to every role but board administrators.

Views say what they need in one idiom:

    @require_http_methods(["GET", "POST"])
    @require_permission(Permission.ENTER_VALUES)
    def value_entry(request): ...

and check an object with get_object_or_403() / check_permission(). docs/roles.md is the matrix for people.
"""

import functools
from enum import StrEnum

from django.contrib.auth.models import Group
from django.contrib.auth.models import Permission as ModelPermission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

BOARD_ADMINISTRATOR = "Board administrator"
LEAD_OFFICER = "Lead officer"
DATA_OFFICER = "Data officer"
PROGRAMME_BOARD_MEMBER = "Programme board member"
VIEWER = "Viewer"


class Permission(StrEnum):
    VIEW = "view"
    """Read the plan, the scorecard and the board papers: every signed-in user."""
    UPDATE_PROJECT = "update_project"
    """Update a project's status and activities (lead officers: only the projects they lead)."""
    ENTER_VALUES = "enter_values"
    """Enter and import indicator values and comparators."""
    SIGN_OFF = "sign_off"
    """Lock and unlock periods."""
    WRITE_COMMENTARY = "write_commentary"
    """Write commentary on an indicator (programme board members: only the indicators their board leads)."""
    MARK_PROCESS_CHANGE = "mark_process_change"
    """Mark a change in an indicator's process, which starts new control limits."""
    CHOOSE_PUBLISHED = "choose_published"
    """Choose what the published scorecard shows."""
    GENERATE_BOARD_PACK = "generate_board_pack"
    """Generate a board pack for a meeting."""
    MANAGE_ASSURANCE = "manage_assurance"
    """Record audits and their returns, raise actions, record meetings and keep the risk register."""
    UPDATE_OWN_ACTION = "update_own_action"
    """Add progress to an action (officers: only the actions they own)."""
    MANAGE_PLANS = "manage_plans"
    """Start the next plan year, load a plan from a workbook, revise and adopt a plan."""


ROLE_PERMISSIONS = {
    BOARD_ADMINISTRATOR: frozenset(Permission),
    LEAD_OFFICER: frozenset({Permission.VIEW, Permission.UPDATE_PROJECT, Permission.UPDATE_OWN_ACTION}),
    DATA_OFFICER: frozenset({Permission.VIEW, Permission.ENTER_VALUES, Permission.UPDATE_OWN_ACTION}),
    PROGRAMME_BOARD_MEMBER: frozenset({Permission.VIEW, Permission.WRITE_COMMENTARY, Permission.UPDATE_OWN_ACTION}),
    VIEWER: frozenset({Permission.VIEW}),
}

EVERYONE_SIGNED_IN = frozenset({Permission.VIEW})
"""What a signed-in user holds with no role at all."""

DENIED_MESSAGES = {
    Permission.VIEW: "Sign in to see this page.",
    Permission.UPDATE_PROJECT: "Only the project's lead officers and board administrators can update it.",
    Permission.ENTER_VALUES: "Only data officers and board administrators can enter indicator values.",
    Permission.SIGN_OFF: "Only board administrators can sign off periods.",
    Permission.WRITE_COMMENTARY: "Only members of the indicator's lead board can write commentary on it.",
    Permission.MARK_PROCESS_CHANGE: "Only board administrators can mark a process change.",
    Permission.CHOOSE_PUBLISHED: "Only board administrators can choose what is published.",
    Permission.GENERATE_BOARD_PACK: "Only board administrators can generate a board pack.",
    Permission.MANAGE_ASSURANCE: "Only board administrators can record audits, actions, meetings and risks.",
    Permission.UPDATE_OWN_ACTION: "Only the action's owner and board administrators can record progress on it.",
    Permission.MANAGE_PLANS: "Only board administrators can start, load, revise and adopt plans.",
}

# --------------------------------------------------------------------------- the admin's model permissions

ROLE_APPS = ("plans", "indicators", "assurance", "papers")
"""The apps whose model permissions the roles are given in the admin."""

PEOPLE_PERMISSIONS = ("add_user", "change_user", "view_user", "view_group")
"""What board administrators may do with people in the admin: add and change sign-ins (their roles, their
officer link), and see the roles. Not delete a sign-in (make it inactive: status updates name their author),
not change what a role may do, and, in the user admin (core.admin), never make anyone a superuser or give
a role or permission they do not hold themselves."""

PERMISSION_APPS = (*ROLE_APPS, "auth")
"""Every app whose model permissions a role is given: these must exist before ensure_roles() runs."""

ADMIN_MODEL_PERMISSIONS = {
    BOARD_ADMINISTRATOR: {
        "apps": ROLE_APPS,
        "exclude": ["change_statusupdate", "delete_statusupdate", "change_boardpack", "delete_boardpack"],
        "auth": PEOPLE_PERMISSIONS,
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
ROLES = ADMIN_MODEL_PERMISSIONS


def ensure_roles():
    """Create the role groups and give them their admin permissions. Safe to run again."""
    for name, spec in ADMIN_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = ModelPermission.objects.filter(content_type__app_label__in=ROLE_APPS)
        if "apps" in spec:
            perms = perms.exclude(codename__in=spec["exclude"])
        else:
            perms = perms.filter(codename__in=spec["codenames"])
        people = ModelPermission.objects.filter(content_type__app_label="auth", codename__in=spec.get("auth", ()))
        group.permissions.set([*perms, *people])


# --------------------------------------------------------------------------- deciding


def role_names(user):
    """The names of the user's roles, read once per request (cached on the user object)."""
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


def holding_roles(user, *names):
    """`user` with exactly the roles `names`, as role_names() reads them, without reading its groups: for a person
    held in memory only, who has no groups to read (indicators.ahead's reader). Returns the user."""
    user._role_names = frozenset(names)
    return user


def has_role(user, *names):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return not role_names(user).isdisjoint(names)


def is_board_administrator(user):
    return has_role(user, BOARD_ADMINISTRATOR)


_object_rules = {}


def object_rule(permission):
    """Register `rule(user, obj) -> bool`, deciding `permission` on one object for roles other than
    board administrators. The app owning the object registers it (in its permissions module)."""

    def register(rule):
        _object_rules[permission] = rule
        return rule

    return register


def has_permission(user, permission, obj=None):
    """Whether `user` holds `permission` (on `obj`, where the permission is scoped to objects)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or is_board_administrator(user):
        return True
    held = EVERYONE_SIGNED_IN.union(*(ROLE_PERMISSIONS.get(name, ()) for name in role_names(user)))
    if permission not in held:
        return False
    rule = _object_rules.get(permission)
    if obj is None or rule is None:
        return True
    return rule(user, obj)


def check_permission(user, permission, obj=None, message=None):
    """PermissionDenied (403), with a message saying who may, unless `user` holds `permission`."""
    if not has_permission(user, permission, obj):
        raise PermissionDenied(message or DENIED_MESSAGES[permission])


def get_object_or_403(user, permission, queryset, message=None, **lookup):
    """The object `lookup` finds in `queryset` (404 if none), if `user` holds `permission` on it (else 403)."""
    obj = get_object_or_404(queryset, **lookup)
    check_permission(user, permission, obj, message)
    return obj


def require_permission(permission, message=None):
    """View decorator: 403 with a message unless the signed-in user holds `permission`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            check_permission(request.user, permission, message=message)
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator
