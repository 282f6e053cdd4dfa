"""Read-side helpers that pages and the board pack share: the assurance summary a board pack carries."""

from .models import Action, Audit, Risk

TOP_RISKS = 5


def _action(action):
    return {
        "title": action.title,
        "owner": action.owner.name,
        "agency": str(action.owner.agency or ""),
        "due": action.due.isoformat(),
        "source": action.get_source_display(),
        "status": action.get_status_display(),
    }


def pack_summary(today):
    """Overdue actions, the other open actions, every audit's progress, and the top open risks.

    Returned as plain values (texts, numbers, ISO dates), so the board pack stores them as they were.
    """
    open_actions = Action.objects.open().select_related("owner__agency").order_by("due", "title")
    overdue = open_actions.overdue(today)
    actions = [_action(action) for action in overdue]
    others = [_action(action) for action in open_actions.exclude(pk__in=overdue.values("pk"))]
    audits = []
    for audit in (
        Audit.objects.select_related("cycle")
        .prefetch_related("agencies", "returns")
        .order_by("cycle__starts_on", "planned_end", "title")
    ):
        status = audit.return_status(today)
        audits.append(
            {
                "title": audit.title,
                "cycle": audit.cycle.name,
                "status": audit.get_status_display(),
                "agencies": len(status),
                "returned": sum(1 for _agency, item, _overdue in status if item and item.submitted_on),
                "overdue": [agency.name for agency, _item, overdue in status if overdue],
            }
        )
    risks = sorted(Risk.objects.filter(is_open=True).select_related("owner"), key=lambda risk: -risk.score)
    return {
        "overdue_actions": actions,
        "open_actions": others,
        "audits": audits,
        "top_risks": [
            {
                "title": risk.title,
                "owner": risk.owner.name,
                "score": risk.score,
                "band": risk.band,
                "residual_score": risk.residual_score,
                "review_overdue": risk.review_is_overdue,
            }
            for risk in risks[:TOP_RISKS]
        ],
    }
