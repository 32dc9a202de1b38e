from django.db import models


class AccountLockout(models.Model):
    """Failed log-ins with one user name from any address, counted per window, and the lock they
    lead to (accounts.lockout). django-axes keeps the count per user name and address; this is
    the slower limit beside it, which no change of address escapes (docs/adr/0022).

    Keyed by the user name as typed, existing or not, like django-axes' attempts, so the lock
    says nothing about which accounts exist.
    """

    username = models.CharField(max_length=255, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bloqueo de cuenta"
        verbose_name_plural = "bloqueos de cuentas"

    def __str__(self) -> str:
        return self.username
