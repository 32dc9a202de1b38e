"""planaccion's own XLSX of a plan too large to read back is refused saying why (issue 18)."""

import pytest

from bench.hostile_files import plan_records
from formats.limits import LimitExceeded
from formats.readers.xlsx import XlsxReader
from formats.writers import render


def test_a_20000_activity_export_is_refused_naming_the_limit_and_what_to_do():
    data = render("xlsx", *plan_records(20_000))
    with pytest.raises(LimitExceeded) as refused:
        XlsxReader().read(data, "plan-20000.xlsx")
    message = refused.value.message
    assert "«plan-20000.xlsx» tiene más de 300.000 celdas" in message
    assert "Es un Excel exportado por planaccion" in message
    assert "hasta unas 8.000 actividades" in message
    assert "Divida el plan" in message


def test_a_foreign_workbook_past_the_limit_gets_only_the_limit():
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for number in range(20_001):
        sheet.append([number])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(LimitExceeded) as refused:
        XlsxReader().read(buffer.getvalue(), "ajeno.xlsx")
    assert "planaccion" not in refused.value.message
