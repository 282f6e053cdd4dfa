"""Object rules of the assurance records: an officer updates only the actions they own."""

from core.permissions import Permission, object_rule


@object_rule(Permission.UPDATE_OWN_ACTION)
def owns_action(user, action):
    return action.owner.user_id == user.pk
