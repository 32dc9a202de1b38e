"""The figures of a survey's results: pure functions over counts, used by the internal and the
public results pages and by the aggregated CSV alike.

Small groups are the privacy risk: a grupo de valor with two responses shows what those two
people answered. A group with fewer than the survey's minimum joins «Otros grupos»; if that
remainder is itself below the minimum (it could be read off as the total minus the groups
shown), the smallest shown groups join it until it reaches the minimum; with fewer responses
than the minimum overall there is no breakdown at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from surveys.models import LIKERT_LABELS

OTHERS_LABEL = "Otros grupos (menos de {n} respuestas)"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: int  # whole percent; the shares of one question add up to 100


@dataclass(frozen=True)
class GroupRow:
    label: str
    count: int
    share: int
    others: bool = False


@dataclass
class QuestionResult:
    question: object
    answered: int
    bars: list[Bar] = field(default_factory=list)
    average: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    texts_hidden: bool = False


def shares(counts: Sequence[int]) -> list[int]:
    """Whole percentages of ``counts`` that add up to exactly 100 (largest remainder), or all
    zero when there is nothing to share."""
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    exact = [Decimal(count * 100) / total for count in counts]
    floors = [int(value) for value in exact]
    missing = 100 - sum(floors)
    order = sorted(
        range(len(counts)), key=lambda i: (exact[i] - floors[i], counts[i]), reverse=True
    )
    for i in order[:missing]:
        floors[i] += 1
    return floors


def bars(labels: Sequence[str], counter: Counter) -> list[Bar]:
    counts = [counter.get(label, 0) for label in labels]
    return [
        Bar(label, count, share)
        for label, count, share in zip(labels, counts, shares(counts), strict=True)
    ]


def likert_average(values: Iterable[int]) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def likert_result(question, values: Sequence[int]) -> QuestionResult:
    counter = Counter(
        f"{value} · {label}" for value in values for v, label in LIKERT_LABELS if v == value
    )
    labels = [f"{value} · {label}" for value, label in LIKERT_LABELS]
    return QuestionResult(
        question, len(values), bars=bars(labels, counter), average=likert_average(values)
    )


def choice_result(
    question, options: Sequence[str], picked: Sequence[Sequence[str]]
) -> QuestionResult:
    """Counts per option; for several options each share is of the people who answered."""
    counter = Counter(choice for choices in picked for choice in choices)
    if len(options) and all(len(choices) <= 1 for choices in picked):
        return QuestionResult(question, len(picked), bars=bars(options, counter))
    answered = len(picked)
    rows = [
        Bar(
            option,
            counter.get(option, 0),
            round(counter.get(option, 0) * 100 / answered) if answered else 0,
        )
        for option in options
    ]
    return QuestionResult(question, answered, bars=rows)


def text_result(question, texts: Sequence[str], *, responses: int, min_size: int) -> QuestionResult:
    """Short texts are listed only once the survey has ``min_size`` responses, in alphabetical
    order (never in the order they came, which could be matched to who answered when)."""
    shown = responses >= min_size
    return QuestionResult(
        question,
        len(texts),
        texts=sorted(texts, key=str.casefold) if shown else [],
        texts_hidden=not shown,
    )


def group_rows(counts: dict[str, int], min_size: int) -> list[GroupRow]:
    """The breakdown by grupo de valor: every row shown has at least ``min_size`` responses.
    Empty when the total is below it."""
    total = sum(counts.values())
    if total < min_size:
        return []
    shown = sorted(
        ((label, count) for label, count in counts.items() if count >= min_size),
        key=lambda item: (-item[1], item[0]),
    )
    rest = total - sum(count for _label, count in shown)
    while 0 < rest < min_size and shown:
        _label, count = shown.pop()  # the smallest group joins the others
        rest += count
    labels = [label for label, _count in shown]
    numbers = [count for _label, count in shown]
    if rest:
        labels.append(OTHERS_LABEL.format(n=min_size))
        numbers.append(rest)
    return [
        GroupRow(label, count, share, others=bool(rest) and index == len(labels) - 1)
        for index, (label, count, share) in enumerate(
            zip(labels, numbers, shares(numbers), strict=True)
        )
    ]


def grouped_members(counts: dict[str, int], min_size: int) -> dict[str, str]:
    """Each group's label as the breakdown shows it (its own, or «Otros grupos»)."""
    rows = group_rows(counts, min_size)
    own = {row.label for row in rows if not row.others}
    others = next((row.label for row in rows if row.others), None)
    return {
        label: (label if label in own else others) for label in counts if others or label in own
    }
