"""The entity's rows add up the counts of reports due and sent of its published plans (those
that follow its scheme, as the rest of the entity's rows), so that the compliance view reads an
entity's missing reports from one row per period (ADR 42)."""

from django.db import migrations
from django.db.models import F, Sum

CHUNK = 2000


def fill_entity_counts(apps, schema_editor):
    ProgressSum = apps.get_model("followup", "ProgressSum")
    sums = (
        ProgressSum.objects.filter(
            scope="plan",
            plan__status="publicado",
            plan__followup_scheme=F("entity__followup_scheme"),
        )
        .order_by()
        .values_list("entity_id", "year", "period")
        .annotate(due=Sum("due_reports"), sent=Sum("sent_reports"))
    )
    counts = {(e, y, p): (due, sent) for e, y, p, due, sent in sums}
    rows = []
    for row in ProgressSum.objects.filter(scope="entity").iterator(chunk_size=CHUNK):
        row.due_reports, row.sent_reports = counts.get((row.entity_id, row.year, row.period), (0, 0))
        rows.append(row)
        if len(rows) == CHUNK:
            ProgressSum.objects.bulk_update(rows, ["due_reports", "sent_reports"])
            rows = []
    ProgressSum.objects.bulk_update(rows, ["due_reports", "sent_reports"])


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0012_progress_report_counts"),
    ]

    operations = [
        migrations.RunPython(fill_entity_counts, migrations.RunPython.noop),
    ]
