"""What the board papers add to other apps' pages (core.related): a meeting's page lists its board packs."""

from .models import BoardPack


def meeting_packs(meeting, request):
    packs = list(
        BoardPack.objects.filter(meeting=meeting)
        .only("pk", "plan_id", "meeting_date", "generated_at", "reporting_period_start", "reporting_period_end")
        .order_by("generated_at", "pk")
    )
    for issue, pack in enumerate(packs, start=1):
        pack._issue = issue
    return {"subject": meeting, "packs": packs}
