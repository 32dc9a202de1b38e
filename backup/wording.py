"""How the backup and restore commands word their summaries and refusals (Spanish)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import timezone


def quantity(count: int, model) -> str:
    opts = model._meta
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


def enumeration(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} y {items[-1]}"


def plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def describe_date(iso: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%d/%m/%Y %H:%M}"


def describe_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    return f"{value:.1f} {unit}".replace(".", ",")


def project_counts(counts: dict[str, int]) -> list[str]:
    """The non-zero counts of the project's own models, worded for a summary."""
    base = Path(settings.BASE_DIR).resolve()
    lines = []
    for label, count in counts.items():
        if not count:
            continue
        model = apps.get_model(label)
        path = Path(model._meta.app_config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            lines.append(quantity(count, model))
    return lines
