"""Values the layout needs from the scorecard."""

from django.utils.functional import SimpleLazyObject

from .models import demo_data_exists


def demo_banner(request):
    # Lazy: only a page that renders the layout's banner test pays for the query.
    return {"DEMO_DATA": SimpleLazyObject(demo_data_exists)}
