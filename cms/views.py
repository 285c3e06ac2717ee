"""Project-level views that belong to no domain app."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Liveness check for a load balancer: answers without touching the database.

    It is also the benchmark's baseline (bench/run.py): the cost of Django itself,
    with every middleware, on the same server.
    """
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
