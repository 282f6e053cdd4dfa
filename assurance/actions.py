"""Every write of the assurance pages that spans rows: one keyword-only function in a transaction each."""

from django.db import transaction

from .models import Action, ActionUpdate, AgendaItem, Attendance, AuditReturn, Decision, Meeting, StandardRating


@transaction.atomic
def record_return(*, audit, agency, submitted_on, summary="", ratings=()):
    """Record (or correct) an agency's return to an audit, with its rating of each standard (a self-assessment);
    the agency must be taking part (the form checks). `ratings`: dicts of standard, rating, evidence, rated_on."""
    item, _created = AuditReturn.objects.update_or_create(
        audit=audit, agency=agency, defaults={"submitted_on": submitted_on, "summary": summary}
    )
    for row in ratings:
        StandardRating.objects.update_or_create(
            audit_return=item,
            standard=row["standard"],
            defaults={"rating": row["rating"], "evidence": row.get("evidence", ""), "rated_on": row["rated_on"]},
        )
    return item


@transaction.atomic
def update_action(*, action, author, status, note, evidence=None):
    """A progress note on an action, which also sets the action's status (and its evidence, when given)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    update = ActionUpdate.objects.create(action=action, author=author, status=status, note=note)
    action.status = status
    if evidence is not None and evidence != "":
        action.evidence = evidence
    action.save()
    return update


@transaction.atomic
def record_meeting(*, board, held_on, quorum, present, item_title, project=None, decision="", notes=""):
    """A meeting with the agencies present, its first agenda item and what was decided on it."""
    meeting = Meeting.objects.create(board=board, held_on=held_on, quorum=quorum, notes=notes)
    Attendance.objects.bulk_create([Attendance(meeting=meeting, agency=agency, present=True) for agency in present])
    item = AgendaItem.objects.create(meeting=meeting, order=1, title=item_title, project=project)
    if decision:
        Decision.objects.create(item=item, text=decision)
    return meeting
