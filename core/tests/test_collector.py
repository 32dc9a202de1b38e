"""The collector is paused for bulk file work and always resumes."""

import gc

import pytest

from core import collector
from followup.document import open_data
from formats.writers import render


def test_paused_pauses_and_only_the_outermost_pause_resumes():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner pause leaves the outer one in force"
    assert gc.isenabled()


def test_the_collector_resumes_when_the_work_fails():
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("falla")
    assert gc.isenabled()


def _collections_during(work) -> int:
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    thresholds = gc.get_threshold()
    gc.collect()
    gc.set_threshold(100, 10, 10)  # frequent collections, so that any would show
    gc.callbacks.append(count)
    try:
        work()
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*thresholds)
    return len(collections)


@pytest.mark.django_db
def test_exporting_a_plan_runs_the_collector_only_when_each_step_ends(seed_plan):
    def export(read, write):
        return lambda: write("xlsx", *read(seed_plan))

    export(open_data, render)()  # caches warmed
    unpaused = _collections_during(export(open_data.__wrapped__, render.__wrapped__))
    paused = _collections_during(export(open_data, render))
    assert paused <= 2, "once after reading the plan, once after writing the file"
    assert unpaused > 10, "the same export with the collector running"
    assert gc.isenabled()
