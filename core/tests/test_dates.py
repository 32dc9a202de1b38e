import datetime

from core.dates import long_date, month_name


def test_dates_are_written_back_the_colombian_way():
    assert long_date(datetime.date(2024, 10, 29)) == "29 de octubre de 2024"
    assert long_date(datetime.date(2025, 9, 1)) == "1 de septiembre de 2025"


def test_months_are_named_as_written_never_as_the_variant_that_is_only_read():
    assert [month_name(number) for number in (1, 9, 12)] == ["enero", "septiembre", "diciembre"]
