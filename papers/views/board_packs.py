"""Board packs: generated once per meeting and kept as generated."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.dates import today as site_today
from core.forms import error_summary
from core.permissions import Permission, check_permission, has_permission, require_permission
from indicators.scorecard import latest_month_with_data
from plans.viewing import closed_plan_refusal, viewed_plan

from ..actions import request_board_pack
from ..forms import BoardPackForm
from ..models import BoardPack, BoardPackRequest

PACKS_LISTED = 100
PENDING_LISTED = 10
REFRESH_SECONDS = 3


def _site_origin(request):
    return request.build_absolute_uri("/")


def _with_issues(packs):
    """Set each pack's issue number (1 for a meeting's first pack) without a query per pack."""
    seen = {}
    for pack in sorted(packs, key=lambda p: (p.generated_at, p.pk)):
        key = (pack.plan_id, pack.meeting_date)
        seen[key] = seen.get(key, 0) + 1
        pack._issue = seen[key]
    return packs


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW)
def board_pack_list(request):
    """Every pack, newest meeting first; board administrators generate a new one here."""
    can_generate = has_permission(request.user, Permission.GENERATE_BOARD_PACK)
    try:
        plan = viewed_plan(request)
    except Http404:
        plan = None
    default_period = latest_month_with_data(plan) if plan else None
    form = BoardPackForm(plan=plan, default_period=default_period, initial={"meeting_date": site_today()})
    if request.method == "POST":
        check_permission(request.user, Permission.GENERATE_BOARD_PACK)
        if plan is None:
            raise Http404("No plan has been loaded yet.")
        if plan.is_read_only:
            return closed_plan_refusal(request, plan)
        form = BoardPackForm(request.POST, plan=plan, default_period=default_period)
        if form.is_valid():
            pack_request = request_board_pack(
                plan=plan,
                meeting_date=form.cleaned_data["meeting_date"],
                as_at=form.cleaned_data["period"],
                progress_as_at=form.cleaned_data["progress_as_at"],
                user=request.user,
                origin=_site_origin(request),
                meeting=form.cleaned_data["meeting"],
            )
            return redirect("papers:request", pk=pack_request.pk)
    packs = list(
        BoardPack.objects.select_related("plan", "generated_by").defer("html", "pdf", "figures")[:PACKS_LISTED]
    )
    context = {
        "plan": plan,
        "pending": BoardPackRequest.objects.exclude(state=BoardPackRequest.State.READY).select_related("requested_by")[
            :PENDING_LISTED
        ],
        "packs": _with_issues(packs),
        "form": form,
        "can_generate": can_generate and plan is not None and not plan.is_read_only,
        "error_summary": error_summary(form),
    }
    return render(request, "papers/board_pack_list.html", context)


@require_GET
@require_permission(Permission.VIEW)
def board_pack_detail(request, pk):
    """The pack as stored: its HTML, not recomputed."""
    pack = get_object_or_404(
        BoardPack.objects.select_related("plan", "generated_by", "meeting__board").defer("pdf"), pk=pk
    )
    later = (
        BoardPack.objects.filter(plan=pack.plan, meeting_date=pack.meeting_date, generated_at__gt=pack.generated_at)
        .order_by("-generated_at")
        .only("pk", "generated_at")
        .first()
    )
    return render(request, "papers/board_pack_detail.html", {"pack": pack, "later": later})


@require_GET
@require_permission(Permission.VIEW)
def board_pack_pdf(request, pk):
    """The stored PDF, byte for byte."""
    pack = get_object_or_404(BoardPack.objects.only("pk", "plan_id", "meeting_date", "generated_at", "pdf"), pk=pk)
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pack.pdf_filename}"'
    return response


@require_GET
@require_permission(Permission.VIEW)
def board_pack_request(request, pk):
    """A pack being made: queued, in progress, failed (with the reason), or ready (then the pack itself).

    The page refreshes itself until the pack is ready: by script where it runs, by a meta refresh otherwise.
    """
    pack_request = get_object_or_404(
        BoardPackRequest.objects.select_related("requested_by", "plan", "meeting__board"), pk=pk
    )
    if pack_request.state == BoardPackRequest.State.READY:
        messages.success(
            request,
            f"Board pack generated for the meeting of {pack_request.meeting_date:%-d %B %Y}. "
            "It is stored as it is now.",
        )
        return redirect("papers:detail", pk=pack_request.pack_id)
    context = {"pack_request": pack_request, "refresh_seconds": REFRESH_SECONDS}
    return render(request, "papers/board_pack_request.html", context)


@require_GET
@require_permission(Permission.VIEW)
def board_pack_request_status(request, pk):
    """The request's state as JSON, for the page's script."""
    pack_request = get_object_or_404(BoardPackRequest, pk=pk)
    return JsonResponse(
        {
            "state": pack_request.state,
            "label": pack_request.get_state_display(),
            "finished": pack_request.is_finished,
            "error": pack_request.error,
            "url": reverse("papers:request", args=[pack_request.pk]),
        }
    )
