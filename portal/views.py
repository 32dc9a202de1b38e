"""Public pages: open without logging in (``@login_not_required``), showing only published data."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plans.models import Plan


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    published = Plan.objects.published().select_related("entity", "plan_type")
    return render(request, "portal/home.html", {"published_plans": published})
