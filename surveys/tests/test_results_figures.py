from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys import results


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=8))
def test_shares_of_any_counts_add_up_to_100(counts):
    figures = results.shares(counts)
    assert sum(figures) == (100 if sum(counts) else 0)
    assert all(0 <= f <= 100 for f in figures)


@given(
    st.dictionaries(st.text(min_size=1, max_size=6), st.integers(0, 40), max_size=8),
    st.integers(min_value=2, max_value=10),
)
def test_no_group_shown_has_fewer_responses_than_the_minimum(counts, min_size):
    rows = results.group_rows(counts, min_size)
    total = sum(counts.values())
    if total < min_size:
        assert rows == []
        return
    assert all(row.count >= min_size for row in rows)
    assert sum(row.count for row in rows) == total
    assert sum(row.share for row in rows) == 100
    assert sum(1 for row in rows if row.others) <= 1


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=200))
def test_the_likert_average_is_never_outside_1_to_5(values):
    average = results.likert_average(values)
    assert 1 <= average <= 5
    bars = results.likert_result(None, values).bars
    assert [bar.count for bar in bars] == [Counter(values)[v] for v in range(1, 6)]


def test_small_groups_join_others_and_a_small_remainder_takes_the_smallest_group_with_it():
    rows = results.group_rows({"Jóvenes": 12, "Mujeres": 6, "Personas mayores": 2}, 5)
    assert [(r.label, r.count) for r in rows] == [
        ("Jóvenes", 12),
        ("Otros grupos (menos de 5 respuestas)", 8),
    ]


def test_short_texts_wait_for_the_minimum_and_are_listed_alphabetically():
    hidden = results.text_result(None, ["b", "a"], responses=4, min_size=5)
    assert hidden.texts == [] and hidden.texts_hidden
    shown = results.text_result(None, ["buses", "Aseo"], responses=5, min_size=5)
    assert shown.texts == ["Aseo", "buses"]


@pytest.mark.parametrize("picked", [[["Vías", "Salud"], ["Vías"]]])
def test_several_options_count_each_choice_against_the_people_who_answered(picked):
    result = results.choice_result(None, ["Vías", "Salud", "Educación"], picked)
    assert [(b.label, b.count, b.share) for b in result.bars] == [
        ("Vías", 2, 100),
        ("Salud", 1, 50),
        ("Educación", 0, 0),
    ]
