"""Case reviews (by their anonymised published names only) and the learning and improvement matrix."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.permissions import Permission, has_permission, require_permission

from ..models import Recommendation, Review


@require_safe
@require_permission(Permission.VIEW)
def review_list(request):
    reviews = Review.objects.prefetch_related("recommendations", "audits")
    return render(request, "assurance/review_list.html", {"reviews": reviews})


@require_safe
@require_permission(Permission.VIEW)
def review_detail(request, pk):
    review = get_object_or_404(Review, pk=pk)
    context = {
        "review": review,
        "recommendations": review.recommendations.select_related("owner__agency").prefetch_related("actions"),
        "audits": review.audits.select_related("cycle"),
        "indicators": review.indicators.order_by("sort_key"),
        "actions": review.actions.select_related("owner__agency"),
        "can_manage": has_permission(request.user, Permission.MANAGE_ASSURANCE),
    }
    return render(request, "assurance/review_detail.html", context)


@require_safe
@require_permission(Permission.VIEW)
def learning_matrix(request):
    recommendations = Recommendation.objects.select_related("review", "audit__cycle", "owner__agency").prefetch_related(
        "actions"
    )
    can_manage = has_permission(request.user, Permission.MANAGE_ASSURANCE)
    context = {"recommendations": recommendations, "can_manage": can_manage}
    return render(request, "assurance/learning_matrix.html", context)
