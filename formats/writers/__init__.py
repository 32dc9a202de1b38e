"""Writers: a plan's open-data records in, a file's bytes out. One entry point for every format."""

from typing import Any

from core import collector
from formats.writers import opendata, xlsx

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@collector.paused()
def render(fmt: str, plan: dict[str, Any], activities: list[dict[str, Any]]) -> bytes:
    """The file's bytes. CSV carries a UTF-8 byte-order mark so Excel shows accents right."""
    if fmt == "json":
        return opendata.to_json(plan, activities).encode("utf-8")
    if fmt == "csv":
        return opendata.to_csv(plan, activities).encode("utf-8-sig")
    if fmt == "xlsx":
        return xlsx.write(plan, activities)
    raise ValueError(f"Formato de exportación desconocido: {fmt}")
