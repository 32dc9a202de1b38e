"""«Mi cuenta»: password, two-factor authentication, API tokens and the user's personal data;
the lockout page and the unlock step of the reset mail."""

import json

import django_otp
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device

from accounts import lockout, services
from accounts.forms import AccountRequestForm, CodeForm
from core.feedback import on_form
from organization import invitations, policy
from organization import services as people
from organization.models import AccountRequest

# The token of the mailed set-up link once opened: kept in the session, out of the address bar.
ENROLMENT_TOKEN_KEY = "accounts_two_factor_enrolment"  # noqa: S105 (a session key's name)
# When the last set-up link was mailed in this session, and how long before another may go.
ENROLMENT_SENT_KEY = "accounts_two_factor_link_sent"
ENROLMENT_RESEND_SECONDS = 60


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse_lazy("plans:list")


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    context = {
        "member": policy.membership(request.user),
        "open_request": AccountRequest.objects.filter(
            user=request.user, resolved_at__isnull=True
        ).first(),
        "role": policy.role_label(request.user),
        "has_two_factor": user_has_device(request.user, confirmed=True),
        "two_factor_required": policy.two_factor_required(request.user),
    }
    return render(request, "accounts/account.html", context)


@require_http_methods(["GET", "POST"])
def request_change(request: HttpRequest) -> HttpResponse:
    """Ask Planeación to correct one's e-mail or other data; it reaches its pending list."""
    if policy.membership(request.user) is None:
        raise PermissionDenied("Solo quien pertenece a una entidad pide cambios a Planeación.")
    form = AccountRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people.request_account_change(request.user, **form.cleaned_data)
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(
                request,
                "Se envió su solicitud a la Oficina de Planeación; le llegará la respuesta por "
                "correo.",
            )
            return redirect("accounts:account")
    return render(request, "accounts/request_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of the log-in."""
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_code(request.user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "El código no es válido o ya venció. Espere el siguiente código de la aplicación; "
            "tras varios intentos fallidos debe esperar unos segundos más cada vez.",
        )
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app, or see that it is set up and turn it off.

    Someone who must use it sets it up only after opening the link mailed to the account's
    address; until then this page mails the link and offers nothing else.
    """
    if user_has_device(request.user, confirmed=True):
        return render(
            request,
            "accounts/two_factor.html",
            {
                "enabled": True,
                "required": policy.two_factor_required(request.user),
                "form": CodeForm(),
            },
        )
    if policy.two_factor_required(request.user) and not services.enrolment_token_is_valid(
        request.user, request.session.get(ENROLMENT_TOKEN_KEY)
    ):
        return _mail_enrolment_link(request)
    device = services.pending_totp_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(device, form.cleaned_data["code"]):
            request.session.pop(ENROLMENT_TOKEN_KEY, None)
            django_otp.login(request, device)
            messages.success(
                request,
                "Verificación en dos pasos activada: en cada ingreso se le pedirá el código.",
            )
            return redirect(_next_url(request))
        form.add_error(
            "code", "El código no coincide. Revise la hora del teléfono y escriba el código actual."
        )
    context = {
        "enabled": False,
        "required": policy.two_factor_required(request.user),
        "form": form,
        "next": _next_url(request),
        **services.totp_setup_data(device),
    }
    return render(request, "accounts/two_factor.html", context)


def _mail_enrolment_link(request: HttpRequest) -> HttpResponse:
    """Mail the set-up link once per session, and again when asked (at most once a minute)."""
    user = request.user
    asked = request.method == "POST" and "send" in request.POST
    if user.email:
        now = timezone.now().timestamp()
        sent_at = request.session.get(ENROLMENT_SENT_KEY)
        if sent_at is None or (asked and now - sent_at >= ENROLMENT_RESEND_SECONDS):
            services.send_enrolment_link(user)
            request.session[ENROLMENT_SENT_KEY] = now
            if asked:
                messages.success(request, "Le enviamos otro enlace.")
        elif asked:
            messages.warning(request, "Espere un minuto antes de pedir otro enlace.")
    if request.method == "POST":
        return redirect("accounts:two_factor")
    context = {
        "email": people.masked_email(user.email),
        "minutes": services.ENROLMENT_LINK_MAX_AGE // 60,
    }
    return render(request, "accounts/two_factor_mailed.html", context)


@require_GET
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link: opened by its own account, signed in, it opens the set-up of the second
    step for as long as it lasts. The token moves to the session so it leaves the address bar."""
    if not services.enrolment_token_is_valid(request.user, token):
        return render(request, "accounts/two_factor_link_invalid.html")
    request.session[ENROLMENT_TOKEN_KEY] = token
    return redirect("accounts:two_factor")


@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if policy.two_factor_required(request.user):
        messages.error(
            request, "Su rol exige la verificación en dos pasos: no se puede desactivar."
        )
        return redirect("accounts:two_factor")
    form = CodeForm(request.POST)
    if not form.is_valid() or services.verify_code(request.user, form.cleaned_data["code"]) is None:
        messages.error(request, "Para desactivarla escriba un código válido de su aplicación.")
        return redirect("accounts:two_factor")
    services.disable_two_factor(request.user, by=request.user)
    messages.success(request, "Verificación en dos pasos desactivada.")
    return redirect("accounts:account")


@require_GET
def personal_data(request: HttpRequest) -> HttpResponse:
    """The personal data held about the signed-in user, as JSON (Ley 1581 de 2012)."""
    data = services.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = (
        f'attachment; filename="mis-datos-{request.user.username}-{stamp}.json"'
    )
    return response


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    html_email_template_name="accounts/email/password_reset.html",
    token_generator=invitations.token_generator,
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
    extra_context={"timeout_hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation or a reset. A deactivated account's link sets nothing
    (Django's tokens do not look at ``is_active``), and says so only to whoever holds a link
    that would otherwise work, so the page reveals nothing about other accounts."""

    template_name = "accounts/password_reset_confirm.html"
    token_generator = invitations.token_generator  # an invitation sent again kills the old link
    success_url = reverse_lazy("accounts:password_reset_complete")
    deactivated = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or user.is_active:
            return user
        token = self.kwargs["token"]
        if token == self.reset_url_token:
            token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN)
        self.deactivated = self.token_generator.check_token(user, token)
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"deactivated": self.deactivated}


password_reset_confirm = PasswordSetView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset_unlock(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link of the reset mail. When the account is locked, its owner unlocks it here with a
    button (a mail scanner that opens the link unlocks nothing), then signs in or chooses a new
    password; otherwise, and for a link that is not valid, straight on to choosing a password."""
    choose_password = redirect("accounts:password_reset_confirm", uidb64=uidb64, token=token)
    user = services.user_from_reset_link(uidb64, token)
    if user is None or not lockout.is_locked_out(user.get_username()):
        return choose_password
    if request.method == "POST":
        lockout.unlock(user.get_username())
        if request.POST.get("next") == "password":
            return choose_password
        messages.success(request, "Su cuenta está desbloqueada: ya puede ingresar.")
        return redirect("login")
    return render(request, "accounts/password_reset_unlock.html", {"account": user})


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers to a locked user name (AXES_LOCKOUT_CALLABLE): locked from this
    address for some minutes, or from everywhere until a given time."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": username,
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        "account_locked_until": lockout.account_locked_until(username),
    }
    return render(request, "registration/locked_out.html", context, status=429)
