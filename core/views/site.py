"""Pages about the site as a whole, rather than the plan or the scorecard."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def accessibility(request):
    """The accessibility statement the Public Sector Bodies Accessibility Regulations ask for: open to anyone."""
    return render(request, "accessibility.html")
