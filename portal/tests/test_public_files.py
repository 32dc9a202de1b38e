"""The portal's downloads (PDF, XLSX, CSV, JSON): generated once per public state, kept in the
default storage and served from there; a change to public data makes a new file and removes the
old one."""

import contextlib
import json
import threading
from pathlib import Path

import pytest

from followup import pdf
from followup.tests import steps
from formats import writers
from plans.models import Plan
from portal.tests.calls import count_calls

RENDERERS = {"pdf": (pdf, "plan_pdf"), "xlsx": (writers, "render")}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def april(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def download_url(plan, fmt: str) -> str:
    return f"/entidades/{plan.entity.nit}/planes/{plan.pk}/plan.{fmt}"


def stored_files(media: Path, plan, fmt: str) -> list[Path]:
    return sorted((media / "publicados" / str(plan.pk)).glob(f"*.{fmt}"))


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_public_file_is_rendered_once_per_public_state_and_then_served_from_storage(
    fmt, client, published_plan, reporter_a, planner, media, april, monkeypatch
):
    plan = published_plan
    renders = count_calls(monkeypatch, *RENDERERS[fmt])
    url = download_url(plan, fmt)
    first = client.get(url)
    assert first.status_code == 200
    name = f"plan-{plan.entity.nit}-{plan.year}-{plan.pk}.{fmt}"
    assert first["Content-Disposition"] == f'attachment; filename="{name}"'
    content = first.getvalue()
    for n in range(20):
        again = client.get(f"{url}?x={n}")
        assert again.streaming and again.getvalue() == content, "served from storage"
    client.force_login(planner)
    assert client.get(url).getvalue() == content, "the same file for a signed-in visitor"
    client.logout()
    assert len(renders) == 1
    (stored,) = stored_files(media, plan, fmt)
    assert stored.read_bytes() == content

    steps.validate(steps.submit(plan.activities.get(number=3), reporter_a, value="2"), planner)
    newer = client.get(url).getvalue()
    assert client.get(url).getvalue() == newer
    assert len(renders) == 2, "once more for the new public state"
    (replaced,) = stored_files(media, plan, fmt)
    assert replaced != stored and replaced.read_bytes() == newer, "the old file is gone"


def test_the_open_data_download_follows_a_validation(
    client, published_plan, reporter_a, planner, media, april, django_capture_on_commit_callbacks
):
    url = download_url(published_plan, "json")
    assert json.loads(client.get(url).getvalue())["actividades"][2]["seguimiento_i"] is None
    report = steps.submit(published_plan.activities.get(number=3), reporter_a, value="2")
    with django_capture_on_commit_callbacks(execute=True):
        steps.validate(report, planner)
    assert json.loads(client.get(url).getvalue())["actividades"][2]["seguimiento_i"] == "2"


def test_a_new_day_makes_a_new_file_for_a_period_ends_at_its_cut_off(
    client, published_plan, media, time_machine, monkeypatch
):
    renders = count_calls(monkeypatch, pdf, "plan_pdf")
    url = download_url(published_plan, "pdf")
    time_machine.move_to("2025-03-31 10:00 -0500", tick=False)  # period I: «aún no vence»
    client.get(url)
    client.get(url)
    assert len(renders) == 1
    time_machine.move_to("2025-04-01 10:00 -0500", tick=False)  # «sin reporte» from today
    client.get(url)
    assert len(renders) == 2
    assert len(stored_files(media, published_plan, "pdf")) == 1
    time_machine.move_to("2025-04-02 10:00 -0500", tick=False)  # nothing turns on this day
    assert client.get(url).status_code == 200
    assert len(renders) == 2, "a day on which no figure turns keeps the file"


def test_an_object_store_without_file_paths_keeps_the_files_too(
    client, published_plan, settings, monkeypatch
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    renders = count_calls(monkeypatch, writers, "render")
    url = download_url(published_plan, "csv")
    first = client.get(url).getvalue()
    assert first.startswith(b"\xef\xbb\xbf")
    assert client.get(f"{url}?x=1").getvalue() == first
    assert len(renders) == 1


def test_two_generations_at_once_never_show_half_a_file(published_plan, media, monkeypatch):
    """Two tasks generate a file that is not stored yet (two workers, or a worker and a retry):
    both store it, and whoever reads it meanwhile gets a whole file or none."""
    from followup import publication

    plan = Plan.objects.select_related("entity").get(pk=published_plan.pk)
    size = 16 * 2**20
    contents = iter([b"a" * size, b"b" * size])
    together = threading.Barrier(2)
    lock = threading.Lock()

    def render(plan) -> bytes:  # the two renders end at once, with different bytes
        with lock:
            content = next(contents)
        together.wait()
        return content

    monkeypatch.setattr(pdf, "plan_pdf", render)
    made, seen, writing = [], set(), True

    def generation() -> None:
        made.append(publication.generate(plan, "pdf"))

    def reader() -> None:
        while writing:
            for path in (media / "publicados").glob("*/*.pdf"):
                with contextlib.suppress(FileNotFoundError):  # replaced while listed
                    seen.add(len(path.read_bytes()))

    watching = threading.Thread(target=reader)
    watching.start()
    generations = [threading.Thread(target=generation) for _ in range(2)]
    for thread in generations:
        thread.start()
    for thread in generations:
        thread.join()
    writing = False
    watching.join()
    assert sorted(made) == [b"a" * size, b"b" * size]
    assert seen <= {size}, "never a partly written file"
    (stored,) = stored_files(media, plan, "pdf")
    assert stored.read_bytes() in made
