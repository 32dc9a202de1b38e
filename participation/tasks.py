"""Participation's scheduled work (core.tasks): personal data past its retention is erased."""

from __future__ import annotations

import logging

from django.utils import timezone

from core.tasks import task
from participation import personal_data

logger = logging.getLogger(__name__)


@task()
def expire_personal_data() -> dict[str, int]:
    """Ask every holder of personal data (participation.personal_data) to blank what it kept
    longer than its purpose's retention (Ley 1581 de 2012, art. 4 and Decreto 1377, art. 11);
    the records themselves stay, without the person. How many records each holder blanked."""
    today = timezone.localdate()
    counts = {holder.label: holder.expire(today) for holder in personal_data.holders()}
    for label, count in counts.items():
        logger.info("Datos personales vencidos suprimidos en %s: %d", label, count)
    return counts
