"""The public calendar as iCalendar (RFC 5545), written with the standard library: a citizen
subscribes once and the entity's upcoming dialogue spaces appear in their own calendar."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from dialogue.models import Event


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics(
    entity,
    events: Iterable[Event],
    url: Callable[[Event], str],
    *,
    now: datetime.datetime,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//planaccion//Espacios de dialogo//ES",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(f'Espacios de diálogo · {entity.name}')}",
    ]
    for event in events:
        ends = event.ends_at or event.starts_at + datetime.timedelta(hours=2)
        where = (
            ", ".join(part for part in (event.place, event.vereda, event.municipality) if part)
            or event.virtual_url
        )
        description = f"{event.get_kind_display()}. {event.description}".strip()
        if event.virtual_url:
            description += f"\nEnlace: {event.virtual_url}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:dialogo-{event.pk}@{entity.nit}.planaccion",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(event.starts_at)}",
            f"DTEND:{_utc(ends)}",
            f"SUMMARY:{_escape(event.title)}",
            f"LOCATION:{_escape(where)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url(event)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
