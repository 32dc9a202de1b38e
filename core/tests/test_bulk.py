"""insert_alike: many rows that differ in a few plain columns, stored as bulk_create would."""

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from core.bulk import insert_alike
from followup.models import Report
from plans.models import Activity


@pytest.fixture
def activities(seed_plan):
    return list(Activity.objects.filter(plan=seed_plan).order_by("number")[:3])


@pytest.mark.django_db
def test_rows_take_their_values_the_defaults_and_the_shared_ones(activities):
    before = timezone.now()
    rows = [(a.pk, 1, f"Avance de la actividad {a.number}") for a in activities]
    count = insert_alike(
        Report, ["activity_id", "period", "result_text"], rows, narrative="Importado"
    )
    assert count == 3
    stored = list(Report.objects.filter(activity__in=activities).order_by("activity__number"))
    assert [(r.activity_id, r.period, r.result_text) for r in stored] == rows
    for report in stored:
        assert report.narrative == "Importado", "a shared value"
        assert report.status == Report.Status.DRAFT and report.revision == 1, "defaults"
        assert report.value is None and report.review_comment == ""
        assert before <= report.created_at <= timezone.now(), "auto_now_add, as Django sets it"


@pytest.mark.django_db
def test_a_value_that_is_not_plain_is_refused_and_nothing_is_stored(activities):
    rows = [(activities[0].pk, 1, "bien"), (activities[1].pk, 1, 3.5)]
    with pytest.raises(TypeError, match="result_text"):
        insert_alike(Report, ["activity_id", "period", "result_text"], rows)
    assert not Report.objects.filter(activity__in=activities).exists()


@pytest.mark.django_db
def test_nothing_to_insert_inserts_nothing(activities):
    assert insert_alike(Report, ["activity_id", "period"], []) == 0


@pytest.mark.django_db
def test_a_json_column_takes_json_data_and_none_stays_null(seed_plan):
    rows = [("1", {"tareas": ["Convocar", "Informe «final»"], "avance": 0.5}), ("2", None)]
    insert_alike(AuditEntry, ["object_id", "after"], rows, action="prueba", object_type="x")
    stored = dict(AuditEntry.objects.filter(action="prueba").values_list("object_id", "after"))
    assert stored == dict(rows)
    assert AuditEntry.objects.filter(action="prueba", after__isnull=True).count() == 1, (
        "None is SQL NULL, not JSON null"
    )
    assert AuditEntry.objects.filter(after__tareas__1="Informe «final»").exists(), (
        "stored as JSON the database can query"
    )
