from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from organization import policy

# What a signed-in user may still reach before the second step: the step itself, the mailed link
# that opens its set-up, and leaving.
ALLOWED_BEFORE_SECOND_STEP = {
    "accounts:verify",
    "accounts:two_factor",
    "accounts:two_factor_enrol",
    "logout",
}


class TwoFactorMiddleware:
    """The second step of the log-in (django-otp, TOTP).

    A user with an authenticator app goes to «Verificar» until they give a code; one who must use
    two-factor authentication (policy.two_factor_required) and has none goes to set it up, which
    takes a link mailed to the account's address. Until then no other page answers. The API
    authenticates with tokens, which organization.api_tokens.user_for_api_key refuses meanwhile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.path_info.startswith("/api/"):
            return None
        match = request.resolver_match
        if match and match.view_name in ALLOWED_BEFORE_SECOND_STEP:
            return None
        if user_has_device(user, confirmed=True):
            target = "accounts:verify"
        elif policy.two_factor_required(user):
            target = "accounts:two_factor"
        else:
            return None
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
