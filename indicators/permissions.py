"""The scorecard's object-level permission rules (the roles themselves are in core.permissions)."""

from core.permissions import PROGRAMME_BOARD_MEMBER, Permission, has_role, object_rule


@object_rule(Permission.WRITE_COMMENTARY)
def sits_on_lead_board(user, indicator):
    """A programme board member writes commentary only on the indicators their board leads."""
    return has_role(user, PROGRAMME_BOARD_MEMBER) and indicator.lead_board.members.filter(pk=user.pk).exists()
