"""Lockout after failed log-ins: two limits, and the owner's way out (docs/adr/0022).

django-axes counts failures per user name and client address: ``LOGIN_FAILURE_LIMIT`` of them
lock that pair for ``LOGIN_LOCKOUT_MINUTES``. Nobody elsewhere can lock the owner out that way,
and one person's typos do not lock the colleagues who share the office's public address. Beside
it, ``AccountLockout`` counts failures per user name from any address:
``LOGIN_ACCOUNT_FAILURE_LIMIT`` of them within ``LOGIN_ACCOUNT_LOCKOUT_HOURS`` lock the account
everywhere for as long, against guessing spread over many addresses. Only a failure where a
password was checked counts: an attempt refused by a lock guesses nothing. The owner lifts both
locks from the reset mail.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from accounts.models import AccountLockout

USERNAME_LENGTH = AccountLockout._meta.get_field("username").max_length


def _account_window() -> timedelta:
    return timedelta(hours=settings.LOGIN_ACCOUNT_LOCKOUT_HOURS)


def account_locked_until(username: str | None, *, now: datetime | None = None) -> datetime | None:
    """When the lock of this user name from every address ends; None if it is not locked."""
    if not username:
        return None
    return (
        AccountLockout.objects.filter(
            username=username[:USERNAME_LENGTH], locked_until__gt=now or timezone.now()
        )
        .values_list("locked_until", flat=True)
        .first()
    )


def record_account_failure(username: str, *, at: datetime) -> bool:
    """Count a failed password for the user name from any address; True when this failure locks
    the account. The count starts again a window after its first failure."""
    username = username[:USERNAME_LENGTH]
    window = _account_window()
    with transaction.atomic():
        AccountLockout.objects.filter(window_started_at__lte=at - window).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=at)
        ).delete()
        row, _created = AccountLockout.objects.select_for_update().get_or_create(
            username=username, defaults={"window_started_at": at}
        )
        if row.locked_until and row.locked_until > at:
            return False
        row.failures += 1
        locks = row.failures >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        if locks:
            row.locked_until = at + window
        row.save()
    return locks


def is_locked_out(username: str) -> bool:
    """Whether the user name is locked anywhere: everywhere, or from some address."""
    if account_locked_until(username):
        return True
    return (
        AccessAttempt.objects.filter(
            username=username, attempt_time__gte=timezone.now() - get_cool_off()
        )
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .exists()
    )


def unlock(username: str) -> None:
    """Lift every lock of the user name: from each address and from everywhere."""
    reset(username=username)


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' handler (``AXES_HANDLER``) with the per-user-name limit from any address.

    axes keeps one failure limit and one cool-off for all its lockout parameters, so it cannot
    hold 5 per address in 15 minutes and 50 per user name in a day at once; the second lives
    here, in ``AccountLockout``.
    """

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        return account_locked_until(username, now=request.axes_attempt_time) is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        # Before axes records this attempt: did a lock refuse it, or was a password checked?
        refused = self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request, **kwargs)
        username = get_client_username(request, credentials)
        if refused or (username and record_account_failure(username, at=request.axes_attempt_time)):
            request.axes_locked_out = True  # axes' middleware answers with the lockout page
            request.axes_credentials = credentials

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """axes' reset (``axes_reset_username``, the admin) also lifts the account's lock."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if username:
            count += AccountLockout.objects.filter(username=username[:USERNAME_LENGTH]).delete()[0]
        return count
