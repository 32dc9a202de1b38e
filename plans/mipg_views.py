"""The MIPG catalogue's page: every user with an entity reads it; the system administrator adds,
renames, reorders and deactivates its dimensions and policies, and deletes a policy in no use."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.feedback import refused
from core.params import whole_number
from organization import policy
from plans.forms import MipgDimensionForm, MipgPolicyForm
from plans.models import MipgDimension, MipgPolicy
from plans.services import mipg


def _editing(request: HttpRequest, model, key: str):
    pk = whole_number(request.GET.get(key))
    return get_object_or_404(model, pk=pk) if pk is not None else None


@require_http_methods(["GET", "POST"])
def mipg_catalogue(request: HttpRequest) -> HttpResponse:
    admin = request.user.is_superuser
    if not (admin or policy.membership(request.user)):
        raise PermissionDenied("No tiene una entidad asignada.")
    action = request.POST.get("action", "")
    if request.method == "POST" and not admin:
        raise PermissionDenied(mipg.REFUSAL)
    dimension = _editing(request, MipgDimension, "dimension") if admin else None
    policy_ = _editing(request, MipgPolicy, "politica") if admin else None
    posted = request.POST or None
    dimension_form = MipgDimensionForm(
        posted if action == "dimension" else None, instance=dimension, prefix="d"
    )
    policy_form = MipgPolicyForm(
        posted if action == "politica" else None, instance=policy_, prefix="p"
    )
    if action == "eliminar":
        doomed = get_object_or_404(MipgPolicy, pk=whole_number(request.POST.get("pk")))
        try:
            mipg.delete_policy(doomed, by=request.user)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, f"Se eliminó la política «{doomed.name}».")
        return redirect("plans:mipg")
    if action == "dimension" and dimension_form.is_valid():
        saved = mipg.save_dimension(dimension, by=request.user, **dimension_form.cleaned_data)
        messages.success(request, f"Se guardó la dimensión «{saved.name}».")
        return redirect("plans:mipg")
    if action == "politica" and policy_form.is_valid():
        saved = mipg.save_policy(policy_, by=request.user, **policy_form.cleaned_data)
        messages.success(request, f"Se guardó la política «{saved.name}».")
        return redirect("plans:mipg")
    dimensions = MipgDimension.objects.prefetch_related("policies")
    context = {
        "dimensions": dimensions,
        "admin": admin,
        "dimension_form": dimension_form if admin else None,
        "policy_form": policy_form if admin else None,
        "editing_dimension": dimension,
        "editing_policy": policy_,
        "in_use": set(MipgPolicy.objects.filter(plans__isnull=False).values_list("pk", flat=True))
        | set(MipgPolicy.objects.filter(activities__isnull=False).values_list("pk", flat=True)),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "plans/mipg_catalogue.html", context, status=status)
