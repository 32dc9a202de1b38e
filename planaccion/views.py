from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process answers. It touches no database on purpose, so it also
    serves as the baseline of the load benchmark (bench/national.py)."""
    return JsonResponse({"estado": "ok"})
