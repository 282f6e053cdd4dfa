"""The plan's object-level permission rules (the roles themselves are in core.permissions)."""

from core.permissions import LEAD_OFFICER, Permission, has_role, object_rule

from .queries import projects_led_by


@object_rule(Permission.UPDATE_PROJECT)
def leads_project(user, project):
    """A lead officer may update only the projects they lead."""
    return has_role(user, LEAD_OFFICER) and project.pk in projects_led_by(user)
